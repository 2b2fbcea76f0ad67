package io.kruise.agents.controller.josdk;

import static io.kruise.agents.controller.josdk.JosdkFixtures.SYNC;
import static io.kruise.agents.controller.josdk.JosdkFixtures.sandboxSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.controller.testing.OperatorExtension;
import io.kruise.agents.controller.testing.RunningOperator;
import io.kruise.agents.controller.testing.WatchGate;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.ListenerOptions;
import io.kruise.agents.informers.ListenerRegistration;
import io.kruise.agents.informers.ResourceListener;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.testkit.TestCluster;
import io.kruise.agents.testkit.WithRealApiServer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A reconciler sees its own writes while the watch lags: the Sandbox watch of the Operator's
 * client is held ({@link WatchGate}) while the SandboxSet is created and scaled twice; every
 * reconcile finds the Sandboxes it created through the read-your-writes overlay, so it creates
 * exactly the missing ones and none twice (it names them with generateName, so a duplicate would
 * not fail, it would show).
 */
@WithRealApiServer
class ReadYourWritesRealServerTest {

  private static final AtomicReference<TrivialPoolReconciler> RECONCILER = new AtomicReference<>();
  private static final WatchGate GATE = WatchGate.forResources("sandboxes");

  @RegisterExtension
  static final OperatorExtension OPERATOR = OperatorExtension.builder().onlyHttpWatches()
      .interceptor("gate", GATE).reconciler(agents -> {
        RECONCILER.set(new TrivialPoolReconciler(agents));
        return RECONCILER.get();
      }).build();

  @Test
  void aReconcileDoesNotCreateTwiceWhileTheWatchLags(RunningOperator running,
      TestCluster cluster) {
    TrivialPoolReconciler reconciler = RECONCILER.get();
    String ns = running.namespace();
    SharedInformer<Sandbox> sandboxes = running.informers().sandboxes(
        InformerScope.namespace(ns));
    Set<String> delivered = ConcurrentHashMap.newKeySet();
    try (ListenerRegistration watchSeen = sandboxes.addListener(ListenerOptions.named("seen"),
        new ResourceListener<>() {
          @Override
          public void onAdd(Sandbox obj) {
            delivered.add(obj.getMetadata().getName());
          }
        })) {
      // (an HTTP watch counts as watching only once its first chunk came: none has come yet)
      assertThat(sandboxes.awaitSynced(SYNC)).isTrue();
      GATE.hold();

      running.agents().sandboxSets(ns).createSandboxSet(sandboxSet(ns, "pool", 2));
      await().atMost(SYNC).until(() -> reconciler.created.get() == 2);
      await().atMost(SYNC).until(() -> GATE.held() == 1); // the watch has news, held here
      scale(running, ns, 4);
      await().atMost(SYNC).until(() -> reconciler.created.get() >= 4);
      scale(running, ns, 5);
      await().atMost(SYNC).until(() -> reconciler.created.get() >= 5);

      assertThat(delivered).as("the watch lagged all along: no Sandbox event came through")
          .isEmpty();
      assertThat(GATE.held()).isEqualTo(1);
      assertThat(reconciler.seen).as("Sandboxes found by each reconcile").contains(2, 4);
      try (KubernetesClient admin = cluster.newAdminClient()) {
        assertThat(admin.resources(Sandbox.class).inNamespace(ns).list().getItems())
            .as("created exactly once each").hasSize(5);
      }
      assertThat(reconciler.created.get()).isEqualTo(5);

      // What happens once the watch catches up is not judged here: a stream whose chunk this
      // test held sometimes delivered nothing more after release in full CI runs (not seen in
      // isolation). Recovery of the cache after a lagging or broken watch is covered by the
      // fault suite (caches equal a fresh LIST within 5 s after every API server restart).
    } finally {
      GATE.release();
    }
  }

  private static void scale(RunningOperator running, String ns, int replicas) {
    SandboxSet copy = running.informers().sandboxSets(InformerScope.namespace(ns)).lister()
        .get(ns, "pool").deepCopy();
    copy.getSpec().setReplicas(replicas);
    running.agents().sandboxSets(ns).updateSandboxSet("pool", copy);
  }
}
