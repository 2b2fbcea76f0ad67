package io.kruise.agents.controller.pool;

import static io.kruise.agents.controller.ControllerFixtures.sandboxSet;
import static io.kruise.agents.controller.ControllerFixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.javaoperatorsdk.operator.Operator;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.controller.OwnerReferences;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxAnnotations;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetStatus;
import io.kruise.agents.model.SandboxStatus;
import io.kruise.agents.testkit.MockApiServer;
import io.kruise.agents.testkit.WithMockApiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pool controller end to end on the mock server: JOSDK reconciles, the simulated runtime
 * makes sandboxes ready, claims and failures are replaced, scale down deletes, and a reconcile
 * at rest sends nothing. (The mock server's merge patches cannot remove list items, so claims
 * here are full updates; the real claim path is in {@link PoolControllerRealServerTest}.)
 */
@WithMockApiServer
class PoolControllerMockServerTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String NS = "test";

  private static List<Sandbox> unclaimed(AgentsClient agents, SandboxSet set) {
    return agents.sandboxes(NS).listSandboxes(NS, SandboxLabels.SANDBOX_POOL + "="
        + set.getMetadata().getName(), null).getItems().stream()
        .filter(s -> OwnerReferences.isControlledBy(s, set)).toList();
  }

  private static boolean full(AgentsClient agents, SandboxSet set, int replicas) {
    SandboxSetStatus status = agents.sandboxSets(NS).getSandboxSet(set.getMetadata().getName())
        .getStatus();
    return unclaimed(agents, set).size() == replicas && status != null
        && status.getReplicas() == replicas && status.getAvailableReplicas() == replicas;
  }

  @Test
  void keepsThePoolFullThroughClaimsFailuresAndScaleDown(AgentsClient agents,
      MockApiServer server) throws Exception {
    SandboxSetPoolController controller = SandboxSetPoolController.create(agents,
        PoolControllerOptions.builder().namespace(NS).build());
    Operator operator = new Operator(o -> o.withKubernetesClient(agents.kubernetesClient())
        .withCloseClientOnStop(false));
    controller.registerWith(operator);
    try (SimulatedSandboxRuntime runtime = SimulatedSandboxRuntime.start(agents, Duration.ZERO)) {
      operator.start();
      SandboxSet set = agents.sandboxSets(NS).createSandboxSet(sandboxSet(NS,
          uniqueName("pool"), 3));

      // fills: exactly three, all ready, status reported
      await().atMost(WAIT).until(() -> full(agents, set, 3));
      assertThat(controller.stats().created()).isEqualTo(3);
      SandboxSetStatus status = agents.sandboxSets(NS).getSandboxSet(set.getMetadata().getName())
          .getStatus();
      assertThat(status.getSelector()).isEqualTo(PoolSandboxes.selector(set.getMetadata()
          .getName()));
      assertThat(status.getUpdateRevision()).isEqualTo(TemplateRevision.of(set.getSpec()));
      assertThat(unclaimed(agents, set)).allSatisfy(s -> assertThat(s.getMetadata().getLabels())
          .containsEntry(SandboxLabels.TEMPLATE_HASH, status.getUpdateRevision()));

      // a claim (controller reference removed) is replaced, the claimed sandbox is left alone
      Sandbox claimed = unclaimed(agents, set).get(0);
      Sandbox claim = agents.sandboxes(NS).getSandbox(claimed.getMetadata().getName());
      claim.getMetadata().setOwnerReferences(new ArrayList<>());
      claim.getMetadata().setLabels(new HashMap<>(claim.getMetadata().getLabels()));
      claim.getMetadata().getLabels().put(SandboxLabels.SANDBOX_CLAIMED, "true");
      claim.getMetadata().setAnnotations(new HashMap<>());
      claim.getMetadata().getAnnotations().put(SandboxAnnotations.LOCK, "user-lock");
      agents.sandboxes(NS).updateSandbox(claim.getMetadata().getName(), claim);
      await().atMost(WAIT).until(() -> full(agents, set, 3) && controller.stats().created() == 4);
      assertThat(agents.sandboxes(NS).getSandbox(claim.getMetadata().getName()).getMetadata()
          .getLabels()).containsEntry(SandboxLabels.SANDBOX_CLAIMED, "true");

      // a failed one is deleted and replaced
      Sandbox failing = unclaimed(agents, set).get(0);
      Sandbox failed = failing.deepCopy();
      failed.setStatus(new SandboxStatus().withPhase("Failed"));
      agents.sandboxes(NS).updateSandboxStatus(failing.getMetadata().getName(), failed);
      await().atMost(WAIT).until(() -> full(agents, set, 3) && controller.stats().deadDeleted() == 1
          && unclaimed(agents, set).stream().noneMatch(s -> s.getMetadata().getName()
              .equals(failing.getMetadata().getName())));
      assertThat(controller.stats().created()).isEqualTo(5);

      // scale down: two are locked and deleted, none of them the claimed one
      agents.sandboxSets(NS).patchSandboxSet(set.getMetadata().getName(),
          "{\"spec\":{\"replicas\":1}}");
      await().atMost(WAIT).until(() -> full(agents, set, 1));
      assertThat(controller.stats().deleted()).isEqualTo(3); // 2 scaled down + 1 dead
      assertThat(controller.stats().created()).isEqualTo(5);
      assertThat(agents.sandboxes(NS).getSandbox(claim.getMetadata().getName())).isNotNull();

      // at rest a reconcile sends nothing at all (JOSDK stopped: this one is the only one)
      operator.stop();
      await().atMost(WAIT).until(() -> controller.reconcileOnce(
          agents.sandboxSets(NS).getSandboxSet(set.getMetadata().getName())) == null
          && full(agents, set, 1));
      SandboxSet current = agents.sandboxSets(NS).getSandboxSet(set.getMetadata().getName());
      long writes = controller.stats().statusWrites();
      int requests = server.requestCount();
      controller.reconcileOnce(current);
      assertThat(server.requestCount()).isEqualTo(requests);
      assertThat(controller.stats().statusWrites()).isEqualTo(writes);
    } finally {
      operator.stop();
      controller.close();
    }
  }

  @Test
  void aReconcileReadsItsOwnCreationsBackAndNeverCreatesTwice(AgentsClient agents) {
    SandboxSetPoolController controller = SandboxSetPoolController.create(agents,
        PoolControllerOptions.builder().namespace(NS).build());
    try {
      assertThat(SharedInformers.of(agents).sandboxes(InformerScope.namespace(NS))
          .awaitSynced(WAIT)).isTrue();
      SandboxSet set = agents.sandboxSets(NS).createSandboxSet(sandboxSet(NS,
          uniqueName("twice"), 4));
      controller.reconcileOnce(set);
      // at once, whether or not the watch has delivered the creations yet
      controller.reconcileOnce(set);
      controller.reconcileOnce(set);
      assertThat(controller.stats().created()).isEqualTo(4);
      assertThat(unclaimed(agents, set)).hasSize(4);
    } finally {
      controller.close();
    }
  }

  @Test
  void onAnInformerStartedWithoutItsIndexMembersAreFoundByLabel(AgentsClient agents) {
    // started before the controller exists: the controller cannot add its index any more
    assertThat(SharedInformers.of(agents).sandboxes(InformerScope.namespace(NS))
        .awaitSynced(WAIT)).isTrue();
    SandboxSetPoolController controller = SandboxSetPoolController.create(agents,
        PoolControllerOptions.builder().namespace(NS).build());
    try {
      SandboxSet set = agents.sandboxSets(NS).createSandboxSet(sandboxSet(NS,
          uniqueName("late"), 2));
      controller.reconcileOnce(set);
      controller.reconcileOnce(set);
      assertThat(controller.stats().created()).isEqualTo(2);
      assertThat(new PoolMembers(SharedInformers.of(agents).sandboxes(
          InformerScope.namespace(NS))).indexed()).isFalse();
      agents.sandboxSets(NS).patchSandboxSet(set.getMetadata().getName(),
          "{\"spec\":{\"replicas\":1}}");
      controller.reconcileOnce(agents.sandboxSets(NS).getSandboxSet(set.getMetadata().getName()));
      assertThat(controller.stats().deleted()).isOne();
      assertThat(unclaimed(agents, set)).hasSize(1);
    } finally {
      controller.close();
    }
  }

  @Test
  void twoControllersOnOneClientShareTheIndex(AgentsClient agents) {
    SandboxSetPoolController first = SandboxSetPoolController.create(agents,
        PoolControllerOptions.builder().namespace(NS).build());
    SandboxSetPoolController second = SandboxSetPoolController.create(agents,
        PoolControllerOptions.builder().namespace(NS).build());
    try {
      SandboxSet set = agents.sandboxSets(NS).createSandboxSet(sandboxSet(NS,
          uniqueName("shared"), 2));
      first.reconcileOnce(set);
      second.reconcileOnce(set);
      assertThat(first.stats().created()).isEqualTo(2);
      assertThat(second.stats().created()).as("it reads the first one's creations").isZero();
      PoolMembers third = new PoolMembers(SharedInformers.of(agents)
          .sandboxes(InformerScope.namespace(NS)));
      assertThat(third.indexed()).as("the index the first one added serves all").isTrue();
      assertThat(third.of(set)).hasSize(2);
    } finally {
      first.close();
      second.close();
    }
  }
}
