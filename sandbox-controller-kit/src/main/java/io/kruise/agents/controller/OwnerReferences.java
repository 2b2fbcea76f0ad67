package io.kruise.agents.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.kruise.agents.client.exceptions.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Controller references, adoption and orphaning, as Kubernetes controllers do them
 * ({@code metav1.NewControllerRef}, {@code ControllerRefManager}): an object has at most one
 * controller, identified by UID, and only the controller itself may let it go.
 *
 * <p>The helpers compute; they never change what they are given (cached objects are shared).
 * {@link #adopt} and {@link #orphan} return a changed copy to write (it carries the
 * resourceVersion it was read at, so an optimistic update of it fails rather than overwrite a
 * newer version), or empty when nothing needs writing.
 */
public final class OwnerReferences {

  private OwnerReferences() {
  }

  /**
   * The controller reference to put on an object that {@code owner} creates: its apiVersion,
   * kind, name and UID, with {@code controller} and {@code blockOwnerDeletion} true.
   *
   * @param owner the owner, as read from the server (it needs a UID)
   * @return a new reference
   * @throws ValidationException naming {@code owner} when it lacks apiVersion, kind, name or UID
   */
  public static OwnerReference controllerReference(HasMetadata owner) {
    checkOwner(owner);
    return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind()).withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid()).withController(true)
        .withBlockOwnerDeletion(true).build();
  }

  /**
   * @param obj any object; may be null
   * @return its controller reference (the first with {@code controller: true}), if any
   */
  public static Optional<OwnerReference> controllerOf(HasMetadata obj) {
    if (obj == null || obj.getMetadata() == null || obj.getMetadata().getOwnerReferences() == null) {
      return Optional.empty();
    }
    for (OwnerReference ref : obj.getMetadata().getOwnerReferences()) {
      if (ref != null && Boolean.TRUE.equals(ref.getController())) {
        return Optional.of(ref);
      }
    }
    return Optional.empty();
  }

  /**
   * @param obj any object; may be null
   * @param owner the candidate controller; may be null
   * @return true when {@code obj}'s controller reference names {@code owner}'s UID
   */
  public static boolean isControlledBy(HasMetadata obj, HasMetadata owner) {
    if (owner == null || owner.getMetadata() == null || owner.getMetadata().getUid() == null) {
      return false;
    }
    return controllerOf(obj).map(ref -> owner.getMetadata().getUid().equals(ref.getUid()))
        .orElse(false);
  }

  /**
   * Makes {@code owner} the controller of {@code obj}, if it has none.
   *
   * @param obj the object to adopt, as read; not changed
   * @param owner its new controller
   * @param <T> the object's type
   * @return a copy with the controller reference added (replacing a plain reference to the same
   *     owner), or empty when {@code owner} already controls it
   * @throws ValidationException naming {@code obj} when another controller owns it, or
   *     {@code owner} when it is being deleted or lacks a UID (upstream refuses both)
   */
  public static <T extends HasMetadata> Optional<T> adopt(T obj, HasMetadata owner) {
    checkObject(obj);
    checkOwner(owner);
    Optional<OwnerReference> controller = controllerOf(obj);
    if (controller.isPresent()) {
      if (owner.getMetadata().getUid().equals(controller.get().getUid())) {
        return Optional.empty();
      }
      throw ValidationException.forField("obj", "AlreadyOwned", describe(obj)
          + " is already controlled by " + controller.get().getKind() + " "
          + controller.get().getName() + " (uid " + controller.get().getUid() + ")");
    }
    if (owner.getMetadata().getDeletionTimestamp() != null) {
      throw ValidationException.forField("owner", "Deleting", describe(owner)
          + " is being deleted and cannot adopt " + describe(obj));
    }
    T copy = Copies.deep(obj);
    List<OwnerReference> refs = new ArrayList<>();
    refs.add(controllerReference(owner));
    for (OwnerReference ref : references(obj)) {
      if (!owner.getMetadata().getUid().equals(ref.getUid())) {
        refs.add(Copies.deep(ref));
      }
    }
    copy.getMetadata().setOwnerReferences(refs);
    return Optional.of(copy);
  }

  /**
   * Releases {@code obj} from {@code owner}'s control (removes the controller reference), as a
   * controller does with an object that no longer matches its selector.
   *
   * @param obj the object, as read; not changed
   * @param owner its controller
   * @param <T> the object's type
   * @return a copy without that reference, or empty when {@code owner} does not control it
   * @throws ValidationException naming {@code obj} or {@code owner} when null
   */
  public static <T extends HasMetadata> Optional<T> orphan(T obj, HasMetadata owner) {
    checkObject(obj);
    if (owner == null || owner.getMetadata() == null) {
      throw ValidationException.forField("owner", "Required", "must not be null");
    }
    if (!isControlledBy(obj, owner)) {
      return Optional.empty();
    }
    T copy = Copies.deep(obj);
    List<OwnerReference> refs = new ArrayList<>();
    for (OwnerReference ref : references(obj)) {
      boolean controllerRef = Boolean.TRUE.equals(ref.getController())
          && Objects.equals(owner.getMetadata().getUid(), ref.getUid());
      if (!controllerRef) {
        refs.add(Copies.deep(ref));
      }
    }
    copy.getMetadata().setOwnerReferences(refs);
    return Optional.of(copy);
  }

  private static List<OwnerReference> references(HasMetadata obj) {
    List<OwnerReference> refs = obj.getMetadata().getOwnerReferences();
    return refs == null ? List.of() : refs.stream().filter(Objects::nonNull).toList();
  }

  private static void checkObject(HasMetadata obj) {
    if (obj == null || obj.getMetadata() == null) {
      throw ValidationException.forField("obj", "Required", "must not be null");
    }
  }

  private static void checkOwner(HasMetadata owner) {
    if (owner == null || owner.getMetadata() == null) {
      throw ValidationException.forField("owner", "Required", "must not be null");
    }
    if (owner.getMetadata().getUid() == null || owner.getMetadata().getName() == null
        || owner.getApiVersion() == null || owner.getKind() == null) {
      throw ValidationException.forField("owner", "Invalid", "needs apiVersion, kind, name and"
          + " uid (use the object as the server returned it)");
    }
  }

  static String describe(HasMetadata obj) {
    return obj.getKind() + " " + obj.getMetadata().getNamespace() + "/"
        + obj.getMetadata().getName();
  }
}
