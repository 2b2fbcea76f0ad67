package io.kruise.agents.informers;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The threads of the shared informers, with the policies their users rely on. */
final class InformerExecutors {

  private InformerExecutors() {}

  /**
   * The timer of wait deadlines (and other delayed work), one daemon thread. Cancelled tasks
   * leave its queue at once: a wait that completes early cancels its deadline, which would
   * otherwise keep the wait (its predicate and last object) alive until the deadline passes.
   *
   * @return a new timer
   */
  static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
        daemon("agents-informers-timer"));
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
