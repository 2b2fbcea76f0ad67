package io.kruise.agents.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * Where a hibernated sandbox keeps its state; only used when
 * {@link PauseStrategy#getType()} is {@link PauseStrategy#HIBERNATE}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type"})
public class HibernateStrategy extends UnknownFields {

  private static final long serialVersionUID = 1L;

  /** Keep the hibernated state in a snapshot. */
  public static final String SNAPSHOT = "Snapshot";

  /** The storage medium for the hibernated state, e.g. {@link #SNAPSHOT}. */
  @JsonProperty("type")
  @JsonPropertyDescription("Storage medium for the hibernated state, e.g. Snapshot.")
  private String type;

  /** Creates an empty object; every field is unset. */
  public HibernateStrategy() {
  }

  /**
   * Returns the storage medium for the hibernated state, e.g. {@link #SNAPSHOT}.
   *
   * @return the value; {@code null} if unset
   */
  public String getType() {
    return type;
  }

  /**
   * Sets the storage medium for the hibernated state, e.g. {@link #SNAPSHOT}.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setType(String value) {
    this.type = value;
  }

  /**
   * Sets the storage medium for the hibernated state, e.g. {@link #SNAPSHOT} and returns this
   * object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public HibernateStrategy withType(String value) {
    this.type = value;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof HibernateStrategy)) {
      return false;
    }
    HibernateStrategy other = (HibernateStrategy) o;
    return Objects.equals(type, other.type)
        && Objects.equals(getAdditionalProperties(), other.getAdditionalProperties());
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, getAdditionalProperties());
  }

  @Override
  public String toString() {
    return "HibernateStrategy(" + "type=" + type
        + (getAdditionalProperties().isEmpty() ? "" : ", additionalProperties=" + getAdditionalProperties()) + ")";
  }
}
