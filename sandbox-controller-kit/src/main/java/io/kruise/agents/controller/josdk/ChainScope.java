package io.kruise.agents.controller.josdk;

import io.kruise.agents.informers.InformerScope;

/**
 * What a {@code resources(type)} chain has selected so far, as fabric8 would apply it to an
 * informer: a namespace (the client's by default), or all namespaces, and a label selector.
 *
 * @param namespace the namespace; null with {@code anyNamespace} or when the client has none
 * @param anyNamespace true after {@code inAnyNamespace()}
 * @param labelSelector the label selector string, or null
 */
record ChainScope(String namespace, boolean anyNamespace, String labelSelector) {

  /** @return the scope of a fresh chain of a client in {@code clientNamespace} (may be null) */
  static ChainScope of(String clientNamespace) {
    return new ChainScope(clientNamespace, false, null);
  }

  ChainScope inNamespace(String ns) {
    return new ChainScope(ns, false, labelSelector);
  }

  ChainScope inAnyNamespace() {
    return new ChainScope(null, true, labelSelector);
  }

  /** fabric8 replaces the selector string, so this does too. */
  ChainScope withLabelSelector(String selector) {
    return new ChainScope(namespace, anyNamespace, selector);
  }

  /**
   * @return the shared informer scope: fabric8 lists a chain without a namespace across all
   *     namespaces, so that is all namespaces too
   */
  InformerScope toInformerScope() {
    InformerScope scope = anyNamespace || namespace == null || namespace.isEmpty()
        ? InformerScope.allNamespaces() : InformerScope.namespace(namespace);
    return scope.withLabelSelector(labelSelector);
  }
}
