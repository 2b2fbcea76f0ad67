package io.kruise.agents.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How fast a {@link SandboxSet} may create sandboxes ({@code spec.scaleStrategy}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"maxUnavailable"})
public class SandboxSetScaleStrategy implements Serializable {

  private static final long serialVersionUID = 1L;

  /** How many (or what percentage of) sandboxes may be unavailable while scaling up. */
  @JsonProperty("maxUnavailable")
  @JsonPropertyDescription("Number or percentage of sandboxes that may be unavailable while scaling up; "
      + "limits the creation rate.")
  private IntOrString maxUnavailable;

  /** Fields this client does not know, written back unchanged. */
  @JsonIgnore
  private Map<String, Object> additionalProperties = new LinkedHashMap<>();

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

  /**
   * Fields this client version does not know, kept so that a read-modify-write does not drop
   * what a newer server sent.
   *
   * @return the live map of unknown fields (never {@code null})
   */
  @JsonAnyGetter
  @JsonIgnore
  public Map<String, Object> getAdditionalProperties() {
    return additionalProperties;
  }

  /**
   * Records an unknown field (called by Jackson while reading).
   *
   * @param name the JSON field name
   * @param value the raw JSON value
   */
  @JsonAnySetter
  public void setAdditionalProperty(String name, Object value) {
    additionalProperties.put(name, value);
  }

  /**
   * Replaces all unknown fields.
   *
   * @param additionalProperties the new unknown fields; {@code null} clears them
   */
  public void setAdditionalProperties(Map<String, Object> additionalProperties) {
    this.additionalProperties = additionalProperties == null
        ? new LinkedHashMap<>()
        : new LinkedHashMap<>(additionalProperties);
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
        && Objects.equals(additionalProperties, other.additionalProperties);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxUnavailable, additionalProperties);
  }

  @Override
  public String toString() {
    return "SandboxSetScaleStrategy(" + "maxUnavailable=" + maxUnavailable
        + (additionalProperties.isEmpty() ? "" : ", additionalProperties=" + additionalProperties) + ")";
  }
}
