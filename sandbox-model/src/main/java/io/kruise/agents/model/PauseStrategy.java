package io.kruise.agents.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.kruise.agents.model.schema.SchemaMergePatch;
import java.util.Objects;

/**
 * How a sandbox is paused when its {@code spec.paused} is true. Used by both
 * {@link SandboxSpec} and {@link SandboxSetSpec} (a SandboxSet copies it onto the sandboxes it
 * creates).
 *
 * <p>{@link #getType()} is a plain string so that a strategy added by a newer server survives a
 * read-modify-write; the generated CRD still restricts it to {@link #STOP} and
 * {@link #HIBERNATE}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "hibernateStrategy"})
@SchemaCustomizer(value = SchemaMergePatch.class, input = PauseStrategy.SCHEMA_PATCH)
public class PauseStrategy extends UnknownFields {

  private static final long serialVersionUID = 1L;

  /** Pause by deleting the pod; only data on persistent volumes survives. */
  public static final String STOP = "Stop";
  /** Pause by saving the sandbox state (see persistent contents) before deleting the pod. */
  public static final String HIBERNATE = "Hibernate";

  /** Schema keywords the generator has no annotation for (merged into the generated schema). */
  static final String SCHEMA_PATCH = "{\"properties\": {\"type\": {\"enum\": [\"Stop\", \"Hibernate\"]}}}";

  /** The pause mechanism, {@link #STOP} or {@link #HIBERNATE}. */
  @JsonProperty("type")
  @JsonPropertyDescription("Pause mechanism: Stop deletes the pod, Hibernate saves its state first.")
  private String type;

  /** Where hibernated state is stored (only used with {@link #HIBERNATE}). */
  @JsonProperty("hibernateStrategy")
  @JsonPropertyDescription("Where hibernated state is stored; only used when type is Hibernate.")
  private HibernateStrategy hibernateStrategy;

  /** Creates an empty object; every field is unset. */
  public PauseStrategy() {
  }

  /**
   * Returns the pause mechanism, {@link #STOP} or {@link #HIBERNATE}.
   *
   * @return the value; {@code null} if unset
   */
  public String getType() {
    return type;
  }

  /**
   * Sets the pause mechanism, {@link #STOP} or {@link #HIBERNATE}.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setType(String value) {
    this.type = value;
  }

  /**
   * Sets the pause mechanism, {@link #STOP} or {@link #HIBERNATE} and returns this object, for
   * chaining.
   *
   * @param value the new value
   * @return this object
   */
  public PauseStrategy withType(String value) {
    this.type = value;
    return this;
  }

  /**
   * Returns where hibernated state is stored (only used with {@link #HIBERNATE}).
   *
   * @return the value; {@code null} if unset
   */
  public HibernateStrategy getHibernateStrategy() {
    return hibernateStrategy;
  }

  /**
   * Sets where hibernated state is stored (only used with {@link #HIBERNATE}).
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setHibernateStrategy(HibernateStrategy value) {
    this.hibernateStrategy = value;
  }

  /**
   * Sets where hibernated state is stored (only used with {@link #HIBERNATE}) and returns this
   * object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public PauseStrategy withHibernateStrategy(HibernateStrategy value) {
    this.hibernateStrategy = value;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PauseStrategy)) {
      return false;
    }
    PauseStrategy other = (PauseStrategy) o;
    return Objects.equals(type, other.type)
        && Objects.equals(hibernateStrategy, other.hibernateStrategy)
        && Objects.equals(getAdditionalProperties(), other.getAdditionalProperties());
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, hibernateStrategy, getAdditionalProperties());
  }

  @Override
  public String toString() {
    return "PauseStrategy(" + "type=" + type + ", "
        + "hibernateStrategy=" + hibernateStrategy
        + (getAdditionalProperties().isEmpty() ? "" : ", additionalProperties=" + getAdditionalProperties()) + ")";
  }
}
