package io.kruise.agents.model;

/**
 * Schema fragments shared by several {@code SCHEMA_PATCH} constants (see
 * {@link io.kruise.agents.model.schema.SchemaMergePatch}).
 */
final class SchemaPatches {

  /**
   * The validation of a {@code metav1.Condition} list ({@code +listType=map}, {@code
   * +listMapKey=type}) that fabric8's {@code Condition} class does not carry. To be used as the
   * value of a {@code "conditions"} key.
   */
  static final String CONDITIONS = "{"
      + "\"x-kubernetes-list-type\": \"map\", \"x-kubernetes-list-map-keys\": [\"type\"],"
      + "\"items\": {\"required\": [\"lastTransitionTime\", \"message\", \"reason\", \"status\", \"type\"],"
      + "\"properties\": {"
      + "\"lastTransitionTime\": {\"format\": \"date-time\"},"
      + "\"message\": {\"maxLength\": 32768},"
      + "\"observedGeneration\": {\"format\": \"int64\", \"minimum\": 0},"
      + "\"reason\": {\"maxLength\": 1024, \"minLength\": 1,"
      + " \"pattern\": \"^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$\"},"
      + "\"status\": {\"enum\": [\"True\", \"False\", \"Unknown\"]},"
      + "\"type\": {\"maxLength\": 316, \"pattern\":"
      + " \"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$\"}"
      + "}}}";

  /**
   * The top-level fields every object has; the generator leaves them out of the root schema,
   * kubebuilder (and thus the reference CRDs) lists them.
   */
  private static final String ROOT_PROPERTIES = ""
      + "\"apiVersion\": {\"type\": \"string\", \"description\": \"Versioned schema of this object,"
      + " e.g. agents.kruise.io/v1alpha1.\"},"
      + "\"kind\": {\"type\": \"string\", \"description\": \"REST resource kind of this object.\"},"
      + "\"metadata\": {\"type\": \"object\"}";

  /** Adds the top-level fields every object has ({@link #ROOT_PROPERTIES}) to the root schema. */
  static final String ROOT = "{\"properties\": {" + ROOT_PROPERTIES + "}}";

  /**
   * {@link #ROOT} for a kind without status: also removes the empty {@code status} property the
   * generator adds for a {@code Void} status, which the reference CRD does not have.
   */
  static final String ROOT_WITHOUT_STATUS = "{\"properties\": {" + ROOT_PROPERTIES + ", \"status\": null}}";

  private SchemaPatches() {
  }
}
