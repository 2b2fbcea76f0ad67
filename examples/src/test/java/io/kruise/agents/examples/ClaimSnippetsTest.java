package io.kruise.agents.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.examples.quickstart.AddingAKind;
import io.kruise.agents.examples.quickstart.WorkingWithClaims;
import io.kruise.agents.examples.quickstart.widgets.Widget;
import io.kruise.agents.examples.quickstart.widgets.WidgetStatus;
import io.kruise.agents.examples.quickstart.widgets.Widgets;
import io.kruise.agents.model.ConditionTypes;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxAnnotations;
import io.kruise.agents.model.SandboxClaim;
import io.kruise.agents.model.SandboxClaimPhase;
import io.kruise.agents.model.SandboxClaimSpec;
import io.kruise.agents.model.SandboxClaimStatus;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxSpec;
import io.kruise.agents.model.SandboxTemplate;
import io.kruise.agents.testkit.MockApiServer;
import io.kruise.agents.testkit.WithMockApiServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the README's SandboxClaim/SandboxTemplate snippets and its "Adding a kind" snippets
 * against the mock API server. No claim controller runs there: the test writes what it would
 * (the claimed sandboxes' labels and owner, the claim's status).
 */
@WithMockApiServer(kinds = Widget.class)
class ClaimSnippetsTest {

  private static Condition condition(String type) {
    return new ConditionBuilder().withType(type).withStatus("True").withReason("Test")
        .withMessage("set by test").withLastTransitionTime(Instant.now().toString()).build();
  }

  /** What the claim controller would leave: claimed sandboxes and a Completed status. */
  private static void claimControllerCompletes(AgentsClient agents, SandboxClaim claim,
      int claimed, boolean timedOut) {
    for (int i = 0; i < claimed; i++) {
      Sandbox s = Sandbox.of("default", "python-" + i, new SandboxSpec());
      s.getMetadata().setLabels(new HashMap<>(Map.of(SandboxLabels.SANDBOX_CLAIMED,
          SandboxLabels.TRUE, SandboxLabels.CLAIM_NAME, claim.getMetadata().getName(),
          "job", "batch-42")));
      s.getMetadata().setAnnotations(Map.of(SandboxAnnotations.OWNER,
          claim.getMetadata().getUid()));
      agents.sandboxes("default").createSandbox(s);
    }
    SandboxClaim done = claim.deepCopy();
    SandboxClaimStatus status = new SandboxClaimStatus().withPhase(SandboxClaimPhase.COMPLETED)
        .withClaimedReplicas(claimed);
    status.setConditions(timedOut ? List.of(condition(ConditionTypes.COMPLETED),
        condition(ConditionTypes.TIMED_OUT)) : List.of(condition(ConditionTypes.COMPLETED)));
    done.setStatus(status);
    agents.sandboxClaims("default").updateSandboxClaimStatus(claim.getMetadata().getName(), done);
  }

  @Test
  void aTemplateAClaimAndItsCompletion(AgentsClient agents) {
    SandboxTemplate template = WorkingWithClaims.createTemplate(agents);
    assertThat(template.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("python:3.12");
    SandboxClaim claim = WorkingWithClaims.createClaim(agents);
    assertThat(claim.getSpec().getClaimTimeout()).isEqualTo("30s");
    assertThat(claim.getSpec().getLabels()).containsEntry("job", "batch-42");

    claimControllerCompletes(agents, claim, 2, true);
    String out = stdout(() -> WorkingWithClaims.waitForClaim(agents));

    assertThat(out).contains("claimed python-0", "claimed python-1", "timed out with 2 of 3");
    assertThat(WorkingWithClaims.fromTheCache(agents))
        .extracting(s -> s.getMetadata().getName())
        .containsExactlyInAnyOrder("python-0", "python-1");
  }

  @Test
  void listingAndWatchingClaims(AgentsClient agents, MockApiServer server) throws Exception {
    SandboxClaim ml = SandboxClaim.of("default", "ml-1", new SandboxClaimSpec()
        .withTemplateName("python"));
    ml.getMetadata().setLabels(Map.of("team", "ml"));
    agents.sandboxClaims("default").createSandboxClaim(ml);
    agents.sandboxClaims("default").createSandboxClaim(SandboxClaim.of("default", "web-1",
        new SandboxClaimSpec().withTemplateName("node")));

    StringBuilder out = new StringBuilder();
    CompletableFuture<List<String>> listed = CompletableFuture.supplyAsync(() -> {
      List<String> names = new java.util.ArrayList<>();
      out.append(stdout(() -> WorkingWithClaims.listAndWatch(agents, 3).getItems()
          .forEach(c -> names.add(c.getMetadata().getName()))));
      return names;
    });
    assertThat(listed.get(20, TimeUnit.SECONDS)).containsExactly("ml-1");
    assertThat(out.toString()).contains("ADDED ml-1 new", "ADDED web-1 new");
  }

  @Test
  void aKindOfOnesOwn(AgentsClient agents) throws Exception {
    CompletableFuture<Widget> ready = AddingAKind.useIt(agents);
    await().atMost(Duration.ofSeconds(10)).until(() -> widgetCache(agents)
        .lister().get("default", "w1") != null);
    agents.resources(Widgets.WIDGET, "default").modifyStatus("w1", w -> {
      w.setStatus(new WidgetStatus());
      w.getStatus().setConditions(List.of(condition("Ready")));
      return w;
    }, null);
    assertThat(ready.get(20, TimeUnit.SECONDS).getStatus().getConditions()).hasSize(1);
  }

  private static io.kruise.agents.informers.SharedInformer<Widget> widgetCache(
      AgentsClient agents) {
    return io.kruise.agents.informers.SharedInformers.of(agents).informer(Widgets.WIDGET);
  }

  /** Runs code with System.out captured. */
  private static synchronized String stdout(Runnable code) {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      code.run();
    } finally {
      System.setOut(original);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    original.print(out);
    return out;
  }
}
