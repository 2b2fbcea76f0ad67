package io.kruise.agents.controller.leader;

import static io.kruise.agents.controller.leader.LeaderElectionRealServerTest.child;
import static io.kruise.agents.controller.leader.LeaderElectionRealServerTest.lease;
import static io.kruise.agents.controller.leader.LeaderElectionRealServerTest.scale;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.model.AgentsApi;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetSpec;
import io.kruise.agents.testkit.JavaProcess;
import io.kruise.agents.testkit.RequestCounts.Scope;
import io.kruise.agents.testkit.RequestCounts.Verb;
import io.kruise.agents.testkit.StartedRequests;
import io.kruise.agents.testkit.TestCluster;
import io.kruise.agents.testkit.WithRealApiServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two shards of one controller, each in its own JVM ({@link LeaderElectionChildMain}) with its own
 * Lease, on the real API server: both lead at once, each reconciles only the SandboxSets of its
 * shard and creates Sandboxes that carry its shard label, and each opens one LIST and one WATCH
 * per kind.
 */
@WithRealApiServer
class ShardingRealServerTest {

  private static final Duration START = Duration.ofSeconds(60);
  private static final List<String> SHARD_0 = List.of("s0a", "s0b");
  private static final List<String> SHARD_1 = List.of("s1a", "s1b");
  private static final String UNSHARDED = "none";

  @Test
  void twoShardsLeadAtOnceAndReconcileDisjointSandboxSets(KubernetesClient client,
      TestCluster cluster, @TempDir Path dir) {
    String ns = cluster.namespace();
    Sharding sharding = Sharding.of(LeaderElectionChildMain.SHARDED_CONTROLLER, 2);
    SHARD_0.forEach(name -> create(client, sharding.shard(0).assign(set(ns, name))));
    SHARD_1.forEach(name -> create(client, sharding.shard(1).assign(set(ns, name))));
    create(client, set(ns, UNSHARDED));
    Path kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"));
    StartedRequests before = cluster.requestsStarted();

    try (JavaProcess p0 = child(kubeconfig, "p0", "shard=0", "shards=2");
        JavaProcess p1 = child(kubeconfig, "p1", "shard=1", "shards=2")) {
      p0.awaitLine("leading"::equals, START);
      p1.awaitLine("leading"::equals, START);
      for (String name : SHARD_0) {
        p0.awaitLine(("created " + name + "-0")::equals, START);
      }
      for (String name : SHARD_1) {
        p1.awaitLine(("created " + name + "-0")::equals, START);
      }

      // a change to every SandboxSet reaches only the shard it belongs to
      for (String name : List.of("s0a", "s0b", "s1a", "s1b", UNSHARDED)) {
        scale(client, ns, name, 2);
      }
      for (String name : SHARD_0) {
        p0.awaitLine(("reconcile " + name + " 2")::equals, START);
      }
      for (String name : SHARD_1) {
        p1.awaitLine(("reconcile " + name + " 2")::equals, START);
      }
      assertThat(reconciled(p0)).containsExactlyInAnyOrderElementsOf(SHARD_0);
      assertThat(reconciled(p1)).containsExactlyInAnyOrderElementsOf(SHARD_1);

      // both hold their own Lease at the same time
      assertThat(lease(client, ns, sharding.shard(0).leaseName()).getSpec().getHolderIdentity())
          .isEqualTo("p0");
      assertThat(lease(client, ns, sharding.shard(1).leaseName()).getSpec().getHolderIdentity())
          .isEqualTo("p1");

      // one LIST and one WATCH per kind and shard: two shard processes, two of each (a watch is
      // counted when it opens, which may come just after the informer's first events)
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cluster.requestsStarted()
          .since(before).count(Verb.WATCH, AgentsApi.GROUP, AgentsApi.SANDBOX_PLURAL,
              Scope.NAMESPACE, ns) >= 2);
      StartedRequests started = cluster.requestsStarted().since(before);
      for (String resource : List.of(AgentsApi.SANDBOXSET_PLURAL, AgentsApi.SANDBOX_PLURAL)) {
        assertThat(started.count(Verb.LIST, AgentsApi.GROUP, resource, Scope.NAMESPACE, ns))
            .as("LIST %s in %s", resource, started).isEqualTo(2);
        assertThat(started.count(Verb.WATCH, AgentsApi.GROUP, resource, Scope.NAMESPACE, ns))
            .as("WATCH %s in %s", resource, started).isEqualTo(2);
      }

      // every Sandbox carries the shard label of its SandboxSet, taken from the template
      Map<String, String> shardOfSandbox = client.resources(Sandbox.class).inNamespace(ns).list()
          .getItems().stream().collect(Collectors.toMap(s -> s.getMetadata().getName(),
              s -> s.getMetadata().getLabels().get(Sharding.SHARD_LABEL)));
      assertThat(shardOfSandbox).containsExactlyInAnyOrderEntriesOf(Map.of(
          "s0a-0", "0", "s0b-0", "0", "s1a-0", "1", "s1b-0", "1"));
    }
  }

  private static SandboxSet set(String ns, String name) {
    return SandboxSet.of(ns, name, new SandboxSetSpec().withReplicas(1)
        .withTemplate(new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", name)
            .endMetadata().build()));
  }

  private static void create(KubernetesClient client, SandboxSet set) {
    client.resource(set).create();
  }

  private static List<String> reconciled(JavaProcess p) {
    return p.output().stream().filter(l -> l.startsWith("reconcile "))
        .map(l -> l.split(" ")[1]).distinct().toList();
  }
}
