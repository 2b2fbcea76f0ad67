package io.kruise.agents.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/**
 * One runtime component to inject into a sandbox (an entry of {@code spec.runtimes}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name"})
public class SandboxRuntime extends UnknownFields {

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
        && Objects.equals(getAdditionalProperties(), other.getAdditionalProperties());
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, getAdditionalProperties());
  }

  @Override
  public String toString() {
    return "SandboxRuntime(" + "name=" + name
        + (getAdditionalProperties().isEmpty() ? "" : ", additionalProperties=" + getAdditionalProperties()) + ")";
  }
}
