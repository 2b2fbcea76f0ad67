package io.kruise.agents.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import io.kruise.agents.model.schema.SchemaMergePatch;
import java.util.List;
import java.util.Objects;

/**
 * Desired state of a {@link SandboxSet}: how many unclaimed sandboxes to keep warm and what they
 * look like. The pod-shaping fields are copied onto every sandbox the set creates.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "replicas", "pauseStrategy", "persistentContents", "runtimes", "templateRef", "template",
    "volumeClaimTemplates", "scaleStrategy", "updateStrategy"})
@SchemaCustomizer(value = SchemaMergePatch.class, input = SandboxSetSpec.SCHEMA_PATCH)
public class SandboxSetSpec extends UnknownFields {

  private static final long serialVersionUID = 1L;

  /** Schema keywords the generator has no annotation for (merged into the generated schema). */
  static final String SCHEMA_PATCH = "{\"properties\": {"
      + "\"replicas\": {\"format\": \"int32\"},"
      + "\"persistentContents\": {\"x-kubernetes-list-type\": \"atomic\"},"
      + "\"runtimes\": {\"x-kubernetes-list-type\": \"atomic\"}}}";

  /** The number of unclaimed sandboxes to keep (available plus creating). */
  @JsonProperty("replicas")
  @JsonPropertyDescription("Number of unclaimed sandboxes to keep, counting available and creating ones.")
  @Required
  @SpecReplicas
  private Integer replicas;

  /** How created sandboxes are paused (copied onto each sandbox). */
  @JsonProperty("pauseStrategy")
  @JsonPropertyDescription("How created sandboxes are paused; copied onto each sandbox and part of the "
      + "update revision.")
  private PauseStrategy pauseStrategy;

  /** What survives a pause and resume of created sandboxes ({@link PersistentContents}). */
  @JsonProperty("persistentContents")
  @JsonPropertyDescription("What survives a pause and resume: ip, memory and/or filesystem.")
  private List<String> persistentContents;

  /** The runtime components injected into created sandboxes. */
  @JsonProperty("runtimes")
  @JsonPropertyDescription("Runtime components injected into created sandboxes.")
  private List<SandboxRuntime> runtimes;

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

  /** How fast sandboxes are created. */
  @JsonProperty("scaleStrategy")
  @JsonPropertyDescription("How fast sandboxes are created.")
  private SandboxSetScaleStrategy scaleStrategy;

  /** How sandboxes are rolled to a new template. */
  @JsonProperty("updateStrategy")
  @JsonPropertyDescription("How sandboxes are rolled to a new template.")
  private SandboxSetUpdateStrategy updateStrategy;

  /** Creates an empty object; every field is unset. */
  public SandboxSetSpec() {
  }

  /**
   * Returns the number of unclaimed sandboxes to keep (available plus creating).
   *
   * @return the value; {@code null} if unset
   */
  public Integer getReplicas() {
    return replicas;
  }

  /**
   * Sets the number of unclaimed sandboxes to keep (available plus creating).
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setReplicas(Integer value) {
    this.replicas = value;
  }

  /**
   * Sets the number of unclaimed sandboxes to keep (available plus creating) and returns this
   * object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxSetSpec withReplicas(Integer value) {
    this.replicas = value;
    return this;
  }

  /**
   * Returns how created sandboxes are paused (copied onto each sandbox).
   *
   * @return the value; {@code null} if unset
   */
  public PauseStrategy getPauseStrategy() {
    return pauseStrategy;
  }

  /**
   * Sets how created sandboxes are paused (copied onto each sandbox).
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setPauseStrategy(PauseStrategy value) {
    this.pauseStrategy = value;
  }

  /**
   * Sets how created sandboxes are paused (copied onto each sandbox) and returns this object, for
   * chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxSetSpec withPauseStrategy(PauseStrategy value) {
    this.pauseStrategy = value;
    return this;
  }

  /**
   * Returns what survives a pause and resume of created sandboxes ({@link PersistentContents}).
   *
   * @return the value; {@code null} if unset
   */
  public List<String> getPersistentContents() {
    return persistentContents;
  }

  /**
   * Sets what survives a pause and resume of created sandboxes ({@link PersistentContents}).
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setPersistentContents(List<String> value) {
    this.persistentContents = value;
  }

  /**
   * Sets what survives a pause and resume of created sandboxes ({@link PersistentContents}) and
   * returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxSetSpec withPersistentContents(List<String> value) {
    this.persistentContents = value;
    return this;
  }

  /**
   * Returns the runtime components injected into created sandboxes.
   *
   * @return the value; {@code null} if unset
   */
  public List<SandboxRuntime> getRuntimes() {
    return runtimes;
  }

  /**
   * Sets the runtime components injected into created sandboxes.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setRuntimes(List<SandboxRuntime> value) {
    this.runtimes = value;
  }

  /**
   * Sets the runtime components injected into created sandboxes and returns this object, for
   * chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxSetSpec withRuntimes(List<SandboxRuntime> value) {
    this.runtimes = value;
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
  public SandboxSetSpec withTemplateRef(TemplateRef value) {
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
  public SandboxSetSpec withTemplate(PodTemplateSpec value) {
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
  public SandboxSetSpec withVolumeClaimTemplates(List<PersistentVolumeClaim> value) {
    this.volumeClaimTemplates = value;
    return this;
  }

  /**
   * Returns how fast sandboxes are created.
   *
   * @return the value; {@code null} if unset
   */
  public SandboxSetScaleStrategy getScaleStrategy() {
    return scaleStrategy;
  }

  /**
   * Sets how fast sandboxes are created.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setScaleStrategy(SandboxSetScaleStrategy value) {
    this.scaleStrategy = value;
  }

  /**
   * Sets how fast sandboxes are created and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxSetSpec withScaleStrategy(SandboxSetScaleStrategy value) {
    this.scaleStrategy = value;
    return this;
  }

  /**
   * Returns how sandboxes are rolled to a new template.
   *
   * @return the value; {@code null} if unset
   */
  public SandboxSetUpdateStrategy getUpdateStrategy() {
    return updateStrategy;
  }

  /**
   * Sets how sandboxes are rolled to a new template.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setUpdateStrategy(SandboxSetUpdateStrategy value) {
    this.updateStrategy = value;
  }

  /**
   * Sets how sandboxes are rolled to a new template and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxSetSpec withUpdateStrategy(SandboxSetUpdateStrategy value) {
    this.updateStrategy = value;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SandboxSetSpec)) {
      return false;
    }
    SandboxSetSpec other = (SandboxSetSpec) o;
    return Objects.equals(replicas, other.replicas)
        && Objects.equals(pauseStrategy, other.pauseStrategy)
        && Objects.equals(persistentContents, other.persistentContents)
        && Objects.equals(runtimes, other.runtimes)
        && Objects.equals(templateRef, other.templateRef)
        && Objects.equals(template, other.template)
        && Objects.equals(volumeClaimTemplates, other.volumeClaimTemplates)
        && Objects.equals(scaleStrategy, other.scaleStrategy)
        && Objects.equals(updateStrategy, other.updateStrategy)
        && Objects.equals(getAdditionalProperties(), other.getAdditionalProperties());
  }

  @Override
  public int hashCode() {
    return Objects.hash(replicas,
        pauseStrategy,
        persistentContents,
        runtimes,
        templateRef,
        template,
        volumeClaimTemplates,
        scaleStrategy,
        updateStrategy,
        getAdditionalProperties());
  }

  @Override
  public String toString() {
    return "SandboxSetSpec(" + "replicas=" + replicas + ", "
        + "pauseStrategy=" + pauseStrategy + ", "
        + "persistentContents=" + persistentContents + ", "
        + "runtimes=" + runtimes + ", "
        + "templateRef=" + templateRef + ", "
        + "template=" + template + ", "
        + "volumeClaimTemplates=" + volumeClaimTemplates + ", "
        + "scaleStrategy=" + scaleStrategy + ", "
        + "updateStrategy=" + updateStrategy
        + (getAdditionalProperties().isEmpty() ? "" : ", additionalProperties=" + getAdditionalProperties()) + ")";
  }
}
