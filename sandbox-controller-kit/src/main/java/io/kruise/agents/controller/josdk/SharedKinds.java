package io.kruise.agents.controller.josdk;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kruise.agents.client.ResourceKind;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.informers.SharedInformers;

/**
 * The kinds whose informers the sharing client takes from {@link SharedInformers} instead of
 * creating them: every kind registered with them (the built-in kinds and any other whose informer
 * was asked for).
 */
final class SharedKinds {

  private final SharedInformers informers;

  SharedKinds(SharedInformers informers) {
    this.informers = informers;
  }

  /** @return true when informers of this type are shared: it is a registered kind */
  boolean shares(Class<?> type) {
    return informers.registration(type).isPresent();
  }

  /**
   * @param type a registered kind's class
   * @param scope the namespace and label selector
   * @return the one shared informer of that kind and scope
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  <T extends HasMetadata> SharedInformer<T> informer(Class<T> type, InformerScope scope) {
    ResourceKind kind = informers.registration(type).orElseThrow(
        () -> new IllegalStateException("not a shared kind: " + type.getName()));
    return (SharedInformer<T>) informers.informer(kind, scope);
  }

  SharedInformers informers() {
    return informers;
  }
}
