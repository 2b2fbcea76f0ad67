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
 * Desired state of a {@link SandboxTemplate}: the pod-shaping part of a sandbox, shared by the
 * SandboxSets whose {@code templateRef} names the template and by the SandboxClaims whose {@code
 * templateName} does.
 *
 * <p>A SandboxSet's own {@code pauseStrategy} takes precedence over the template's; the template's
 * is informational for such sets.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "template", "volumeClaimTemplates", "persistentContents", "runtimes", "pauseStrategy"})
@SchemaCustomizer(value = SchemaMergePatch.class, input = SandboxTemplateSpec.SCHEMA_PATCH)
public class SandboxTemplateSpec extends UnknownFields {

  private static final long serialVersionUID = 1L;

  /** Schema keywords the generator has no annotation for (merged into the generated schema). */
  static final String SCHEMA_PATCH = "{\"properties\": {"
      + "\"persistentContents\": {\"x-kubernetes-list-type\": \"atomic\"},"
      + "\"runtimes\": {\"x-kubernetes-list-type\": \"atomic\"}}}";

  /** The pod template of the sandboxes. */
  @JsonProperty("template")
  @JsonPropertyDescription("Pod template of the sandboxes. Not validated by the CRD schema.")
  @SchemaFrom(type = JsonNode.class)
  private PodTemplateSpec template;

  /** The persistent volume claims to create for each sandbox. */
  @JsonProperty("volumeClaimTemplates")
  @JsonPropertyDescription("Persistent volume claims to create for each sandbox. Not validated by "
      + "the CRD schema.")
  @SchemaFrom(type = JsonNode.class)
  private List<PersistentVolumeClaim> volumeClaimTemplates;

  /**
   * What survives a pause and resume: {@link PersistentContents#IP}, {@link
   * PersistentContents#MEMORY}, {@link PersistentContents#FILESYSTEM}.
   */
  @JsonProperty("persistentContents")
  @JsonPropertyDescription("What survives a pause and resume: ip, memory and/or filesystem.")
  private List<String> persistentContents;

  /** The runtime components injected into the sandboxes. */
  @JsonProperty("runtimes")
  @JsonPropertyDescription("Runtime components injected into the sandboxes.")
  private List<SandboxRuntime> runtimes;

  /**
   * How sandboxes built from the template are paused (a SandboxSet's own strategy takes
   * precedence).
   */
  @JsonProperty("pauseStrategy")
  @JsonPropertyDescription("How sandboxes built from the template are paused; a SandboxSet's own "
      + "pauseStrategy takes precedence.")
  private PauseStrategy pauseStrategy;

  /** Creates an empty object; every field is unset. */
  public SandboxTemplateSpec() {
  }

  /**
   * Returns the pod template of the sandboxes.
   *
   * @return the value; {@code null} if unset
   */
  public PodTemplateSpec getTemplate() {
    return template;
  }

  /**
   * Sets the pod template of the sandboxes.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setTemplate(PodTemplateSpec value) {
    this.template = value;
  }

  /**
   * Sets the pod template of the sandboxes and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxTemplateSpec withTemplate(PodTemplateSpec value) {
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
  public SandboxTemplateSpec withVolumeClaimTemplates(List<PersistentVolumeClaim> value) {
    this.volumeClaimTemplates = value;
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
  public SandboxTemplateSpec withPersistentContents(List<String> value) {
    this.persistentContents = value;
    return this;
  }

  /**
   * Returns the runtime components injected into the sandboxes.
   *
   * @return the value; {@code null} if unset
   */
  public List<SandboxRuntime> getRuntimes() {
    return runtimes;
  }

  /**
   * Sets the runtime components injected into the sandboxes.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setRuntimes(List<SandboxRuntime> value) {
    this.runtimes = value;
  }

  /**
   * Sets the runtime components injected into the sandboxes and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxTemplateSpec withRuntimes(List<SandboxRuntime> value) {
    this.runtimes = value;
    return this;
  }

  /**
   * Returns how sandboxes built from the template are paused (a SandboxSet's own strategy takes
   * precedence).
   *
   * @return the value; {@code null} if unset
   */
  public PauseStrategy getPauseStrategy() {
    return pauseStrategy;
  }

  /**
   * Sets how sandboxes built from the template are paused (a SandboxSet's own strategy takes
   * precedence).
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setPauseStrategy(PauseStrategy value) {
    this.pauseStrategy = value;
  }

  /**
   * Sets how sandboxes built from the template are paused (a SandboxSet's own strategy takes
   * precedence) and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxTemplateSpec withPauseStrategy(PauseStrategy value) {
    this.pauseStrategy = value;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SandboxTemplateSpec)) {
      return false;
    }
    SandboxTemplateSpec other = (SandboxTemplateSpec) o;
    return Objects.equals(template, other.template)
        && Objects.equals(volumeClaimTemplates, other.volumeClaimTemplates)
        && Objects.equals(persistentContents, other.persistentContents)
        && Objects.equals(runtimes, other.runtimes)
        && Objects.equals(pauseStrategy, other.pauseStrategy)
        && Objects.equals(getAdditionalProperties(), other.getAdditionalProperties());
  }

  @Override
  public int hashCode() {
    return Objects.hash(template,
        volumeClaimTemplates,
        persistentContents,
        runtimes,
        pauseStrategy,
        getAdditionalProperties());
  }

  @Override
  public String toString() {
    return "SandboxTemplateSpec(" + "template=" + template + ", "
        + "volumeClaimTemplates=" + volumeClaimTemplates + ", "
        + "persistentContents=" + persistentContents + ", "
        + "runtimes=" + runtimes + ", "
        + "pauseStrategy=" + pauseStrategy
        + (getAdditionalProperties().isEmpty() ? "" : ", additionalProperties=" + getAdditionalProperties()) + ")";
  }
}
