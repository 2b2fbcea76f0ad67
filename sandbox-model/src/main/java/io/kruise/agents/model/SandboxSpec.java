package io.kruise.agents.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.kruise.agents.model.schema.SchemaMergePatch;
import java.util.List;
import java.util.Objects;

/**
 * Desired state of a {@link Sandbox}: what to run (inline pod template or template reference),
 * whether it is paused, when it shuts down, and how it pauses and upgrades.
 *
 * <p>Times ({@link #getShutdownTime()}, {@link #getPauseTime()}) are RFC 3339 strings, the way
 * fabric8 keeps {@code metav1.Time}; {@link Times} converts them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "paused", "pauseStrategy", "persistentContents", "shutdownTime", "runtimes", "pauseTime",
    "lifecycle", "upgradePolicy", "templateRef", "template", "volumeClaimTemplates"})
@SchemaCustomizer(value = SchemaMergePatch.class, input = SandboxSpec.SCHEMA_PATCH)
public class SandboxSpec extends UnknownFields {

  private static final long serialVersionUID = 1L;

  /** Schema keywords the generator has no annotation for (merged into the generated schema). */
  static final String SCHEMA_PATCH = "{\"properties\": {"
      + "\"pauseTime\": {\"format\": \"date-time\"},"
      + "\"shutdownTime\": {\"format\": \"date-time\"},"
      + "\"persistentContents\": {\"x-kubernetes-list-type\": \"atomic\"},"
      + "\"runtimes\": {\"x-kubernetes-list-type\": \"atomic\"}}}";

  /** Whether the sandbox should be paused. */
  @JsonProperty("paused")
  @JsonPropertyDescription("Pause the sandbox when true.")
  private Boolean paused;

  /** How the sandbox is paused. */
  @JsonProperty("pauseStrategy")
  @JsonPropertyDescription("How the sandbox is paused.")
  private PauseStrategy pauseStrategy;

  /**
   * What survives a pause and resume: {@link PersistentContents#IP}, {@link
   * PersistentContents#MEMORY}, {@link PersistentContents#FILESYSTEM}.
   */
  @JsonProperty("persistentContents")
  @JsonPropertyDescription("What survives a pause and resume: ip, memory and/or filesystem.")
  private List<String> persistentContents;

  /** The RFC 3339 time at which the sandbox is deleted (a past time deletes it at once). */
  @JsonProperty("shutdownTime")
  @JsonPropertyDescription("RFC 3339 time at which the sandbox is deleted; a past time deletes it "
      + "immediately.")
  private String shutdownTime;

  /** The runtime components injected into the sandbox. */
  @JsonProperty("runtimes")
  @JsonPropertyDescription("Runtime components injected into the sandbox.")
  private List<SandboxRuntime> runtimes;

  /** The RFC 3339 time at which the sandbox is paused automatically. */
  @JsonProperty("pauseTime")
  @JsonPropertyDescription("RFC 3339 time at which the sandbox is paused automatically.")
  private String pauseTime;

  /** The hooks run around an upgrade. */
  @JsonProperty("lifecycle")
  @JsonPropertyDescription("Hooks run around an upgrade.")
  private SandboxLifecycle lifecycle;

  /** Whether and how the sandbox can be upgraded. */
  @JsonProperty("upgradePolicy")
  @JsonPropertyDescription("Whether and how the sandbox can be upgraded.")
  private UpgradePolicy upgradePolicy;

  /** The template to build the pod from, instead of an inline {@code template}. */
  @JsonProperty("templateRef")
  @JsonPropertyDescription("Reference to a SandboxTemplate to build the pod from; mutually exclusive with "
      + "template.")
  private TemplateRef templateRef;

  /** The inline pod template (mutually exclusive with {@code templateRef}). */
  @JsonProperty("template")
  @JsonPropertyDescription("Inline pod template; mutually exclusive with templateRef. Not validated by the "
      + "CRD schema.")
  @SchemaFrom(type = JsonNode.class)
  private PodTemplateSpec template;

  /** The persistent volume claims to create for each sandbox. */
  @JsonProperty("volumeClaimTemplates")
  @JsonPropertyDescription("Persistent volume claims to create for the sandbox. Not validated by the CRD "
      + "schema.")
  @SchemaFrom(type = JsonNode.class)
  private List<PersistentVolumeClaim> volumeClaimTemplates;

  /** Creates an empty object; every field is unset. */
  public SandboxSpec() {
  }

  /**
   * Returns whether the sandbox should be paused.
   *
   * @return the value; {@code null} if unset
   */
  public Boolean getPaused() {
    return paused;
  }

  /**
   * Sets whether the sandbox should be paused.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setPaused(Boolean value) {
    this.paused = value;
  }

  /**
   * Sets whether the sandbox should be paused and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxSpec withPaused(Boolean value) {
    this.paused = value;
    return this;
  }

  /**
   * Returns how the sandbox is paused.
   *
   * @return the value; {@code null} if unset
   */
  public PauseStrategy getPauseStrategy() {
    return pauseStrategy;
  }

  /**
   * Sets how the sandbox is paused.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setPauseStrategy(PauseStrategy value) {
    this.pauseStrategy = value;
  }

  /**
   * Sets how the sandbox is paused and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxSpec withPauseStrategy(PauseStrategy value) {
    this.pauseStrategy = value;
    return this;
  }

  /**
   * Returns what survives a pause and resume: {@link PersistentContents#IP}, {@link
   * PersistentContents#MEMORY}, {@link PersistentContents#FILESYSTEM}.
   *
   * @return the value; {@code null} if unset
   */
  public List<String> getPersistentContents() {
    return persistentContents;
  }

  /**
   * Sets what survives a pause and resume: {@link PersistentContents#IP}, {@link
   * PersistentContents#MEMORY}, {@link PersistentContents#FILESYSTEM}.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setPersistentContents(List<String> value) {
    this.persistentContents = value;
  }

  /**
   * Sets what survives a pause and resume: {@link PersistentContents#IP}, {@link
   * PersistentContents#MEMORY}, {@link PersistentContents#FILESYSTEM} and returns this object, for
   * chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxSpec withPersistentContents(List<String> value) {
    this.persistentContents = value;
    return this;
  }

  /**
   * Returns the RFC 3339 time at which the sandbox is deleted (a past time deletes it at once).
   *
   * @return the value; {@code null} if unset
   */
  public String getShutdownTime() {
    return shutdownTime;
  }

  /**
   * Sets the RFC 3339 time at which the sandbox is deleted (a past time deletes it at once).
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setShutdownTime(String value) {
    this.shutdownTime = value;
  }

  /**
   * Sets the RFC 3339 time at which the sandbox is deleted (a past time deletes it at once) and
   * returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxSpec withShutdownTime(String value) {
    this.shutdownTime = value;
    return this;
  }

  /**
   * Returns the runtime components injected into the sandbox.
   *
   * @return the value; {@code null} if unset
   */
  public List<SandboxRuntime> getRuntimes() {
    return runtimes;
  }

  /**
   * Sets the runtime components injected into the sandbox.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setRuntimes(List<SandboxRuntime> value) {
    this.runtimes = value;
  }

  /**
   * Sets the runtime components injected into the sandbox and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxSpec withRuntimes(List<SandboxRuntime> value) {
    this.runtimes = value;
    return this;
  }

  /**
   * Returns the RFC 3339 time at which the sandbox is paused automatically.
   *
   * @return the value; {@code null} if unset
   */
  public String getPauseTime() {
    return pauseTime;
  }

  /**
   * Sets the RFC 3339 time at which the sandbox is paused automatically.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setPauseTime(String value) {
    this.pauseTime = value;
  }

  /**
   * Sets the RFC 3339 time at which the sandbox is paused automatically and returns this object, for
   * chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxSpec withPauseTime(String value) {
    this.pauseTime = value;
    return this;
  }

  /**
   * Returns the hooks run around an upgrade.
   *
   * @return the value; {@code null} if unset
   */
  public SandboxLifecycle getLifecycle() {
    return lifecycle;
  }

  /**
   * Sets the hooks run around an upgrade.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setLifecycle(SandboxLifecycle value) {
    this.lifecycle = value;
  }

  /**
   * Sets the hooks run around an upgrade and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxSpec withLifecycle(SandboxLifecycle value) {
    this.lifecycle = value;
    return this;
  }

  /**
   * Returns whether and how the sandbox can be upgraded.
   *
   * @return the value; {@code null} if unset
   */
  public UpgradePolicy getUpgradePolicy() {
    return upgradePolicy;
  }

  /**
   * Sets whether and how the sandbox can be upgraded.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setUpgradePolicy(UpgradePolicy value) {
    this.upgradePolicy = value;
  }

  /**
   * Sets whether and how the sandbox can be upgraded and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxSpec withUpgradePolicy(UpgradePolicy value) {
    this.upgradePolicy = value;
    return this;
  }

  /**
   * Returns the template to build the pod from, instead of an inline {@code template}.
   *
   * @return the value; {@code null} if unset
   */
  public TemplateRef getTemplateRef() {
    return templateRef;
  }

  /**
   * Sets the template to build the pod from, instead of an inline {@code template}.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setTemplateRef(TemplateRef value) {
    this.templateRef = value;
  }

  /**
   * Sets the template to build the pod from, instead of an inline {@code template} and returns this
   * object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxSpec withTemplateRef(TemplateRef value) {
    this.templateRef = value;
    return this;
  }

  /**
   * Returns the inline pod template (mutually exclusive with {@code templateRef}).
   *
   * @return the value; {@code null} if unset
   */
  public PodTemplateSpec getTemplate() {
    return template;
  }

  /**
   * Sets the inline pod template (mutually exclusive with {@code templateRef}).
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setTemplate(PodTemplateSpec value) {
    this.template = value;
  }

  /**
   * Sets the inline pod template (mutually exclusive with {@code templateRef}) and returns this
   * object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxSpec withTemplate(PodTemplateSpec value) {
    this.template = value;
    return this;
  }

  /**
   * Returns the persistent volume claims to create for each sandbox.
   *
   * @return the value; {@code null} if unset
   */
  public List<PersistentVolumeClaim> getVolumeClaimTemplates() {
    return volumeClaimTemplates;
  }

  /**
   * Sets the persistent volume claims to create for each sandbox.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setVolumeClaimTemplates(List<PersistentVolumeClaim> value) {
    this.volumeClaimTemplates = value;
  }

  /**
   * Sets the persistent volume claims to create for each sandbox and returns this object, for
   * chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxSpec withVolumeClaimTemplates(List<PersistentVolumeClaim> value) {
    this.volumeClaimTemplates = value;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SandboxSpec)) {
      return false;
    }
    SandboxSpec other = (SandboxSpec) o;
    return Objects.equals(paused, other.paused)
        && Objects.equals(pauseStrategy, other.pauseStrategy)
        && Objects.equals(persistentContents, other.persistentContents)
        && Objects.equals(shutdownTime, other.shutdownTime)
        && Objects.equals(runtimes, other.runtimes)
        && Objects.equals(pauseTime, other.pauseTime)
        && Objects.equals(lifecycle, other.lifecycle)
        && Objects.equals(upgradePolicy, other.upgradePolicy)
        && Objects.equals(templateRef, other.templateRef)
        && Objects.equals(template, other.template)
        && Objects.equals(volumeClaimTemplates, other.volumeClaimTemplates)
        && Objects.equals(getAdditionalProperties(), other.getAdditionalProperties());
  }

  @Override
  public int hashCode() {
    return Objects.hash(paused,
        pauseStrategy,
        persistentContents,
        shutdownTime,
        runtimes,
        pauseTime,
        lifecycle,
        upgradePolicy,
        templateRef,
        template,
        volumeClaimTemplates,
        getAdditionalProperties());
  }

  @Override
  public String toString() {
    return "SandboxSpec(" + "paused=" + paused + ", "
        + "pauseStrategy=" + pauseStrategy + ", "
        + "persistentContents=" + persistentContents + ", "
        + "shutdownTime=" + shutdownTime + ", "
        + "runtimes=" + runtimes + ", "
        + "pauseTime=" + pauseTime + ", "
        + "lifecycle=" + lifecycle + ", "
        + "upgradePolicy=" + upgradePolicy + ", "
        + "templateRef=" + templateRef + ", "
        + "template=" + template + ", "
        + "volumeClaimTemplates=" + volumeClaimTemplates
        + (getAdditionalProperties().isEmpty() ? "" : ", additionalProperties=" + getAdditionalProperties()) + ")";
  }
}
