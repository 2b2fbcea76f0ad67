package io.kruise.agents.informers;

import io.kruise.agents.client.exceptions.AgentsApiException;

/**
 * Receives changes of a shared informer's objects on its own queue: a slow or throwing listener
 * (or filter) delays or breaks no other listener, no wait and not the cache. The objects are
 * shared: never modify them.
 *
 * <p>For each object the listener sees one consistent history: {@code onAdd}, then
 * {@code onUpdate}s in order, then {@code onDelete} (and {@code onAdd} again for an object
 * re-created with the same name). {@code oldObj} of an update is always the state this listener
 * was last given. While the listener is behind, pending changes of one object are coalesced: it
 * gets the latest state, never an older one after a newer one, and an object created and deleted
 * while it was behind is not reported at all. Order is kept per object; across objects, changes
 * arrive in the order in which each object's oldest undelivered change was queued.
 *
 * <p>A listener added to a running informer first receives an {@code onAdd} for every object that
 * the informer's events have reported so far (exactly those: no object twice, none missing). After
 * a re-seed ({@link ListenerBacklogPolicy#RESEED}) it receives, per object: {@code onAdd} for one
 * it did not have, {@code onUpdate(last given, current)} for one whose resourceVersion changed,
 * nothing for one that did not change, {@code onDelete(last given, true)} for one that is gone
 * ({@code onDelete(last given, false)} for one that left its filter), and {@code onDelete} then
 * {@code onAdd} for one re-created with another UID.
 *
 * @param <T> Sandbox or SandboxSet
 */
public interface ResourceListener<T> {

  /**
   * An object appeared (or was already there when the listener was added), or moved into the
   * listener's filter.
   *
   * @param obj the object
   */
  default void onAdd(T obj) {}

  /**
   * An object changed (or a resync repeated it: then {@code oldObj == newObj}).
   *
   * @param oldObj the state this listener was given last
   * @param newObj the new state
   */
  default void onUpdate(T oldObj, T newObj) {}

  /**
   * An object was deleted, or moved out of the listener's filter.
   *
   * @param obj its last known state
   * @param finalStateUnknown true when the delete was noticed on a relist or a re-seed, so
   *     {@code obj} may be older than the object's real final state
   */
  default void onDelete(T obj, boolean finalStateUnknown) {}

  /**
   * The library closed this listener's registration ({@link ListenerBacklogPolicy#CLOSE}): no
   * other callback follows. Called once, on the listener's queue, after any callback in progress.
   * Not called when the owner closes the registration or the client.
   *
   * @param cause why, also in {@link ListenerRegistration#closedCause()}
   */
  default void onClosed(AgentsApiException cause) {}
}
