package io.kruise.agents.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.kruise.agents.informers.InformerHealth;
import io.kruise.agents.informers.InformerScope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.mock.env.MockEnvironment;

/**
 * The per-informer health indicator (UP, DOWN, UNKNOWN and the watch-reconnect grace on a clock
 * the test moves), the contributor names, the readiness-group defaults and the recovery backoff.
 */
class HealthPiecesTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final Clock clock = new Clock() {
    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  };

  private static InformerHealth health(boolean started, boolean synced, boolean watching,
      boolean dead) {
    return new InformerHealth("Sandbox", InformerScope.namespace("apps"), started, synced,
        watching, dead, T0.minusSeconds(5), dead ? "KubernetesClientException: Forbidden" : null,
        3);
  }

  @Test
  void statusFollowsTheInformer() {
    AtomicReference<InformerHealth> h = new AtomicReference<>(health(false, false, false, false));
    InformerHealthIndicator indicator = new InformerHealthIndicator(h::get,
        Duration.ofSeconds(30), clock, null);

    assertThat(indicator.health().getStatus()).isEqualTo(Status.UNKNOWN);
    h.set(health(true, false, false, false));
    assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
    h.set(health(true, true, true, false));
    Health up = indicator.health();
    assertThat(up.getStatus()).isEqualTo(Status.UP);
    assertThat(up.getDetails()).containsEntry("objects", 3).containsEntry("lastEventAge", "PT5S")
        .containsEntry("scope", "namespace apps");
    h.set(health(true, false, false, true));
    Health dead = indicator.health();
    assertThat(dead.getStatus()).isEqualTo(Status.DOWN);
    assertThat((String) dead.getDetails().get("reason")).contains("dead", "Forbidden");
  }

  @Test
  void aWatchReconnectStaysUpForTheGraceOnly() {
    AtomicReference<InformerHealth> h = new AtomicReference<>(health(true, true, false, false));
    InformerHealthIndicator indicator = new InformerHealthIndicator(h::get,
        Duration.ofSeconds(30), clock, null);

    assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
    now.set(T0.plusSeconds(30));
    assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
    now.set(T0.plusSeconds(31));
    assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);

    h.set(health(true, true, true, false)); // reconnected: the grace starts afresh next time
    assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
    h.set(health(true, true, false, false));
    now.set(T0.plusSeconds(40));
    assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
  }

  @Test
  void contributorNamesSayKindAndScope() {
    assertThat(AgentsHealthContributor.name(health(true, true, true, false)))
        .isEqualTo("sandbox-namespace-apps");
    assertThat(AgentsHealthContributor.name(new InformerHealth("SandboxSet",
        InformerScope.allNamespaces().withLabelSelector("app in (a,b)"), false, false, false,
        false, null, null, 0))).isEqualTo("sandboxset-all-namespaces-with-labels-app-in-a-b");
  }

  @Test
  void readinessDefaultsJoinTheGroupUnlessTheApplicationSaysOtherwise() {
    MockEnvironment env = new MockEnvironment();
    new ReadinessGroupDefaults().postProcessEnvironment(env, new SpringApplication());
    assertThat(env.getProperty("management.endpoint.health.group.readiness.include"))
        .isEqualTo("readinessState,kruiseAgents");
    assertThat(env.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");

    MockEnvironment own = new MockEnvironment().withProperty(
        "management.endpoint.health.group.readiness.include", "readinessState,db");
    new ReadinessGroupDefaults().postProcessEnvironment(own, new SpringApplication());
    assertThat(own.getProperty("management.endpoint.health.group.readiness.include"))
        .isEqualTo("readinessState,db");

    for (Map.Entry<String, String> off : Map.of("kruise.agents.enabled", "false",
        "management.health.kruiseagents.enabled", "false",
        "management.health.defaults.enabled", "false").entrySet()) {
      MockEnvironment disabled = new MockEnvironment().withProperty(off.getKey(), off.getValue());
      new ReadinessGroupDefaults().postProcessEnvironment(disabled, new SpringApplication());
      assertThat(disabled.getPropertySources().contains(ReadinessGroupDefaults.SOURCE))
          .as(off.getKey()).isFalse();
    }
  }

  @Test
  void recoveryBackoffDoublesUpToItsBound() {
    Duration initial = Duration.ofMillis(100);
    Duration max = Duration.ofSeconds(1);
    assertThat(AgentsCache.backoff(initial, max, 0)).isEqualTo(Duration.ofMillis(100));
    assertThat(AgentsCache.backoff(initial, max, 1)).isEqualTo(Duration.ofMillis(200));
    assertThat(AgentsCache.backoff(initial, max, 3)).isEqualTo(Duration.ofMillis(800));
    assertThat(AgentsCache.backoff(initial, max, 4)).isEqualTo(max);
    assertThat(AgentsCache.backoff(initial, max, 1000)).isEqualTo(max);
  }
}
