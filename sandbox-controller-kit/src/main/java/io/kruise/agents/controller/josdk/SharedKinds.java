package io.kruise.agents.controller.josdk;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSet;

/**
 * The kinds whose informers the sharing client takes from {@link SharedInformers} instead of
 * creating them: Sandbox and SandboxSet, the kinds the shared informers serve.
 */
final class SharedKinds {

  private final SharedInformers informers;

  SharedKinds(SharedInformers informers) {
    this.informers = informers;
  }

  /** @return true when informers of this type are shared */
  boolean shares(Class<?> type) {
    return type == Sandbox.class || type == SandboxSet.class;
  }

  /**
   * @param type Sandbox or SandboxSet
   * @param scope the namespace and label selector
   * @return the one shared informer of that kind and scope
   */
  @SuppressWarnings("unchecked")
  <T extends HasMetadata> SharedInformer<T> informer(Class<T> type, InformerScope scope) {
    if (type == Sandbox.class) {
      return (SharedInformer<T>) informers.sandboxes(scope);
    }
    if (type == SandboxSet.class) {
      return (SharedInformer<T>) informers.sandboxSets(scope);
    }
    throw new IllegalStateException("not a shared kind: " + type.getName());
  }

  SharedInformers informers() {
    return informers;
  }
}
