package io.kruise.agents.client;

/** The type of a {@link WatchEvent}, as the Kubernetes watch API names it. */
public enum WatchEventType {
  /** An object was created (or first seen when a watch starts without a resourceVersion). */
  ADDED,
  /** An object changed. */
  MODIFIED,
  /** An object was deleted; the event carries its last state. */
  DELETED,
  /** A progress marker carrying only a resourceVersion, sent when bookmarks were asked for. */
  BOOKMARK,
  /** The watch failed and ended; {@link WatchEvent#error()} says why. */
  ERROR
}
