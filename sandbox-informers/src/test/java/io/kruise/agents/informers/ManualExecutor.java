package io.kruise.agents.informers;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An executor that only queues: the test runs the tasks by hand, in the order it chooses, so that
 * "nothing happened" is a queue that stayed empty rather than a sleep.
 */
final class ManualExecutor implements Executor {

  private final Deque<Runnable> tasks = new ArrayDeque<>();
  private final AtomicInteger submitted = new AtomicInteger();

  @Override
  public synchronized void execute(Runnable task) {
    submitted.incrementAndGet();
    tasks.addLast(task);
  }

  /** @return how many tasks were ever submitted */
  int submitted() {
    return submitted.get();
  }

  /** @return how many tasks wait to be run */
  synchronized int queued() {
    return tasks.size();
  }

  /** Runs queued tasks, and those they submit, oldest first, until none is left. */
  void runAll() {
    Runnable next;
    while ((next = poll(true)) != null) {
      next.run();
    }
  }

  /** Runs queued tasks, and those they submit, newest first, until none is left. */
  void runAllNewestFirst() {
    Runnable next;
    while ((next = poll(false)) != null) {
      next.run();
    }
  }

  private synchronized Runnable poll(boolean oldestFirst) {
    return oldestFirst ? tasks.pollFirst() : tasks.pollLast();
  }
}
