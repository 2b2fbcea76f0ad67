package io.kruise.agents.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.Objects;

/**
 * How fast a {@link SandboxSet} may create sandboxes ({@code spec.scaleStrategy}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"maxUnavailable"})
public class SandboxSetScaleStrategy extends UnknownFields {

  private static final long serialVersionUID = 1L;

  /** How many (or what percentage of) sandboxes may be unavailable while scaling up. */
  @JsonProperty("maxUnavailable")
  @JsonPropertyDescription("Number or percentage of sandboxes that may be unavailable while scaling up; "
      + "limits the creation rate.")
  private IntOrString maxUnavailable;

  /** Creates an empty object; every field is unset. */
  public SandboxSetScaleStrategy() {
  }

  /**
   * Returns how many (or what percentage of) sandboxes may be unavailable while scaling up.
   *
   * @return the value; {@code null} if unset
   */
  public IntOrString getMaxUnavailable() {
    return maxUnavailable;
  }

  /**
   * Sets how many (or what percentage of) sandboxes may be unavailable while scaling up.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setMaxUnavailable(IntOrString value) {
    this.maxUnavailable = value;
  }

  /**
   * Sets how many (or what percentage of) sandboxes may be unavailable while scaling up and returns
   * this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxSetScaleStrategy withMaxUnavailable(IntOrString value) {
    this.maxUnavailable = value;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SandboxSetScaleStrategy)) {
      return false;
    }
    SandboxSetScaleStrategy other = (SandboxSetScaleStrategy) o;
    return Objects.equals(maxUnavailable, other.maxUnavailable)
        && Objects.equals(getAdditionalProperties(), other.getAdditionalProperties());
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxUnavailable, getAdditionalProperties());
  }

  @Override
  public String toString() {
    return "SandboxSetScaleStrategy(" + "maxUnavailable=" + maxUnavailable
        + (getAdditionalProperties().isEmpty() ? "" : ", additionalProperties=" + getAdditionalProperties()) + ")";
  }
}
