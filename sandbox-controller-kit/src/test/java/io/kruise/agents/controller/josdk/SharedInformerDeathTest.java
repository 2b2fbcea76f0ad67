package io.kruise.agents.controller.josdk;

import static io.kruise.agents.controller.josdk.JosdkFixtures.SYNC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ListMetaBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.exceptions.InformerFailedException;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.model.SandboxList;
import io.kruise.agents.model.SandboxSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * JOSDK learns when the shared informer under its view dies for good, as it would learn it from
 * its own informer: through {@code start()} before the sync, through {@code stopped()} after it
 * (with {@code hasSynced()} still true, so JOSDK's default handler stops the operator).
 * fabric8's mock server in expectations mode plays the failures.
 */
class SharedInformerDeathTest {

  private static final String LIST = "/apis/agents.kruise.io/v1alpha1/sandboxes?limit=500";
  private static final String WATCH = "/apis/agents.kruise.io/v1alpha1/sandboxes"
      + "?allowWatchBookmarks=true&resourceVersion=5&timeoutSeconds=600&watch=true";

  private final KubernetesMockServer server = new KubernetesMockServer(false);
  private KubernetesClient client;
  private AgentsClient agents;

  private SharedIndexInformer<Sandbox> view() {
    server.init();
    client = server.createClient();
    agents = AgentsClient.create(client);
    SharedIndexInformer<Sandbox> view = JosdkSharing.client(agents).resources(Sandbox.class)
        .inAnyNamespace().withLabelSelector((String) null).runnableInformer(0);
    view.addEventHandler(new RecordingHandler<>());
    return view;
  }

  @AfterEach
  void stop() {
    if (agents != null) {
      agents.close();
      client.close();
    }
    server.destroy();
  }

  private static Status status(int code, String reason) {
    return new StatusBuilder().withApiVersion("v1").withKind("Status").withStatus("Failure")
        .withCode(code).withReason(reason).withMessage(reason).build();
  }

  @Test
  void aSharedInformerThatDiesBeforeItsSyncFailsTheStart() {
    server.expect().get().withPath(LIST).andReturn(403, status(403, "Forbidden")).always();
    SharedIndexInformer<Sandbox> view = view();

    CompletableFuture<Void> started = view.start().toCompletableFuture();

    assertThat(started).failsWithin(SYNC).withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(InformerFailedException.class);
    assertThat(view.stopped().toCompletableFuture()).failsWithin(SYNC);
    assertThat(view.hasSynced()).isFalse();
    assertThat(view.isRunning()).isFalse();
  }

  @Test
  void anEventSourceWhoseInformerDiesBeforeItsSyncFailsToStart() {
    server.expect().get().withPath(LIST).andReturn(403, status(403, "Forbidden")).always();
    view(); // connects
    SharedInformerEventSource<Sandbox, SandboxSet> source = SharedInformerEventSource
        .builder(Sandbox.class, SandboxSet.class)
        .informer(SharedInformers.of(agents).sandboxes())
        .mapper(SecondaryMappers.controllerOwner(SandboxSet.class))
        .lookup(SecondaryLookup.controlledByScan()).syncTimeout(SYNC).build();

    assertThatThrownBy(source::start).isInstanceOf(InformerFailedException.class)
        .hasMessageContaining("Forbidden");
    assertThat(source.isRunning()).isFalse();
  }

  @Test
  void aSharedInformerThatDiesAfterItsSyncStopsTheViewWithTheError() throws Exception {
    SandboxList list = new SandboxList();
    list.setMetadata(new ListMetaBuilder().withResourceVersion("5").build());
    list.setItems(List.of());
    server.expect().get().withPath(LIST).andReturn(200, list).once();
    server.expect().get().withPath(LIST).andReturn(403, status(403, "Forbidden")).always();
    server.expect().get().withPath(WATCH).andUpgradeToWebSocket().open().waitFor(500)
        .andEmit(new WatchEvent(status(410, "Expired"), "ERROR")).done().once();
    SharedIndexInformer<Sandbox> view = view();

    view.start().toCompletableFuture().get(SYNC.toSeconds(), TimeUnit.SECONDS);
    assertThat(view.hasSynced()).isTrue();

    assertThat(view.stopped().toCompletableFuture()).failsWithin(SYNC)
        .withThrowableOfType(ExecutionException.class).havingCause()
        .isInstanceOf(InformerFailedException.class).withMessageContaining("dead");
    await().atMost(SYNC).until(() -> !view.isRunning());
    assertThat(view.hasSynced()).as("what JOSDK's default stopped-handler checks").isTrue();
  }
}
