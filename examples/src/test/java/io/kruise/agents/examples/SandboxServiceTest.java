package io.kruise.agents.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.SandboxClient;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxPhase;
import io.kruise.agents.model.SandboxSpec;
import io.kruise.agents.model.SandboxStatus;
import io.kruise.agents.testkit.WithMockApiServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's "Testing your code" example, run as it is shown there. */
// tag::testing[]
@WithMockApiServer
class SandboxServiceTest {

  @Test
  void waitsUntilTheSandboxIsReady(AgentsClient agents) {
    SandboxClient sandboxes = agents.sandboxes(); // namespace "test" on the mock server
    Sandbox created = sandboxes.createSandbox(Sandbox.of(null, "s1", new SandboxSpec()));

    // No controller runs against the mock server: the test writes the status itself.
    Sandbox running = created.deepCopy();
    running.setStatus(new SandboxStatus().withPhase(SandboxPhase.RUNNING)
        .addCondition(new ConditionBuilder().withType("Ready").withStatus("True")
            .withReason("PodReady").withLastTransitionTime("2025-01-01T00:00:00Z").build()));
    sandboxes.updateSandboxStatus("s1", running);

    Sandbox ready = sandboxes.waitForSandboxCondition("s1", "Ready", "True", Duration.ofSeconds(5));
    assertThat(ready.getStatus().getPhase()).isEqualTo("Running");
  }
}
// end::testing[]
