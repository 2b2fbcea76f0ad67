package io.kruise.agents.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/**
 * Reference to a SandboxTemplate (or other template object) to build sandboxes from, as an
 * alternative to an inline pod template.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "kind", "apiVersion"})
public class TemplateRef extends UnknownFields {

  private static final long serialVersionUID = 1L;

  /** The name of the referenced template. */
  @JsonProperty("name")
  @JsonPropertyDescription("Name of the referenced template.")
  @Required
  private String name;

  /** The kind of the referenced template (the server assumes PodTemplate when unset). */
  @JsonProperty("kind")
  @JsonPropertyDescription("Kind of the referenced template; PodTemplate when unset.")
  private String kind;

  /** The apiVersion of the referenced template (the server assumes v1 when unset). */
  @JsonProperty("apiVersion")
  @JsonPropertyDescription("API version of the referenced template; v1 when unset.")
  private String apiVersion;

  /** Creates an empty object; every field is unset. */
  public TemplateRef() {
  }

  /**
   * Returns the name of the referenced template.
   *
   * @return the value; {@code null} if unset
   */
  public String getName() {
    return name;
  }

  /**
   * Sets the name of the referenced template.
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setName(String value) {
    this.name = value;
  }

  /**
   * Sets the name of the referenced template and returns this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public TemplateRef withName(String value) {
    this.name = value;
    return this;
  }

  /**
   * Returns the kind of the referenced template (the server assumes PodTemplate when unset).
   *
   * @return the value; {@code null} if unset
   */
  public String getKind() {
    return kind;
  }

  /**
   * Sets the kind of the referenced template (the server assumes PodTemplate when unset).
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setKind(String value) {
    this.kind = value;
  }

  /**
   * Sets the kind of the referenced template (the server assumes PodTemplate when unset) and returns
   * this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public TemplateRef withKind(String value) {
    this.kind = value;
    return this;
  }

  /**
   * Returns the apiVersion of the referenced template (the server assumes v1 when unset).
   *
   * @return the value; {@code null} if unset
   */
  public String getApiVersion() {
    return apiVersion;
  }

  /**
   * Sets the apiVersion of the referenced template (the server assumes v1 when unset).
   *
   * @param value the new value, or {@code null} to unset
   */
  public void setApiVersion(String value) {
    this.apiVersion = value;
  }

  /**
   * Sets the apiVersion of the referenced template (the server assumes v1 when unset) and returns
   * this object, for chaining.
   *
   * @param value the new value
   * @return this object
   */
  public TemplateRef withApiVersion(String value) {
    this.apiVersion = value;
    return this;
  }

  /**
   * Creates a reference to the named template with the server's default kind and version.
   *
   * @param name the template name
   * @return a new reference
   */
  public static TemplateRef of(String name) {
    return new TemplateRef().withName(name);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof TemplateRef)) {
      return false;
    }
    TemplateRef other = (TemplateRef) o;
    return Objects.equals(name, other.name)
        && Objects.equals(kind, other.kind)
        && Objects.equals(apiVersion, other.apiVersion)
        && Objects.equals(getAdditionalProperties(), other.getAdditionalProperties());
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, kind, apiVersion, getAdditionalProperties());
  }

  @Override
  public String toString() {
    return "TemplateRef(" + "name=" + name + ", "
        + "kind=" + kind + ", "
        + "apiVersion=" + apiVersion
        + (getAdditionalProperties().isEmpty() ? "" : ", additionalProperties=" + getAdditionalProperties()) + ")";
  }
}
