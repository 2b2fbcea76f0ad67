package io.kruise.agents.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.kruise.agents.model.schema.SchemaMergePatch;
import java.util.Map;
import java.util.Objects;

/**
 * What the controller reports about the pod behind a sandbox ({@code status.podInfo}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"annotations", "labels", "nodeName", "podIP", "podUID"})
@SchemaCustomizer(value = SchemaMergePatch.class, input = PodInfo.SCHEMA_PATCH)
public class PodInfo extends UnknownFields {

  private static final long serialVersionUID = 1L;

  /** Schema keywords the generator has no annotation for (merged into the generated schema). */
  static final String SCHEMA_PATCH = "{\"properties\": {"
      + "\"annotations\": {\"x-kubernetes-map-type\": \"granular\"},"
      + "\"labels\": {\"x-kubernetes-map-type\": \"granular\"}}}";

  /** The pod annotations the controller chose to report. */
  @JsonProperty("annotations")
  @JsonPropertyDescription("Selected annotations of the pod.")
  private Map<String, String> annotations;

  /** The pod labels the controller chose to report. */
  @JsonProperty("labels")
  @JsonPropertyDescription("Selected labels of the pod.")
  private Map<String, String> labels;

  /** The node the pod is scheduled to. */
  @JsonProperty("nodeName")
  @JsonPropertyDescription("Node the pod is scheduled to.")
  private String nodeName;

  /** The IP address of the pod. */
  @JsonProperty("podIP")
  @JsonPropertyDescription("IP address of the pod.")
  private String podIP;

  /** The UID of the pod. */
  @JsonProperty("podUID")
  @JsonPropertyDescription("UID of the pod.")
  private String podUID;

  /** Creates an empty object; every field is unset. */
  public PodInfo() {
  }

  /**
   * Returns the pod annotations the controller chose to report.
   *
   * @return the value; {@code null} if unset
   */
  public Map<String, String> getAnnotations() {
    return annotations;
  }

  /**
   * Sets the pod annotations the controller chose to report.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setAnnotations(Map<String, String> value) {
    this.annotations = value;
  }

  /**
   * Sets the pod annotations the controller chose to report and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public PodInfo withAnnotations(Map<String, String> value) {
    this.annotations = value;
    return this;
  }

  /**
   * Returns the pod labels the controller chose to report.
   *
   * @return the value; {@code null} if unset
   */
  public Map<String, String> getLabels() {
    return labels;
  }

  /**
   * Sets the pod labels the controller chose to report.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setLabels(Map<String, String> value) {
    this.labels = value;
  }

  /**
   * Sets the pod labels the controller chose to report and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public PodInfo withLabels(Map<String, String> value) {
    this.labels = value;
    return this;
  }

  /**
   * Returns the node the pod is scheduled to.
   *
   * @return the value; {@code null} if unset
   */
  public String getNodeName() {
    return nodeName;
  }

  /**
   * Sets the node the pod is scheduled to.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setNodeName(String value) {
    this.nodeName = value;
  }

  /**
   * Sets the node the pod is scheduled to and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public PodInfo withNodeName(String value) {
    this.nodeName = value;
    return this;
  }

  /**
   * Returns the IP address of the pod.
   *
   * @return the value; {@code null} if unset
   */
  public String getPodIP() {
    return podIP;
  }

  /**
   * Sets the IP address of the pod.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setPodIP(String value) {
    this.podIP = value;
  }

  /**
   * Sets the IP address of the pod and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public PodInfo withPodIP(String value) {
    this.podIP = value;
    return this;
  }

  /**
   * Returns the UID of the pod.
   *
   * @return the value; {@code null} if unset
   */
  public String getPodUID() {
    return podUID;
  }

  /**
   * Sets the UID of the pod.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setPodUID(String value) {
    this.podUID = value;
  }

  /**
   * Sets the UID of the pod and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public PodInfo withPodUID(String value) {
    this.podUID = value;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PodInfo)) {
      return false;
    }
    PodInfo other = (PodInfo) o;
    return Objects.equals(annotations, other.annotations)
        && Objects.equals(labels, other.labels)
        && Objects.equals(nodeName, other.nodeName)
        && Objects.equals(podIP, other.podIP)
        && Objects.equals(podUID, other.podUID)
        && Objects.equals(getAdditionalProperties(), other.getAdditionalProperties());
  }

  @Override
  public int hashCode() {
    return Objects.hash(annotations,
        labels,
        nodeName,
        podIP,
        podUID,
        getAdditionalProperties());
  }

  @Override
  public String toString() {
    return "PodInfo(" + "annotations=" + annotations + ", "
        + "labels=" + labels + ", "
        + "nodeName=" + nodeName + ", "
        + "podIP=" + podIP + ", "
        + "podUID=" + podUID
        + (getAdditionalProperties().isEmpty() ? "" : ", additionalProperties=" + getAdditionalProperties()) + ")";
  }
}
