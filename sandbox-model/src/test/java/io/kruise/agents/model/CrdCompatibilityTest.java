package io.kruise.agents.model;

import static io.kruise.agents.model.TestSupport.SERIALIZATION;
import static io.kruise.agents.model.TestSupport.resource;
import static io.kruise.agents.model.TestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRDs generated from the model (shipped in the jar) must be schema-compatible with the
 * upstream CRDs copied to {@code src/test/resources/reference-crds/}: same property paths, types,
 * formats, enums, required lists, list/map types, int-or-string and preserve-unknown-fields
 * markers, names, subresources and printer columns. Only descriptions and the order of printer
 * columns may differ (the generator sorts columns by JSON path).
 */
class CrdCompatibilityTest {

  static final String SANDBOX_REFERENCE = "/reference-crds/agents.kruise.io_sandboxes.yaml";
  static final String SANDBOXSET_REFERENCE = "/reference-crds/agents.kruise.io_sandboxsets.yaml";
  static final String SANDBOXCLAIM_REFERENCE = "/reference-crds/agents.kruise.io_sandboxclaims.yaml";
  static final String SANDBOXTEMPLATE_REFERENCE = "/reference-crds/agents.kruise.io_sandboxtemplates.yaml";

  static JsonNode generatedSandboxCrd() {
    return tree(resource(AgentsApi.SANDBOX_CRD_RESOURCE));
  }

  static JsonNode generatedSandboxSetCrd() {
    return tree(resource(AgentsApi.SANDBOXSET_CRD_RESOURCE));
  }

  static JsonNode generatedSandboxClaimCrd() {
    return tree(resource(AgentsApi.SANDBOXCLAIM_CRD_RESOURCE));
  }

  static JsonNode generatedSandboxTemplateCrd() {
    return tree(resource(AgentsApi.SANDBOXTEMPLATE_CRD_RESOURCE));
  }

  @Test
  void sandboxCrdMatchesTheReference() {
    assertThat(CrdDiff.compare(tree(resource(SANDBOX_REFERENCE)), generatedSandboxCrd())).isEmpty();
  }

  @Test
  void sandboxSetCrdMatchesTheReference() {
    assertThat(CrdDiff.compare(tree(resource(SANDBOXSET_REFERENCE)), generatedSandboxSetCrd())).isEmpty();
  }

  @Test
  void sandboxClaimCrdMatchesTheReference() {
    assertThat(CrdDiff.compare(tree(resource(SANDBOXCLAIM_REFERENCE)), generatedSandboxClaimCrd())).isEmpty();
  }

  @Test
  void sandboxTemplateCrdMatchesTheReference() {
    assertThat(CrdDiff.compare(tree(resource(SANDBOXTEMPLATE_REFERENCE)), generatedSandboxTemplateCrd())).isEmpty();
  }

  @Test
  void generatedCrdsAreValidCustomResourceDefinitions() {
    CustomResourceDefinition sandboxes =
        SERIALIZATION.unmarshal(resource(AgentsApi.SANDBOX_CRD_RESOURCE), CustomResourceDefinition.class);
    assertThat(sandboxes.getMetadata().getName()).isEqualTo(AgentsApi.SANDBOX_CRD_NAME);
    assertThat(sandboxes.getSpec().getNames().getShortNames()).containsExactly("sbx");
    assertThat(sandboxes.getSpec().getVersions()).singleElement()
        .satisfies(v -> assertThat(v.getSubresources().getStatus()).isNotNull());

    CustomResourceDefinition sets =
        SERIALIZATION.unmarshal(resource(AgentsApi.SANDBOXSET_CRD_RESOURCE), CustomResourceDefinition.class);
    assertThat(sets.getMetadata().getName()).isEqualTo(AgentsApi.SANDBOXSET_CRD_NAME);
    assertThat(sets.getSpec().getVersions().get(0).getSubresources().getScale().getSpecReplicasPath())
        .isEqualTo(".spec.replicas");

    CustomResourceDefinition claims =
        SERIALIZATION.unmarshal(resource(AgentsApi.SANDBOXCLAIM_CRD_RESOURCE), CustomResourceDefinition.class);
    assertThat(claims.getMetadata().getName()).isEqualTo(AgentsApi.SANDBOXCLAIM_CRD_NAME);
    assertThat(claims.getSpec().getNames().getShortNames()).containsExactly(AgentsApi.SANDBOXCLAIM_SHORT_NAME);
    assertThat(claims.getSpec().getVersions()).singleElement().satisfies(v -> {
      assertThat(v.getSubresources().getStatus()).isNotNull();
      assertThat(v.getSubresources().getScale()).isNull();
    });

    CustomResourceDefinition templates =
        SERIALIZATION.unmarshal(resource(AgentsApi.SANDBOXTEMPLATE_CRD_RESOURCE), CustomResourceDefinition.class);
    assertThat(templates.getMetadata().getName()).isEqualTo(AgentsApi.SANDBOXTEMPLATE_CRD_NAME);
    assertThat(templates.getSpec().getNames().getShortNames())
        .containsExactly(AgentsApi.SANDBOXTEMPLATE_SHORT_NAME);
    assertThat(templates.getSpec().getVersions()).singleElement().satisfies(v -> {
      assertThat(v.getSubresources()).isNull();
      assertThat(v.getSchema().getOpenAPIV3Schema().getProperties()).doesNotContainKey("status");
    });
  }

  @Test
  void schemalessFieldsStaySmall() {
    // the pod template and PVCs must not be expanded into the CRD (that would be >100 KB)
    JsonNode spec = generatedSandboxCrd().at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties");
    for (String field : List.of("template", "volumeClaimTemplates")) {
      assertThat(spec.get(field).has("properties")).as(field).isFalse();
      assertThat(spec.get(field).has("type")).as(field).isFalse();
      assertThat(spec.get(field).get("x-kubernetes-preserve-unknown-fields").asBoolean()).as(field).isTrue();
    }
    assertThat(resource(AgentsApi.SANDBOX_CRD_RESOURCE).length()).isLessThan(20_000);
    JsonNode templateSpec = generatedSandboxTemplateCrd()
        .at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties");
    for (String field : List.of("template", "volumeClaimTemplates")) {
      assertThat(templateSpec.get(field).has("properties")).as(field).isFalse();
      assertThat(templateSpec.get(field).get("x-kubernetes-preserve-unknown-fields").asBoolean()).as(field).isTrue();
    }
    assertThat(resource(AgentsApi.SANDBOXTEMPLATE_CRD_RESOURCE).length()).isLessThan(10_000);
  }

  // ---- the comparison itself must be able to fail ----

  static Stream<Arguments> breakages() {
    String spec = "/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties";
    String status = "/spec/versions/0/schema/openAPIV3Schema/properties/status/properties";
    return Stream.of(
        breakage("property removed", ".spec.shutdownTime: missing in generated",
            crd -> ((ObjectNode) crd.at(spec)).remove("shutdownTime")),
        breakage("property added", ".spec.extra: not in reference",
            crd -> ((ObjectNode) crd.at(spec)).putObject("extra").put("type", "string")),
        breakage("type changed", ".status.recycledCount: type reference=integer generated=string",
            crd -> ((ObjectNode) crd.at(status + "/recycledCount")).put("type", "string")),
        breakage("format dropped", ".spec.pauseTime: format reference=date-time generated=null",
            crd -> ((ObjectNode) crd.at(spec + "/pauseTime")).remove("format")),
        breakage("required dropped", ".spec.templateRef: required",
            crd -> ((ObjectNode) crd.at(spec + "/templateRef")).remove("required")),
        breakage("root required dropped", "<root>: required",
            crd -> ((ObjectNode) crd.at("/spec/versions/0/schema/openAPIV3Schema")).remove("required")),
        breakage("enum changed", ".spec.pauseStrategy.type: enum",
            crd -> ((ArrayNode) crd.at(spec + "/pauseStrategy/properties/type/enum")).add("Freeze")),
        breakage("condition status enum dropped", ".status.conditions[].status: enum",
            crd -> ((ObjectNode) crd.at(status + "/conditions/items/properties/status")).remove("enum")),
        breakage("preserve-unknown-fields dropped", ".spec.template: x-kubernetes-preserve-unknown-fields",
            crd -> ((ObjectNode) crd.at(spec + "/template")).remove("x-kubernetes-preserve-unknown-fields")),
        breakage("list type dropped", ".spec.runtimes: x-kubernetes-list-type",
            crd -> ((ObjectNode) crd.at(spec + "/runtimes")).remove("x-kubernetes-list-type")),
        breakage("map value type changed", ".status.podInfo.labels{}: type",
            crd -> ((ObjectNode) crd.at(status + "/podInfo/properties/labels/additionalProperties")).put("type", "integer")),
        breakage("default dropped", ".spec.lifecycle.preUpgrade.timeoutSeconds: default",
            crd -> ((ObjectNode) crd.at(spec + "/lifecycle/properties/preUpgrade/properties/timeoutSeconds"))
                .remove("default")),
        breakage("status subresource dropped", "subresources",
            crd -> ((ObjectNode) crd.at("/spec/versions/0")).remove("subresources")),
        breakage("printer column renamed", "additionalPrinterColumns",
            crd -> ((ObjectNode) crd.at("/spec/versions/0/additionalPrinterColumns/0")).put("name", "Renamed")),
        breakage("short name changed", "spec.names.shortNames",
            crd -> ((ArrayNode) crd.at("/spec/names/shortNames")).set(0, "sb")),
        breakage("scope changed", "spec.scope",
            crd -> ((ObjectNode) crd.at("/spec")).put("scope", "Cluster")),
        breakage("version renamed", "spec.versions",
            crd -> ((ObjectNode) crd.at("/spec/versions/0")).put("name", "v1")));
  }

  private static Arguments breakage(String name, String expected, Consumer<JsonNode> mutation) {
    return Arguments.of(name, expected, mutation);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("breakages")
  void detectsBreakage(String name, String expected, Consumer<JsonNode> mutation) {
    JsonNode broken = generatedSandboxCrd();
    mutation.accept(broken);
    assertThat(CrdDiff.compare(tree(resource(SANDBOX_REFERENCE)), broken))
        .anySatisfy(difference -> assertThat(difference).contains(expected));
  }

  @Test
  void detectsBrokenScaleSubresourceAndIntOrString() {
    JsonNode broken = generatedSandboxSetCrd();
    ((ObjectNode) broken.at("/spec/versions/0/subresources/scale")).put("labelSelectorPath", ".spec.selector");
    ((ObjectNode) broken.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/scaleStrategy"
        + "/properties/maxUnavailable")).remove("x-kubernetes-int-or-string");
    ((ObjectNode) broken.at("/spec/versions/0/schema/openAPIV3Schema/properties/status")).remove("required");
    List<String> differences = CrdDiff.compare(tree(resource(SANDBOXSET_REFERENCE)), broken);
    assertThat(differences).anySatisfy(d -> assertThat(d).contains("subresources"));
    assertThat(differences).anySatisfy(d -> assertThat(d).contains(
        ".spec.scaleStrategy.maxUnavailable: x-kubernetes-int-or-string"));
    assertThat(differences).anySatisfy(d -> assertThat(d).contains(".status: required"));
  }

  static Stream<Arguments> claimBreakages() {
    String spec = "/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties";
    String status = "/spec/versions/0/schema/openAPIV3Schema/properties/status/properties";
    return Stream.of(
        breakage("property removed", ".spec.skipInitRuntime: missing in generated",
            crd -> ((ObjectNode) crd.at(spec)).remove("skipInitRuntime")),
        breakage("status property removed", ".status.claimedReplicas: missing in generated",
            crd -> ((ObjectNode) crd.at(status)).remove("claimedReplicas")),
        breakage("validation rule dropped", ".spec.claimTimeout: x-kubernetes-validations",
            crd -> ((ObjectNode) crd.at(spec + "/claimTimeout")).remove("x-kubernetes-validations")),
        breakage("validation rule changed", ".spec.replicas: x-kubernetes-validations",
            crd -> ((ObjectNode) crd.at(spec + "/replicas/x-kubernetes-validations/0")).put("rule", "true")),
        breakage("duration default changed", ".spec.waitReadyTimeout: default",
            crd -> ((ObjectNode) crd.at(spec + "/waitReadyTimeout")).put("default", "1m")),
        breakage("boolean default dropped", ".spec.createOnNoStock: default",
            crd -> ((ObjectNode) crd.at(spec + "/createOnNoStock")).remove("default")),
        breakage("minimum dropped", ".spec.replicas: minimum",
            crd -> ((ObjectNode) crd.at(spec + "/replicas")).remove("minimum")),
        breakage("list map keys changed", ".spec.dynamicVolumesMount: x-kubernetes-list-map-keys",
            crd -> ((ArrayNode) crd.at(spec + "/dynamicVolumesMount/x-kubernetes-list-map-keys")).set(0, "pvName")),
        breakage("map type dropped", ".spec.envVars: x-kubernetes-map-type",
            crd -> ((ObjectNode) crd.at(spec + "/envVars")).remove("x-kubernetes-map-type")),
        breakage("quantity pattern dropped", ".spec.inplaceUpdate.resources.limits{}: pattern",
            crd -> ((ObjectNode) crd.at(spec + "/inplaceUpdate/properties/resources/properties/limits"
                + "/additionalProperties")).remove("pattern")),
        breakage("int-or-string dropped", ".spec.inplaceUpdate.resources.requests{}: x-kubernetes-int-or-string",
            crd -> ((ObjectNode) crd.at(spec + "/inplaceUpdate/properties/resources/properties/requests"
                + "/additionalProperties")).remove("x-kubernetes-int-or-string")),
        breakage("spec required dropped", ".spec: required",
            crd -> ((ObjectNode) crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec")).remove("required")),
        breakage("printer column dropped", "additionalPrinterColumns",
            crd -> ((ArrayNode) crd.at("/spec/versions/0/additionalPrinterColumns")).remove(0)),
        breakage("status subresource dropped", "subresources",
            crd -> ((ObjectNode) crd.at("/spec/versions/0")).remove("subresources")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("claimBreakages")
  void detectsClaimBreakage(String name, String expected, Consumer<JsonNode> mutation) {
    JsonNode broken = generatedSandboxClaimCrd();
    mutation.accept(broken);
    assertThat(CrdDiff.compare(tree(resource(SANDBOXCLAIM_REFERENCE)), broken))
        .anySatisfy(difference -> assertThat(difference).contains(expected));
  }

  @Test
  void detectsTemplateBreakage() {
    JsonNode withStatus = generatedSandboxTemplateCrd();
    ((ObjectNode) withStatus.at("/spec/versions/0/schema/openAPIV3Schema/properties")).putObject("status")
        .put("type", "object");
    ((ObjectNode) withStatus.at("/spec/versions/0")).putObject("subresources").putObject("status");
    List<String> differences = CrdDiff.compare(tree(resource(SANDBOXTEMPLATE_REFERENCE)), withStatus);
    assertThat(differences).anySatisfy(d -> assertThat(d).contains(".status: not in reference"));
    assertThat(differences).anySatisfy(d -> assertThat(d).contains("subresources"));

    JsonNode withoutPauseStrategy = generatedSandboxTemplateCrd();
    ((ObjectNode) withoutPauseStrategy.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties"))
        .remove("pauseStrategy");
    assertThat(CrdDiff.compare(tree(resource(SANDBOXTEMPLATE_REFERENCE)), withoutPauseStrategy))
        .anySatisfy(d -> assertThat(d).contains(".spec.pauseStrategy: missing in generated"));
  }

  @Test
  void comparingTheKindsWithEachOtherFails() {
    List<JsonNode> generated = List.of(generatedSandboxCrd(), generatedSandboxSetCrd(), generatedSandboxClaimCrd(),
        generatedSandboxTemplateCrd());
    List<String> references = List.of(SANDBOX_REFERENCE, SANDBOXSET_REFERENCE, SANDBOXCLAIM_REFERENCE,
        SANDBOXTEMPLATE_REFERENCE);
    for (int r = 0; r < references.size(); r++) {
      for (int g = 0; g < generated.size(); g++) {
        if (r != g) {
          assertThat(CrdDiff.compare(tree(resource(references.get(r))), generated.get(g)))
              .as("reference %s against generated CRD %d", references.get(r), g).isNotEmpty();
        }
      }
    }
  }
}
