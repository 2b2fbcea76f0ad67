package io.kruise.agents.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import io.kruise.agents.model.schema.SchemaMergePatch;
import java.util.List;
import java.util.Objects;

/**
 * Observed state of a {@link SandboxSet}, written by the controller through the status
 * subresource.
 *
 * <p>{@link #getReplicas()} and {@link #getAvailableReplicas()} are primitives that are always
 * serialized, also when 0, because the CRD marks them required.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "observedGeneration", "replicas", "availableReplicas", "updateRevision", "currentRevision",
    "updatedReplicas", "updatedAvailableReplicas", "conditions", "selector"})
@SchemaCustomizer(value = SchemaMergePatch.class, input = SandboxSetStatus.SCHEMA_PATCH)
public class SandboxSetStatus extends UnknownFields implements HasConditions {

  private static final long serialVersionUID = 1L;

  /** Schema keywords the generator has no annotation for (merged into the generated schema). */
  static final String SCHEMA_PATCH = "{\"properties\": {"
      + "\"observedGeneration\": {\"format\": \"int64\"},"
      + "\"replicas\": {\"format\": \"int32\"},"
      + "\"availableReplicas\": {\"format\": \"int32\"},"
      + "\"updatedReplicas\": {\"format\": \"int32\"},"
      + "\"updatedAvailableReplicas\": {\"format\": \"int32\"},"
      + "\"conditions\": " + SchemaPatches.CONDITIONS + "}}";

  /** The {@code metadata.generation} the controller last acted on. */
  @JsonProperty("observedGeneration")
  @JsonPropertyDescription("Most recent metadata.generation the controller has acted on.")
  private Long observedGeneration;

  /** The number of sandboxes of the set (creating, available, running and paused). */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @JsonProperty("replicas")
  @JsonPropertyDescription("Number of sandboxes of the set: creating, available, running and paused.")
  @Required
  @StatusReplicas
  private int replicas;

  /** The number of ready, unclaimed sandboxes that can be claimed now. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @JsonProperty("availableReplicas")
  @JsonPropertyDescription("Number of ready, unclaimed sandboxes.")
  @Required
  private int availableReplicas;

  /** The hash of the latest desired template revision. */
  @JsonProperty("updateRevision")
  @JsonPropertyDescription("Hash of the latest desired template revision.")
  private String updateRevision;

  /** The template name of the currently materialised revision. */
  @JsonProperty("currentRevision")
  @JsonPropertyDescription("Template name of the currently materialised revision.")
  private String currentRevision;

  /** The number of sandboxes at the update revision. */
  @JsonProperty("updatedReplicas")
  @JsonPropertyDescription("Number of sandboxes at the update revision.")
  private Integer updatedReplicas;

  /** The number of available sandboxes at the update revision. */
  @JsonProperty("updatedAvailableReplicas")
  @JsonPropertyDescription("Number of available sandboxes at the update revision.")
  private Integer updatedAvailableReplicas;

  /** The conditions of the set. */
  @JsonProperty("conditions")
  @JsonPropertyDescription("Latest observations of the set.")
  private List<Condition> conditions;

  /** The label selector of the sandboxes, in string form (for the scale subresource). */
  @JsonProperty("selector")
  @JsonPropertyDescription("Label selector of the sandboxes in string form, for the scale subresource.")
  @LabelSelector
  private String selector;

  /** Creates an empty object; every field is unset. */
  public SandboxSetStatus() {
  }

  /**
   * Returns the {@code metadata.generation} the controller last acted on.
   *
   * @return the value; {@code null} if unset
   */
  public Long getObservedGeneration() {
    return observedGeneration;
  }

  /**
   * Sets the {@code metadata.generation} the controller last acted on.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setObservedGeneration(Long value) {
    this.observedGeneration = value;
  }

  /**
   * Sets the {@code metadata.generation} the controller last acted on and returns this object, for
   * chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxSetStatus withObservedGeneration(Long value) {
    this.observedGeneration = value;
    return this;
  }

  /**
   * Returns the number of sandboxes of the set (creating, available, running and paused).
   *
   * @return the value
   */
  public int getReplicas() {
    return replicas;
  }

  /**
   * Sets the number of sandboxes of the set (creating, available, running and paused).
   *
   * @param value the new value
   */
  public void setReplicas(int value) {
    this.replicas = value;
  }

  /**
   * Sets the number of sandboxes of the set (creating, available, running and paused) and returns
   * this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxSetStatus withReplicas(int value) {
    this.replicas = value;
    return this;
  }

  /**
   * Returns the number of ready, unclaimed sandboxes that can be claimed now.
   *
   * @return the value
   */
  public int getAvailableReplicas() {
    return availableReplicas;
  }

  /**
   * Sets the number of ready, unclaimed sandboxes that can be claimed now.
   *
   * @param value the new value
   */
  public void setAvailableReplicas(int value) {
    this.availableReplicas = value;
  }

  /**
   * Sets the number of ready, unclaimed sandboxes that can be claimed now and returns this object,
   * for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxSetStatus withAvailableReplicas(int value) {
    this.availableReplicas = value;
    return this;
  }

  /**
   * Returns the hash of the latest desired template revision.
   *
   * @return the value; {@code null} if unset
   */
  public String getUpdateRevision() {
    return updateRevision;
  }

  /**
   * Sets the hash of the latest desired template revision.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setUpdateRevision(String value) {
    this.updateRevision = value;
  }

  /**
   * Sets the hash of the latest desired template revision and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxSetStatus withUpdateRevision(String value) {
    this.updateRevision = value;
    return this;
  }

  /**
   * Returns the template name of the currently materialised revision.
   *
   * @return the value; {@code null} if unset
   */
  public String getCurrentRevision() {
    return currentRevision;
  }

  /**
   * Sets the template name of the currently materialised revision.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setCurrentRevision(String value) {
    this.currentRevision = value;
  }

  /**
   * Sets the template name of the currently materialised revision and returns this object, for
   * chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxSetStatus withCurrentRevision(String value) {
    this.currentRevision = value;
    return this;
  }

  /**
   * Returns the number of sandboxes at the update revision.
   *
   * @return the value; {@code null} if unset
   */
  public Integer getUpdatedReplicas() {
    return updatedReplicas;
  }

  /**
   * Sets the number of sandboxes at the update revision.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setUpdatedReplicas(Integer value) {
    this.updatedReplicas = value;
  }

  /**
   * Sets the number of sandboxes at the update revision and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxSetStatus withUpdatedReplicas(Integer value) {
    this.updatedReplicas = value;
    return this;
  }

  /**
   * Returns the number of available sandboxes at the update revision.
   *
   * @return the value; {@code null} if unset
   */
  public Integer getUpdatedAvailableReplicas() {
    return updatedAvailableReplicas;
  }

  /**
   * Sets the number of available sandboxes at the update revision.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setUpdatedAvailableReplicas(Integer value) {
    this.updatedAvailableReplicas = value;
  }

  /**
   * Sets the number of available sandboxes at the update revision and returns this object, for
   * chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxSetStatus withUpdatedAvailableReplicas(Integer value) {
    this.updatedAvailableReplicas = value;
    return this;
  }

  /**
   * Returns the conditions of the set.
   *
   * @return the value; {@code null} if unset
   */
  public List<Condition> getConditions() {
    return conditions;
  }

  /**
   * Sets the conditions of the set.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setConditions(List<Condition> value) {
    this.conditions = value;
  }

  /**
   * Sets the conditions of the set and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxSetStatus withConditions(List<Condition> value) {
    this.conditions = value;
    return this;
  }

  /**
   * Returns the label selector of the sandboxes, in string form (for the scale subresource).
   *
   * @return the value; {@code null} if unset
   */
  public String getSelector() {
    return selector;
  }

  /**
   * Sets the label selector of the sandboxes, in string form (for the scale subresource).
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setSelector(String value) {
    this.selector = value;
  }

  /**
   * Sets the label selector of the sandboxes, in string form (for the scale subresource) and returns
   * this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxSetStatus withSelector(String value) {
    this.selector = value;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SandboxSetStatus)) {
      return false;
    }
    SandboxSetStatus other = (SandboxSetStatus) o;
    return Objects.equals(observedGeneration, other.observedGeneration)
        && replicas == other.replicas
        && availableReplicas == other.availableReplicas
        && Objects.equals(updateRevision, other.updateRevision)
        && Objects.equals(currentRevision, other.currentRevision)
        && Objects.equals(updatedReplicas, other.updatedReplicas)
        && Objects.equals(updatedAvailableReplicas, other.updatedAvailableReplicas)
        && Objects.equals(conditions, other.conditions)
        && Objects.equals(selector, other.selector)
        && Objects.equals(getAdditionalProperties(), other.getAdditionalProperties());
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration,
        replicas,
        availableReplicas,
        updateRevision,
        currentRevision,
        updatedReplicas,
        updatedAvailableReplicas,
        conditions,
        selector,
        getAdditionalProperties());
  }

  @Override
  public String toString() {
    return "SandboxSetStatus(" + "observedGeneration=" + observedGeneration + ", "
        + "replicas=" + replicas + ", "
        + "availableReplicas=" + availableReplicas + ", "
        + "updateRevision=" + updateRevision + ", "
        + "currentRevision=" + currentRevision + ", "
        + "updatedReplicas=" + updatedReplicas + ", "
        + "updatedAvailableReplicas=" + updatedAvailableReplicas + ", "
        + "conditions=" + conditions + ", "
        + "selector=" + selector
        + (getAdditionalProperties().isEmpty() ? "" : ", additionalProperties=" + getAdditionalProperties()) + ")";
  }
}
