package io.kruise.agents.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kruise.agents.model.schema.SchemaMergePatch;
import java.util.Map;
import java.util.Objects;

/**
 * Target container resources of an in-place update while claiming ({@code
 * spec.inplaceUpdate.resources} of a {@link SandboxClaim}). Only CPU is supported by the controller
 * for now; the container must already have the request or limit set, and the new value must not
 * change the pod's QoS class.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"requests", "limits"})
@SchemaCustomizer(value = SchemaMergePatch.class, input = SandboxClaimInplaceUpdateResources.SCHEMA_PATCH)
public class SandboxClaimInplaceUpdateResources extends UnknownFields {

  private static final long serialVersionUID = 1L;

  /** The pattern Kubernetes validates a {@code resource.Quantity} string against. */
  private static final String QUANTITY = "{\"additionalProperties\": {\"pattern\": "
      + "\"^(\\\\+|-)?(([0-9]+(\\\\.[0-9]*)?)|(\\\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]"
      + "|([eE](\\\\+|-)?(([0-9]+(\\\\.[0-9]*)?)|(\\\\.[0-9]+))))?$\"}}";

  /** Schema keywords the generator has no annotation for (merged into the generated schema). */
  static final String SCHEMA_PATCH = "{\"properties\": {"
      + "\"requests\": " + QUANTITY + ", \"limits\": " + QUANTITY + "}}";

  /** The target resource requests of each container. */
  @JsonProperty("requests")
  @JsonPropertyDescription("Target resource requests of each container; only cpu is supported for now.")
  private Map<String, Quantity> requests;

  /** The target resource limits of each container. */
  @JsonProperty("limits")
  @JsonPropertyDescription("Target resource limits of each container; only cpu is supported for now.")
  private Map<String, Quantity> limits;

  /** Creates an empty object; every field is unset. */
  public SandboxClaimInplaceUpdateResources() {
  }

  /**
   * Returns the target resource requests of each container.
   *
   * @return the value; {@code null} if unset
   */
  public Map<String, Quantity> getRequests() {
    return requests;
  }

  /**
   * Sets the target resource requests of each container.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setRequests(Map<String, Quantity> value) {
    this.requests = value;
  }

  /**
   * Sets the target resource requests of each container and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxClaimInplaceUpdateResources withRequests(Map<String, Quantity> value) {
    this.requests = value;
    return this;
  }

  /**
   * Returns the target resource limits of each container.
   *
   * @return the value; {@code null} if unset
   */
  public Map<String, Quantity> getLimits() {
    return limits;
  }

  /**
   * Sets the target resource limits of each container.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setLimits(Map<String, Quantity> value) {
    this.limits = value;
  }

  /**
   * Sets the target resource limits of each container and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxClaimInplaceUpdateResources withLimits(Map<String, Quantity> value) {
    this.limits = value;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SandboxClaimInplaceUpdateResources)) {
      return false;
    }
    SandboxClaimInplaceUpdateResources other = (SandboxClaimInplaceUpdateResources) o;
    return Objects.equals(requests, other.requests)
        && Objects.equals(limits, other.limits)
        && Objects.equals(getAdditionalProperties(), other.getAdditionalProperties());
  }

  @Override
  public int hashCode() {
    return Objects.hash(requests, limits, getAdditionalProperties());
  }

  @Override
  public String toString() {
    return "SandboxClaimInplaceUpdateResources(" + "requests=" + requests + ", "
        + "limits=" + limits
        + (getAdditionalProperties().isEmpty() ? "" : ", additionalProperties=" + getAdditionalProperties()) + ")";
  }
}
