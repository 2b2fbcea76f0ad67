package io.kruise.agents.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.controller.pool.SimulatedSandboxRuntime;
import io.kruise.agents.examples.quickstart.Controllers;
import io.kruise.agents.examples.quickstart.PoolsFromTemplates;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetStatus;
import io.kruise.agents.testkit.WithMockApiServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's "SandboxTemplates" snippets with the pool controller snippet, run against the
 * mock API server: the pool fills from the template, and the template's update rolls it.
 */
@WithMockApiServer
class TemplateSnippetsTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @AfterEach
  void deleteWhatTheSnippetsCreated(AgentsClient agents) {
    agents.sandboxes("default").deleteCollectionSandboxes(null, null, null);
    agents.sandboxSets("default").deleteCollectionSandboxSets(null, null, null);
    agents.sandboxTemplates("default").deleteSandboxTemplate("python");
  }

  private static List<Sandbox> pool(AgentsClient agents) {
    return agents.sandboxes("default").listSandboxes(null,
        SandboxLabels.SANDBOX_POOL + "=python-pool", null).getItems();
  }

  /** Three available members, all at the set's current update revision. */
  private static String fullRevision(AgentsClient agents) {
    SandboxSetStatus status = agents.sandboxSets("default").getSandboxSet("python-pool")
        .getStatus();
    List<Sandbox> members = pool(agents);
    boolean full = status != null && status.getUpdateRevision() != null
        && status.getAvailableReplicas() == 3 && members.size() == 3
        && members.stream().allMatch(s -> status.getUpdateRevision().equals(
            s.getMetadata().getLabels().get(SandboxLabels.TEMPLATE_HASH)));
    return full ? status.getUpdateRevision() : null;
  }

  @Test
  void aPoolFilledFromATemplateRollsWhenTheTemplateChanges(AgentsClient agents) {
    try (SimulatedSandboxRuntime runtime = SimulatedSandboxRuntime.start(agents, Duration.ZERO);
        Controllers.Running running = Controllers.runPoolController(agents, "default")) {
      SandboxSet created = PoolsFromTemplates.createTemplateAndPool(agents);
      assertThat(created.getSpec().getTemplateRef().getName()).isEqualTo("python");

      await().atMost(WAIT).until(() -> fullRevision(agents) != null);
      String first = fullRevision(agents);
      assertThat(pool(agents)).allSatisfy(s -> {
        assertThat(s.getSpec().getTemplateRef().getName()).isEqualTo("python");
        assertThat(s.getMetadata().getLabels()).containsEntry("app", "python");
      });

      assertThat(PoolsFromTemplates.updateTemplate(agents).getSpec().getTemplate().getSpec()
          .getContainers().get(0).getImage()).isEqualTo("python:3.13");
      await().atMost(WAIT).until(() -> fullRevision(agents) != null
          && !first.equals(fullRevision(agents)));
      assertThat(running.pools().stats().created()).isEqualTo(6);
    }
  }
}
