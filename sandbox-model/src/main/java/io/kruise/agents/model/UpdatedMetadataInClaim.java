package io.kruise.agents.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * Content of the {@link SandboxAnnotations#UPDATED_METADATA_IN_CLAIM} annotation: the label and
 * annotation keys a claim added or changed, so that recycling can reset exactly those.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"labels", "annotations"})
public class UpdatedMetadataInClaim extends UnknownFields {

  private static final long serialVersionUID = 1L;

  /** The label keys the claim added or changed. */
  @JsonProperty("labels")
  @JsonPropertyDescription("Label keys set by the claim.")
  private List<String> labels;

  /** The annotation keys the claim added or changed. */
  @JsonProperty("annotations")
  @JsonPropertyDescription("Annotation keys set by the claim.")
  private List<String> annotations;

  /** Creates an empty object; every field is unset. */
  public UpdatedMetadataInClaim() {
  }

  /**
   * Returns the label keys the claim added or changed.
   *
   * @return the value; {@code null} if unset
   */
  public List<String> getLabels() {
    return labels;
  }

  /**
   * Sets the label keys the claim added or changed.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setLabels(List<String> value) {
    this.labels = value;
  }

  /**
   * Sets the label keys the claim added or changed and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public UpdatedMetadataInClaim withLabels(List<String> value) {
    this.labels = value;
    return this;
  }

  /**
   * Returns the annotation keys the claim added or changed.
   *
   * @return the value; {@code null} if unset
   */
  public List<String> getAnnotations() {
    return annotations;
  }

  /**
   * Sets the annotation keys the claim added or changed.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setAnnotations(List<String> value) {
    this.annotations = value;
  }

  /**
   * Sets the annotation keys the claim added or changed and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public UpdatedMetadataInClaim withAnnotations(List<String> value) {
    this.annotations = value;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof UpdatedMetadataInClaim)) {
      return false;
    }
    UpdatedMetadataInClaim other = (UpdatedMetadataInClaim) o;
    return Objects.equals(labels, other.labels)
        && Objects.equals(annotations, other.annotations)
        && Objects.equals(getAdditionalProperties(), other.getAdditionalProperties());
  }

  @Override
  public int hashCode() {
    return Objects.hash(labels, annotations, getAdditionalProperties());
  }

  @Override
  public String toString() {
    return "UpdatedMetadataInClaim(" + "labels=" + labels + ", "
        + "annotations=" + annotations
        + (getAdditionalProperties().isEmpty() ? "" : ", additionalProperties=" + getAdditionalProperties()) + ")";
  }
}
