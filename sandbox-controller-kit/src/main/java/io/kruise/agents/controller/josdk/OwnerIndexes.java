package io.kruise.agents.controller.josdk;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.informers.IndexFunction;
import io.kruise.agents.informers.SharedInformer;
import java.util.List;

/**
 * An index of a shared informer by controller: objects by the UID of the owner that controls them
 * (the owner reference with {@code controller: true}), e.g. Sandboxes by their SandboxSet. Keyed
 * by UID, not name, so an object still controlled by a deleted owner is never taken for a
 * secondary of a new owner of the same name.
 */
public final class OwnerIndexes {

  /** The index name: objects by the UID of their controller. */
  public static final String CONTROLLER_UID = "controllerUid";

  private OwnerIndexes() {}

  /**
   * @param <T> the cached type
   * @return the index function: the controller's UID, or no key for an object without one
   */
  public static <T extends HasMetadata> IndexFunction<T> controllerUid() {
    return obj -> {
      List<OwnerReference> refs = obj.getMetadata().getOwnerReferences();
      if (refs == null) {
        return List.of();
      }
      for (OwnerReference ref : refs) {
        if (Boolean.TRUE.equals(ref.getController()) && ref.getUid() != null) {
          return List.of(ref.getUid());
        }
      }
      return List.of();
    };
  }

  /**
   * Makes sure an informer has the {@link #CONTROLLER_UID} index: adds it while the informer has
   * not started. Indexes can only be added before an informer starts, so call this early (before
   * listers, listeners or an Operator start it).
   *
   * @param informer a shared informer
   * @param <T> the cached type
   * @return true when the informer has the index; false when it started without it (lookups
   *     then scan the namespace instead)
   * @throws ValidationException when {@code informer} is null
   */
  public static <T extends HasMetadata> boolean ensureControllerUid(SharedInformer<T> informer) {
    if (informer == null) {
      throw ValidationException.forField("informer", "Required", "must not be null");
    }
    if (!informer.health().started()) {
      try {
        informer.addIndex(CONTROLLER_UID, controllerUid());
        return true;
      } catch (ValidationException e) {
        if (e.causes().stream().anyMatch(c -> "Duplicate".equals(c.reason()))) {
          return true; // someone added it before
        }
        // it started in the meantime: look below
      }
    }
    try {
      informer.lister().indexKeys(CONTROLLER_UID);
      return true;
    } catch (ValidationException e) {
      return false;
    }
  }
}
