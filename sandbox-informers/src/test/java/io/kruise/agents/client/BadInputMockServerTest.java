package io.kruise.agents.client;

import static io.kruise.agents.client.Fixtures.sandbox;
import static io.kruise.agents.client.Fixtures.sandboxSet;
import static io.kruise.agents.client.Fixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.testkit.MockApiServer;
import io.kruise.agents.testkit.WithMockApiServer;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Null, blank, negative and malformed arguments on every public entry point of the client
 * package: each is a ValidationException naming the argument (or field), raised before any
 * request, never a NullPointerException, IllegalArgumentException or fabric8 exception.
 */
@WithMockApiServer
class BadInputMockServerTest {

  private static final Duration NEGATIVE = Duration.ofSeconds(-1);

  /** One bad call: what it is, the call, and the field or argument its exception must name. */
  private static Arguments call(String label, Consumer<AgentsClient> call, String field) {
    return Arguments.of(label, call, field);
  }

  private static Sandbox withoutResourceVersion() {
    return sandbox("a", "demo");
  }

  private static Sandbox withResourceVersion() {
    Sandbox s = sandbox("a", "demo");
    s.getMetadata().setResourceVersion("1");
    return s;
  }

  private static SandboxSet negativeReplicas() {
    SandboxSet s = sandboxSet("a", 1);
    s.getSpec().setReplicas(-1);
    s.getMetadata().setResourceVersion("1");
    return s;
  }

  static Stream<Arguments> badCalls() {
    return Stream.of(
        // Configuration.Builder
        call("defaultTimeout(null)", a -> Configuration.builder().defaultTimeout(null),
            "defaultTimeout"),
        call("defaultTimeout(-1s)", a -> Configuration.builder().defaultTimeout(NEGATIVE),
            "defaultTimeout"),
        call("requestTimeout(null)", a -> Configuration.builder().requestTimeout(null),
            "requestTimeout"),
        call("requestTimeout(0)", a -> Configuration.builder().requestTimeout(Duration.ZERO),
            "requestTimeout"),
        call("namespace(Bad_NS)", a -> Configuration.builder().namespace("Bad_NS"),
            "metadata.namespace"),
        call("context(blank)", a -> Configuration.builder().context(" "), "context"),
        call("fieldManager(null)", a -> Configuration.builder().fieldManager(null),
            "fieldManager"),
        call("conflictRetry(null)", a -> Configuration.builder().conflictRetry(null),
            "conflictRetry"),
        call("ConflictRetry attempts(0)", a -> ConflictRetry.builder().attempts(0), "attempts"),
        call("ConflictRetry run(null)", a -> ConflictRetry.defaults().run(null), "attempt"),
        // AgentsClient
        call("create((Configuration) null)", a -> AgentsClient.create((Configuration) null),
            "configuration"),
        call("create((KubernetesClient) null)",
            a -> AgentsClient.create((KubernetesClient) null), "client"),
        call("create(client, null)", a -> AgentsClient.create(a.kubernetesClient(), null),
            "configuration"),
        call("sandboxes(blank)", a -> a.sandboxes(" "), "metadata.namespace"),
        call("sandboxSets(Bad_NS)", a -> a.sandboxSets("Bad_NS"), "metadata.namespace"),
        // small value types
        call("PatchOptions(blank)", a -> new PatchOptions(" ", false), "fieldManager"),
        call("PatchOptions.fieldManager(empty)", a -> PatchOptions.fieldManager(""),
            "fieldManager"),
        call("PatchType.fromContentType(text/plain)", a -> PatchType.fromContentType(
            "text/plain"), "patchType"),
        call("SandboxSetReplicas.of(null)", a -> SandboxSetReplicas.of(null), "set"),
        call("LabelSelector.parse(a in b)", a -> LabelSelector.parse("a in b"),
            "labelSelector"),
        // SandboxClient
        call("createSandbox(null)", a -> a.sandboxes().createSandbox(null), "sandbox"),
        call("createSandbox(body, Bad_NS)", a -> a.sandboxes().createSandbox(
            withoutResourceVersion(), "Bad_NS"), "metadata.namespace"),
        call("getSandbox(null)", a -> a.sandboxes().getSandbox(null), "metadata.name"),
        call("getSandbox(empty)", a -> a.sandboxes().getSandbox(""), "metadata.name"),
        call("getSandbox(Upper)", a -> a.sandboxes().getSandbox("Upper"), "metadata.name"),
        call("listSandboxes(labelSelector=a in b)",
            a -> a.sandboxes().listSandboxes(null, "a in b", null), "labelSelector"),
        call("listSandboxes(labelSelector==x)",
            a -> a.sandboxes().listSandboxes(null, "=x", null), "labelSelector"),
        call("listSandboxes(fieldSelector=nonsense)",
            a -> a.sandboxes().listSandboxes(null, null, "nonsense"), "fieldSelector"),
        call("listSandboxes(limit=0)",
            a -> a.sandboxes().listSandboxes(null, null, null, 0, null), "limit"),
        call("listSandboxes(limit=-5)",
            a -> a.sandboxes().listSandboxes(null, null, null, -5, null), "limit"),
        call("updateSandbox(null name)",
            a -> a.sandboxes().updateSandbox(null, withResourceVersion()), "metadata.name"),
        call("updateSandbox(null body)", a -> a.sandboxes().updateSandbox("a", null), "sandbox"),
        call("updateSandbox(no resourceVersion)",
            a -> a.sandboxes().updateSandbox("a", withoutResourceVersion()),
            "metadata.resourceVersion"),
        call("updateSandbox(null mode)",
            a -> a.sandboxes().updateSandbox("a", withResourceVersion(), null, null), "mode"),
        call("updateSandboxStatus(null body)",
            a -> a.sandboxes().updateSandboxStatus("a", null), "sandbox"),
        call("updateSandboxStatus(no resourceVersion)",
            a -> a.sandboxes().updateSandboxStatus("a", withoutResourceVersion()),
            "metadata.resourceVersion"),
        call("patchSandbox(null patch)", a -> a.sandboxes().patchSandbox("a", null), "patch"),
        call("patchSandbox(malformed merge patch)",
            a -> a.sandboxes().patchSandbox("a", "{\"spec\":"), "patch"),
        call("patchSandbox(merge patch that is an array)",
            a -> a.sandboxes().patchSandbox("a", "[1,2]"), "patch"),
        call("patchSandbox(merge patch with trailing garbage)",
            a -> a.sandboxes().patchSandbox("a", "{} x"), "patch"),
        call("patchSandbox(JSON patch that is an object)",
            a -> a.sandboxes().patchSandbox("a", "{}", null, PatchType.JSON), "patch"),
        call("patchSandbox(malformed JSON patch)",
            a -> a.sandboxes().patchSandbox("a", "[{", null, PatchType.JSON), "patch"),
        call("patchSandbox(malformed YAML apply)",
            a -> a.sandboxes().patchSandbox("a", "spec: [unclosed", null, PatchType.APPLY),
            "patch"),
        call("patchSandbox(apply that is a scalar)",
            a -> a.sandboxes().patchSandbox("a", "just words", null, PatchType.APPLY), "patch"),
        call("patchSandbox(apply of two documents)",
            a -> a.sandboxes().patchSandbox("a", "a: 1\n---\nb: 2\n", null, PatchType.APPLY),
            "patch"),
        call("deleteSandbox(null)", a -> a.sandboxes().deleteSandbox(null), "metadata.name"),
        call("deleteSandbox(grace -1)", a -> a.sandboxes().deleteSandbox("a", null, -1L),
            "gracePeriodSeconds"),
        call("deleteCollectionSandboxes(labelSelector=a in b)",
            a -> a.sandboxes().deleteCollectionSandboxes(null, "a in b", null), "labelSelector"),
        call("deleteCollectionSandboxes(fieldSelector=x)",
            a -> a.sandboxes().deleteCollectionSandboxes(null, null, "x"), "fieldSelector"),
        call("watchSandboxes(labelSelector=!)",
            a -> a.sandboxes().watchSandboxes(null, "!", null, 10), "labelSelector"),
        call("watchSandboxes(fieldSelector=bad)",
            a -> a.sandboxes().watchSandboxes(null, null, "bad", 10), "fieldSelector"),
        call("watchSandboxes(timeoutSeconds=0)",
            a -> a.sandboxes().watchSandboxes(null, null, null, 0), "timeoutSeconds"),
        call("watchSandboxes(callback, labelSelector=a in b)",
            a -> a.sandboxes().watchSandboxes(null, "a in b", null, null, e -> { }),
            "labelSelector"),
        call("watchSandboxes(null callback)", a -> a.sandboxes().watchSandboxes(null, null, null,
            null, (Consumer<WatchEvent<Sandbox>>) null), "callback"),
        call("waitForSandboxCondition(null name)",
            a -> a.sandboxes().waitForSandboxCondition(null, "Ready"), "metadata.name"),
        call("waitForSandboxCondition(null type)",
            a -> a.sandboxes().waitForSandboxCondition("a", null), "conditionType"),
        call("waitForSandboxCondition(null status)",
            a -> a.sandboxes().waitForSandboxCondition("a", "Ready", null, null),
            "conditionStatus"),
        call("waitForSandboxCondition(timeout -1s)",
            a -> a.sandboxes().waitForSandboxCondition("a", "Ready", "True", NEGATIVE),
            "timeout"),
        call("waitForSandboxConditionAsync(timeout -1s)",
            a -> a.sandboxes().waitForSandboxConditionAsync("a", "Ready", "True", NEGATIVE),
            "timeout"),
        call("waitForSandbox(null predicate)",
            a -> a.sandboxes().waitForSandbox("a", null, null, null), "predicate"),
        call("modifySandbox(null name)", a -> a.sandboxes().modifySandbox(null, s -> s),
            "metadata.name"),
        call("modifySandbox(null mutation)", a -> a.sandboxes().modifySandbox("a", null),
            "mutation"),
        call("modifySandboxStatus(null mutation)",
            a -> a.sandboxes().modifySandboxStatus("a", null, null), "mutation"),
        // SandboxSetClient
        call("createSandboxSet(null)", a -> a.sandboxSets().createSandboxSet(null),
            "sandboxSet"),
        call("createSandboxSet(replicas -1)",
            a -> a.sandboxSets().createSandboxSet(negativeReplicas()), "spec.replicas"),
        call("updateSandboxSet(replicas -1)",
            a -> a.sandboxSets().updateSandboxSet("a", negativeReplicas()), "spec.replicas"),
        call("updateSandboxSet(no resourceVersion)",
            a -> a.sandboxSets().updateSandboxSet("a", sandboxSet("a", 1)),
            "metadata.resourceVersion"),
        call("scaleSandboxSet(-1)", a -> a.sandboxSets().scaleSandboxSet("a", -1),
            "spec.replicas"),
        call("scaleSandboxSet(null name)", a -> a.sandboxSets().scaleSandboxSet(null, 1),
            "metadata.name"),
        call("getSandboxSetReplicas(null)", a -> a.sandboxSets().getSandboxSetReplicas(null),
            "metadata.name"),
        call("getSandboxSetReplicaCounts(null)",
            a -> a.sandboxSets().getSandboxSetReplicaCounts(null), "metadata.name"),
        call("listSandboxSets(labelSelector=a in b)",
            a -> a.sandboxSets().listSandboxSets(null, "a in b", null), "labelSelector"),
        call("patchSandboxSet(malformed)",
            a -> a.sandboxSets().patchSandboxSet("a", "{", null, null), "patch"),
        call("watchSandboxSets(labelSelector=a in b)",
            a -> a.sandboxSets().watchSandboxSets(null, "a in b", null, 5), "labelSelector"),
        call("waitForSandboxSetReplicas(timeout -1s)",
            a -> a.sandboxSets().waitForSandboxSetReplicas("a", NEGATIVE, null), "timeout"),
        call("waitForSandboxSet(null predicate)",
            a -> a.sandboxSets().waitForSandboxSet("a", null, null, null), "predicate"),
        call("modifySandboxSet(null mutation)", a -> a.sandboxSets().modifySandboxSet("a", null),
            "mutation"),
        call("modifySandboxSetStatus(null mutation)",
            a -> a.sandboxSets().modifySandboxSetStatus("a", null), "mutation"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCalls")
  void badInputIsAValidationErrorNamingTheArgumentBeforeAnyRequest(String label,
      Consumer<AgentsClient> call, String field, AgentsClient agents, MockApiServer server) {
    int before = server.requestCount();
    assertThatThrownBy(() -> call.accept(agents)).as(label)
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.fields()).as(label).contains(field);
          assertThat(e.getMessage()).as(label).contains(field);
          assertThat(e.code()).as(label).isZero();
        });
    assertThat(server.requestCount()).as(label + ": requests").isEqualTo(before);
  }

  @Test
  void malformedPatchesKeepTheParsersExceptionAsCause(AgentsClient agents) {
    String name = uniqueName("patch");
    agents.sandboxes().createSandbox(sandbox(name, "demo"));
    assertThatThrownBy(() -> agents.sandboxes().patchSandbox(name, "{\"spec\":{\"paused\":tru}}"))
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.getMessage()).contains("patch").contains("valid JSON").contains("tru");
          assertThat(e.getCause()).isInstanceOf(
              com.fasterxml.jackson.core.JsonProcessingException.class);
        });
    assertThatThrownBy(() -> agents.sandboxes().patchSandbox(name, "spec: {paused: [", null,
        PatchType.APPLY)).isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.getMessage()).contains("patch").contains("YAML");
          assertThat(e.getCause()).isNotNull()
              .isNotInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class);
        });
    // and a well-formed YAML intent passes the check (the mock server has no server-side apply,
    // so it is refused there, by the server)
    assertThatThrownBy(() -> agents.sandboxes().patchSandbox(name, "spec:\n  paused: true\n",
        null, PatchType.APPLY))
        .isNotInstanceOf(ValidationException.class)
        .isInstanceOf(io.kruise.agents.client.exceptions.AgentsApiException.class);
  }
}
