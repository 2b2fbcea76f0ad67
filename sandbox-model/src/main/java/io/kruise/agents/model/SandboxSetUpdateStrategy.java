package io.kruise.agents.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.Objects;

/**
 * How a {@link SandboxSet} rolls its sandboxes to a new template ({@code spec.updateStrategy}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"maxUnavailable"})
public class SandboxSetUpdateStrategy extends UnknownFields {

  private static final long serialVersionUID = 1L;

  /** How many (or what percentage of) sandboxes may be unavailable during an update (server default 20%). */
  @JsonProperty("maxUnavailable")
  @JsonPropertyDescription("Number or percentage of sandboxes that may be unavailable during an update.")
  private IntOrString maxUnavailable;

  /** Creates an empty object; every field is unset. */
  public SandboxSetUpdateStrategy() {
  }

  /**
   * Returns how many (or what percentage of) sandboxes may be unavailable during an update (server
   * default 20%).
   *
   * @return the value; {@code null} if unset
   */
  public IntOrString getMaxUnavailable() {
    return maxUnavailable;
  }

  /**
   * Sets how many (or what percentage of) sandboxes may be unavailable during an update (server
   * default 20%).
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setMaxUnavailable(IntOrString value) {
    this.maxUnavailable = value;
  }

  /**
   * Sets how many (or what percentage of) sandboxes may be unavailable during an update (server
   * default 20%) and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxSetUpdateStrategy withMaxUnavailable(IntOrString value) {
    this.maxUnavailable = value;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SandboxSetUpdateStrategy)) {
      return false;
    }
    SandboxSetUpdateStrategy other = (SandboxSetUpdateStrategy) o;
    return Objects.equals(maxUnavailable, other.maxUnavailable)
        && Objects.equals(getAdditionalProperties(), other.getAdditionalProperties());
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxUnavailable, getAdditionalProperties());
  }

  @Override
  public String toString() {
    return "SandboxSetUpdateStrategy(" + "maxUnavailable=" + maxUnavailable
        + (getAdditionalProperties().isEmpty() ? "" : ", additionalProperties=" + getAdditionalProperties()) + ")";
  }
}
