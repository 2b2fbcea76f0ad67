package io.kruise.agents.controller;

import static io.kruise.agents.controller.ControllerFixtures.sandboxSet;
import static io.kruise.agents.controller.ControllerFixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.model.ConditionTypes;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetStatus;
import io.kruise.agents.testkit.MockApiServer;
import io.kruise.agents.testkit.WithMockApiServer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

@WithMockApiServer
class StatusWriterMockServerTest {

  @Test
  void writesOnlyWhatChangedAndTheCacheShowsItAtOnce(AgentsClient agents, MockApiServer server) {
    String name = uniqueName("pool");
    SharedInformer<SandboxSet> informer = SharedInformers.of(agents).sandboxSets();
    assertThat(informer.awaitSynced(Duration.ofSeconds(20))).isTrue();
    agents.sandboxSets().createSandboxSet(sandboxSet(null, name, 2));
    SandboxSet cached = informer.lister().get("test", name);
    StatusWriter<SandboxSet, SandboxSetStatus> writer = StatusWriter.forSandboxSets(agents);

    SandboxSetStatus desired = StatusConditions.withCondition(cached.getStatus(),
        StatusConditions.condition("Scaled", ConditionTypes.STATUS_TRUE, "Done", "ok", 1L),
        Instant.parse("2025-01-01T00:00:00Z"));
    desired.setReplicas(2);
    int before = server.requestCount();
    assertThat(writer.write(cached, desired)).isTrue();
    assertThat(server.requestCount()).isEqualTo(before + 1);

    SandboxSet seen = informer.lister().get("test", name);
    assertThat(seen.getStatus()).as("read your writes").isEqualTo(desired);
    assertThat(agents.sandboxSets().getSandboxSet(name).getStatus()).isEqualTo(desired);

    int afterWrite = server.requestCount();
    SandboxSetStatus same = StatusConditions.withCondition(seen.getStatus(),
        StatusConditions.condition("Scaled", ConditionTypes.STATUS_TRUE, "Done", "ok", 1L),
        Instant.parse("2025-06-01T00:00:00Z"));
    assertThat(writer.write(seen, same)).isFalse();
    assertThat(server.requestCount()).as("no request for an unchanged status")
        .isEqualTo(afterWrite);
  }
}
