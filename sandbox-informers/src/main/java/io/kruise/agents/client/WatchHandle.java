package io.kruise.agents.client;

/** A running callback watch; {@link #close()} stops it. */
public interface WatchHandle extends AutoCloseable {

  /** Stops the watch; no callback runs after this returns. Idempotent. */
  @Override
  void close();
}
