package io.kruise.agents.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.Condition;
import io.kruise.agents.model.schema.SchemaMergePatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Observed state of a {@link Sandbox}, written by the controller through the status
 * subresource.
 *
 * <p>{@link #getPhase()} is the raw string so that phases added by newer servers survive a
 * read-modify-write; {@link #getPhaseEnum()} is the typed view.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "observedGeneration", "phase", "message", "conditions", "podInfo", "nodeName", "sandboxIp",
    "updateRevision", "recycledCount"})
@SchemaCustomizer(value = SchemaMergePatch.class, input = SandboxStatus.SCHEMA_PATCH)
public class SandboxStatus extends UnknownFields implements HasConditions {

  private static final long serialVersionUID = 1L;

  /** Schema keywords the generator has no annotation for (merged into the generated schema). */
  static final String SCHEMA_PATCH = "{\"properties\": {"
      + "\"observedGeneration\": {\"format\": \"int64\"},"
      + "\"recycledCount\": {\"format\": \"int32\"},"
      + "\"conditions\": " + SchemaPatches.CONDITIONS + "}}";

  /** The {@code metadata.generation} the controller last acted on. */
  @JsonProperty("observedGeneration")
  @JsonPropertyDescription("Most recent metadata.generation the controller has acted on.")
  private Long observedGeneration;

  /** The lifecycle phase as sent by the server (see {@link SandboxPhase}). */
  @JsonProperty("phase")
  @JsonPropertyDescription("Lifecycle phase, e.g. Pending, Running, Paused.")
  private String phase;

  /** A human-readable note about the current phase. */
  @JsonProperty("message")
  @JsonPropertyDescription("Human-readable note about the phase.")
  private String message;

  /** The conditions (see {@link ConditionTypes}). */
  @JsonProperty("conditions")
  @JsonPropertyDescription("Latest observations of the sandbox, one per condition type.")
  private List<Condition> conditions;

  /** The information about the pod behind the sandbox. */
  @JsonProperty("podInfo")
  @JsonPropertyDescription("Information about the sandbox pod.")
  private PodInfo podInfo;

  /** The node the sandbox is scheduled to. */
  @JsonProperty("nodeName")
  @JsonPropertyDescription("Node the sandbox is scheduled to.")
  private String nodeName;

  /** The IP address of the sandbox. */
  @JsonProperty("sandboxIp")
  @JsonPropertyDescription("IP address of the sandbox.")
  private String sandboxIp;

  /** The template hash the sandbox is at. */
  @JsonProperty("updateRevision")
  @JsonPropertyDescription("Template hash the sandbox is at.")
  private String updateRevision;

  /** How many times the sandbox has been recycled into its pool. */
  @JsonProperty("recycledCount")
  @JsonPropertyDescription("Number of times the sandbox has been recycled.")
  private Integer recycledCount;

  /** Creates an empty object; every field is unset. */
  public SandboxStatus() {
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
  public SandboxStatus withObservedGeneration(Long value) {
    this.observedGeneration = value;
    return this;
  }

  /**
   * Returns the lifecycle phase as sent by the server (see {@link SandboxPhase}).
   *
   * @return the value; {@code null} if unset
   */
  public String getPhase() {
    return phase;
  }

  /**
   * Sets the lifecycle phase as sent by the server (see {@link SandboxPhase}).
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setPhase(String value) {
    this.phase = value;
  }

  /**
   * Sets the lifecycle phase as sent by the server (see {@link SandboxPhase}) and returns this
   * object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxStatus withPhase(String value) {
    this.phase = value;
    return this;
  }

  /**
   * Returns a human-readable note about the current phase.
   *
   * @return the value; {@code null} if unset
   */
  public String getMessage() {
    return message;
  }

  /**
   * Sets a human-readable note about the current phase.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setMessage(String value) {
    this.message = value;
  }

  /**
   * Sets a human-readable note about the current phase and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxStatus withMessage(String value) {
    this.message = value;
    return this;
  }

  /**
   * Returns the conditions (see {@link ConditionTypes}).
   *
   * @return the value; {@code null} if unset
   */
  public List<Condition> getConditions() {
    return conditions;
  }

  /**
   * Sets the conditions (see {@link ConditionTypes}).
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setConditions(List<Condition> value) {
    this.conditions = value;
  }

  /**
   * Sets the conditions (see {@link ConditionTypes}) and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxStatus withConditions(List<Condition> value) {
    this.conditions = value;
    return this;
  }

  /**
   * Returns the information about the pod behind the sandbox.
   *
   * @return the value; {@code null} if unset
   */
  public PodInfo getPodInfo() {
    return podInfo;
  }

  /**
   * Sets the information about the pod behind the sandbox.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setPodInfo(PodInfo value) {
    this.podInfo = value;
  }

  /**
   * Sets the information about the pod behind the sandbox and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxStatus withPodInfo(PodInfo value) {
    this.podInfo = value;
    return this;
  }

  /**
   * Returns the node the sandbox is scheduled to.
   *
   * @return the value; {@code null} if unset
   */
  public String getNodeName() {
    return nodeName;
  }

  /**
   * Sets the node the sandbox is scheduled to.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setNodeName(String value) {
    this.nodeName = value;
  }

  /**
   * Sets the node the sandbox is scheduled to and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxStatus withNodeName(String value) {
    this.nodeName = value;
    return this;
  }

  /**
   * Returns the IP address of the sandbox.
   *
   * @return the value; {@code null} if unset
   */
  public String getSandboxIp() {
    return sandboxIp;
  }

  /**
   * Sets the IP address of the sandbox.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setSandboxIp(String value) {
    this.sandboxIp = value;
  }

  /**
   * Sets the IP address of the sandbox and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxStatus withSandboxIp(String value) {
    this.sandboxIp = value;
    return this;
  }

  /**
   * Returns the template hash the sandbox is at.
   *
   * @return the value; {@code null} if unset
   */
  public String getUpdateRevision() {
    return updateRevision;
  }

  /**
   * Sets the template hash the sandbox is at.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setUpdateRevision(String value) {
    this.updateRevision = value;
  }

  /**
   * Sets the template hash the sandbox is at and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxStatus withUpdateRevision(String value) {
    this.updateRevision = value;
    return this;
  }

  /**
   * Returns how many times the sandbox has been recycled into its pool.
   *
   * @return the value; {@code null} if unset
   */
  public Integer getRecycledCount() {
    return recycledCount;
  }

  /**
   * Sets how many times the sandbox has been recycled into its pool.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setRecycledCount(Integer value) {
    this.recycledCount = value;
  }

  /**
   * Sets how many times the sandbox has been recycled into its pool and returns this object, for
   * chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxStatus withRecycledCount(Integer value) {
    this.recycledCount = value;
    return this;
  }

  /**
   * Typed view of {@link #getPhase()}.
   *
   * @return the phase, or {@link SandboxPhase#UNKNOWN} if unset or not known to this client
   */
  @JsonIgnore
  public SandboxPhase getPhaseEnum() {
    return SandboxPhase.parse(phase);
  }

  /**
   * Sets the phase from the enum and returns this object, for chaining.
   *
   * @param value the phase; {@code null} or {@link SandboxPhase#UNKNOWN} unsets it
   * @return this object
   */
  public SandboxStatus withPhase(SandboxPhase value) {
    this.phase = value == null ? null : value.value();
    return this;
  }

  /**
   * Adds a condition and returns this object, for chaining (does not replace an existing
   * condition of the same type; use {@link Conditions#set(List, Condition)} for that).
   *
   * @param condition the condition to append
   * @return this object
   */
  public SandboxStatus addCondition(Condition condition) {
    if (conditions == null) {
      conditions = new ArrayList<>();
    }
    conditions.add(condition);
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SandboxStatus)) {
      return false;
    }
    SandboxStatus other = (SandboxStatus) o;
    return Objects.equals(observedGeneration, other.observedGeneration)
        && Objects.equals(phase, other.phase)
        && Objects.equals(message, other.message)
        && Objects.equals(conditions, other.conditions)
        && Objects.equals(podInfo, other.podInfo)
        && Objects.equals(nodeName, other.nodeName)
        && Objects.equals(sandboxIp, other.sandboxIp)
        && Objects.equals(updateRevision, other.updateRevision)
        && Objects.equals(recycledCount, other.recycledCount)
        && Objects.equals(getAdditionalProperties(), other.getAdditionalProperties());
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration,
        phase,
        message,
        conditions,
        podInfo,
        nodeName,
        sandboxIp,
        updateRevision,
        recycledCount,
        getAdditionalProperties());
  }

  @Override
  public String toString() {
    return "SandboxStatus(" + "observedGeneration=" + observedGeneration + ", "
        + "phase=" + phase + ", "
        + "message=" + message + ", "
        + "conditions=" + conditions + ", "
        + "podInfo=" + podInfo + ", "
        + "nodeName=" + nodeName + ", "
        + "sandboxIp=" + sandboxIp + ", "
        + "updateRevision=" + updateRevision + ", "
        + "recycledCount=" + recycledCount
        + (getAdditionalProperties().isEmpty() ? "" : ", additionalProperties=" + getAdditionalProperties()) + ")";
  }
}
