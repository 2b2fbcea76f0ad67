package io.kruise.agents.faults;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets the test stop its churn threads between two operations (to compare the cache with a LIST
 * of a quiet server) and end them. Churners call {@link #pass()} before every operation; the test
 * calls {@link #pause(int, Duration)}, {@link #resume()} and {@link #stop()}. All state is under
 * one lock.
 */
final class Gate {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private boolean paused;
  private boolean stopped;
  private int parked;

  /**
   * Blocks while paused.
   *
   * @return false once stopped: the churner must end
   */
  boolean pass() {
    lock.lock();
    try {
      while (paused && !stopped) {
        parked++;
        changed.signalAll();
        try {
          changed.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        } finally {
          parked--;
        }
      }
      return !stopped;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Paces a churner after a failed request (the server may be down): returns after the delay,
   * or at once when paused or stopped, so that it never delays a pause.
   */
  void backOff(Duration delay) {
    lock.lock();
    try {
      if (!paused && !stopped) {
        changed.await(delay.toNanos(), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Pauses the churners and waits until all of them stand still.
   *
   * @param churners how many threads pass this gate
   * @param timeout how long to wait for them
   * @return true when all stand still
   */
  boolean pause(int churners, Duration timeout) {
    lock.lock();
    try {
      paused = true;
      changed.signalAll();
      long left = timeout.toNanos();
      while (parked < churners && left > 0) {
        left = changed.awaitNanos(left);
      }
      return parked >= churners;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  void resume() {
    lock.lock();
    try {
      paused = false;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void stop() {
    lock.lock();
    try {
      stopped = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
