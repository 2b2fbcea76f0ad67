package io.kruise.agents.client;

/**
 * A raw watch as a blocking, single-use {@link Iterable}: iterate to receive events in order;
 * the iteration ends when the timeout passes, the stream is closed, or the watch fails (after one
 * {@link WatchEventType#ERROR} event). Always close it, best with try-with-resources.
 *
 * <pre>{@code
 * try (WatchStream<Sandbox> events = sandboxes.watchSandboxes(null, "app=demo", null, 60)) {
 *   for (WatchEvent<Sandbox> e : events) {
 *     if (e.type() == WatchEventType.ERROR) break;
 *     System.out.println(e.type() + " " + e.object().getMetadata().getName());
 *   }
 * }
 * }</pre>
 *
 * @param <T> Sandbox or SandboxSet
 */
public interface WatchStream<T> extends Iterable<WatchEvent<T>>, AutoCloseable {

  /** Stops the watch; a blocked iteration ends. Idempotent. */
  @Override
  void close();
}
