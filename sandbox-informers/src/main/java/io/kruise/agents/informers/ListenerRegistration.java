package io.kruise.agents.informers;

import io.kruise.agents.client.exceptions.AgentsApiException;
import java.util.Optional;

/**
 * A registered listener: its counters, and {@link #close()} to remove it. Thread-safe.
 */
public interface ListenerRegistration extends AutoCloseable {

  /** @return the listener's name */
  String name();

  /**
   * @return distinct objects with changes queued for the listener and not yet delivered
   *     (pending changes of one object are coalesced, so this is also the queue's size)
   */
  int backlog();

  /** @return callbacks made so far (including those that threw) */
  long delivered();

  /** @return callbacks that threw, plus changes not delivered because the filter threw */
  long failures();

  /** @return informer events merged into a change of the same object that was still queued */
  long coalesced();

  /**
   * @return how often the queue went past {@link InformerOptions#listenerBacklogLimit()} and was
   *     dropped and re-seeded ({@link ListenerBacklogPolicy#RESEED})
   */
  long reseeds();

  /**
   * @return nanoseconds between queueing the oldest change of the last delivered object and its
   *     delivery
   */
  long lastLagNanos();

  /** @return true once closed, by {@link #close()} or by the library */
  boolean isClosed();

  /**
   * @return why the library closed this registration ({@link ListenerBacklogExceededException});
   *     empty while open and after {@link #close()} or the client's close
   */
  Optional<AgentsApiException> closedCause();

  /** Removes the listener; queued events are dropped and no callback starts after this. Idempotent. */
  @Override
  void close();
}
