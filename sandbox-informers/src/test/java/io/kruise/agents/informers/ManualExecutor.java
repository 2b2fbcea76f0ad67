package io.kruise.agents.informers;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An executor that only queues: the test runs the tasks by hand, on its own thread, in the order
 * it chooses, so that "nothing happened" is a queue that stayed empty rather than a sleep.
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

  /** @return tasks submitted and not yet run */
  synchronized int queued() {
    return tasks.size();
  }

  /** @return true when a task ran (the oldest queued) */
  boolean runNext() {
    Runnable task = poll(true);
    if (task == null) {
      return false;
    }
    task.run();
    return true;
  }

  /** Runs queued tasks, and those they submit, oldest first, until none is left. */
  int runAll() {
    int ran = 0;
    while (runNext()) {
      ran++;
    }
    return ran;
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
