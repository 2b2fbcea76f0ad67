package io.kruise.agents.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.examples.quickstart.WorkingWithSandboxSets;
import io.kruise.agents.testkit.WithRealApiServer;
import org.junit.jupiter.api.Test;

/** The README's SandboxSet snippet in full, on a real API server that serves /scale. */
@WithRealApiServer
class ReadmeSnippetsRealServerTest {

  @Test
  void sandboxSetSnippetScalesThroughTheScaleSubresource(AgentsClient agents) {
    WorkingWithSandboxSets.createSandboxSet(agents);
    assertThat(WorkingWithSandboxSets.scaleSandboxSet(agents)).isEqualTo(5);
    assertThat(agents.sandboxSets("default").getSandboxSet("example-sandboxset").getSpec()
        .getReplicas()).isEqualTo(5);
    agents.sandboxSets("default").deleteSandboxSet("example-sandboxset");
  }

  /**
   * The leader-election snippet in a child JVM (JOSDK exits the JVM that loses its Lease, which
   * stopping it in the test's own JVM would do): it leads and fills a pool.
   */
  @Test
  void theLeaderElectionSnippetLeadsAndFillsThePool(AgentsClient agents,
      io.fabric8.kubernetes.client.KubernetesClient client,
      io.kruise.agents.testkit.TestCluster cluster, @org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) {
    String ns = cluster.namespace();
    try (io.kruise.agents.testkit.JavaProcess child = io.kruise.agents.testkit.JavaProcess
        .builder(LeaderSnippetMain.class).name("leader-snippet")
        .kubeconfig(cluster.writeKubeconfig(dir.resolve("kubeconfig")))
        .jvmArgs("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m").start()) {
      String identity = child.awaitLine(l -> l.startsWith("running as "),
          java.time.Duration.ofSeconds(60)).substring("running as ".length());
      agents.sandboxSets(ns).createSandboxSet(io.kruise.agents.model.SandboxSet.of(ns,
          "leader-pool", new io.kruise.agents.model.SandboxSetSpec().withReplicas(2)
              .withTemplate(Demo.nginxTemplate())));
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> {
        var set = agents.sandboxSets(ns).getSandboxSet("leader-pool");
        return set.getStatus() != null && set.getStatus().getAvailableReplicas() == 2;
      });
      assertThat(client.leases().inNamespace(ns).withName("sandboxset-pool").get().getSpec()
          .getHolderIdentity()).as("the child holds the Lease").isEqualTo(identity);
    }
  }
}
