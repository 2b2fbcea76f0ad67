package io.kruise.agents.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares a generated CRD with a reference CRD and lists every difference that matters to the
 * API server: names, scope, versions, subresources, printer columns and, for every schema path,
 * the validation keywords. Descriptions and ordering are ignored.
 */
final class CrdDiff {

  /** Schema keywords compared at every path. */
  static final List<String> KEYWORDS = List.of("type", "format", "enum", "required", "default", "pattern",
      "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems",
      "minProperties", "maxProperties", "nullable", "x-kubernetes-preserve-unknown-fields",
      "x-kubernetes-int-or-string", "x-kubernetes-embedded-resource", "x-kubernetes-list-type",
      "x-kubernetes-list-map-keys", "x-kubernetes-map-type", "x-kubernetes-validations");

  private static final Set<String> UNORDERED = Set.of("enum", "required", "x-kubernetes-list-map-keys");
  private static final Set<String> FALSE_BY_DEFAULT = Set.of("nullable", "x-kubernetes-preserve-unknown-fields",
      "x-kubernetes-int-or-string", "x-kubernetes-embedded-resource", "exclusiveMinimum", "exclusiveMaximum");

  private final List<String> differences = new ArrayList<>();

  private CrdDiff() {
  }

  /** Returns the differences; empty when the generated CRD is compatible with the reference. */
  static List<String> compare(JsonNode reference, JsonNode generated) {
    CrdDiff diff = new CrdDiff();
    diff.compareCrd(reference, generated);
    return diff.differences;
  }

  private void compareCrd(JsonNode ref, JsonNode gen) {
    same("metadata.name", ref.at("/metadata/name"), gen.at("/metadata/name"));
    same("spec.group", ref.at("/spec/group"), gen.at("/spec/group"));
    same("spec.scope", ref.at("/spec/scope"), gen.at("/spec/scope"));
    same("spec.names.kind", ref.at("/spec/names/kind"), gen.at("/spec/names/kind"));
    same("spec.names.plural", ref.at("/spec/names/plural"), gen.at("/spec/names/plural"));
    same("spec.names.singular", ref.at("/spec/names/singular"), gen.at("/spec/names/singular"));
    sameSet("spec.names.shortNames", ref.at("/spec/names/shortNames"), gen.at("/spec/names/shortNames"));
    sameSet("spec.names.categories", ref.at("/spec/names/categories"), gen.at("/spec/names/categories"));
    // the API server defaults listKind to kind + "List"
    String refListKind = ref.at("/spec/names/listKind").isMissingNode()
        ? ref.at("/spec/names/kind").asText() + "List" : ref.at("/spec/names/listKind").asText();
    String genListKind = gen.at("/spec/names/listKind").isMissingNode()
        ? gen.at("/spec/names/kind").asText() + "List" : gen.at("/spec/names/listKind").asText();
    if (!refListKind.equals(genListKind)) {
      differences.add("spec.names.listKind: reference=" + refListKind + " generated=" + genListKind);
    }

    Set<String> genVersions = new TreeSet<>();
    gen.at("/spec/versions").forEach(v -> genVersions.add(v.path("name").asText()));
    Set<String> refVersions = new TreeSet<>();
    for (JsonNode refVersion : ref.at("/spec/versions")) {
      String name = refVersion.path("name").asText();
      refVersions.add(name);
      JsonNode genVersion = null;
      for (JsonNode candidate : gen.at("/spec/versions")) {
        if (name.equals(candidate.path("name").asText())) {
          genVersion = candidate;
        }
      }
      if (genVersion == null) {
        differences.add("spec.versions[" + name + "]: missing in generated");
        continue;
      }
      String prefix = "spec.versions[" + name + "].";
      same(prefix + "served", refVersion.path("served"), genVersion.path("served"));
      same(prefix + "storage", refVersion.path("storage"), genVersion.path("storage"));
      same(prefix + "deprecated", bool(refVersion.path("deprecated")), bool(genVersion.path("deprecated")));
      if (!refVersion.path("subresources").equals(genVersion.path("subresources"))) {
        differences.add(prefix + "subresources: reference=" + refVersion.path("subresources")
            + " generated=" + genVersion.path("subresources"));
      }
      Set<String> refColumns = columns(refVersion.path("additionalPrinterColumns"));
      Set<String> genColumns = columns(genVersion.path("additionalPrinterColumns"));
      if (!refColumns.equals(genColumns)) {
        differences.add(prefix + "additionalPrinterColumns: reference=" + refColumns + " generated=" + genColumns);
      }
      compareSchema(refVersion.at("/schema/openAPIV3Schema"), genVersion.at("/schema/openAPIV3Schema"), "");
    }
    if (!refVersions.equals(genVersions)) {
      differences.add("spec.versions: reference=" + refVersions + " generated=" + genVersions);
    }
  }

  private void compareSchema(JsonNode ref, JsonNode gen, String path) {
    String where = path.isEmpty() ? "<root>" : path;
    if (gen == null || gen.isMissingNode()) {
      differences.add(where + ": missing in generated");
      return;
    }
    for (String keyword : KEYWORDS) {
      Object r = normalize(keyword, ref.get(keyword));
      Object g = normalize(keyword, gen.get(keyword));
      if (!Objects.equals(r, g)) {
        differences.add(where + ": " + keyword + " reference=" + r + " generated=" + g);
      }
    }
    Object refAnyOf = anyOf(ref.get("anyOf"));
    Object genAnyOf = anyOf(gen.get("anyOf"));
    if (!Objects.equals(refAnyOf, genAnyOf)) {
      differences.add(where + ": anyOf reference=" + refAnyOf + " generated=" + genAnyOf);
    }
    JsonNode refProps = ref.path("properties");
    JsonNode genProps = gen.path("properties");
    for (Iterator<String> it = refProps.fieldNames(); it.hasNext();) {
      String name = it.next();
      if (!genProps.has(name)) {
        differences.add(path + "." + name + ": missing in generated");
      } else {
        compareSchema(refProps.get(name), genProps.get(name), path + "." + name);
      }
    }
    for (Iterator<String> it = genProps.fieldNames(); it.hasNext();) {
      String name = it.next();
      if (!refProps.has(name)) {
        differences.add(path + "." + name + ": not in reference");
      }
    }
    compareChild(ref.get("items"), gen.get("items"), path + "[]");
    compareChild(objectOrNull(ref.get("additionalProperties")), objectOrNull(gen.get("additionalProperties")),
        path + "{}");
    if (!Objects.equals(booleanOrNull(ref.get("additionalProperties")), booleanOrNull(gen.get("additionalProperties")))) {
      differences.add(where + ": additionalProperties reference=" + ref.get("additionalProperties")
          + " generated=" + gen.get("additionalProperties"));
    }
  }

  private void compareChild(JsonNode ref, JsonNode gen, String path) {
    if (ref == null && gen == null) {
      return;
    }
    if (ref == null) {
      differences.add(path + ": not in reference");
    } else {
      compareSchema(ref, gen, path);
    }
  }

  private static JsonNode objectOrNull(JsonNode node) {
    return node != null && node.isObject() ? node : null;
  }

  private static Boolean booleanOrNull(JsonNode node) {
    return node != null && node.isBoolean() ? node.booleanValue() : null;
  }

  private static Object normalize(String keyword, JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return FALSE_BY_DEFAULT.contains(keyword) ? Boolean.FALSE : null;
    }
    if (UNORDERED.contains(keyword)) {
      Set<String> set = new TreeSet<>();
      value.forEach(v -> set.add(v.asText()));
      return set;
    }
    if (value.isNumber()) {
      return value.decimalValue().stripTrailingZeros();
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isTextual()) {
      return value.textValue();
    }
    return value;
  }

  private static Object anyOf(JsonNode anyOf) {
    if (anyOf == null) {
      return null;
    }
    Set<String> types = new TreeSet<>();
    anyOf.forEach(a -> types.add(a.toString()));
    return types;
  }

  private static Set<String> columns(JsonNode columns) {
    Set<String> result = new TreeSet<>();
    for (JsonNode c : columns) {
      result.add(c.path("name").asText() + "|" + c.path("type").asText() + "|" + c.path("jsonPath").asText()
          + "|format=" + c.path("format").asText("") + "|priority=" + c.path("priority").asInt(0));
    }
    return result;
  }

  private static JsonNode bool(JsonNode node) {
    return node.isMissingNode() ? com.fasterxml.jackson.databind.node.BooleanNode.FALSE : node;
  }

  private void same(String what, JsonNode ref, JsonNode gen) {
    if (!Objects.equals(normalize("", ref), normalize("", gen))) {
      differences.add(what + ": reference=" + ref + " generated=" + gen);
    }
  }

  private void sameSet(String what, JsonNode ref, JsonNode gen) {
    Set<String> r = new TreeSet<>();
    ref.forEach(v -> r.add(v.asText()));
    Set<String> g = new TreeSet<>();
    gen.forEach(v -> g.add(v.asText()));
    if (!r.equals(g)) {
      differences.add(what + ": reference=" + r + " generated=" + g);
    }
  }
}
