package io.kruise.agents.model.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;

/**
 * Build-time helper for the fabric8 CRD generator: applies a JSON merge patch (RFC 7386) to the
 * schema generated for a model class.
 *
 * <p>The generator has annotations for most schema keywords, but none for string enums on a
 * {@code String} field, {@code format}, {@code x-kubernetes-list-type},
 * {@code x-kubernetes-map-type} or the validation of {@code metav1.Condition}. Model classes
 * declare those as {@code @SchemaCustomizer(value = SchemaMergePatch.class, input = "...")}.
 * fabric8's own {@code MergePatchCustomizer} cannot be used for this because it replaces nested
 * objects instead of merging them.
 *
 * <p>Only the generator (and this module's tests) use this class; it is not part of the client
 * API and needs {@code crd-generator-api-v2} on the classpath.
 */
public final class SchemaMergePatch implements SchemaCustomizer.Customizer {

  /** Creates the customizer; the generator instantiates it reflectively. */
  public SchemaMergePatch() {
  }

  /**
   * Merges {@code input} into {@code props}.
   *
   * @param props the schema generated for the annotated class
   * @param input a JSON merge patch, as JSON or YAML
   * @param serialization the generator's serializer
   * @return a new schema with the patch applied
   */
  @Override
  public JSONSchemaProps apply(JSONSchemaProps props, String input, KubernetesSerialization serialization) {
    JsonNode target = serialization.convertValue(props, JsonNode.class);
    JsonNode patch = serialization.unmarshal(input, JsonNode.class);
    return serialization.convertValue(sortProperties(merge(target, patch)), JSONSchemaProps.class);
  }

  /**
   * Orders every {@code properties} map by name, as the generator does, so that properties a
   * patch adds do not end up after the generated ones.
   */
  static JsonNode sortProperties(JsonNode node) {
    if (node instanceof ObjectNode) {
      ObjectNode object = (ObjectNode) node;
      JsonNode properties = object.get("properties");
      if (properties instanceof ObjectNode) {
        TreeMap<String, JsonNode> sorted = new TreeMap<>();
        properties.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
        ObjectNode replacement = JsonNodeFactory.instance.objectNode();
        sorted.forEach(replacement::set);
        object.set("properties", replacement);
      }
      object.elements().forEachRemaining(SchemaMergePatch::sortProperties);
    } else if (node != null && node.isArray()) {
      node.elements().forEachRemaining(SchemaMergePatch::sortProperties);
    }
    return node;
  }

  /**
   * RFC 7386 merge: objects merge key by key, a {@code null} in the patch removes the key,
   * anything else replaces the target value.
   *
   * @param target the document to patch (may be modified)
   * @param patch the merge patch
   * @return the patched document
   */
  static JsonNode merge(JsonNode target, JsonNode patch) {
    if (patch == null || !patch.isObject()) {
      return patch;
    }
    ObjectNode result = target != null && target.isObject() ? (ObjectNode) target : JsonNodeFactory.instance.objectNode();
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = patch.fieldNames(); it.hasNext();) {
      names.add(it.next());
    }
    for (String name : names) {
      JsonNode value = patch.get(name);
      if (value.isNull()) {
        result.remove(name);
      } else {
        result.set(name, merge(result.get(name), value));
      }
    }
    return result;
  }
}
