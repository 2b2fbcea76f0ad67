package io.kruise.agents.informers;

import io.kruise.agents.client.LabelSelector;
import io.kruise.agents.client.exceptions.ValidationException;

/**
 * What one shared informer watches: a namespace (or all namespaces) and an optional label
 * selector. There is exactly one informer per kind and scope in a process.
 *
 * @param namespace the namespace, or the empty string for all namespaces
 * @param labelSelector a label selector, or null for every object
 */
public record InformerScope(String namespace, String labelSelector) {

  /**
   * Validates and normalizes: a null namespace means all, a blank selector means none.
   *
   * @param namespace the namespace, or null or empty for all
   * @param labelSelector a label selector, or null or blank for every object
   * @throws io.kruise.agents.client.exceptions.ValidationException for a namespace that is not a
   *     DNS-1123 label or a malformed selector
   */
  public InformerScope {
    namespace = namespace == null ? "" : namespace;
    labelSelector = labelSelector == null || labelSelector.isBlank() ? null : labelSelector.trim();
    if (labelSelector != null) {
      LabelSelector.parse(labelSelector); // fails early on syntax errors
    }
    if (!namespace.isEmpty() && !namespace.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
      throw ValidationException.forField("namespace", "Invalid",
          "'" + namespace + "' is not a DNS-1123 label");
    }
  }

  /** @return every object of the kind in every namespace */
  public static InformerScope allNamespaces() {
    return new InformerScope("", null);
  }

  /**
   * @param namespace the namespace
   * @return every object of the kind in one namespace
   */
  public static InformerScope namespace(String namespace) {
    return new InformerScope(namespace, null);
  }

  /**
   * @param selector a label selector
   * @return this scope narrowed to objects matching the selector
   */
  public InformerScope withLabelSelector(String selector) {
    return new InformerScope(namespace, selector);
  }

  /** @return true when this scope spans all namespaces */
  public boolean isAllNamespaces() {
    return namespace.isEmpty();
  }

  /**
   * Whether every object of a namespace is in this scope (so a wait or a read there can be served
   * from this informer).
   *
   * @param ns a namespace
   * @return true if this scope holds all of that namespace's objects
   */
  public boolean coversAllOf(String ns) {
    return labelSelector == null && (namespace.isEmpty() || namespace.equals(ns));
  }

  /** Whether objects of a namespace can be in this scope (the label selector aside). */
  boolean covers(String ns) {
    return namespace.isEmpty() || namespace.equals(ns);
  }

  @Override
  public String toString() {
    return (namespace.isEmpty() ? "all namespaces" : "namespace " + namespace)
        + (labelSelector == null ? "" : " with labels " + labelSelector);
  }
}
