package io.kruise.agents.client;

import io.kruise.agents.client.exceptions.AgentsApiException;

/**
 * One event of a raw watch.
 *
 * <p>An {@link WatchEventType#ERROR} event is always the last of its watch: it carries no object
 * and {@link #error()} holds the typed exception (for example a
 * {@link io.kruise.agents.client.exceptions.ResourceVersionExpiredException} when the watch was
 * started from a compacted resourceVersion).
 *
 * @param <T> Sandbox or SandboxSet
 * @param type what happened
 * @param object the object (its last state for DELETED; only metadata.resourceVersion for
 *     BOOKMARK), or null for ERROR
 * @param error the failure for ERROR events, otherwise null
 */
public record WatchEvent<T>(WatchEventType type, T object, AgentsApiException error) {

  /**
   * An event about an object.
   *
   * @param type what happened
   * @param object the object
   * @param <T> the object type
   * @return the event
   */
  public static <T> WatchEvent<T> of(WatchEventType type, T object) {
    return new WatchEvent<>(type, object, null);
  }

  /**
   * The last event of a failed watch.
   *
   * @param error why the watch ended
   * @param <T> the object type
   * @return an ERROR event
   */
  public static <T> WatchEvent<T> error(AgentsApiException error) {
    return new WatchEvent<>(WatchEventType.ERROR, null, error);
  }
}
