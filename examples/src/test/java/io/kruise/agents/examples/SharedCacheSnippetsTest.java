package io.kruise.agents.examples;

import io.kruise.agents.informers.SharedInformers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.examples.quickstart.SharedCache;
import io.kruise.agents.informers.InformerOptions;
import io.kruise.agents.informers.ListenerRegistration;
import io.kruise.agents.informers.SandboxIndexes;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxPhase;
import io.kruise.agents.model.SandboxSpec;
import io.kruise.agents.model.SandboxStatus;
import io.kruise.agents.testkit.MockApiServer;
import io.kruise.agents.testkit.WithMockApiServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the README's shared-cache snippets against the mock API server. */
@WithMockApiServer
class SharedCacheSnippetsTest {

  @Test
  void listersListenersWaitsClaimsAndHealth(AgentsClient agents, MockApiServer server)
      throws Exception {
    assertThat(SharedCache.leanAndHealthy(agents)).isTrue();
    assertThat(SharedInformers.of(agents).options()).isEqualTo(InformerOptions.builder().lean()
        .listPageSize(500).build());

    ListenerRegistration audit = SharedCache.listen(agents);
    Sandbox example = agents.sandboxes("default").createSandbox(sandbox("example-sandbox",
        Map.of("app", "example")));
    markReady(agents, example);
    for (int i = 0; i < 3; i++) {
      // status is a subresource: written after the create, as the controller would
      markReady(agents, agents.sandboxes("default").createSandbox(poolSandbox("pool-" + i)));
    }
    // the add and the status update reached the listener: delivered, or merged into one
    // callback while it was behind (its queue keeps the latest state per object)
    await().atMost(Duration.ofSeconds(10))
        .until(() -> audit.delivered() + audit.coalesced() >= 2);

    // the lean cache refuses write-backs, so the listers snippet runs on a full-cache client
    try (AgentsClient full = AgentsClient.create(server.createClient())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> SharedInformers.of(full).sandboxes().lister()
          .byIndex(SandboxIndexes.POOL, "example-pool").size() == 3);
      List<Sandbox> pool = SharedCache.readFromTheCache(full);
      assertThat(pool).hasSize(3);
      assertThat(SharedInformers.of(full).sandboxes().lister().get("default", "example-sandbox")
          .getSpec().getPaused()).isTrue();

      CompletableFuture<Sandbox> paused = SharedCache.waitOnTheCache(full);
      assertThat(paused.get(10, TimeUnit.SECONDS).getSpec().getPaused()).isTrue();

      Sandbox claimed = SharedCache.claim(full);
      assertThat(claimed.getMetadata().getName()).startsWith("pool-");
      assertThat(claimed.getMetadata().getLabels())
          .containsEntry(SandboxLabels.SANDBOX_CLAIMED, "true");
    }
    audit.close();
  }

  private static Sandbox sandbox(String name, Map<String, String> labels) {
    Sandbox s = Sandbox.of("default", name, new SandboxSpec());
    s.getMetadata().setLabels(labels);
    return s;
  }

  private static Sandbox poolSandbox(String name) {
    Sandbox s = sandbox(name, Map.of(SandboxLabels.SANDBOX_POOL, "example-pool"));
    s.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder()
        .withApiVersion("agents.kruise.io/v1alpha1").withKind("SandboxSet")
        .withName("example-pool").withUid("uid-1").withController(true).build()));
    return s;
  }

  private static SandboxStatus readyStatus() {
    return new SandboxStatus().withPhase(SandboxPhase.RUNNING).addCondition(
        new ConditionBuilder().withType("Ready").withStatus("True").withReason("PodReady")
            .withMessage("").withLastTransitionTime(Instant.now().toString()).build());
  }

  private static void markReady(AgentsClient agents, Sandbox s) {
    Sandbox copy = s.deepCopy();
    copy.setStatus(readyStatus());
    agents.sandboxes("default").updateSandboxStatus(s.getMetadata().getName(), copy);
  }
}
