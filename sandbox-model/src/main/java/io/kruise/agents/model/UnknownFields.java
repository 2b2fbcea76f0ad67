package io.kruise.agents.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields a newer server sent that this client version does not know, kept on every spec,
 * status and nested model object so that a read-modify-write does not drop them. Subclasses
 * include them in {@code equals}, {@code hashCode} and {@code toString}.
 */
public abstract class UnknownFields implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Fields this client does not know, written back unchanged. */
  @JsonIgnore
  private Map<String, Object> additionalProperties = new LinkedHashMap<>();

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
}
