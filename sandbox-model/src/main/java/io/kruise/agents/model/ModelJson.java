package io.kruise.agents.model;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** The one serializer this module uses for copies; building one is costly, so it is shared. */
final class ModelJson {

  /** fabric8's serializer: knows IntOrString, Quantity and the core model's quirks. */
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private ModelJson() {
  }

  /**
   * Copies {@code value} by a JSON round trip.
   *
   * @param value the object to copy; may be {@code null}
   * @param type the class to read the copy as
   * @param <T> the object type
   * @return an equal, independent object, or {@code null} for {@code null}
   */
  static <T> T deepCopy(T value, Class<T> type) {
    if (value == null) {
      return null;
    }
    return type.cast(SERIALIZATION.clone(value));
  }
}
