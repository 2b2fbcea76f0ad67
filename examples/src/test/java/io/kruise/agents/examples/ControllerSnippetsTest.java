package io.kruise.agents.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.javaoperatorsdk.operator.Operator;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.controller.josdk.JosdkSharing;
import io.kruise.agents.controller.pool.SimulatedSandboxRuntime;
import io.kruise.agents.examples.quickstart.Controllers;
import io.kruise.agents.model.Conditions;
import io.kruise.agents.model.ConditionTypes;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxClaimStatus;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetSpec;
import io.kruise.agents.testkit.WithMockApiServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The README's "Writing a controller" snippets, run against the mock API server. */
@WithMockApiServer
class ControllerSnippetsTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @AfterEach
  void deleteWhatTheSnippetsCreated(AgentsClient agents) {
    agents.sandboxes("default").deleteCollectionSandboxes(null, null, null);
    agents.sandboxSets("default").deleteCollectionSandboxSets(null, null, null);
    agents.sandboxClaims("default").deleteCollectionSandboxClaims(null, null, null);
  }

  static SandboxSet pool(String name, int replicas) {
    return SandboxSet.of("default", name, new SandboxSetSpec().withReplicas(replicas)
        .withTemplate(Demo.nginxTemplate()));
  }

  @Test
  void thePoolControllerSnippetKeepsAPoolFull(AgentsClient agents) {
    try (SimulatedSandboxRuntime runtime = SimulatedSandboxRuntime.start(agents, Duration.ZERO);
        Controllers.Running running = Controllers.runPoolController(agents, "default")) {
      agents.sandboxSets("default").createSandboxSet(pool("snippet-pool", 2));
      await().atMost(WAIT).until(() -> {
        SandboxSet set = agents.sandboxSets("default").getSandboxSet("snippet-pool");
        return set.getStatus() != null && set.getStatus().getAvailableReplicas() == 2;
      });
      assertThat(agents.sandboxes("default").listSandboxes(null,
          SandboxLabels.SANDBOX_POOL + "=snippet-pool", null).getItems()).hasSize(2);
      assertThat(running.pools().stats().created()).isEqualTo(2);
    }
  }

  @Test
  void theClaimSnippetsClaimThreeSandboxesStampedWithTheClaimsLabel(AgentsClient agents) {
    try (SimulatedSandboxRuntime runtime = SimulatedSandboxRuntime.start(agents, Duration.ZERO);
        Controllers.ClaimsRunning running = Controllers.runClaimController(agents, "default")) {
      agents.sandboxSets("default").createSandboxSet(pool("python", 2));
      // a pool of 2 for a claim of 3: the third comes from the pool controller's refill
      List<Sandbox> mine = Controllers.claimThree(agents, "default");
      assertThat(mine).hasSize(3).allSatisfy(s -> assertThat(s.getMetadata().getLabels())
          .containsEntry("job", "42").containsEntry(SandboxLabels.CLAIM_NAME, "job-42"));
      SandboxClaimStatus status = agents.sandboxClaims("default").getSandboxClaim("job-42")
          .getStatus();
      assertThat(status.getClaimedReplicas()).isEqualTo(3);
      assertThat(Conditions.isTrue(status.getConditions(), ConditionTypes.COMPLETED)).isTrue();
      assertThat(running.claims().stats().claimed()).isEqualTo(3);
    }
  }

  @Test
  void theReconcilerSnippetSetsReadyFromThePoolsFill(AgentsClient agents) {
    Operator operator = new Operator(JosdkSharing.sharing(agents));
    operator.register(new Controllers.PoolReadyReconciler(agents),
        o -> o.settingNamespace("default"));
    operator.start();
    try {
      agents.sandboxSets("default").createSandboxSet(pool("empty", 0));
      await().atMost(WAIT).until(() -> ready(agents, "empty", "True", "PoolFull"));
      agents.sandboxSets("default").createSandboxSet(pool("filling", 2));
      await().atMost(WAIT).until(() -> ready(agents, "filling", "False", "PoolFilling"));
      assertThat(Conditions.find(agents.sandboxSets("default").getSandboxSet("filling"),
          ConditionTypes.READY).orElseThrow().getMessage()).isEqualTo("0 of 2 available");
    } finally {
      operator.stop();
    }
  }

  private static boolean ready(AgentsClient agents, String name, String status, String reason) {
    return Conditions.find(agents.sandboxSets("default").getSandboxSet(name), ConditionTypes.READY)
        .filter(c -> status.equals(c.getStatus()) && reason.equals(c.getReason())).isPresent();
  }
}
