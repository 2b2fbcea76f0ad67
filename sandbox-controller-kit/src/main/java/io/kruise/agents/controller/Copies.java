package io.kruise.agents.controller;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Deep copies for the helpers, which never change what they are given: objects from the shared
 * cache are shared by the whole process.
 */
final class Copies {

  /** Building a serializer is costly and it is thread-safe, so one is shared. */
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Copies() {
  }

  /**
   * @param value what to copy; may be null
   * @param <T> its type
   * @return an equal, independent copy (a JSON round trip into the same class), or null
   */
  static <T> T deep(T value) {
    return value == null ? null : SERIALIZATION.clone(value);
  }
}
