package io.kruise.agents.controller.josdk;

import static io.kruise.agents.controller.josdk.JosdkFixtures.SYNC;
import static io.kruise.agents.controller.josdk.JosdkFixtures.sandbox;
import static io.kruise.agents.controller.josdk.JosdkFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.exceptions.ConfigurationException;
import io.kruise.agents.controller.testing.ApiRequests.Verb;
import io.kruise.agents.controller.testing.RequestLog;
import io.kruise.agents.informers.InformerOptions;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.ListenerOptions;
import io.kruise.agents.informers.ListenerRegistration;
import io.kruise.agents.informers.ResourceListener;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.testkit.MockApiServer;
import io.kruise.agents.testkit.WithMockApiServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The informer JOSDK gets from the sharing client, driven as JOSDK's InformerManager and
 * InformerWrapper drive an informer, against the mock API server: it is the shared informer.
 */
@WithMockApiServer
class SharedIndexInformerFacadeMockServerTest {

  private final RequestLog requests = new RequestLog();
  private KubernetesClient client;
  private AgentsClient agents;
  private String ns;

  @BeforeEach
  void connect(MockApiServer server) {
    client = server.delegate().createClient(b -> b.withHttpClientBuilderConsumer(
        h -> h.addOrReplaceInterceptor("log", requests)));
    agents = AgentsClient.create(client);
    ns = unique("facade");
  }

  @AfterEach
  void close() {
    agents.close();
    client.close();
  }

  /** What JOSDK's InformerManager does: the chain, the store, indexers, a handler, start. */
  private SharedIndexInformer<Sandbox> josdkInformer(RecordingHandler<Sandbox> handler,
      Map<String, java.util.function.Function<Sandbox, List<String>>> indexers) {
    SharedIndexInformer<Sandbox> informer = JosdkSharing.client(agents).resources(Sandbox.class)
        .inNamespace(ns).withLabelSelector((String) null).runnableInformer(0);
    informer.getIndexer().addIndexers(indexers);
    if (handler != null) {
      informer.addEventHandler(handler);
    }
    return informer;
  }

  private SharedInformer<Sandbox> shared() {
    return SharedInformers.of(agents).sandboxes(InformerScope.namespace(ns));
  }

  @Test
  void startStartsTheSharedInformerCompletesAtItsSyncAndReportsEveryChange() throws Exception {
    agents.sandboxes(ns).createSandbox(sandbox(ns, "before"));
    RecordingHandler<Sandbox> handler = new RecordingHandler<>();
    SharedIndexInformer<Sandbox> informer = josdkInformer(handler, Map.of());
    assertThat(informer.hasSynced()).isFalse();

    informer.start().toCompletableFuture().get(SYNC.toSeconds(), TimeUnit.SECONDS);

    assertThat(informer.hasSynced()).isTrue();
    assertThat(informer.isRunning()).isTrue();
    assertThat(shared().health().synced()).isTrue();
    await().atMost(SYNC).until(() -> handler.of("before").equals(List.of("add before")));
    await().atMost(SYNC).until(informer::isWatching);

    Sandbox created = agents.sandboxes(ns).createSandbox(sandbox(ns, "after"));
    Sandbox changed = created.deepCopy();
    changed.getMetadata().getLabels().put("changed", "yes");
    Sandbox updated = agents.sandboxes(ns).updateSandbox("after", changed);
    agents.sandboxes(ns).deleteSandbox("after");

    await().atMost(SYNC).untilAsserted(() -> assertThat(handler.of("after")).endsWith(
        "delete after"));
    assertThat(handler.of("after")).first().isEqualTo("add after");
    assertThat(String.join(",", handler.of("after"))).as("coalescing may merge changes, never"
        + " reorder them").matches("add after(,update after \\d+)*,delete after");
    assertThat(updated.getMetadata().getResourceVersion()).isNotNull();
  }

  @Test
  void theStoreIsTheSharedListerWithThisProcesssWritesAtOnce() throws Exception {
    SharedIndexInformer<Sandbox> informer = josdkInformer(new RecordingHandler<>(), Map.of());
    Cache<Sandbox> store = (Cache<Sandbox>) informer.getStore(); // InformerWrapper's cast
    assertThat(store.list()).as("empty before the start").isEmpty();
    informer.start().toCompletableFuture().get(SYNC.toSeconds(), TimeUnit.SECONDS);

    Sandbox created = agents.sandboxes(ns).createSandbox(sandbox(ns, "mine"));

    // no wait: the write is in the read-your-writes overlay before any event
    assertThat(store.getByKey(ns + "/mine")).isNotNull().extracting(
        s -> s.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
    assertThat(store.listKeys()).contains(ns + "/mine");
    assertThat(store.getByKey(ns + "/mine")).isSameAs(shared().lister().get(ns, "mine"));
  }

  @Test
  void josdksIndexesWorkEvenWhenTheSharedInformerIsAlreadyRunning() throws Exception {
    assertThat(shared().awaitSynced(SYNC)).as("a lister started it before JOSDK").isTrue();
    Sandbox web = sandbox(ns, "web-1");
    web.getMetadata().getLabels().put("tier", "web");
    agents.sandboxes(ns).createSandbox(web);
    RecordingHandler<Sandbox> handler = new RecordingHandler<>();
    SharedIndexInformer<Sandbox> informer = josdkInformer(handler,
        Map.of("byTier", s -> List.of(s.getMetadata().getLabels().getOrDefault("tier", "none"))));

    informer.start().toCompletableFuture().get(SYNC.toSeconds(), TimeUnit.SECONDS);

    await().atMost(SYNC).until(() -> handler.of("web-1").contains("add web-1"));
    assertThat(informer.getIndexer().byIndex("byTier", "web")).extracting(
        s -> s.getMetadata().getName()).containsExactly("web-1");
    assertThat(informer.getIndexer().indexKeys("byTier", "web")).containsExactly(ns + "/web-1");
    assertThatThrownBy(() -> informer.getIndexer().addIndexers(
        Map.of("late", s -> List.of("x")))).isInstanceOf(ConfigurationException.class);
  }

  @Test
  void aHandlerAddedAfterTheStartFirstGetsEveryCurrentObject() throws Exception {
    agents.sandboxes(ns).createSandbox(sandbox(ns, "existing"));
    SharedIndexInformer<Sandbox> informer = josdkInformer(null, Map.of());
    informer.start().toCompletableFuture().get(SYNC.toSeconds(), TimeUnit.SECONDS);
    RecordingHandler<Sandbox> late = new RecordingHandler<>();

    informer.addEventHandler(late);

    await().atMost(SYNC).until(() -> late.of("existing").equals(List.of("add existing")));
    informer.removeEventHandler(late);
    assertThat(((SharedIndexInformerFacade<Sandbox>) informer).registrations()).hasSize(1);
  }

  @Test
  void stopRemovesOnlyWhatTheViewAddedTheSharedInformerKeepsServing() throws Exception {
    RecordingHandler<Sandbox> handler = new RecordingHandler<>();
    SharedIndexInformer<Sandbox> informer = josdkInformer(handler, Map.of());
    informer.start().toCompletableFuture().get(SYNC.toSeconds(), TimeUnit.SECONDS);
    List<String> others = new CopyOnWriteArrayList<>();
    ListenerRegistration other = shared().addListener(ListenerOptions.named("service"),
        new ResourceListener<>() {
          @Override
          public void onAdd(Sandbox obj) {
            others.add(obj.getMetadata().getName());
          }
        });
    List<ListenerRegistration> views = ((SharedIndexInformerFacade<Sandbox>) informer)
        .registrations();
    assertThat(views).hasSize(1);

    informer.stop();

    assertThat(views).allMatch(ListenerRegistration::isClosed);
    assertThat(informer.stopped().toCompletableFuture()).isCompleted();
    assertThat(informer.isRunning()).isFalse();
    assertThat(other.isClosed()).isFalse();
    agents.sandboxes(ns).createSandbox(sandbox(ns, "after-stop"));
    await().atMost(SYNC).until(() -> others.contains("after-stop"));
    assertThat(shared().health().isHealthy()).isTrue();
    assertThatThrownBy(informer::start).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cannot be restarted");
    other.close();
  }

  @Test
  void jOsdkAndTheServiceShareOneListAndOneWatch() throws Exception {
    SharedIndexInformer<Sandbox> first = josdkInformer(new RecordingHandler<>(), Map.of());
    SharedIndexInformer<Sandbox> second = josdkInformer(new RecordingHandler<>(), Map.of());
    first.start().toCompletableFuture().get(SYNC.toSeconds(), TimeUnit.SECONDS);
    second.start().toCompletableFuture().get(SYNC.toSeconds(), TimeUnit.SECONDS);
    shared().lister().list(ns);
    agents.sandboxes(ns).createSandbox(sandbox(ns, "w"));
    agents.sandboxes(ns).waitForSandbox("w", ns, s -> true, SYNC).get(SYNC.toSeconds(),
        TimeUnit.SECONDS);
    await().atMost(SYNC).until(first::isWatching);

    assertThat(requests.count(Verb.LIST, "sandboxes", ns)).as(requests.describe()).isEqualTo(1);
    assertThat(requests.count(Verb.WATCH, "sandboxes", ns)).as(requests.describe()).isEqualTo(1);
    assertThat(requests.countAnyNamespace(Verb.WATCH, "sandboxes")).isEqualTo(1);
  }

  @Test
  void leanSharedInformersAreRefusedBecauseJosdkWritesBackWhatItReads(MockApiServer server) {
    try (KubernetesClient other = server.createClient();
        AgentsClient lean = AgentsClient.create(other)) {
      SharedInformers.of(lean, InformerOptions.builder().lean().build());
      SharedIndexInformer<Sandbox> informer = JosdkSharing.client(lean).resources(Sandbox.class)
          .inNamespace(ns).runnableInformer(0);

      assertThatThrownBy(informer::start).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("lean");
      assertThat(SharedInformers.of(lean).health()).noneMatch(h -> h.started());
    }
  }

  @Test
  void whatTheSharedInformersOwnIsRefused() {
    SharedIndexInformer<Sandbox> informer = josdkInformer(null, Map.of());
    ItemStore<Sandbox> store = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);
    assertThatThrownBy(() -> informer.itemStore(store)).isInstanceOf(
        ConfigurationException.class).hasMessageContaining("item store");
    assertThatThrownBy(() -> informer.initialState(Stream.empty())).isInstanceOf(
        ConfigurationException.class);
    assertThat(informer.exceptionHandler((started, t) -> false)).isSameAs(informer);
    assertThat(informer.lastSyncResourceVersion()).isNull();
  }
}
