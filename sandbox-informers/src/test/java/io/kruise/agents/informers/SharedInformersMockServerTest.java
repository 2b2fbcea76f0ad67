package io.kruise.agents.informers;

import static io.kruise.agents.informers.InformerFixtures.SYNC;
import static io.kruise.agents.informers.InformerFixtures.names;
import static io.kruise.agents.informers.InformerFixtures.sandbox;
import static io.kruise.agents.informers.InformerFixtures.synced;
import static io.kruise.agents.informers.InformerFixtures.syncedSandboxes;
import static io.kruise.agents.informers.InformerFixtures.uniqueNamespace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.testkit.MockApiServer;
import io.kruise.agents.testkit.WithMockApiServer;
import io.kruise.agents.client.exceptions.AgentsApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One informer per kind and scope, on demand, with health, stopped with the client. */
@WithMockApiServer
class SharedInformersMockServerTest {

  @Test
  void theClientHasOneSharedInformersInstance(AgentsClient agents) {
    assertThat(agents.informers()).isSameAs(agents.informers());
    assertThat(agents.informers(null)).isSameAs(agents.informers());
    assertThat(agents.informers(InformerOptions.DEFAULTS)).isSameAs(agents.informers());
  }

  @Test
  void oneInformerPerKindAndScope(AgentsClient agents) {
    SharedInformers informers = agents.informers();
    assertThat(informers.sandboxes()).isSameAs(informers.sandboxes())
        .isSameAs(informers.sandboxes(InformerScope.allNamespaces()))
        .isSameAs(informers.sandboxes(new InformerScope(null, " ")));
    assertThat(informers.sandboxes(InformerScope.namespace("a")))
        .isSameAs(informers.sandboxes(new InformerScope("a", null)))
        .isNotSameAs(informers.sandboxes())
        .isNotSameAs(informers.sandboxes(InformerScope.namespace("b")));
    assertThat(informers.sandboxes(InformerScope.namespace("a").withLabelSelector("app=x")))
        .isSameAs(informers.sandboxes(new InformerScope("a", " app=x ")))
        .isNotSameAs(informers.sandboxes(InformerScope.namespace("a")));
    assertThat(informers.sandboxSets()).isSameAs(informers.sandboxSets())
        .isSameAs(informers.sandboxSets(InformerScope.allNamespaces()));
    assertThat(informers.sandboxes().scope()).isEqualTo(InformerScope.allNamespaces());
  }

  @Test
  void concurrentCallersGetTheSameInformer(AgentsClient agents) throws Exception {
    java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors
        .newFixedThreadPool(16);
    try {
      java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(16);
      List<java.util.concurrent.Future<SharedInformer<Sandbox>>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        results.add(callers.submit(() -> {
          barrier.await();
          return agents.informers().sandboxes(InformerScope.namespace("race"));
        }));
      }
      SharedInformer<Sandbox> first = results.get(0).get();
      for (var result : results) {
        assertThat(result.get()).isSameAs(first);
      }
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void anInformerStartsOnlyWhenFirstUsed(AgentsClient agents, MockApiServer server)
      throws Exception {
    int before = server.requestCount();
    SharedInformer<Sandbox> informer = agents.informers().sandboxes();
    Thread.sleep(200); // shows that merely obtaining it sends nothing
    assertThat(server.requestCount()).isEqualTo(before);
    assertThat(informer.health().started()).isFalse();
    assertThat(informer.health().synced()).isFalse();
    assertThat(agents.informers().isHealthy()).as("nothing started, nothing unhealthy").isTrue();

    informer.lister();
    assertThat(informer.health().started()).isTrue();
    assertThat(informer.awaitSynced(SYNC)).isTrue();
    assertThat(server.requestCount()).isGreaterThan(before);
  }

  @Test
  void startIsIdempotentAndSyncedCompletes(AgentsClient agents) {
    SharedInformer<Sandbox> informer = agents.informers().sandboxes();
    assertThat(informer.start()).isSameAs(informer);
    assertThat(informer.start()).isSameAs(informer);
    assertThat(informer.synced()).succeedsWithin(SYNC);
    assertThat(informer.health().synced()).isTrue();
  }

  @Test
  void theInitialListFillsTheCache(AgentsClient agents) {
    String ns = uniqueNamespace();
    for (int i = 0; i < 5; i++) {
      agents.sandboxes(ns).createSandbox(sandbox(ns, "pre-" + i));
    }
    agents.sandboxSets(ns).createSandboxSet(InformerFixtures.sandboxSet(ns, "set", 1));
    SharedInformer<Sandbox> sandboxes = agents.informers().sandboxes(InformerScope.namespace(ns));
    SharedInformer<SandboxSet> sets = agents.informers().sandboxSets(InformerScope.namespace(ns));
    assertThat(agents.informers().awaitSynced(SYNC)).as("nothing started yet").isTrue();
    sandboxes.start();
    sets.start();
    assertThat(agents.informers().awaitSynced(SYNC)).isTrue();
    assertThat(names(sandboxes.lister().list(ns))).containsExactlyInAnyOrder("pre-0", "pre-1",
        "pre-2", "pre-3", "pre-4");
    assertThat(sandboxes.health().size()).isEqualTo(5);
    assertThat(names(sets.lister().list(ns))).containsExactly("set");
  }

  @Test
  void healthReportsSyncWatchSizeAndLastEvent(AgentsClient agents) {
    String ns = uniqueNamespace();
    SharedInformer<Sandbox> informer =
        synced(agents.informers().sandboxes(InformerScope.namespace(ns)));
    InformerHealth health = informer.health();
    assertThat(health.kind()).isEqualTo("Sandbox");
    assertThat(health.scope()).isEqualTo(InformerScope.namespace(ns));
    assertThat(health.started()).isTrue();
    assertThat(health.synced()).isTrue();
    assertThat(health.watching()).isTrue();
    assertThat(health.dead()).isFalse();
    assertThat(health.isHealthy()).isTrue();
    assertThat(health.size()).isZero();
    assertThat(agents.informers().isHealthy()).isTrue();
    assertThat(agents.informers().health()).contains(health);

    Instant beforeEvent = Instant.now();
    agents.sandboxes(ns).createSandbox(sandbox(ns, "one"));
    await().atMost(SYNC).until(() -> informer.health().size() == 1);
    assertThat(informer.health().lastEventTime()).isNotNull().isAfterOrEqualTo(beforeEvent);
  }

  @Test
  void closingTheClientStopsItsInformers(MockApiServer server, KubernetesClient writerClient)
      throws Exception {
    String ns = uniqueNamespace();
    AgentsClient agents = AgentsClient.create(server.createClient());
    SharedInformers informers = agents.informers();
    SharedInformer<Sandbox> informer = syncedSandboxes(agents);
    Lister<Sandbox> lister = informer.lister();
    agents.close();
    try {
      await().atMost(SYNC).until(() -> !informer.health().watching());
      assertThat(informer.health().isHealthy()).isFalse();
      assertThat(informer.health().dead()).as("a deliberate stop is no death").isFalse();
      assertThat(informers.isHealthy()).isFalse();
      assertThatThrownBy(agents::informers)
          .isInstanceOf(io.kruise.agents.client.exceptions.ClientClosedException.class);
      assertThatThrownBy(informers::sandboxes).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(informers::sandboxSets).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(informer::lister).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(informer::start).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> informer.waitFor(ns, "x", s -> true, SYNC))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> informer.addListener(ListenerOptions.named("late"),
          new RecordingListener<>())).isInstanceOf(IllegalStateException.class);

      try (AgentsClient writer = AgentsClient.create(writerClient)) {
        writer.sandboxes(ns).createSandbox(sandbox(ns, "after-close"));
        Thread.sleep(300); // shows that a stopped informer no longer receives events
        assertThat(lister.get(ns, "after-close")).isNull();
      }
    } finally {
      agents.kubernetesClient().close();
    }
  }

  @Test
  void closingTheClientFailsWaitsInsteadOfLeavingThemHanging(MockApiServer server,
      KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      writer.sandboxes(ns).createSandbox(sandbox(ns, "waited-on"));
    }
    AgentsClient agents = AgentsClient.create(server.createClient());
    try {
      SharedInformer<Sandbox> informer = syncedSandboxes(agents);
      await().atMost(SYNC).until(() -> informer.lister().get(ns, "waited-on") != null);
      CompletableFuture<Sandbox> viaInformer = informer.waitFor(ns, "waited-on", s -> false,
          Duration.ofHours(1));
      CompletableFuture<Sandbox> viaClient = agents.sandboxes(ns).waitForSandbox("waited-on",
          null, s -> false, Duration.ofHours(1));
      assertThat(InformerFixtures.internals(informer).waits().active()).isEqualTo(2);
      agents.close();
      assertThat(viaInformer).failsWithin(SYNC).withThrowableOfType(ExecutionException.class)
          .havingCause().isInstanceOf(AgentsApiException.class).withMessageContaining("closed");
      assertThat(viaClient).failsWithin(SYNC).withThrowableOfType(ExecutionException.class)
          .havingCause().isInstanceOf(AgentsApiException.class);
    } finally {
      agents.close();
      agents.kubernetesClient().close();
    }
  }

  @Test
  void optionsCanOnlyBeChosenBeforeTheFirstUse(AgentsClient agents) {
    agents.informers();
    assertThatThrownBy(() -> agents.informers(InformerOptions.builder().lean().build()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("options");
  }

  @Test
  void indexesCanBeAddedOnlyBeforeStart(AgentsClient agents) {
    SharedInformer<Sandbox> informer = agents.informers().sandboxes();
    assertThat(informer.addIndex("app", s -> List.of(s.getMetadata().getLabels().get("app"))))
        .isSameAs(informer);
    assertThatThrownBy(() -> informer.addIndex("app", s -> List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> informer.addIndex(SandboxIndexes.POOL, s -> List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> informer.addIndex(" ", s -> List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> informer.addIndex("x", null))
        .isInstanceOf(IllegalArgumentException.class);
    informer.start();
    assertThatThrownBy(() -> informer.addIndex("late", s -> List.of()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("late");
  }

  @Test
  void theInitialListIsPaged() throws Exception {
    try (MockApiServer server = MockApiServer.start();
        KubernetesClient kc = server.createClient();
        AgentsClient agents = AgentsClient.create(kc)) {
      String ns = uniqueNamespace();
      for (int i = 0; i < 5; i++) {
        agents.sandboxes(ns).createSandbox(sandbox(ns, "s" + i));
      }
      agents.informers(InformerOptions.builder().listPageSize(2).build());
      synced(agents.informers().sandboxes());
      List<String> paths = new ArrayList<>();
      RecordedRequest request;
      while ((request = server.delegate().takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
        paths.add(request.getPath());
      }
      assertThat(paths).anyMatch(p -> p.startsWith("/apis/agents.kruise.io/v1alpha1/sandboxes?")
          && p.contains("limit=2") && !p.contains("watch=true"));
    }
  }
}
