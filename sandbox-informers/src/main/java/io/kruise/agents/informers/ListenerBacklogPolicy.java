package io.kruise.agents.informers;

/**
 * What happens to a listener whose queue holds more than {@link InformerOptions#listenerBacklogLimit()}
 * distinct objects with undelivered changes.
 */
public enum ListenerBacklogPolicy {

  /**
   * Drop the queue and re-seed the listener from the objects the informer has delivered so far:
   * it then receives, for each object, only the difference between what it was last given and
   * the current state (see {@link ResourceListener}), and events as usual afterwards. Counted in
   * {@link ListenerRegistration#reseeds()}.
   */
  RESEED,

  /**
   * Close the registration: the listener receives nothing more except
   * {@link ResourceListener#onClosed}, and {@link ListenerRegistration#closedCause()} holds a
   * {@link ListenerBacklogExceededException}.
   */
  CLOSE
}
