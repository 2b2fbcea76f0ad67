package io.kruise.agents.model;

import static io.kruise.agents.model.TestSupport.SERIALIZATION;
import static io.kruise.agents.model.TestSupport.resource;
import static io.kruise.agents.model.TestSupport.tree;
import static io.kruise.agents.model.TestSupport.treeOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ListMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Serialization contract: every field of the CRDs survives JSON in both directions, unknown
 * values and fields from newer servers survive too, and required integers are always written.
 */
class ModelRoundTripTest {

  private static final String SANDBOX_JSON = resource("/fixtures/sandbox-full.json");
  private static final String SANDBOXSET_JSON = resource("/fixtures/sandboxset-full.json");
  private static final String SANDBOXCLAIM_JSON = resource("/fixtures/sandboxclaim-full.json");
  private static final String SANDBOXTEMPLATE_JSON = resource("/fixtures/sandboxtemplate-full.json");

  /** Each kind: its fully populated fixture, its class and the Java-built twin of the fixture. */
  static Stream<Arguments> kinds() {
    return Stream.of(
        Arguments.of(Named.of("Sandbox", SANDBOX_JSON), Sandbox.class, (Supplier<Object>) TestSupport::fullSandbox),
        Arguments.of(Named.of("SandboxSet", SANDBOXSET_JSON), SandboxSet.class,
            (Supplier<Object>) TestSupport::fullSandboxSet),
        Arguments.of(Named.of("SandboxClaim", SANDBOXCLAIM_JSON), SandboxClaim.class,
            (Supplier<Object>) TestSupport::fullSandboxClaim),
        Arguments.of(Named.of("SandboxTemplate", SANDBOXTEMPLATE_JSON), SandboxTemplate.class,
            (Supplier<Object>) TestSupport::fullSandboxTemplate));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void fixtureReadsIntoTheJavaBuiltObject(String json, Class<?> type, Supplier<Object> javaBuilt) {
    assertThat(SERIALIZATION.unmarshal(json, type)).isEqualTo(javaBuilt.get());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void javaBuiltObjectWritesTheFixtureTree(String json, Class<?> type, Supplier<Object> javaBuilt) {
    // A tree comparison catches a field that is read but never written (missing getter) and vice versa.
    assertThat(treeOf(javaBuilt.get())).isEqualTo(tree(json));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void roundTripKeepsEqualityAndTree(String json, Class<?> type, Supplier<Object> javaBuilt) {
    Object read = SERIALIZATION.unmarshal(json, type);
    String written = SERIALIZATION.asJson(read);
    assertThat(tree(written)).isEqualTo(tree(json));
    assertThat(SERIALIZATION.unmarshal(written, type)).isEqualTo(read).hasSameHashCodeAs(read);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void knownFieldsNeverLandInAdditionalProperties(String json, Class<?> type, Supplier<Object> javaBuilt) {
    // If a property were misspelt in the model, Jackson would park it in additionalProperties and
    // the tree comparisons above would still pass; this catches that.
    assertThat(unknownFieldHolders(SERIALIZATION.unmarshal(json, type))).isEmpty();
  }

  @Test
  void yamlRoundTripKeepsEquality() {
    Sandbox sandbox = TestSupport.fullSandbox();
    assertThat(SERIALIZATION.unmarshal(SERIALIZATION.asYaml(sandbox), Sandbox.class)).isEqualTo(sandbox);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixturesAndReferences")
  void fixtureSetsEveryPropertyOfTheReferenceSchema(String fixture, String referenceCrd) {
    JsonNode schema = tree(resource(referenceCrd)).at("/spec/versions/0/schema/openAPIV3Schema");
    List<String> missing = new ArrayList<>();
    collectMissing(schema, tree(resource(fixture)), "", missing);
    assertThat(missing).as("schema paths the fixture %s leaves empty", fixture).isEmpty();
  }

  static Stream<Arguments> fixturesAndReferences() {
    return Stream.of(
        Arguments.of("/fixtures/sandbox-full.json", "/reference-crds/agents.kruise.io_sandboxes.yaml"),
        Arguments.of("/fixtures/sandboxset-full.json", "/reference-crds/agents.kruise.io_sandboxsets.yaml"),
        Arguments.of("/fixtures/sandboxclaim-full.json", "/reference-crds/agents.kruise.io_sandboxclaims.yaml"),
        Arguments.of("/fixtures/sandboxtemplate-full.json", "/reference-crds/agents.kruise.io_sandboxtemplates.yaml"));
  }

  @Test
  void unknownPhaseAndStrategyValuesArePreserved() {
    String json = "{\"apiVersion\":\"agents.kruise.io/v1alpha1\",\"kind\":\"Sandbox\",\"metadata\":{\"name\":\"x\"},"
        + "\"spec\":{\"pauseStrategy\":{\"type\":\"Freeze\"},\"upgradePolicy\":{\"type\":\"LiveMigrate\"}},"
        + "\"status\":{\"phase\":\"Migrating\"}}";
    Sandbox sandbox = SERIALIZATION.unmarshal(json, Sandbox.class);
    assertThat(sandbox.getStatus().getPhase()).isEqualTo("Migrating");
    assertThat(sandbox.getStatus().getPhaseEnum()).isEqualTo(SandboxPhase.UNKNOWN);
    assertThat(sandbox.getSpec().getPauseStrategy().getType()).isEqualTo("Freeze");
    assertThat(sandbox.getSpec().getUpgradePolicy().getType()).isEqualTo("LiveMigrate");
    assertThat(treeOf(sandbox)).isEqualTo(tree(json));
  }

  @Test
  void unknownFieldsFromANewerServerSurviveReadAndWrite() {
    String json = "{\"apiVersion\":\"agents.kruise.io/v1alpha1\",\"kind\":\"Sandbox\",\"metadata\":{\"name\":\"x\"},"
        + "\"spec\":{\"futureField\":{\"a\":[1,2]},\"pauseStrategy\":{\"type\":\"Stop\",\"futureKnob\":true},"
        + "\"runtimes\":[{\"name\":\"csi\",\"version\":\"2\"}]},"
        + "\"status\":{\"phase\":\"Running\",\"futureStatus\":\"x\",\"podInfo\":{\"hostIP\":\"1.2.3.4\"}}}";
    Sandbox sandbox = SERIALIZATION.unmarshal(json, Sandbox.class);
    assertThat(sandbox.getSpec().getAdditionalProperties()).containsOnlyKeys("futureField");
    assertThat(sandbox.getSpec().getPauseStrategy().getAdditionalProperties()).containsEntry("futureKnob", true);
    assertThat(sandbox.getSpec().getRuntimes().get(0).getAdditionalProperties()).containsEntry("version", "2");
    assertThat(sandbox.getStatus().getAdditionalProperties()).containsEntry("futureStatus", "x");
    assertThat(sandbox.getStatus().getPodInfo().getAdditionalProperties()).containsEntry("hostIP", "1.2.3.4");
    assertThat(treeOf(sandbox)).isEqualTo(tree(json));
    assertThat(treeOf(sandbox.deepCopy())).isEqualTo(tree(json));
  }

  @Test
  void unknownFieldsTakePartInEquality() {
    SandboxSpec a = new SandboxSpec().withPaused(true);
    SandboxSpec b = new SandboxSpec().withPaused(true);
    b.setAdditionalProperty("futureField", 1);
    assertThat(a).isNotEqualTo(b);
    a.setAdditionalProperties(Map.of("futureField", 1));
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    a.setAdditionalProperties(null);
    assertThat(a.getAdditionalProperties()).isEmpty();
  }

  @Test
  void sandboxSetStatusAlwaysWritesReplicaCountsEvenWhenZero() {
    JsonNode written = treeOf(new SandboxSetStatus().withReplicas(0).withAvailableReplicas(0));
    assertThat(written).isEqualTo(tree("{\"replicas\":0,\"availableReplicas\":0}"));

    SandboxSet set = SandboxSet.of("ns", "pool", new SandboxSetSpec().withReplicas(0));
    set.setStatus(new SandboxSetStatus());
    JsonNode setTree = treeOf(set);
    assertThat(setTree.at("/status/replicas").isInt()).isTrue();
    assertThat(setTree.at("/status/replicas").intValue()).isZero();
    assertThat(setTree.at("/status/availableReplicas").isInt()).isTrue();
    assertThat(setTree.at("/spec/replicas").intValue()).isZero();
  }

  @Test
  void missingReplicaCountsReadAsZero() {
    SandboxSetStatus status = SERIALIZATION.unmarshal("{\"selector\":\"a=b\"}", SandboxSetStatus.class);
    assertThat(status.getReplicas()).isZero();
    assertThat(status.getAvailableReplicas()).isZero();
    assertThat(status.getUpdatedReplicas()).isNull();
  }

  @Test
  void unsetFieldsAreNotWritten() {
    assertThat(SERIALIZATION.asJson(new SandboxSpec())).isEqualTo("{}");
    assertThat(SERIALIZATION.asJson(new SandboxStatus())).isEqualTo("{}");
    assertThat(SERIALIZATION.asJson(new SandboxSetSpec())).isEqualTo("{}");
    assertThat(SERIALIZATION.asJson(new PauseStrategy())).isEqualTo("{}");
    assertThat(SERIALIZATION.asJson(new SandboxClaimSpec())).isEqualTo("{}");
    assertThat(SERIALIZATION.asJson(new SandboxClaimStatus())).isEqualTo("{}");
    assertThat(SERIALIZATION.asJson(new SandboxTemplateSpec())).isEqualTo("{}");
    JsonNode sandbox = treeOf(Sandbox.of("ns", "n", new SandboxSpec()));
    assertThat(sandbox.has("status")).isFalse();
    assertThat(sandbox.get("spec").size()).isZero();
  }

  @Test
  void emptyListsStayEmptyListsAndNullListsStayAbsent() {
    SandboxSpec spec = new SandboxSpec().withRuntimes(List.of());
    JsonNode written = treeOf(spec);
    assertThat(written.get("runtimes").isArray()).isTrue();
    assertThat(written.has("persistentContents")).isFalse();
    assertThat(SERIALIZATION.unmarshal(SERIALIZATION.asJson(spec), SandboxSpec.class)).isEqualTo(spec);
  }

  @ParameterizedTest(name = "scale={0}, update={1}")
  @MethodSource("intOrStringPairs")
  void intOrStringFieldsKeepTheirJsonType(IntOrString scale, IntOrString update, String expectedJson) {
    SandboxSetSpec spec = new SandboxSetSpec().withReplicas(1)
        .withScaleStrategy(new SandboxSetScaleStrategy().withMaxUnavailable(scale))
        .withUpdateStrategy(new SandboxSetUpdateStrategy().withMaxUnavailable(update));
    String json = SERIALIZATION.asJson(spec);
    assertThat(tree(json)).isEqualTo(tree(expectedJson));
    SandboxSetSpec read = SERIALIZATION.unmarshal(json, SandboxSetSpec.class);
    assertThat(read).isEqualTo(spec);
    assertThat(read.getScaleStrategy().getMaxUnavailable().getIntVal()).isEqualTo(scale.getIntVal());
    assertThat(read.getScaleStrategy().getMaxUnavailable().getStrVal()).isEqualTo(scale.getStrVal());
    assertThat(read.getUpdateStrategy().getMaxUnavailable().getIntVal()).isEqualTo(update.getIntVal());
    assertThat(read.getUpdateStrategy().getMaxUnavailable().getStrVal()).isEqualTo(update.getStrVal());
  }

  static Stream<Arguments> intOrStringPairs() {
    return Stream.of(
        Arguments.of(new IntOrString(3), new IntOrString("25%"),
            "{\"replicas\":1,\"scaleStrategy\":{\"maxUnavailable\":3},\"updateStrategy\":{\"maxUnavailable\":\"25%\"}}"),
        Arguments.of(new IntOrString("50%"), new IntOrString(0),
            "{\"replicas\":1,\"scaleStrategy\":{\"maxUnavailable\":\"50%\"},\"updateStrategy\":{\"maxUnavailable\":0}}"));
  }

  @Test
  void typedListsRoundTrip() {
    SandboxList list = new SandboxList();
    list.setMetadata(new ListMetaBuilder().withResourceVersion("42").build());
    list.setItems(List.of(TestSupport.fullSandbox(), Sandbox.of("ns", "other", new SandboxSpec())));
    String json = SERIALIZATION.asJson(list);
    JsonNode written = tree(json);
    assertThat(written.get("apiVersion").asText()).isEqualTo(AgentsApi.API_VERSION);
    assertThat(written.get("kind").asText()).isEqualTo(AgentsApi.SANDBOX_LIST_KIND);
    SandboxList read = SERIALIZATION.unmarshal(json, SandboxList.class);
    assertThat(read).isEqualTo(list).hasSameHashCodeAs(list);
    assertThat(read.getItems().get(0)).isInstanceOf(Sandbox.class);

    SandboxSetList sets = new SandboxSetList();
    sets.setItems(List.of(TestSupport.fullSandboxSet()));
    assertThat(sets.getKind()).isEqualTo(AgentsApi.SANDBOXSET_LIST_KIND);
    SandboxSetList readSets = SERIALIZATION.unmarshal(SERIALIZATION.asJson(sets), SandboxSetList.class);
    assertThat(readSets).isEqualTo(sets);
    assertThat(readSets.getItems().get(0).getSpec().getReplicas()).isEqualTo(5);
    assertThat(readSets).isNotEqualTo(list);

    SandboxClaimList claims = new SandboxClaimList();
    claims.setItems(List.of(TestSupport.fullSandboxClaim()));
    assertThat(claims.getApiVersion()).isEqualTo(AgentsApi.API_VERSION);
    assertThat(claims.getKind()).isEqualTo(AgentsApi.SANDBOXCLAIM_LIST_KIND);
    SandboxClaimList readClaims = SERIALIZATION.unmarshal(SERIALIZATION.asJson(claims), SandboxClaimList.class);
    assertThat(readClaims).isEqualTo(claims).hasSameHashCodeAs(claims);
    assertThat(readClaims.getItems().get(0).getStatus().getClaimedReplicas()).isEqualTo(3);

    SandboxTemplateList templates = new SandboxTemplateList();
    templates.setItems(List.of(TestSupport.fullSandboxTemplate()));
    assertThat(templates.getApiVersion()).isEqualTo(AgentsApi.API_VERSION);
    assertThat(templates.getKind()).isEqualTo(AgentsApi.SANDBOXTEMPLATE_LIST_KIND);
    SandboxTemplateList readTemplates =
        SERIALIZATION.unmarshal(SERIALIZATION.asJson(templates), SandboxTemplateList.class);
    assertThat(readTemplates).isEqualTo(templates).hasSameHashCodeAs(templates);
    assertThat(readTemplates).isNotEqualTo(claims);
  }

  @Test
  void untypedJsonResolvesToTheModelClasses() {
    // META-INF/services registration: fabric8 picks the class from apiVersion and kind
    KubernetesSerialization fresh = new KubernetesSerialization();
    Object sandbox = fresh.unmarshal(SANDBOX_JSON);
    assertThat(sandbox).isInstanceOf(Sandbox.class).isEqualTo(TestSupport.fullSandbox());
    Object set = fresh.unmarshal(SANDBOXSET_JSON);
    assertThat(set).isInstanceOf(SandboxSet.class);
    SandboxList list = new SandboxList();
    list.setItems(List.of(TestSupport.fullSandbox()));
    Object readList = fresh.unmarshal(fresh.asJson(list));
    assertThat(readList).isInstanceOf(SandboxList.class).isEqualTo(list);
    Object readSets = fresh.unmarshal(fresh.asJson(new SandboxSetList()));
    assertThat(readSets).isInstanceOf(SandboxSetList.class);
    Object claim = fresh.unmarshal(SANDBOXCLAIM_JSON);
    assertThat(claim).isInstanceOf(SandboxClaim.class).isEqualTo(TestSupport.fullSandboxClaim());
    Object template = fresh.unmarshal(SANDBOXTEMPLATE_JSON);
    assertThat(template).isInstanceOf(SandboxTemplate.class).isEqualTo(TestSupport.fullSandboxTemplate());
    Object readClaims = fresh.unmarshal(fresh.asJson(new SandboxClaimList()));
    assertThat(readClaims).isInstanceOf(SandboxClaimList.class);
    Object readTemplates = fresh.unmarshal(fresh.asJson(new SandboxTemplateList()));
    assertThat(readTemplates).isInstanceOf(SandboxTemplateList.class);
  }

  @Test
  void apiVersionAndKindComeFromTheAnnotations() {
    assertThat(new Sandbox().getApiVersion()).isEqualTo(AgentsApi.API_VERSION);
    assertThat(new Sandbox().getKind()).isEqualTo(AgentsApi.SANDBOX_KIND);
    assertThat(new SandboxSet().getApiVersion()).isEqualTo(AgentsApi.API_VERSION);
    assertThat(new SandboxSet().getKind()).isEqualTo(AgentsApi.SANDBOXSET_KIND);
    assertThat(new SandboxClaim().getApiVersion()).isEqualTo(AgentsApi.API_VERSION);
    assertThat(new SandboxClaim().getKind()).isEqualTo(AgentsApi.SANDBOXCLAIM_KIND);
    assertThat(new SandboxTemplate().getApiVersion()).isEqualTo(AgentsApi.API_VERSION);
    assertThat(new SandboxTemplate().getKind()).isEqualTo(AgentsApi.SANDBOXTEMPLATE_KIND);
    assertThat(treeOf(new Sandbox()).get("apiVersion").asText()).isEqualTo("agents.kruise.io/v1alpha1");
  }

  @Test
  void factoriesFillNameNamespaceAndSpec() {
    SandboxSpec spec = new SandboxSpec().withPaused(true);
    Sandbox sandbox = Sandbox.of("ns", "name", spec);
    assertThat(sandbox.getMetadata().getNamespace()).isEqualTo("ns");
    assertThat(sandbox.getMetadata().getName()).isEqualTo("name");
    assertThat(sandbox.getSpec()).isSameAs(spec);
    assertThat(sandbox.getStatus()).isNull();
    SandboxSet set = SandboxSet.of(null, "pool", new SandboxSetSpec().withReplicas(2));
    assertThat(set.getMetadata().getNamespace()).isNull();
    assertThat(set.getMetadata().getName()).isEqualTo("pool");
    assertThat(set.getSpec().getReplicas()).isEqualTo(2);
    SandboxClaim claim = SandboxClaim.of("ns", "claim", new SandboxClaimSpec().withTemplateName("t"));
    assertThat(claim.getMetadata().getNamespace()).isEqualTo("ns");
    assertThat(claim.getMetadata().getName()).isEqualTo("claim");
    assertThat(claim.getSpec().getTemplateName()).isEqualTo("t");
    assertThat(claim.getStatus()).isNull();
    SandboxTemplateSpec templateSpec = new SandboxTemplateSpec().withPersistentContents(List.of("ip"));
    SandboxTemplate template = SandboxTemplate.of("ns", "t", templateSpec);
    assertThat(template.getMetadata().getNamespace()).isEqualTo("ns");
    assertThat(template.getMetadata().getName()).isEqualTo("t");
    assertThat(template.getSpec()).isSameAs(templateSpec);
  }

  @Test
  void templateHasNoStatusOnTheWire() {
    JsonNode written = treeOf(TestSupport.fullSandboxTemplate());
    assertThat(written.has("status")).isFalse();
    String withStatus = "{\"apiVersion\":\"agents.kruise.io/v1alpha1\",\"kind\":\"SandboxTemplate\","
        + "\"metadata\":{\"name\":\"t\"},\"spec\":{}}";
    assertThat(SERIALIZATION.unmarshal(withStatus, SandboxTemplate.class).getStatus()).isNull();
  }

  @Test
  void claimPhaseEnumViewFollowsTheStringAndUnknownValuesSurvive() {
    SandboxClaimStatus status = new SandboxClaimStatus();
    assertThat(status.getPhaseEnum()).isEqualTo(SandboxClaimPhase.UNKNOWN);
    status.withPhase(SandboxClaimPhase.CLAIMING);
    assertThat(status.getPhase()).isEqualTo("Claiming");
    assertThat(status.getPhaseEnum()).isEqualTo(SandboxClaimPhase.CLAIMING);
    status.withPhase(SandboxClaimPhase.UNKNOWN);
    assertThat(status.getPhase()).isNull();
    assertThat(treeOf(status.withPhase(SandboxClaimPhase.COMPLETED)).has("phaseEnum")).isFalse();

    String json = "{\"apiVersion\":\"agents.kruise.io/v1alpha1\",\"kind\":\"SandboxClaim\","
        + "\"metadata\":{\"name\":\"c\"},\"spec\":{\"templateName\":\"t\",\"futureKnob\":1,"
        + "\"dynamicVolumesMount\":[{\"pvName\":\"pv\",\"mountPath\":\"/d\",\"futureAttr\":\"x\"}],"
        + "\"inplaceUpdate\":{\"resources\":{\"requests\":{\"cpu\":\"1\"},\"futureKind\":{}}}},"
        + "\"status\":{\"phase\":\"Cancelled\",\"claimedReplicas\":0,\"futureStatus\":true}}";
    SandboxClaim claim = SERIALIZATION.unmarshal(json, SandboxClaim.class);
    assertThat(claim.getStatus().getPhase()).isEqualTo("Cancelled");
    assertThat(claim.getStatus().getPhaseEnum()).isEqualTo(SandboxClaimPhase.UNKNOWN);
    assertThat(claim.getStatus().getClaimedReplicas()).isZero();
    assertThat(claim.getSpec().getAdditionalProperties()).containsOnlyKeys("futureKnob");
    assertThat(claim.getSpec().getDynamicVolumesMount().get(0).getAdditionalProperties())
        .containsOnlyKeys("futureAttr");
    assertThat(claim.getSpec().getInplaceUpdate().getResources().getRequests().get("cpu"))
        .isEqualTo(new Quantity("1"));
    assertThat(treeOf(claim)).isEqualTo(tree(json));
    assertThat(treeOf(claim.deepCopy())).isEqualTo(tree(json));
  }

  @Test
  void inplaceUpdateQuantitiesAreIntOrStringOnTheWire() {
    // The CRD accepts a quantity as a JSON number or a string; the model reads both and writes the
    // string form, which the API server accepts too.
    SandboxClaimInplaceUpdateResources resources = SERIALIZATION.unmarshal(
        "{\"requests\":{\"cpu\":2},\"limits\":{\"cpu\":\"2500m\",\"memory\":\"1Gi\"}}",
        SandboxClaimInplaceUpdateResources.class);
    assertThat(resources.getRequests()).containsEntry("cpu", new Quantity("2"));
    assertThat(resources.getLimits()).containsEntry("cpu", new Quantity("2500m"));
    assertThat(treeOf(resources)).isEqualTo(
        tree("{\"requests\":{\"cpu\":\"2\"},\"limits\":{\"cpu\":\"2500m\",\"memory\":\"1Gi\"}}"));
  }

  @Test
  void claimDurationsReadAsGoDurationsWithTheServerDefaults() {
    SandboxClaimSpec spec = TestSupport.fullSandboxClaim().getSpec();
    assertThat(spec.effectiveReplicas()).isEqualTo(5);
    assertThat(spec.effectiveClaimTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(spec.effectiveWaitReadyTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(spec.effectiveTtlAfterCompleted()).isEqualTo(Duration.ofSeconds(-1));

    SandboxClaimSpec unset = new SandboxClaimSpec();
    assertThat(unset.effectiveReplicas()).isEqualTo(1);
    assertThat(unset.effectiveClaimTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(unset.effectiveWaitReadyTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(unset.effectiveTtlAfterCompleted()).isEqualTo(Duration.ofHours(1));
    assertThat(new SandboxClaimSpec().withClaimTimeout("soon").effectiveClaimTimeout())
        .isEqualTo(SandboxClaimSpec.DEFAULT_CLAIM_TIMEOUT);

    SandboxClaimSpec typed = new SandboxClaimSpec()
        .withClaimTimeout(Duration.ofSeconds(90))
        .withWaitReadyTimeout(Duration.ofMillis(1500))
        .withTtlAfterCompleted(Duration.ofSeconds(-1));
    assertThat(treeOf(typed)).isEqualTo(
        tree("{\"claimTimeout\":\"1m30s\",\"waitReadyTimeout\":\"1.5s\",\"ttlAfterCompleted\":\"-1s\"}"));
    assertThat(typed.withClaimTimeout((Duration) null).getClaimTimeout()).isNull();
  }

  @Test
  void phaseEnumViewFollowsTheString() {
    SandboxStatus status = new SandboxStatus();
    assertThat(status.getPhaseEnum()).isEqualTo(SandboxPhase.UNKNOWN);
    status.withPhase(SandboxPhase.PAUSED);
    assertThat(status.getPhase()).isEqualTo("Paused");
    assertThat(status.getPhaseEnum()).isEqualTo(SandboxPhase.PAUSED);
    status.withPhase(SandboxPhase.UNKNOWN);
    assertThat(status.getPhase()).isNull();
    status.withPhase((SandboxPhase) null);
    assertThat(status.getPhase()).isNull();
    assertThat(treeOf(status.withPhase(SandboxPhase.RUNNING)).has("phaseEnum")).isFalse();
  }

  // ---- helpers ----

  /** Walks the schema and records every property path the document leaves unset. */
  private static void collectMissing(JsonNode schema, JsonNode document, String path, List<String> missing) {
    JsonNode properties = schema.get("properties");
    if (properties != null) {
      for (Iterator<String> it = properties.fieldNames(); it.hasNext();) {
        String name = it.next();
        String child = path + "." + name;
        JsonNode value = document == null ? null : document.get(name);
        if (value == null || value.isNull()) {
          missing.add(child);
        } else {
          collectMissing(properties.get(name), value, child, missing);
        }
      }
    }
    JsonNode items = schema.get("items");
    if (items != null && document != null && document.isArray()) {
      if (document.isEmpty()) {
        missing.add(path + "[]");
      }
      // every property must be set in at least one element
      List<String> perElementUnion = null;
      for (JsonNode element : document) {
        List<String> elementMissing = new ArrayList<>();
        collectMissing(items, element, path + "[]", elementMissing);
        if (perElementUnion == null) {
          perElementUnion = elementMissing;
        } else {
          perElementUnion.retainAll(elementMissing);
        }
      }
      if (perElementUnion != null) {
        missing.addAll(perElementUnion);
      }
    }
  }

  /** Every model object (ours and fabric8's) reachable from {@code root} that holds unknown fields. */
  private static List<String> unknownFieldHolders(Object root) {
    List<String> found = new ArrayList<>();
    walk(root, "", found, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
    return found;
  }

  private static void walk(Object value, String path, List<String> found, Set<Object> seen) {
    if (value == null || !seen.add(value)) {
      return;
    }
    if (value instanceof Collection) {
      int i = 0;
      for (Object element : (Collection<?>) value) {
        walk(element, path + "[" + i++ + "]", found, seen);
      }
      return;
    }
    if (value instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        walk(e.getValue(), path + "." + e.getKey(), found, seen);
      }
      return;
    }
    String pkg = value.getClass().getPackageName();
    if (!pkg.startsWith("io.kruise.agents.model") && !pkg.startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method m : value.getClass().getMethods()) {
      if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
          || m.getDeclaringClass() == Object.class) {
        continue;
      }
      Object child;
      try {
        child = m.invoke(value);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
      if (m.getName().equals("getAdditionalProperties")) {
        if (child instanceof Map && !((Map<?, ?>) child).isEmpty()) {
          found.add(path + " (" + value.getClass().getSimpleName() + "): " + child);
        }
      } else {
        walk(child, path + "." + m.getName().substring(3), found, seen);
      }
    }
  }
}
