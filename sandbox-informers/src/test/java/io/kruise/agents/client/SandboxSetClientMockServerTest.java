package io.kruise.agents.client;

import static io.kruise.agents.client.Fixtures.condition;
import static io.kruise.agents.client.Fixtures.sandboxSet;
import static io.kruise.agents.client.Fixtures.uniqueName;
import static io.kruise.agents.client.Fixtures.withCounts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kruise.agents.client.exceptions.ConflictException;
import io.kruise.agents.client.exceptions.SandboxSetNotFoundException;
import io.kruise.agents.client.exceptions.TimeoutException;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetSpec;
import io.kruise.agents.testkit.MockApiServer;
import io.kruise.agents.testkit.WithMockApiServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SandboxSetClient against the fabric8 mock API server. The scale subresource is not served by
 * the mock; scaleSandboxSet and getSandboxSetReplicas are covered on the real API server.
 */
@WithMockApiServer
class SandboxSetClientMockServerTest {

  @Test
  void crudRoundTrip(AgentsClient agents) {
    SandboxSetClient sets = agents.sandboxSets();
    String name = uniqueName("pool");
    SandboxSet created = sets.createSandboxSet(sandboxSet(name, 3));
    assertThat(created.getSpec().getReplicas()).isEqualTo(3);
    assertThat(sets.getSandboxSet(name).getMetadata().getUid())
        .isEqualTo(created.getMetadata().getUid());

    SandboxSet changed = created.deepCopy();
    changed.getSpec().setReplicas(4);
    assertThat(sets.updateSandboxSet(name, changed).getSpec().getReplicas()).isEqualTo(4);
    assertThat(sets.patchSandboxSet(name, "{\"spec\":{\"replicas\":6}}").getSpec().getReplicas())
        .isEqualTo(6);
    assertThat(sets.listSandboxSets(null, "app=pool", "metadata.name=" + name).getItems())
        .hasSize(1);

    sets.deleteSandboxSet(name);
    assertThatThrownBy(() -> sets.getSandboxSet(name))
        .isInstanceOf(SandboxSetNotFoundException.class);
    assertThatThrownBy(() -> sets.deleteSandboxSet(name, null, null))
        .isInstanceOf(SandboxSetNotFoundException.class);
  }

  @Test
  void statusUpdateKeepsReplicaCountsEvenWhenZero(AgentsClient agents) {
    String name = uniqueName("zero");
    SandboxSet created = agents.sandboxSets().createSandboxSet(sandboxSet(name, 0));
    SandboxSet updated = agents.sandboxSets().updateSandboxSetStatus(name,
        withCounts(created, 0, 0));
    assertThat(updated.getStatus()).isNotNull();
    assertThat(agents.sandboxSets().getSandboxSetReplicaCounts(name, null))
        .isEqualTo(new SandboxSetReplicas(0, 0, 0, -1, updated.getMetadata().getGeneration() == null
            ? -1 : updated.getMetadata().getGeneration()));
  }

  @Test
  void duplicateIsAConflictAndMissingIsNotFound(AgentsClient agents) {
    String name = uniqueName("dup");
    agents.sandboxSets().createSandboxSet(sandboxSet(name, 1));
    assertThatThrownBy(() -> agents.sandboxSets().createSandboxSet(sandboxSet(name, 1)))
        .isInstanceOfSatisfying(ConflictException.class,
            e -> assertThat(e.reason()).isEqualTo(ConflictException.Reason.ALREADY_EXISTS));
    assertThatThrownBy(() -> agents.sandboxSets().getSandboxSetReplicaCounts("missing", null))
        .isInstanceOf(SandboxSetNotFoundException.class);
  }

  @Test
  void replicasAreValidatedBeforeAnyRequest(AgentsClient agents, MockApiServer server) {
    int before = server.requestCount();
    assertThatThrownBy(() -> agents.sandboxSets().createSandboxSet(sandboxSet("neg", -1)))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("spec.replicas"));
    SandboxSet noReplicas = SandboxSet.of(null, "none", new SandboxSetSpec());
    assertThatThrownBy(() -> agents.sandboxSets().createSandboxSet(noReplicas))
        .isInstanceOf(ValidationException.class).hasMessageContaining("spec.replicas");
    assertThatThrownBy(() -> agents.sandboxSets().scaleSandboxSet("pool", -2))
        .isInstanceOf(ValidationException.class).hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> agents.sandboxSets().updateSandboxSet("pool", sandboxSet("pool", -5)))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> agents.sandboxSets().patchSandboxSet("pool", "{}", null,
        PatchType.fromContentType("application/strategic-merge-patch+json")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("strategic merge");
    assertThat(server.requestCount()).isEqualTo(before);
  }

  @Test
  void deleteCollectionAndWatch(AgentsClient agents) throws Exception {
    List<WatchEvent<SandboxSet>> seen = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> twoDeleted = new CompletableFuture<>();
    String label = uniqueName("grp");
    try (WatchHandle handle = agents.sandboxSets().watchSandboxSets(null, "grp=" + label, null,
        null, e -> {
          seen.add(e);
          if (seen.stream().filter(x -> x.type() == WatchEventType.DELETED).count() == 2) {
            twoDeleted.complete(null);
          }
        })) {
      // watchSandboxSets returns once the watch is open, so the writes below reach it
      for (int i = 0; i < 2; i++) {
        SandboxSet s = sandboxSet(uniqueName("g"), 1);
        s.getMetadata().setLabels(java.util.Map.of("grp", label));
        agents.sandboxSets().createSandboxSet(s);
      }
      assertThat(agents.sandboxSets().deleteCollectionSandboxSets(null, "grp=" + label, null))
          .hasSize(2);
      twoDeleted.get(10, TimeUnit.SECONDS);
    }
    assertThat(seen).extracting(WatchEvent::type).containsExactly(WatchEventType.ADDED,
        WatchEventType.ADDED, WatchEventType.DELETED, WatchEventType.DELETED);
  }

  @Test
  void waitsForConditionAndReplicaCount(AgentsClient agents) throws Exception {
    String name = uniqueName("fill");
    SandboxSet created = agents.sandboxSets().createSandboxSet(sandboxSet(name, 2));
    CompletableFuture<SandboxSet> full = CompletableFuture.supplyAsync(() ->
        agents.sandboxSets().waitForSandboxSetReplicas(name, Duration.ofSeconds(20), null));
    CompletableFuture<SandboxSet> ready = agents.sandboxSets().waitForSandboxSetConditionAsync(name,
        "Ready", "True", Duration.ofSeconds(20), null);
    // both waits registered (the async one lists and watches before it returns)
    await().atMost(Duration.ofSeconds(10))
        .until(() -> agents.context().pendingCount() == 2);
    SandboxSet partial = agents.sandboxSets().updateSandboxSetStatus(name,
        withCounts(created, 2, 1));
    // had the partial count completed the replica wait, its result below would say 1
    SandboxSet done = withCounts(partial, 2, 2);
    done.getStatus().setConditions(List.of(condition("Ready", "True")));
    agents.sandboxSets().updateSandboxSetStatus(name, done);
    assertThat(full.get(10, TimeUnit.SECONDS).getStatus().getAvailableReplicas()).isEqualTo(2);
    assertThat(ready.get(10, TimeUnit.SECONDS).getStatus().getConditions()).hasSize(1);
  }

  @Test
  void replicaWaitTimesOutWithCounts(AgentsClient agents) {
    String name = uniqueName("short");
    agents.sandboxSets().createSandboxSet(sandboxSet(name, 3));
    assertThatThrownBy(() -> agents.sandboxSets().waitForSandboxSetReplicas(name,
        Duration.ofMillis(400), null))
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("spec.replicas=3").hasMessageContaining(name);
  }
}
