package io.kruise.agents.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import java.util.Map;
import java.util.Objects;

/**
 * A persistent volume to mount into a claimed sandbox (an entry of a claim's {@code
 * spec.dynamicVolumesMount}; upstream's {@code CSIMountConfig}). Entries are keyed by {@link
 * #getMountPath()}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"mountID", "pvName", "mountPath", "subPath", "readOnly", "attributes"})
public class DynamicVolumeMount extends UnknownFields {

  private static final long serialVersionUID = 1L;

  /** The mount id. */
  @JsonProperty("mountID")
  @JsonPropertyDescription("Mount id.")
  private String mountID;

  /** The name of the persistent volume to mount. */
  @JsonProperty("pvName")
  @JsonPropertyDescription("Name of the persistent volume to mount.")
  @Required
  private String pvName;

  /** The path in the container to mount the volume at (the key of the list). */
  @JsonProperty("mountPath")
  @JsonPropertyDescription("Path in the container to mount the volume at; the key of the list.")
  @Required
  private String mountPath;

  /** The sub path inside the volume to mount. */
  @JsonProperty("subPath")
  @JsonPropertyDescription("Sub path inside the volume to mount.")
  private String subPath;

  /** Whether the volume is mounted read-only. */
  @JsonProperty("readOnly")
  @JsonPropertyDescription("Mount the volume read-only when true.")
  private Boolean readOnly;

  /** The provider-specific attributes, e.g. for storage authentication. */
  @JsonProperty("attributes")
  @JsonPropertyDescription("Provider-specific attributes, e.g. for storage authentication.")
  private Map<String, String> attributes;

  /** Creates an empty object; every field is unset. */
  public DynamicVolumeMount() {
  }

  /**
   * Returns the mount id.
   *
   * @return the value; {@code null} if unset
   */
  public String getMountID() {
    return mountID;
  }

  /**
   * Sets the mount id.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setMountID(String value) {
    this.mountID = value;
  }

  /**
   * Sets the mount id and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public DynamicVolumeMount withMountID(String value) {
    this.mountID = value;
    return this;
  }

  /**
   * Returns the name of the persistent volume to mount.
   *
   * @return the value; {@code null} if unset
   */
  public String getPvName() {
    return pvName;
  }

  /**
   * Sets the name of the persistent volume to mount.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setPvName(String value) {
    this.pvName = value;
  }

  /**
   * Sets the name of the persistent volume to mount and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public DynamicVolumeMount withPvName(String value) {
    this.pvName = value;
    return this;
  }

  /**
   * Returns the path in the container to mount the volume at (the key of the list).
   *
   * @return the value; {@code null} if unset
   */
  public String getMountPath() {
    return mountPath;
  }

  /**
   * Sets the path in the container to mount the volume at (the key of the list).
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setMountPath(String value) {
    this.mountPath = value;
  }

  /**
   * Sets the path in the container to mount the volume at (the key of the list) and returns this
   * object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public DynamicVolumeMount withMountPath(String value) {
    this.mountPath = value;
    return this;
  }

  /**
   * Returns the sub path inside the volume to mount.
   *
   * @return the value; {@code null} if unset
   */
  public String getSubPath() {
    return subPath;
  }

  /**
   * Sets the sub path inside the volume to mount.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setSubPath(String value) {
    this.subPath = value;
  }

  /**
   * Sets the sub path inside the volume to mount and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public DynamicVolumeMount withSubPath(String value) {
    this.subPath = value;
    return this;
  }

  /**
   * Returns whether the volume is mounted read-only.
   *
   * @return the value; {@code null} if unset
   */
  public Boolean getReadOnly() {
    return readOnly;
  }

  /**
   * Sets whether the volume is mounted read-only.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setReadOnly(Boolean value) {
    this.readOnly = value;
  }

  /**
   * Sets whether the volume is mounted read-only and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public DynamicVolumeMount withReadOnly(Boolean value) {
    this.readOnly = value;
    return this;
  }

  /**
   * Returns the provider-specific attributes, e.g. for storage authentication.
   *
   * @return the value; {@code null} if unset
   */
  public Map<String, String> getAttributes() {
    return attributes;
  }

  /**
   * Sets the provider-specific attributes, e.g. for storage authentication.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setAttributes(Map<String, String> value) {
    this.attributes = value;
  }

  /**
   * Sets the provider-specific attributes, e.g. for storage authentication and returns this object,
   * for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public DynamicVolumeMount withAttributes(Map<String, String> value) {
    this.attributes = value;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof DynamicVolumeMount)) {
      return false;
    }
    DynamicVolumeMount other = (DynamicVolumeMount) o;
    return Objects.equals(mountID, other.mountID)
        && Objects.equals(pvName, other.pvName)
        && Objects.equals(mountPath, other.mountPath)
        && Objects.equals(subPath, other.subPath)
        && Objects.equals(readOnly, other.readOnly)
        && Objects.equals(attributes, other.attributes)
        && Objects.equals(getAdditionalProperties(), other.getAdditionalProperties());
  }

  @Override
  public int hashCode() {
    return Objects.hash(mountID,
        pvName,
        mountPath,
        subPath,
        readOnly,
        attributes,
        getAdditionalProperties());
  }

  @Override
  public String toString() {
    return "DynamicVolumeMount(" + "mountID=" + mountID + ", "
        + "pvName=" + pvName + ", "
        + "mountPath=" + mountPath + ", "
        + "subPath=" + subPath + ", "
        + "readOnly=" + readOnly + ", "
        + "attributes=" + attributes
        + (getAdditionalProperties().isEmpty() ? "" : ", additionalProperties=" + getAdditionalProperties()) + ")";
  }
}
