package io.kruise.agents.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.ExecAction;
import io.kruise.agents.model.schema.SchemaMergePatch;
import java.util.Objects;

/**
 * A command run inside the sandbox around an upgrade (see {@link SandboxLifecycle}), e.g. to
 * back up and restore workspace data.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"exec", "timeoutSeconds"})
@SchemaCustomizer(value = SchemaMergePatch.class, input = UpgradeAction.SCHEMA_PATCH)
public class UpgradeAction extends UnknownFields {

  private static final long serialVersionUID = 1L;

  /** Schema keywords the generator has no annotation for (merged into the generated schema). */
  static final String SCHEMA_PATCH = "{\"properties\": {"
      + "\"exec\": {\"properties\": {\"command\": {\"x-kubernetes-list-type\": \"atomic\"}}},"
      + "\"timeoutSeconds\": {\"format\": \"int32\"}}}";

  /** The command to run inside the sandbox (first element is the program). */
  @JsonProperty("exec")
  @JsonPropertyDescription("Command to run inside the sandbox; the first element is the program, the rest "
      + "its arguments.")
  private ExecAction exec;

  /** The time limit for the command in seconds (the server defaults it to 60). */
  @JsonProperty("timeoutSeconds")
  @JsonPropertyDescription("Time limit for the command in seconds.")
  @Default("60")
  private Integer timeoutSeconds;

  /** Creates an empty object; every field is unset. */
  public UpgradeAction() {
  }

  /**
   * Returns the command to run inside the sandbox (first element is the program).
   *
   * @return the value; {@code null} if unset
   */
  public ExecAction getExec() {
    return exec;
  }

  /**
   * Sets the command to run inside the sandbox (first element is the program).
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setExec(ExecAction value) {
    this.exec = value;
  }

  /**
   * Sets the command to run inside the sandbox (first element is the program) and returns this
   * object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public UpgradeAction withExec(ExecAction value) {
    this.exec = value;
    return this;
  }

  /**
   * Returns the time limit for the command in seconds (the server defaults it to 60).
   *
   * @return the value; {@code null} if unset
   */
  public Integer getTimeoutSeconds() {
    return timeoutSeconds;
  }

  /**
   * Sets the time limit for the command in seconds (the server defaults it to 60).
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setTimeoutSeconds(Integer value) {
    this.timeoutSeconds = value;
  }

  /**
   * Sets the time limit for the command in seconds (the server defaults it to 60) and returns this
   * object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public UpgradeAction withTimeoutSeconds(Integer value) {
    this.timeoutSeconds = value;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof UpgradeAction)) {
      return false;
    }
    UpgradeAction other = (UpgradeAction) o;
    return Objects.equals(exec, other.exec)
        && Objects.equals(timeoutSeconds, other.timeoutSeconds)
        && Objects.equals(getAdditionalProperties(), other.getAdditionalProperties());
  }

  @Override
  public int hashCode() {
    return Objects.hash(exec, timeoutSeconds, getAdditionalProperties());
  }

  @Override
  public String toString() {
    return "UpgradeAction(" + "exec=" + exec + ", "
        + "timeoutSeconds=" + timeoutSeconds
        + (getAdditionalProperties().isEmpty() ? "" : ", additionalProperties=" + getAdditionalProperties()) + ")";
  }
}
