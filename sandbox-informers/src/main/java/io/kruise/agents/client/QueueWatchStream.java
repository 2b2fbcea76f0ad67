package io.kruise.agents.client;

import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link WatchStream} fed by a callback watch through a bounded queue. When the reader falls
 * behind, the watch thread waits (back-pressure on the connection) instead of buffering without
 * limit.
 */
final class QueueWatchStream<T> implements WatchStream<T> {

  static final int CAPACITY = 4096;

  /** Marks the end of the stream; compared by identity. */
  private final WatchEvent<T> end = new WatchEvent<>(null, null, null);
  private final BlockingQueue<WatchEvent<T>> queue = new LinkedBlockingQueue<>(CAPACITY);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean iterated = new AtomicBoolean();
  private volatile WatchHandle handle;

  void onClose(WatchHandle handle) {
    this.handle = handle;
    if (closed.get()) {
      handle.close();
    }
  }

  void closeAfter(ScheduledExecutorService scheduler, Duration timeout) {
    scheduler.schedule(this::close, timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Called on the watch thread. */
  void offer(WatchEvent<T> event) {
    try {
      while (!closed.get()) {
        if (queue.offer(event, 100, TimeUnit.MILLISECONDS)) {
          if (event.type() == WatchEventType.ERROR) {
            finish();
          }
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void finish() {
    closed.set(true);
    WatchHandle h = handle;
    if (h != null) {
      h.close();
    }
    // The queue may be full of unread events: the end marker must still get in.
    while (!queue.offer(end)) {
      queue.poll();
    }
  }

  @Override
  public void close() {
    if (!closed.get()) {
      queue.clear();
      finish();
    }
  }

  @Override
  public Iterator<WatchEvent<T>> iterator() {
    if (!iterated.compareAndSet(false, true)) {
      throw new IllegalStateException("a WatchStream can be iterated only once");
    }
    return new Iterator<>() {
      private WatchEvent<T> next;
      private boolean done;

      @Override
      public boolean hasNext() {
        if (done) {
          return false;
        }
        if (next == null) {
          try {
            next = queue.take();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            done = true;
            return false;
          }
        }
        if (next == end) {
          done = true;
          return false;
        }
        return true;
      }

      @Override
      public WatchEvent<T> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        WatchEvent<T> e = next;
        next = null;
        return e;
      }
    };
  }
}
