package io.kruise.agents.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.kruise.agents.model.schema.SchemaMergePatch;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Desired state of a {@link SandboxClaim}: how many sandboxes to take from the pool of which
 * template, what to stamp on them, and how long claiming, readiness and the finished claim may
 * take.
 *
 * <p>Durations ({@link #getClaimTimeout()}, {@link #getWaitReadyTimeout()}, {@link
 * #getTtlAfterCompleted()}) are Go duration strings such as {@code 1m30s}, the way Kubernetes
 * writes {@code metav1.Duration}; {@link GoDurations} converts them and the {@code effective...}
 * methods apply the server's defaults. {@link #getShutdownTime()} is an RFC 3339 string ({@link
 * Times}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "templateName", "replicas", "shutdownTime", "claimTimeout", "ttlAfterCompleted", "labels",
    "annotations", "envVars", "inplaceUpdate", "dynamicVolumesMount", "runtimes",
    "reserveFailedSandbox", "createOnNoStock", "waitReadyTimeout", "skipInitRuntime"})
@SchemaCustomizer(value = SchemaMergePatch.class, input = SandboxClaimSpec.SCHEMA_PATCH)
public class SandboxClaimSpec extends UnknownFields {

  private static final long serialVersionUID = 1L;

  /** Replicas the server assumes when {@code replicas} is unset. */
  public static final int DEFAULT_REPLICAS = 1;
  /** Claim timeout the server assumes when {@code claimTimeout} is unset ({@code 1m}). */
  public static final Duration DEFAULT_CLAIM_TIMEOUT = Duration.ofMinutes(1);
  /** Ready timeout the server assumes when {@code waitReadyTimeout} is unset ({@code 30s}). */
  public static final Duration DEFAULT_WAIT_READY_TIMEOUT = Duration.ofSeconds(30);
  /** Time to live the server assumes when {@code ttlAfterCompleted} is unset ({@code 60m}). */
  public static final Duration DEFAULT_TTL_AFTER_COMPLETED = Duration.ofMinutes(60);

  /** Schema keywords the generator has no annotation for (merged into the generated schema). */
  static final String SCHEMA_PATCH = "{\"properties\": {"
      + "\"replicas\": {\"format\": \"int32\"},"
      + "\"shutdownTime\": {\"format\": \"date-time\"},"
      + "\"labels\": {\"x-kubernetes-map-type\": \"granular\"},"
      + "\"annotations\": {\"x-kubernetes-map-type\": \"granular\"},"
      + "\"envVars\": {\"x-kubernetes-map-type\": \"granular\"},"
      + "\"dynamicVolumesMount\": {\"x-kubernetes-list-type\": \"map\","
      + " \"x-kubernetes-list-map-keys\": [\"mountPath\"]},"
      + "\"runtimes\": {\"x-kubernetes-list-type\": \"atomic\"}}}";

  /** The name of the template whose pool (SandboxSet) to claim from. */
  @JsonProperty("templateName")
  @JsonPropertyDescription("Name of the template whose SandboxSet pool to claim from.")
  @Required
  private String templateName;

  /** How many sandboxes to claim (immutable; the server defaults it to 1). */
  @JsonProperty("replicas")
  @JsonPropertyDescription("How many sandboxes to claim; at least 1, immutable once set.")
  @Default("1")
  @Min(1)
  @ValidationRule(value = "self == oldSelf", message = "replicas is immutable")
  private Integer replicas;

  /**
   * The RFC 3339 time at which the claimed sandboxes shut down (copied to their {@code
   * spec.shutdownTime}).
   */
  @JsonProperty("shutdownTime")
  @JsonPropertyDescription("RFC 3339 time at which the claimed sandboxes shut down; set as their "
      + "spec.shutdownTime.")
  private String shutdownTime;

  /**
   * The Go duration claiming may take before the claim completes with what it got (the server
   * defaults it to {@code 1m}).
   */
  @JsonProperty("claimTimeout")
  @JsonPropertyDescription("Go duration claiming may take; when it is over the claim completes with "
      + "what it got. At least 1s.")
  @Default("1m")
  @ValidationRule(value = "duration(self) >= duration('1s')",
      message = "claimTimeout must be at least 1 second")
  private String claimTimeout;

  /**
   * The Go duration after completion at which the claim (not its sandboxes) is deleted; negative
   * never deletes it (the server defaults it to {@code 60m}).
   */
  @JsonProperty("ttlAfterCompleted")
  @JsonPropertyDescription("Go duration after completion at which the claim, not its sandboxes, is "
      + "deleted; negative never deletes it.")
  @Default("60m")
  private String ttlAfterCompleted;

  /** The labels to add to the claimed sandboxes. */
  @JsonProperty("labels")
  @JsonPropertyDescription("Labels to add to the claimed sandboxes.")
  private Map<String, String> labels;

  /** The annotations to add to the claimed sandboxes. */
  @JsonProperty("annotations")
  @JsonPropertyDescription("Annotations to add to the claimed sandboxes.")
  private Map<String, String> annotations;

  /** The environment variables passed to the sandbox runtime's init endpoint after claiming. */
  @JsonProperty("envVars")
  @JsonPropertyDescription("Environment variables passed to the init endpoint of the sandbox "
      + "runtime after claiming.")
  private Map<String, String> envVars;

  /** The in-place update applied to each sandbox while it is claimed. */
  @JsonProperty("inplaceUpdate")
  @JsonPropertyDescription("In-place update applied to each sandbox while it is claimed.")
  private SandboxClaimInplaceUpdate inplaceUpdate;

  /** The persistent volumes mounted into the claimed sandboxes, keyed by mount path. */
  @JsonProperty("dynamicVolumesMount")
  @JsonPropertyDescription("Persistent volumes mounted into the claimed sandboxes, keyed by mountPath.")
  private List<DynamicVolumeMount> dynamicVolumesMount;

  /** The runtime components of the claimed sandboxes. */
  @JsonProperty("runtimes")
  @JsonPropertyDescription("Runtime components of the claimed sandboxes.")
  private List<SandboxRuntime> runtimes;

  /** Whether sandboxes that fail while being claimed are kept instead of deleted. */
  @JsonProperty("reserveFailedSandbox")
  @JsonPropertyDescription("Keep sandboxes that fail while being claimed when true.")
  private Boolean reserveFailedSandbox;

  /**
   * Whether a new sandbox is created when the pool has none available (the server defaults it to
   * true).
   */
  @JsonProperty("createOnNoStock")
  @JsonPropertyDescription("Create a new sandbox when the pool has none available.")
  @Default("true")
  private Boolean createOnNoStock;

  /**
   * The Go duration to wait for a claimed sandbox to become ready, e.g. after an in-place update or
   * a creation (the server defaults it to {@code 30s}).
   */
  @JsonProperty("waitReadyTimeout")
  @JsonPropertyDescription("Go duration to wait for a claimed sandbox to become ready, e.g. after "
      + "an in-place update or a creation. At least 1s.")
  @Default("30s")
  @ValidationRule(value = "duration(self) >= duration('1s')",
      message = "waitReadyTimeout must be at least 1 second")
  private String waitReadyTimeout;

  /**
   * Whether the runtime initialisation of the claimed sandboxes is skipped (the server defaults it
   * to false).
   */
  @JsonProperty("skipInitRuntime")
  @JsonPropertyDescription("Skip the runtime initialisation of the claimed sandboxes when true.")
  @Default("false")
  private Boolean skipInitRuntime;

  /** Creates an empty object; every field is unset. */
  public SandboxClaimSpec() {
  }

  /**
   * Returns the name of the template whose pool (SandboxSet) to claim from.
   *
   * @return the value; {@code null} if unset
   */
  public String getTemplateName() {
    return templateName;
  }

  /**
   * Sets the name of the template whose pool (SandboxSet) to claim from.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setTemplateName(String value) {
    this.templateName = value;
  }

  /**
   * Sets the name of the template whose pool (SandboxSet) to claim from and returns this object,
   * for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxClaimSpec withTemplateName(String value) {
    this.templateName = value;
    return this;
  }

  /**
   * Returns how many sandboxes to claim (immutable; the server defaults it to 1).
   *
   * @return the value; {@code null} if unset
   */
  public Integer getReplicas() {
    return replicas;
  }

  /**
   * Sets how many sandboxes to claim (immutable; the server defaults it to 1).
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setReplicas(Integer value) {
    this.replicas = value;
  }

  /**
   * Sets how many sandboxes to claim (immutable; the server defaults it to 1) and returns this
   * object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxClaimSpec withReplicas(Integer value) {
    this.replicas = value;
    return this;
  }

  /**
   * Returns the RFC 3339 time at which the claimed sandboxes shut down (copied to their {@code
   * spec.shutdownTime}).
   *
   * @return the value; {@code null} if unset
   */
  public String getShutdownTime() {
    return shutdownTime;
  }

  /**
   * Sets the RFC 3339 time at which the claimed sandboxes shut down (copied to their {@code
   * spec.shutdownTime}).
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setShutdownTime(String value) {
    this.shutdownTime = value;
  }

  /**
   * Sets the RFC 3339 time at which the claimed sandboxes shut down (copied to their {@code
   * spec.shutdownTime}) and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxClaimSpec withShutdownTime(String value) {
    this.shutdownTime = value;
    return this;
  }

  /**
   * Returns the Go duration claiming may take before the claim completes with what it got (the
   * server defaults it to {@code 1m}).
   *
   * @return the value; {@code null} if unset
   */
  public String getClaimTimeout() {
    return claimTimeout;
  }

  /**
   * Sets the Go duration claiming may take before the claim completes with what it got (the server
   * defaults it to {@code 1m}).
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setClaimTimeout(String value) {
    this.claimTimeout = value;
  }

  /**
   * Sets the Go duration claiming may take before the claim completes with what it got (the server
   * defaults it to {@code 1m}) and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxClaimSpec withClaimTimeout(String value) {
    this.claimTimeout = value;
    return this;
  }

  /**
   * Returns the Go duration after completion at which the claim (not its sandboxes) is deleted;
   * negative never deletes it (the server defaults it to {@code 60m}).
   *
   * @return the value; {@code null} if unset
   */
  public String getTtlAfterCompleted() {
    return ttlAfterCompleted;
  }

  /**
   * Sets the Go duration after completion at which the claim (not its sandboxes) is deleted;
   * negative never deletes it (the server defaults it to {@code 60m}).
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setTtlAfterCompleted(String value) {
    this.ttlAfterCompleted = value;
  }

  /**
   * Sets the Go duration after completion at which the claim (not its sandboxes) is deleted;
   * negative never deletes it (the server defaults it to {@code 60m}) and returns this object, for
   * chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxClaimSpec withTtlAfterCompleted(String value) {
    this.ttlAfterCompleted = value;
    return this;
  }

  /**
   * Returns the labels to add to the claimed sandboxes.
   *
   * @return the value; {@code null} if unset
   */
  public Map<String, String> getLabels() {
    return labels;
  }

  /**
   * Sets the labels to add to the claimed sandboxes.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setLabels(Map<String, String> value) {
    this.labels = value;
  }

  /**
   * Sets the labels to add to the claimed sandboxes and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxClaimSpec withLabels(Map<String, String> value) {
    this.labels = value;
    return this;
  }

  /**
   * Returns the annotations to add to the claimed sandboxes.
   *
   * @return the value; {@code null} if unset
   */
  public Map<String, String> getAnnotations() {
    return annotations;
  }

  /**
   * Sets the annotations to add to the claimed sandboxes.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setAnnotations(Map<String, String> value) {
    this.annotations = value;
  }

  /**
   * Sets the annotations to add to the claimed sandboxes and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxClaimSpec withAnnotations(Map<String, String> value) {
    this.annotations = value;
    return this;
  }

  /**
   * Returns the environment variables passed to the sandbox runtime's init endpoint after claiming.
   *
   * @return the value; {@code null} if unset
   */
  public Map<String, String> getEnvVars() {
    return envVars;
  }

  /**
   * Sets the environment variables passed to the sandbox runtime's init endpoint after claiming.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setEnvVars(Map<String, String> value) {
    this.envVars = value;
  }

  /**
   * Sets the environment variables passed to the sandbox runtime's init endpoint after claiming and
   * returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxClaimSpec withEnvVars(Map<String, String> value) {
    this.envVars = value;
    return this;
  }

  /**
   * Returns the in-place update applied to each sandbox while it is claimed.
   *
   * @return the value; {@code null} if unset
   */
  public SandboxClaimInplaceUpdate getInplaceUpdate() {
    return inplaceUpdate;
  }

  /**
   * Sets the in-place update applied to each sandbox while it is claimed.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setInplaceUpdate(SandboxClaimInplaceUpdate value) {
    this.inplaceUpdate = value;
  }

  /**
   * Sets the in-place update applied to each sandbox while it is claimed and returns this object,
   * for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxClaimSpec withInplaceUpdate(SandboxClaimInplaceUpdate value) {
    this.inplaceUpdate = value;
    return this;
  }

  /**
   * Returns the persistent volumes mounted into the claimed sandboxes, keyed by mount path.
   *
   * @return the value; {@code null} if unset
   */
  public List<DynamicVolumeMount> getDynamicVolumesMount() {
    return dynamicVolumesMount;
  }

  /**
   * Sets the persistent volumes mounted into the claimed sandboxes, keyed by mount path.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setDynamicVolumesMount(List<DynamicVolumeMount> value) {
    this.dynamicVolumesMount = value;
  }

  /**
   * Sets the persistent volumes mounted into the claimed sandboxes, keyed by mount path and returns
   * this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxClaimSpec withDynamicVolumesMount(List<DynamicVolumeMount> value) {
    this.dynamicVolumesMount = value;
    return this;
  }

  /**
   * Returns the runtime components of the claimed sandboxes.
   *
   * @return the value; {@code null} if unset
   */
  public List<SandboxRuntime> getRuntimes() {
    return runtimes;
  }

  /**
   * Sets the runtime components of the claimed sandboxes.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setRuntimes(List<SandboxRuntime> value) {
    this.runtimes = value;
  }

  /**
   * Sets the runtime components of the claimed sandboxes and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxClaimSpec withRuntimes(List<SandboxRuntime> value) {
    this.runtimes = value;
    return this;
  }

  /**
   * Returns whether sandboxes that fail while being claimed are kept instead of deleted.
   *
   * @return the value; {@code null} if unset
   */
  public Boolean getReserveFailedSandbox() {
    return reserveFailedSandbox;
  }

  /**
   * Sets whether sandboxes that fail while being claimed are kept instead of deleted.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setReserveFailedSandbox(Boolean value) {
    this.reserveFailedSandbox = value;
  }

  /**
   * Sets whether sandboxes that fail while being claimed are kept instead of deleted and returns
   * this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxClaimSpec withReserveFailedSandbox(Boolean value) {
    this.reserveFailedSandbox = value;
    return this;
  }

  /**
   * Returns whether a new sandbox is created when the pool has none available (the server defaults
   * it to true).
   *
   * @return the value; {@code null} if unset
   */
  public Boolean getCreateOnNoStock() {
    return createOnNoStock;
  }

  /**
   * Sets whether a new sandbox is created when the pool has none available (the server defaults it
   * to true).
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setCreateOnNoStock(Boolean value) {
    this.createOnNoStock = value;
  }

  /**
   * Sets whether a new sandbox is created when the pool has none available (the server defaults it
   * to true) and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxClaimSpec withCreateOnNoStock(Boolean value) {
    this.createOnNoStock = value;
    return this;
  }

  /**
   * Returns the Go duration to wait for a claimed sandbox to become ready, e.g. after an in-place
   * update or a creation (the server defaults it to {@code 30s}).
   *
   * @return the value; {@code null} if unset
   */
  public String getWaitReadyTimeout() {
    return waitReadyTimeout;
  }

  /**
   * Sets the Go duration to wait for a claimed sandbox to become ready, e.g. after an in-place
   * update or a creation (the server defaults it to {@code 30s}).
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setWaitReadyTimeout(String value) {
    this.waitReadyTimeout = value;
  }

  /**
   * Sets the Go duration to wait for a claimed sandbox to become ready, e.g. after an in-place
   * update or a creation (the server defaults it to {@code 30s}) and returns this object, for
   * chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxClaimSpec withWaitReadyTimeout(String value) {
    this.waitReadyTimeout = value;
    return this;
  }

  /**
   * Returns whether the runtime initialisation of the claimed sandboxes is skipped (the server
   * defaults it to false).
   *
   * @return the value; {@code null} if unset
   */
  public Boolean getSkipInitRuntime() {
    return skipInitRuntime;
  }

  /**
   * Sets whether the runtime initialisation of the claimed sandboxes is skipped (the server
   * defaults it to false).
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setSkipInitRuntime(Boolean value) {
    this.skipInitRuntime = value;
  }

  /**
   * Sets whether the runtime initialisation of the claimed sandboxes is skipped (the server
   * defaults it to false) and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxClaimSpec withSkipInitRuntime(Boolean value) {
    this.skipInitRuntime = value;
    return this;
  }

  /**
   * The number of sandboxes to claim, with the server's default applied.
   *
   * @return {@link #getReplicas()}, or {@link #DEFAULT_REPLICAS} when unset
   */
  public int effectiveReplicas() {
    return replicas == null ? DEFAULT_REPLICAS : replicas;
  }

  /**
   * How long claiming may take, with the server's default applied.
   *
   * @return {@link #getClaimTimeout()} parsed, or {@link #DEFAULT_CLAIM_TIMEOUT} when unset or
   *     not a Go duration
   */
  public Duration effectiveClaimTimeout() {
    return GoDurations.parse(claimTimeout).orElse(DEFAULT_CLAIM_TIMEOUT);
  }

  /**
   * How long to wait for claimed sandboxes to become ready, with the server's default applied.
   *
   * @return {@link #getWaitReadyTimeout()} parsed, or {@link #DEFAULT_WAIT_READY_TIMEOUT} when
   *     unset or not a Go duration
   */
  public Duration effectiveWaitReadyTimeout() {
    return GoDurations.parse(waitReadyTimeout).orElse(DEFAULT_WAIT_READY_TIMEOUT);
  }

  /**
   * How long the claim lives after completion, with the server's default applied.
   *
   * @return {@link #getTtlAfterCompleted()} parsed, or {@link #DEFAULT_TTL_AFTER_COMPLETED} when
   *     unset or not a Go duration; a negative duration means the claim is never deleted
   */
  public Duration effectiveTtlAfterCompleted() {
    return GoDurations.parse(ttlAfterCompleted).orElse(DEFAULT_TTL_AFTER_COMPLETED);
  }

  /**
   * Sets {@link #getClaimTimeout()} from a duration and returns this object, for chaining.
   *
   * @param value the timeout, written as a Go duration (e.g. {@code 1m30s}); {@code null} unsets it
   * @return this object
   */
  public SandboxClaimSpec withClaimTimeout(Duration value) {
    this.claimTimeout = value == null ? null : GoDurations.format(value);
    return this;
  }

  /**
   * Sets {@link #getWaitReadyTimeout()} from a duration and returns this object, for chaining.
   *
   * @param value the timeout, written as a Go duration; {@code null} unsets it
   * @return this object
   */
  public SandboxClaimSpec withWaitReadyTimeout(Duration value) {
    this.waitReadyTimeout = value == null ? null : GoDurations.format(value);
    return this;
  }

  /**
   * Sets {@link #getTtlAfterCompleted()} from a duration and returns this object, for chaining.
   *
   * @param value the time to live, written as a Go duration; negative never deletes the claim;
   *     {@code null} unsets it
   * @return this object
   */
  public SandboxClaimSpec withTtlAfterCompleted(Duration value) {
    this.ttlAfterCompleted = value == null ? null : GoDurations.format(value);
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SandboxClaimSpec)) {
      return false;
    }
    SandboxClaimSpec other = (SandboxClaimSpec) o;
    return Objects.equals(templateName, other.templateName)
        && Objects.equals(replicas, other.replicas)
        && Objects.equals(shutdownTime, other.shutdownTime)
        && Objects.equals(claimTimeout, other.claimTimeout)
        && Objects.equals(ttlAfterCompleted, other.ttlAfterCompleted)
        && Objects.equals(labels, other.labels)
        && Objects.equals(annotations, other.annotations)
        && Objects.equals(envVars, other.envVars)
        && Objects.equals(inplaceUpdate, other.inplaceUpdate)
        && Objects.equals(dynamicVolumesMount, other.dynamicVolumesMount)
        && Objects.equals(runtimes, other.runtimes)
        && Objects.equals(reserveFailedSandbox, other.reserveFailedSandbox)
        && Objects.equals(createOnNoStock, other.createOnNoStock)
        && Objects.equals(waitReadyTimeout, other.waitReadyTimeout)
        && Objects.equals(skipInitRuntime, other.skipInitRuntime)
        && Objects.equals(getAdditionalProperties(), other.getAdditionalProperties());
  }

  @Override
  public int hashCode() {
    return Objects.hash(templateName,
        replicas,
        shutdownTime,
        claimTimeout,
        ttlAfterCompleted,
        labels,
        annotations,
        envVars,
        inplaceUpdate,
        dynamicVolumesMount,
        runtimes,
        reserveFailedSandbox,
        createOnNoStock,
        waitReadyTimeout,
        skipInitRuntime,
        getAdditionalProperties());
  }

  @Override
  public String toString() {
    return "SandboxClaimSpec(" + "templateName=" + templateName + ", "
        + "replicas=" + replicas + ", "
        + "shutdownTime=" + shutdownTime + ", "
        + "claimTimeout=" + claimTimeout + ", "
        + "ttlAfterCompleted=" + ttlAfterCompleted + ", "
        + "labels=" + labels + ", "
        + "annotations=" + annotations + ", "
        + "envVars=" + envVars + ", "
        + "inplaceUpdate=" + inplaceUpdate + ", "
        + "dynamicVolumesMount=" + dynamicVolumesMount + ", "
        + "runtimes=" + runtimes + ", "
        + "reserveFailedSandbox=" + reserveFailedSandbox + ", "
        + "createOnNoStock=" + createOnNoStock + ", "
        + "waitReadyTimeout=" + waitReadyTimeout + ", "
        + "skipInitRuntime=" + skipInitRuntime
        + (getAdditionalProperties().isEmpty() ? "" : ", additionalProperties=" + getAdditionalProperties()) + ")";
  }
}
