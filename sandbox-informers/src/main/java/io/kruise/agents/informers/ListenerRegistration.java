package io.kruise.agents.informers;

/**
 * A registered listener: its counters, and {@link #close()} to remove it.
 */
public interface ListenerRegistration extends AutoCloseable {

  /** @return the listener's name */
  String name();

  /** @return events queued for the listener and not yet delivered */
  int backlog();

  /** @return events delivered so far */
  long delivered();

  /** @return events whose callback threw */
  long failures();

  /** @return nanoseconds between queueing and delivery of the last delivered event */
  long lastLagNanos();

  /** Removes the listener; queued events are dropped and no callback starts after this. Idempotent. */
  @Override
  void close();
}
