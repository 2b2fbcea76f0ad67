package io.kruise.agents.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * An in-place update applied to each sandbox while it is claimed ({@code spec.inplaceUpdate} of a
 * {@link SandboxClaim}): a new image and/or new container resources.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"image", "resources"})
public class SandboxClaimInplaceUpdate extends UnknownFields {

  private static final long serialVersionUID = 1L;

  /** The image to update the sandbox to. */
  @JsonProperty("image")
  @JsonPropertyDescription("Image to update the sandbox to.")
  private String image;

  /** The container resources to update the sandbox to. */
  @JsonProperty("resources")
  @JsonPropertyDescription("Container resources to update the sandbox to.")
  private SandboxClaimInplaceUpdateResources resources;

  /** Creates an empty object; every field is unset. */
  public SandboxClaimInplaceUpdate() {
  }

  /**
   * Returns the image to update the sandbox to.
   *
   * @return the value; {@code null} if unset
   */
  public String getImage() {
    return image;
  }

  /**
   * Sets the image to update the sandbox to.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setImage(String value) {
    this.image = value;
  }

  /**
   * Sets the image to update the sandbox to and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxClaimInplaceUpdate withImage(String value) {
    this.image = value;
    return this;
  }

  /**
   * Returns the container resources to update the sandbox to.
   *
   * @return the value; {@code null} if unset
   */
  public SandboxClaimInplaceUpdateResources getResources() {
    return resources;
  }

  /**
   * Sets the container resources to update the sandbox to.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setResources(SandboxClaimInplaceUpdateResources value) {
    this.resources = value;
  }

  /**
   * Sets the container resources to update the sandbox to and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxClaimInplaceUpdate withResources(SandboxClaimInplaceUpdateResources value) {
    this.resources = value;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SandboxClaimInplaceUpdate)) {
      return false;
    }
    SandboxClaimInplaceUpdate other = (SandboxClaimInplaceUpdate) o;
    return Objects.equals(image, other.image)
        && Objects.equals(resources, other.resources)
        && Objects.equals(getAdditionalProperties(), other.getAdditionalProperties());
  }

  @Override
  public int hashCode() {
    return Objects.hash(image, resources, getAdditionalProperties());
  }

  @Override
  public String toString() {
    return "SandboxClaimInplaceUpdate(" + "image=" + image + ", "
        + "resources=" + resources
        + (getAdditionalProperties().isEmpty() ? "" : ", additionalProperties=" + getAdditionalProperties()) + ")";
  }
}
