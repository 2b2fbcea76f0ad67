package io.kruise.agents.informers;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Runs the turns of one informer's listener queues. The queues of fast listeners take turns on
 * one shared task, so an event for ten idle listeners costs one hand-off to a pool thread, not
 * ten, and a task that finds more work keeps draining instead of being submitted again. A
 * listener whose changes take long (mean time per change above {@link #SLOW_NANOS}) gets tasks
 * of its own, as every listener had before, until it is fast again; one stuck in a callback for
 * {@link #STUCK_NANOS} on the shared task keeps that thread for itself, and a new shared task
 * takes over the others (a watchdog on the timer looks every {@link #STUCK_NANOS} while the
 * shared task is busy, and stops once it has been idle for that long). So a slow, blocking or throwing listener still delays only itself.
 *
 * <p>Threading: {@link #ready} runs on any thread (the informer's event thread, under the
 * fan-out lock); turns run on the pool; the watchdog on the timer. The ready list, the owner of
 * the shared task ({@link #generation}) and its current turn are guarded by this monitor, which
 * is never held while a turn runs or a task is submitted. A queue is in at most one place at a
 * time (the ready list, the shared task's turn, or a task of its own): it calls {@link #ready}
 * only when it was idle, and a turn hands it back only when it has more to do.
 */
final class ListenerDispatcher {

  /** How long one queue may keep the shared task before the next queue's turn. */
  static final long TURN_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
  /** Mean time per change above which a listener runs on tasks of its own. */
  static final long SLOW_NANOS = TimeUnit.MICROSECONDS.toNanos(10);
  /** A callback this long on the shared task: its listener keeps the thread, the others move. */
  static final long STUCK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  private final Executor executor;
  private final ScheduledExecutorService timer;
  private final LongSupplier clock;

  // guarded by this
  private final ArrayDeque<ListenerQueue<?>> ready = new ArrayDeque<>();
  /** A shared task is submitted or running. */
  private boolean running;
  /** Identifies the shared task that owns the ready list; a stuck one loses it. */
  private long generation;
  private ListenerQueue<?> current;
  private long turnStartedAt;
  private boolean watchdogArmed;
  /** The shared task ran since the watchdog last looked. */
  private boolean activeSinceCheck;

  private long sharedTasks;

  /**
   * @param executor runs the tasks (a pool that can start a thread for each stuck listener)
   * @param timer runs the watchdog that frees the shared task from a stuck listener
   * @param clock a monotonic clock in nanoseconds
   */
  ListenerDispatcher(Executor executor, ScheduledExecutorService timer, LongSupplier clock) {
    this.executor = executor;
    this.timer = timer;
    this.clock = clock;
  }

  /** A queue that was idle has work: give it a turn. */
  void ready(ListenerQueue<?> queue) {
    if (queue.ownTasks()) {
      execute(() -> runOwn(queue));
      return;
    }
    long submit = -1;
    boolean arm = false;
    synchronized (this) {
      ready.addLast(queue);
      if (!running) {
        running = true;
        submit = ++generation;
      }
      if (!watchdogArmed) {
        watchdogArmed = true;
        arm = true;
      }
      activeSinceCheck = true;
    }
    if (arm) {
      armWatchdog();
    }
    if (submit >= 0) {
      submitShared(submit);
    }
  }

  private void submitShared(long gen) {
    synchronized (this) {
      sharedTasks++;
    }
    if (!execute(() -> runShared(gen))) {
      synchronized (this) {
        ready.clear();
        running = false;
      }
    }
  }

  /**
   * @return false when the pool refused the task: the client is closing and closes every
   *     listener, so no turn is due any more
   */
  private boolean execute(Runnable task) {
    try {
      executor.execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /**
   * The shared task's listener is stuck in a callback: it keeps that thread (and gets tasks of
   * its own from now on), and a new shared task takes the ready list.
   *
   * @return the new shared task's generation
   */
  private long escape() {
    current.useOwnTasks();
    current = null;
    return ++generation;
  }

  private void runShared(long gen) {
    while (true) {
      ListenerQueue<?> queue;
      long start;
      synchronized (this) {
        if (gen != generation) {
          return;
        }
        queue = ready.pollFirst();
        if (queue == null) {
          running = false;
          return;
        }
        start = clock.getAsLong();
        current = queue;
        turnStartedAt = start;
        activeSinceCheck = true;
      }
      boolean more = queue.runTurn(start + TURN_NANOS);
      boolean mine;
      synchronized (this) {
        mine = gen == generation;
        if (mine) {
          current = null;
        }
      }
      queue.timed(SLOW_NANOS);
      if (more) {
        if (mine && !queue.ownTasks()) {
          synchronized (this) {
            ready.addLast(queue);
          }
        } else {
          ready(queue);
        }
      }
      if (!mine) {
        return; // a new shared task took over while this one was stuck
      }
    }
  }

  private void runOwn(ListenerQueue<?> queue) {
    boolean more = queue.runTurn(Long.MAX_VALUE);
    queue.timed(SLOW_NANOS);
    if (more) {
      ready(queue);
    }
  }

  private void armWatchdog() {
    try {
      timer.schedule(this::watchdog, STUCK_NANOS, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      synchronized (this) {
        watchdogArmed = false; // the informers are closing
      }
    }
  }

  /** Frees the shared task from a stuck listener when no event comes to notice it. */
  private void watchdog() {
    long submit = -1;
    boolean rearm;
    synchronized (this) {
      if (current != null && !ready.isEmpty()
          && clock.getAsLong() - turnStartedAt >= STUCK_NANOS) {
        submit = escape();
      }
      // look again while the shared task is busy; stop once it has been idle for a period
      rearm = running || activeSinceCheck;
      activeSinceCheck = false;
      watchdogArmed = rearm;
    }
    if (submit >= 0) {
      submitShared(submit);
    }
    if (rearm) {
      armWatchdog();
    }
  }

  /** @return shared tasks submitted so far, for tests */
  synchronized long sharedTasks() {
    return sharedTasks;
  }
}
