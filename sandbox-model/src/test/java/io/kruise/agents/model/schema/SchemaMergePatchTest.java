package io.kruise.agents.model.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaMergePatchTest {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private static JsonNode json(String text) {
    return SERIALIZATION.unmarshal(text, JsonNode.class);
  }

  @Test
  void mergesNestedObjectsKeyByKey() {
    JsonNode merged = SchemaMergePatch.merge(
        json("{\"a\":{\"b\":1,\"c\":{\"d\":2}},\"e\":3}"),
        json("{\"a\":{\"c\":{\"x\":4}},\"f\":5}"));
    assertThat(merged).isEqualTo(json("{\"a\":{\"b\":1,\"c\":{\"d\":2,\"x\":4}},\"e\":3,\"f\":5}"));
  }

  @Test
  void nullRemovesAndArraysAndScalarsReplace() {
    JsonNode merged = SchemaMergePatch.merge(
        json("{\"type\":\"object\",\"enum\":[\"a\",\"b\"],\"keep\":true}"),
        json("{\"type\":null,\"enum\":[\"c\"],\"keep\":{\"now\":\"object\"}}"));
    assertThat(merged).isEqualTo(json("{\"enum\":[\"c\"],\"keep\":{\"now\":\"object\"}}"));
    assertThat(SchemaMergePatch.merge(json("{\"a\":1}"), json("[1]"))).isEqualTo(json("[1]"));
    assertThat(SchemaMergePatch.merge(json("\"text\""), json("{\"a\":{\"b\":null,\"c\":1}}")))
        .isEqualTo(json("{\"a\":{\"c\":1}}"));
  }

  @Test
  void appliesToASchemaAndSortsProperties() {
    JSONSchemaProps props = new JSONSchemaPropsBuilder()
        .withType("object")
        .addToProperties("zeta", new JSONSchemaPropsBuilder().withType("string").build())
        .addToProperties("mode", new JSONSchemaPropsBuilder().withType("string").build())
        .build();
    JSONSchemaProps patched = new SchemaMergePatch().apply(props,
        "{\"properties\": {\"mode\": {\"enum\": [\"A\", \"B\"]}, \"alpha\": {\"type\": \"integer\","
            + " \"format\": \"int32\"}}, \"required\": [\"mode\"]}",
        SERIALIZATION);
    assertThat(new ArrayList<>(patched.getProperties().keySet())).containsExactly("alpha", "mode", "zeta");
    assertThat(patched.getProperties().get("mode").getType()).isEqualTo("string");
    assertThat(patched.getProperties().get("mode").getEnum()).extracting(JsonNode::asText).containsExactly("A", "B");
    assertThat(patched.getProperties().get("alpha").getFormat()).isEqualTo("int32");
    assertThat(patched.getRequired()).isEqualTo(List.of("mode"));
    assertThat(props.getProperties().get("mode").getEnum()).isEmpty();
  }

  @Test
  void acceptsYaml() {
    JSONSchemaProps patched = new SchemaMergePatch().apply(new JSONSchemaPropsBuilder().withType("string").build(),
        "format: date-time", SERIALIZATION);
    assertThat(patched.getFormat()).isEqualTo("date-time");
    assertThat(patched.getType()).isEqualTo("string");
  }
}
