package io.kruise.agents.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a hibernated sandbox keeps its state; only used when
 * {@link PauseStrategy#getType()} is {@link PauseStrategy#HIBERNATE}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type"})
public class HibernateStrategy implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Keep the hibernated state in a snapshot. */
  public static final String SNAPSHOT = "Snapshot";

  /** The storage medium for the hibernated state, e.g. {@link #SNAPSHOT}. */
  @JsonProperty("type")
  @JsonPropertyDescription("Storage medium for the hibernated state, e.g. Snapshot.")
  private String type;

  /** Fields this client does not know, written back unchanged. */
  @JsonIgnore
  private Map<String, Object> additionalProperties = new LinkedHashMap<>();

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
    if (!(o instanceof HibernateStrategy)) {
      return false;
    }
    HibernateStrategy other = (HibernateStrategy) o;
    return Objects.equals(type, other.type)
        && Objects.equals(additionalProperties, other.additionalProperties);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, additionalProperties);
  }

  @Override
  public String toString() {
    return "HibernateStrategy(" + "type=" + type
        + (additionalProperties.isEmpty() ? "" : ", additionalProperties=" + additionalProperties) + ")";
  }
}
