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
 * Observed state of a {@link SandboxClaim}, written by the claim controller through the status
 * subresource.
 *
 * <p>{@link #getPhase()} is the raw string so that phases added by newer servers survive a
 * read-modify-write; {@link #getPhaseEnum()} is the typed view. A claim that ran out of time is
 * {@code Completed} with a {@link ConditionTypes#TIMED_OUT TimedOut} condition, and {@link
 * #getClaimedReplicas()} tells how many sandboxes it got.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "observedGeneration", "phase", "message", "claimedReplicas", "claimStartTime", "completionTime",
    "conditions"})
@SchemaCustomizer(value = SchemaMergePatch.class, input = SandboxClaimStatus.SCHEMA_PATCH)
public class SandboxClaimStatus extends UnknownFields implements HasConditions {

  private static final long serialVersionUID = 1L;

  /** Schema keywords the generator has no annotation for (merged into the generated schema). */
  static final String SCHEMA_PATCH = "{\"properties\": {"
      + "\"observedGeneration\": {\"format\": \"int64\"},"
      + "\"claimedReplicas\": {\"format\": \"int32\"},"
      + "\"claimStartTime\": {\"format\": \"date-time\"},"
      + "\"completionTime\": {\"format\": \"date-time\"},"
      + "\"conditions\": " + SchemaPatches.CONDITIONS + "}}";

  /** The {@code metadata.generation} the controller last acted on. */
  @JsonProperty("observedGeneration")
  @JsonPropertyDescription("Most recent metadata.generation the controller has acted on.")
  private Long observedGeneration;

  /** The phase as sent by the server (see {@link SandboxClaimPhase}). */
  @JsonProperty("phase")
  @JsonPropertyDescription("Phase of the claim: Claiming while sandboxes are being claimed, "
      + "Completed when done (all claimed or timed out).")
  private String phase;

  /** A human-readable note about the current phase. */
  @JsonProperty("message")
  @JsonPropertyDescription("Human-readable note about the phase.")
  private String message;

  /** How many sandboxes the claim holds. */
  @JsonProperty("claimedReplicas")
  @JsonPropertyDescription("Number of sandboxes the claim holds.")
  private Integer claimedReplicas;

  /** The RFC 3339 time at which claiming started (the claim timeout counts from it). */
  @JsonProperty("claimStartTime")
  @JsonPropertyDescription("RFC 3339 time at which claiming started; the claim timeout counts from it.")
  private String claimStartTime;

  /** The RFC 3339 time at which the claim completed (the time to live counts from it). */
  @JsonProperty("completionTime")
  @JsonPropertyDescription("RFC 3339 time at which the claim completed; ttlAfterCompleted counts from it.")
  private String completionTime;

  /** The conditions ({@link ConditionTypes#COMPLETED}, {@link ConditionTypes#TIMED_OUT}). */
  @JsonProperty("conditions")
  @JsonPropertyDescription("Latest observations of the claim, one per condition type.")
  private List<Condition> conditions;

  /** Creates an empty object; every field is unset. */
  public SandboxClaimStatus() {
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
  public SandboxClaimStatus withObservedGeneration(Long value) {
    this.observedGeneration = value;
    return this;
  }

  /**
   * Returns the phase as sent by the server (see {@link SandboxClaimPhase}).
   *
   * @return the value; {@code null} if unset
   */
  public String getPhase() {
    return phase;
  }

  /**
   * Sets the phase as sent by the server (see {@link SandboxClaimPhase}).
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setPhase(String value) {
    this.phase = value;
  }

  /**
   * Sets the phase as sent by the server (see {@link SandboxClaimPhase}) and returns this object,
   * for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxClaimStatus withPhase(String value) {
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
  public SandboxClaimStatus withMessage(String value) {
    this.message = value;
    return this;
  }

  /**
   * Returns how many sandboxes the claim holds.
   *
   * @return the value; {@code null} if unset
   */
  public Integer getClaimedReplicas() {
    return claimedReplicas;
  }

  /**
   * Sets how many sandboxes the claim holds.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setClaimedReplicas(Integer value) {
    this.claimedReplicas = value;
  }

  /**
   * Sets how many sandboxes the claim holds and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxClaimStatus withClaimedReplicas(Integer value) {
    this.claimedReplicas = value;
    return this;
  }

  /**
   * Returns the RFC 3339 time at which claiming started (the claim timeout counts from it).
   *
   * @return the value; {@code null} if unset
   */
  public String getClaimStartTime() {
    return claimStartTime;
  }

  /**
   * Sets the RFC 3339 time at which claiming started (the claim timeout counts from it).
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setClaimStartTime(String value) {
    this.claimStartTime = value;
  }

  /**
   * Sets the RFC 3339 time at which claiming started (the claim timeout counts from it) and returns
   * this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxClaimStatus withClaimStartTime(String value) {
    this.claimStartTime = value;
    return this;
  }

  /**
   * Returns the RFC 3339 time at which the claim completed (the time to live counts from it).
   *
   * @return the value; {@code null} if unset
   */
  public String getCompletionTime() {
    return completionTime;
  }

  /**
   * Sets the RFC 3339 time at which the claim completed (the time to live counts from it).
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setCompletionTime(String value) {
    this.completionTime = value;
  }

  /**
   * Sets the RFC 3339 time at which the claim completed (the time to live counts from it) and
   * returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxClaimStatus withCompletionTime(String value) {
    this.completionTime = value;
    return this;
  }

  /**
   * Returns the conditions ({@link ConditionTypes#COMPLETED}, {@link ConditionTypes#TIMED_OUT}).
   *
   * @return the value; {@code null} if unset
   */
  public List<Condition> getConditions() {
    return conditions;
  }

  /**
   * Sets the conditions ({@link ConditionTypes#COMPLETED}, {@link ConditionTypes#TIMED_OUT}).
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setConditions(List<Condition> value) {
    this.conditions = value;
  }

  /**
   * Sets the conditions ({@link ConditionTypes#COMPLETED}, {@link ConditionTypes#TIMED_OUT}) and
   * returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxClaimStatus withConditions(List<Condition> value) {
    this.conditions = value;
    return this;
  }

  /**
   * Typed view of {@link #getPhase()}.
   *
   * @return the phase, or {@link SandboxClaimPhase#UNKNOWN} if unset or not known to this client
   */
  @JsonIgnore
  public SandboxClaimPhase getPhaseEnum() {
    return SandboxClaimPhase.parse(phase);
  }

  /**
   * Sets the phase from the enum and returns this object, for chaining.
   *
   * @param value the phase; {@code null} or {@link SandboxClaimPhase#UNKNOWN} unsets it
   * @return this object
   */
  public SandboxClaimStatus withPhase(SandboxClaimPhase value) {
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
  public SandboxClaimStatus addCondition(Condition condition) {
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
    if (!(o instanceof SandboxClaimStatus)) {
      return false;
    }
    SandboxClaimStatus other = (SandboxClaimStatus) o;
    return Objects.equals(observedGeneration, other.observedGeneration)
        && Objects.equals(phase, other.phase)
        && Objects.equals(message, other.message)
        && Objects.equals(claimedReplicas, other.claimedReplicas)
        && Objects.equals(claimStartTime, other.claimStartTime)
        && Objects.equals(completionTime, other.completionTime)
        && Objects.equals(conditions, other.conditions)
        && Objects.equals(getAdditionalProperties(), other.getAdditionalProperties());
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration,
        phase,
        message,
        claimedReplicas,
        claimStartTime,
        completionTime,
        conditions,
        getAdditionalProperties());
  }

  @Override
  public String toString() {
    return "SandboxClaimStatus(" + "observedGeneration=" + observedGeneration + ", "
        + "phase=" + phase + ", "
        + "message=" + message + ", "
        + "claimedReplicas=" + claimedReplicas + ", "
        + "claimStartTime=" + claimStartTime + ", "
        + "completionTime=" + completionTime + ", "
        + "conditions=" + conditions
        + (getAdditionalProperties().isEmpty() ? "" : ", additionalProperties=" + getAdditionalProperties()) + ")";
  }
}
