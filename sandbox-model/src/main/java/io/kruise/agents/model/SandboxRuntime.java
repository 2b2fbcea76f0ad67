package io.kruise.agents.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One runtime component to inject into a sandbox (an entry of {@code spec.runtimes}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name"})
public class SandboxRuntime implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Inject the CSI mount sidecar. */
  public static final String CSI = "csi";
  /** Inject the agent runtime sidecar. */
  public static final String AGENT_RUNTIME = "agent-runtime";
  /** Inject the traffic proxy sidecar. */
  public static final String TRAFFIC_PROXY = "traffic-proxy";

  /** The runtime name, e.g. {@link #AGENT_RUNTIME}. */
  @JsonProperty("name")
  @JsonPropertyDescription("Runtime to inject, e.g. csi, agent-runtime or traffic-proxy.")
  @Required
  private String name;

  /** Fields this client does not know, written back unchanged. */
  @JsonIgnore
  private Map<String, Object> additionalProperties = new LinkedHashMap<>();

  /** Creates an empty object; every field is unset. */
  public SandboxRuntime() {
  }

  /**
   * Returns the runtime name, e.g. {@link #AGENT_RUNTIME}.
   *
   * @return the value; {@code null} if unset
   */
  public String getName() {
    return name;
  }

  /**
   * Sets the runtime name, e.g. {@link #AGENT_RUNTIME}.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setName(String value) {
    this.name = value;
  }

  /**
   * Sets the runtime name, e.g. {@link #AGENT_RUNTIME} and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxRuntime withName(String value) {
    this.name = value;
    return this;
  }

  /**
   * Creates a runtime entry with the given name.
   *
   * @param name the runtime name, e.g. {@link #AGENT_RUNTIME}
   * @return a new entry
   */
  public static SandboxRuntime of(String name) {
    return new SandboxRuntime().withName(name);
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
    if (!(o instanceof SandboxRuntime)) {
      return false;
    }
    SandboxRuntime other = (SandboxRuntime) o;
    return Objects.equals(name, other.name)
        && Objects.equals(additionalProperties, other.additionalProperties);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, additionalProperties);
  }

  @Override
  public String toString() {
    return "SandboxRuntime(" + "name=" + name
        + (additionalProperties.isEmpty() ? "" : ", additionalProperties=" + additionalProperties) + ")";
  }
}
