package io.kruise.agents.informers;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks on a shared pool, one at a time and in submission order per key, so that the waits
 * on one object complete in the order their events came; tasks of different keys run in
 * parallel, as far as the pool allows. Keys are spread over a fixed number of lanes, each of
 * which has at most one task in the pool: the pool's queue stays bounded by the lanes however
 * many tasks are submitted.
 *
 * <p>Thread-safe; any thread may submit.
 */
final class KeyedSerialExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(KeyedSerialExecutor.class);

  private final Executor pool;
  private final Lane[] lanes;

  /**
   * @param pool runs the lanes
   * @param lanes how many keys can run in parallel at most; a power of two
   */
  KeyedSerialExecutor(Executor pool, int lanes) {
    if (Integer.bitCount(lanes) != 1) {
      throw new IllegalArgumentException("lanes must be a power of two, was " + lanes);
    }
    this.pool = pool;
    this.lanes = new Lane[lanes];
    for (int i = 0; i < lanes; i++) {
      this.lanes[i] = new Lane();
    }
  }

  /** Runs {@code task} after every task submitted before it with the same key. */
  void execute(String key, Runnable task) {
    int h = key.hashCode();
    lanes[(h ^ (h >>> 16)) & (lanes.length - 1)].execute(task);
  }

  /** The tasks of the keys that share it, drained by one pool task at a time. */
  private final class Lane implements Runnable {
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    /** Whether a drain is submitted or running (guarded by this). */
    private boolean draining;

    void execute(Runnable task) {
      synchronized (this) {
        tasks.addLast(task);
        if (draining) {
          return;
        }
        draining = true;
      }
      try {
        pool.execute(this);
      } catch (RejectedExecutionException e) {
        // The pool is shut down (the client closes): a completion must still happen.
        run();
      }
    }

    @Override
    public void run() {
      while (true) {
        Runnable next;
        synchronized (this) {
          next = tasks.pollFirst();
          if (next == null) {
            draining = false;
            return;
          }
        }
        try {
          next.run();
        } catch (RuntimeException e) {
          LOG.warn("a wait's completion threw", e);
        }
      }
    }
  }
}
