package io.kruise.agents.controller.pool;

import static io.kruise.agents.controller.ControllerFixtures.sandbox;
import static io.kruise.agents.controller.ControllerFixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.controller.ManualScheduler;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxStates;
import io.kruise.agents.model.SandboxStatus;
import io.kruise.agents.testkit.WithMockApiServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

@WithMockApiServer
class SimulatedSandboxRuntimeMockServerTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-02-02T10:00:00Z"),
      ZoneOffset.UTC);

  @Test
  void aNewSandboxBecomesRunningAndReadyAfterTheDelay(AgentsClient agents) {
    ManualScheduler scheduler = new ManualScheduler();
    SharedInformer<Sandbox> informer = SharedInformers.of(agents).sandboxes(
        InformerScope.namespace("test"));
    try (SimulatedSandboxRuntime runtime = SimulatedSandboxRuntime.start(agents,
        InformerScope.namespace("test"), Duration.ofSeconds(5), scheduler, CLOCK)) {
      String name = uniqueName("sbx");
      agents.sandboxes().createSandbox(sandbox(null, name));
      await().atMost(WAIT).until(() -> scheduler.queued() == 1);

      scheduler.advance(Duration.ofSeconds(4));
      assertThat(SandboxStates.isReady(agents.sandboxes().getSandbox(name))).isFalse();

      scheduler.advance(Duration.ofSeconds(1));
      Sandbox ready = agents.sandboxes().getSandbox(name);
      assertThat(ready.getStatus().getPhase()).isEqualTo("Running");
      assertThat(ready.getStatus().getConditions()).singleElement().satisfies(c -> {
        assertThat(c.getType()).isEqualTo("Ready");
        assertThat(c.getStatus()).isEqualTo("True");
        assertThat(c.getReason()).isEqualTo("PodReady");
        assertThat(c.getLastTransitionTime()).isEqualTo("2025-02-02T10:00:00Z");
      });
      assertThat(runtime.markedReady()).isOne();
      await().atMost(WAIT).until(() -> SandboxStates.isReady(informer.lister().get("test", name)));
      assertThat(scheduler.queued()).as("a ready sandbox is not scheduled again").isZero();
    }
  }

  @Test
  void sandboxesThatMovedOnOrWereDeletedAreLeftAlone(AgentsClient agents) {
    ManualScheduler scheduler = new ManualScheduler();
    try (SimulatedSandboxRuntime runtime = SimulatedSandboxRuntime.start(agents,
        InformerScope.namespace("test"), Duration.ofSeconds(1), scheduler, CLOCK)) {
      String paused = uniqueName("paused");
      Sandbox created = agents.sandboxes().createSandbox(sandbox(null, paused));
      await().atMost(WAIT).until(() -> scheduler.queued() == 1);
      Sandbox withPhase = created.deepCopy();
      withPhase.setStatus(new SandboxStatus().withPhase("Paused"));
      agents.sandboxes().updateSandboxStatus(paused, withPhase);
      String gone = uniqueName("gone");
      agents.sandboxes().createSandbox(sandbox(null, gone));
      await().atMost(WAIT).until(() -> scheduler.queued() == 2);
      agents.sandboxes().deleteSandbox(gone);

      scheduler.advance(Duration.ofSeconds(1));

      assertThat(agents.sandboxes().getSandbox(paused).getStatus().getPhase())
          .as("its life went on before the delay: left as it is").isEqualTo("Paused");
      assertThat(runtime.markedReady()).isZero();
      assertThat(scheduler.queued()).isZero();
    }
  }

  @Test
  void badArgumentsAreRefused(AgentsClient agents) {
    assertThatThrownBy(() -> SimulatedSandboxRuntime.start(null, Duration.ZERO))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).fields()).containsExactly("agents"));
    assertThatThrownBy(() -> SimulatedSandboxRuntime.start(agents, Duration.ofSeconds(-1)))
        .isInstanceOf(ValidationException.class).satisfies(e -> assertThat(
            ((ValidationException) e).fields()).containsExactly("readyAfter"));
  }
}
