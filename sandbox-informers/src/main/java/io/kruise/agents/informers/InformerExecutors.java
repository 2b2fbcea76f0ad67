package io.kruise.agents.informers;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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

  /**
   * The pool that completes the futures of waits: bounded, so that an event satisfying thousands
   * of waits cannot start thousands of threads; idle threads end.
   *
   * @param threads its size
   * @return a new pool
   */
  static ExecutorService completions(int threads) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), daemon("agents-informers-wait"));
    pool.allowCoreThreadTimeOut(true);
    return pool;
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
