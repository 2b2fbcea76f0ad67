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
}
