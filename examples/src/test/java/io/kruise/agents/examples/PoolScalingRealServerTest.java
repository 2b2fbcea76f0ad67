package io.kruise.agents.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.SandboxSetClient;
import io.kruise.agents.client.exceptions.PermissionDeniedException;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetSpec;
import io.kruise.agents.testkit.TestCluster;
import io.kruise.agents.testkit.WithRealApiServer;
import org.junit.jupiter.api.Test;

/** The README's "Test against a real API server" example, run as it is shown there. */
// tag::testing-real-server[]
@WithRealApiServer
class PoolScalingRealServerTest {

  @Test
  void scalesThroughTheScaleSubresource(AgentsClient agents, TestCluster cluster) {
    SandboxSetClient pools = agents.sandboxSets(); // the class's own fresh namespace
    pools.createSandboxSet(SandboxSet.of(null, "pool", new SandboxSetSpec().withReplicas(3)));

    assertThat(pools.scaleSandboxSet("pool", 5).getSpec().getReplicas()).isEqualTo(5);
    assertThat(pools.getSandboxSetReplicas("pool")).isEqualTo(5);

    try (KubernetesClient viewer = cluster.newReadOnlyClient();
        AgentsClient readOnly = AgentsClient.create(viewer)) {
      assertThatThrownBy(() -> readOnly.sandboxSets().scaleSandboxSet("pool", 1))
          .isInstanceOf(PermissionDeniedException.class);
    }
  }
}
// end::testing-real-server[]
