package io.kruise.agents.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.kruise.agents.model.schema.SchemaMergePatch;
import java.util.Objects;

/**
 * Whether and how a sandbox can be upgraded. With no type set, upgrading is disabled.
 *
 * <p>{@link #getType()} is a plain string so that a policy added by a newer server survives a
 * read-modify-write; the generated CRD still restricts it to {@link #RECREATE} and
 * {@link #CHECKPOINT_RESTORE}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type"})
@SchemaCustomizer(value = SchemaMergePatch.class, input = UpgradePolicy.SCHEMA_PATCH)
public class UpgradePolicy extends UnknownFields {

  private static final long serialVersionUID = 1L;

  /** Upgrade by recreating the pod. */
  public static final String RECREATE = "Recreate";
  /** Upgrade by checkpointing the pod, recreating it and restoring the checkpoint. */
  public static final String CHECKPOINT_RESTORE = "CheckpointRestore";

  /** Schema keywords the generator has no annotation for (merged into the generated schema). */
  static final String SCHEMA_PATCH = "{\"properties\": {\"type\": {\"enum\": [\"Recreate\", \"CheckpointRestore\"]}}}";

  /** The upgrade policy, {@link #RECREATE} or {@link #CHECKPOINT_RESTORE}. */
  @JsonProperty("type")
  @JsonPropertyDescription("Upgrade policy: Recreate or CheckpointRestore; upgrading is disabled when empty.")
  private String type;

  /** Creates an empty object; every field is unset. */
  public UpgradePolicy() {
  }

  /**
   * Returns the upgrade policy, {@link #RECREATE} or {@link #CHECKPOINT_RESTORE}.
   *
   * @return the value; {@code null} if unset
   */
  public String getType() {
    return type;
  }

  /**
   * Sets the upgrade policy, {@link #RECREATE} or {@link #CHECKPOINT_RESTORE}.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setType(String value) {
    this.type = value;
  }

  /**
   * Sets the upgrade policy, {@link #RECREATE} or {@link #CHECKPOINT_RESTORE} and returns this
   * object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public UpgradePolicy withType(String value) {
    this.type = value;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof UpgradePolicy)) {
      return false;
    }
    UpgradePolicy other = (UpgradePolicy) o;
    return Objects.equals(type, other.type)
        && Objects.equals(getAdditionalProperties(), other.getAdditionalProperties());
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, getAdditionalProperties());
  }

  @Override
  public String toString() {
    return "UpgradePolicy(" + "type=" + type
        + (getAdditionalProperties().isEmpty() ? "" : ", additionalProperties=" + getAdditionalProperties()) + ")";
  }
}
