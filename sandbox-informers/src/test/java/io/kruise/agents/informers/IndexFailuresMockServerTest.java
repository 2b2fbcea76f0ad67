package io.kruise.agents.informers;

import static io.kruise.agents.informers.InformerFixtures.SYNC;
import static io.kruise.agents.informers.InformerFixtures.names;
import static io.kruise.agents.informers.InformerFixtures.sandbox;
import static io.kruise.agents.informers.InformerFixtures.uniqueNamespace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.testkit.WithMockApiServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An index function that throws is that index's failure, never the informer's. */
@WithMockApiServer
class IndexFailuresMockServerTest {

  @Test
  void anInformerWithAThrowingIndexStillSyncsAndFollowsChanges(AgentsClient agents,
      KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      writer.sandboxes(ns).createSandbox(sandbox(ns, "listed"));

      SharedInformer<Sandbox> informer = SharedInformers.of(agents)
          .sandboxes(InformerScope.namespace(ns)).addIndex("broken", s -> {
            throw new IllegalStateException("a bug in an index function");
          })
          .addIndex("byName", s -> List.of(s.getMetadata().getName()));

      assertThat(informer.awaitSynced(SYNC)).as("synced despite the broken index").isTrue();
      assertThat(informer.lister().get(ns, "listed")).isNotNull();
      assertThat(names(informer.lister().byIndex("byName", "listed"))).containsExactly("listed");

      writer.sandboxes(ns).createSandbox(sandbox(ns, "watched"));
      await().atMost(SYNC).until(() -> informer.lister().byIndex("byName", "watched").size() == 1);
      assertThat(informer.lister().indexKeys("broken")).isEmpty();
      // at least once per object (the mock server's watch may replay the listed one)
      assertThat(InformerFixtures.internals(informer).store().indexFailures())
          .hasEntrySatisfying("broken", n -> assertThat(n).isGreaterThanOrEqualTo(2L))
          .doesNotContainKey("byName");
      assertThat(informer.health().dead()).isFalse();

      io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
          new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
      InformerMetrics.bind(SharedInformers.of(agents), registry);
      assertThat(registry.get("agents.informer.index.failures").tag("index", "broken")
          .functionCounter().count()).isGreaterThanOrEqualTo(2);
      assertThat(registry.get("agents.informer.index.failures").tag("index", "byName")
          .functionCounter().count()).isZero();
    }
  }
}
