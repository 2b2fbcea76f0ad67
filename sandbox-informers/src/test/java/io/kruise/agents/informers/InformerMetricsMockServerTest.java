package io.kruise.agents.informers;

import static io.kruise.agents.client.Fixtures.sandbox;
import static io.kruise.agents.client.Fixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.testkit.WithMockApiServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Micrometer binding publishes the informers' and listeners' numbers. */
@WithMockApiServer
class InformerMetricsMockServerTest {

  @Test
  void publishesCacheEventsListenersWaitsAndClaims(AgentsClient agents) throws Exception {
    SharedInformer<Sandbox> informer = SharedInformers.of(agents).sandboxes();
    assertThat(informer.awaitSynced(Duration.ofSeconds(10))).isTrue();
    ListenerRegistration listener = informer.addListener(ListenerOptions.named("counting"),
        new ResourceListener<>() {
          @Override
          public void onAdd(Sandbox obj) {
            throw new IllegalStateException("boom");
          }
        });
    // stuck in its first callback, so the next object's three events wait as one change
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch stuck = new CountDownLatch(1);
    ListenerRegistration behind = informer.addListener(ListenerOptions.named("behind"),
        new ResourceListener<>() {
          @Override
          public void onAdd(Sandbox obj) {
            stuck.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        });
    SandboxPool pool = new SandboxPool(agents);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    InformerMetrics.bind(SharedInformers.of(agents), registry);
    InformerMetrics.bind(pool, "p", registry);

    String name = uniqueName("m");
    agents.sandboxes().createSandbox(sandbox(name, "metrics"));
    await().atMost(Duration.ofSeconds(10)).until(() -> listener.failures() >= 1);

    assertThat(registry.get("agents.informer.cache.size").tag("kind", "Sandbox").gauge().value())
        .isGreaterThanOrEqualTo(1);
    assertThat(registry.get("agents.informer.events").tag("type", "added").functionCounter()
        .count()).isGreaterThanOrEqualTo(1);
    assertThat(registry.get("agents.informer.healthy").gauge().value()).isEqualTo(1);
    assertThat(registry.get("agents.informer.listener.failures").tag("listener", "counting")
        .functionCounter().count()).isGreaterThanOrEqualTo(1);
    assertThat(registry.get("agents.informer.listener.backlog").tag("listener", "counting")
        .gauge().value()).isZero();
    assertThat(registry.get("agents.informer.listener.reseeds").tag("listener", "counting")
        .functionCounter().count()).isZero();
    assertThat(registry.get("agents.informer.waits.active").gauge().value()).isZero();
    assertThat(registry.get("agents.pool.claims").tag("pool", "p").functionCounter().count())
        .isZero();
    assertThat(registry.get("agents.pool.waiting").tag("pool", "p").gauge().value()).isZero();
    assertThat(registry.get("agents.pool.wakeups").tag("pool", "p").functionCounter().count())
        .isZero();
    assertThat(registry.get("agents.informer.index.failures").tag("kind", "Sandbox")
        .tag("index", SandboxIndexes.POOL).functionCounter().count()).isZero();

    try {
      assertThat(stuck.await(10, TimeUnit.SECONDS)).isTrue();
      String next = uniqueName("m");
      agents.sandboxes().createSandbox(sandbox(next, "metrics"));
      agents.sandboxes().patchSandbox(next, "{\"metadata\":{\"labels\":{\"n\":\"1\"}}}");
      agents.sandboxes().patchSandbox(next, "{\"metadata\":{\"labels\":{\"n\":\"2\"}}}");
      await().atMost(Duration.ofSeconds(10)).until(() -> behind.coalesced() == 2);
      assertThat(registry.get("agents.informer.listener.backlog").tag("listener", "behind")
          .gauge().value()).isOne();
      assertThat(registry.get("agents.informer.listener.coalesced").tag("listener", "behind")
          .functionCounter().count()).isEqualTo(2);
    } finally {
      release.countDown();
    }
  }
}
