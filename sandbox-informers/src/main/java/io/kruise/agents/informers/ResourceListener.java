package io.kruise.agents.informers;

/**
 * Receives changes of a shared informer's objects, in order, on its own queue: a slow or
 * throwing listener delays or breaks no other listener, no wait and not the cache. The objects
 * are shared: never modify them.
 *
 * @param <T> Sandbox or SandboxSet
 */
public interface ResourceListener<T> {

  /**
   * An object appeared (or was already there when the listener was added).
   *
   * @param obj the object
   */
  default void onAdd(T obj) {}

  /**
   * An object changed.
   *
   * @param oldObj the previous version
   * @param newObj the new version
   */
  default void onUpdate(T oldObj, T newObj) {}

  /**
   * An object was deleted.
   *
   * @param obj its last known state
   * @param finalStateUnknown true when the delete was noticed on a relist, so {@code obj} may be
   *     older than the object's real final state
   */
  default void onDelete(T obj, boolean finalStateUnknown) {}
}
