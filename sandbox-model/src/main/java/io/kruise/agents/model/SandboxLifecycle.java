package io.kruise.agents.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * Hooks that run around an upgrade of a sandbox.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"preUpgrade", "postUpgrade"})
public class SandboxLifecycle extends UnknownFields {

  private static final long serialVersionUID = 1L;

  /** The action run before the upgrade (typically a backup). */
  @JsonProperty("preUpgrade")
  @JsonPropertyDescription("Action run before the upgrade, typically to back up workspace data.")
  private UpgradeAction preUpgrade;

  /** The action run after the upgrade (typically a restore). */
  @JsonProperty("postUpgrade")
  @JsonPropertyDescription("Action run after the upgrade, typically to restore workspace data.")
  private UpgradeAction postUpgrade;

  /** Creates an empty object; every field is unset. */
  public SandboxLifecycle() {
  }

  /**
   * Returns the action run before the upgrade (typically a backup).
   *
   * @return the value; {@code null} if unset
   */
  public UpgradeAction getPreUpgrade() {
    return preUpgrade;
  }

  /**
   * Sets the action run before the upgrade (typically a backup).
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setPreUpgrade(UpgradeAction value) {
    this.preUpgrade = value;
  }

  /**
   * Sets the action run before the upgrade (typically a backup) and returns this object, for
   * chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxLifecycle withPreUpgrade(UpgradeAction value) {
    this.preUpgrade = value;
    return this;
  }

  /**
   * Returns the action run after the upgrade (typically a restore).
   *
   * @return the value; {@code null} if unset
   */
  public UpgradeAction getPostUpgrade() {
    return postUpgrade;
  }

  /**
   * Sets the action run after the upgrade (typically a restore).
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setPostUpgrade(UpgradeAction value) {
    this.postUpgrade = value;
  }

  /**
   * Sets the action run after the upgrade (typically a restore) and returns this object, for
   * chaining.
   *
   * @param value the new value
   * @return this object
   */
  public SandboxLifecycle withPostUpgrade(UpgradeAction value) {
    this.postUpgrade = value;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SandboxLifecycle)) {
      return false;
    }
    SandboxLifecycle other = (SandboxLifecycle) o;
    return Objects.equals(preUpgrade, other.preUpgrade)
        && Objects.equals(postUpgrade, other.postUpgrade)
        && Objects.equals(getAdditionalProperties(), other.getAdditionalProperties());
  }

  @Override
  public int hashCode() {
    return Objects.hash(preUpgrade, postUpgrade, getAdditionalProperties());
  }

  @Override
  public String toString() {
    return "SandboxLifecycle(" + "preUpgrade=" + preUpgrade + ", "
        + "postUpgrade=" + postUpgrade
        + (getAdditionalProperties().isEmpty() ? "" : ", additionalProperties=" + getAdditionalProperties()) + ")";
  }
}
