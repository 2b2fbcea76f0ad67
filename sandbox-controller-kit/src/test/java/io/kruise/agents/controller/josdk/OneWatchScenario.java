package io.kruise.agents.controller.josdk;

import static io.kruise.agents.controller.josdk.JosdkFixtures.SYNC;
import static io.kruise.agents.controller.josdk.JosdkFixtures.sandboxSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.controller.testing.ApiRequests;
import io.kruise.agents.controller.testing.ApiRequests.Verb;
import io.kruise.agents.controller.testing.RunningOperator;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.ListenerOptions;
import io.kruise.agents.informers.ListenerRegistration;
import io.kruise.agents.informers.ResourceListener;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One process, one watch per kind and scope: a SandboxSet controller on JOSDK (Sandboxes as its
 * secondaries) and a service that reads both kinds through listers, listeners and waits. The same
 * scenario runs on the mock and on the real API server.
 */
final class OneWatchScenario {

  private OneWatchScenario() {}

  /**
   * Runs the scenario.
   *
   * @param running the Operator with a {@link TrivialPoolReconciler}
   * @param reconciler that reconciler
   */
  static void run(RunningOperator running, TrivialPoolReconciler reconciler) throws Exception {
    String ns = running.namespace();
    AgentsClient agents = running.agents();
    InformerScope scope = InformerScope.namespace(ns);
    SharedInformer<Sandbox> sandboxes = running.informers().sandboxes(scope);
    SharedInformer<SandboxSet> sets = running.informers().sandboxSets(scope);
    Set<String> sandboxesSeen = ConcurrentHashMap.newKeySet();
    Set<String> setsSeen = ConcurrentHashMap.newKeySet();

    // the service: listeners and waits on both kinds, registered while the Operator runs
    try (ListenerRegistration l1 = sandboxes.addListener(ListenerOptions.named("service-sandboxes"),
        added(sandboxesSeen));
        ListenerRegistration l2 = sets.addListener(ListenerOptions.named("service-sets"),
            added(setsSeen))) {
      SandboxSet pool = agents.sandboxSets(ns).createSandboxSet(sandboxSet(ns, "pool", 3));
      // woken by the watch: JOSDK writes the status itself, not through the AgentsClient
      sets.waitFor(ns, "pool", s -> s.getStatus() != null && s.getStatus().getReplicas() == 3,
          SYNC).get(SYNC.toSeconds(), TimeUnit.SECONDS);

      await().atMost(SYNC).until(() -> reconciler.created.get() == 3);
      await().atMost(SYNC).until(() -> sandboxesSeen.size() == 3);
      String first = sandboxesSeen.iterator().next();
      agents.sandboxes(ns).waitForSandbox(first, ns, s -> s.getMetadata().getOwnerReferences()
          .get(0).getUid().equals(pool.getMetadata().getUid()), SYNC)
          .get(SYNC.toSeconds(), TimeUnit.SECONDS);

      SandboxSet scaled = sets.lister().get(ns, "pool").deepCopy();
      scaled.getSpec().setReplicas(4);
      agents.sandboxSets(ns).updateSandboxSet("pool", scaled);
      await().atMost(SYNC).until(() -> reconciler.created.get() == 4);
      await().atMost(SYNC).until(() -> sandboxesSeen.size() == 4);
      agents.sandboxSets(ns).waitForSandboxSet("pool", ns,
          s -> s.getStatus() != null && s.getStatus().getReplicas() == 4, SYNC)
          .get(SYNC.toSeconds(), TimeUnit.SECONDS);

      assertThat(sandboxes.lister().list(ns)).hasSize(4);
      assertThat(sets.lister().list(ns)).hasSize(1);
      assertThat(setsSeen).containsExactly("pool");
    }
  }

  /**
   * Asserts the property on one counter: exactly one LIST and one WATCH of each kind in the
   * namespace, none across all namespaces.
   */
  static void assertOneListAndOneWatchPerKind(ApiRequests requests, String ns) {
    for (String resource : List.of("sandboxes", "sandboxsets")) {
      assertThat(requests.count(Verb.LIST, resource, ns)).as(resource + " LIST in " + ns + ": "
          + requests.describe()).isEqualTo(1);
      assertThat(requests.count(Verb.WATCH, resource, ns)).as(resource + " WATCH in " + ns
          + ": " + requests.describe()).isEqualTo(1);
      assertThat(requests.count(Verb.LIST, resource, "")).as(resource + " LIST everywhere")
          .isZero();
      assertThat(requests.count(Verb.WATCH, resource, "")).as(resource + " WATCH everywhere")
          .isZero();
    }
  }

  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> ResourceListener<T>
      added(Set<String> names) {
    return new ResourceListener<>() {
      @Override
      public void onAdd(T obj) {
        names.add(obj.getMetadata().getName());
      }
    };
  }
}
