package io.kruise.agents.informers;

import static io.kruise.agents.informers.InformerFixtures.SYNC;
import static io.kruise.agents.informers.InformerFixtures.internals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.model.Sandbox;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What happens before the first sync: a mock server in expectations mode holds the initial list
 * back until the test releases it.
 */
class InformerLifecycleTest {

  private static final String BASE = "/apis/agents.kruise.io/v1alpha1/sandboxes";
  private static final String LIST = "{\"apiVersion\":\"agents.kruise.io/v1alpha1\","
      + "\"kind\":\"SandboxList\",\"metadata\":{\"resourceVersion\":\"7\"},\"items\":[{"
      + "\"apiVersion\":\"agents.kruise.io/v1alpha1\",\"kind\":\"Sandbox\",\"metadata\":{"
      + "\"name\":\"s1\",\"namespace\":\"ns\",\"resourceVersion\":\"7\"},\"spec\":{}}]}";

  private final CountDownLatch listReleased = new CountDownLatch(1);
  private KubernetesMockServer server;
  private KubernetesClient client;
  private AgentsClient agents;

  @BeforeEach
  void start() {
    server = new KubernetesMockServer(false);
    server.init();
    server.expect().get().withPath(BASE + "?limit=500").andReply(200, request -> {
      try {
        listReleased.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return LIST;
    }).always();
    server.expect().get().withPath(BASE + "?allowWatchBookmarks=true&resourceVersion=7"
        + "&timeoutSeconds=600&watch=true").andUpgradeToWebSocket().open().done().always();
    client = server.createClient();
    agents = AgentsClient.create(client);
  }

  @AfterEach
  void stop() {
    listReleased.countDown();
    agents.close();
    client.close();
    server.destroy();
  }

  @Test
  void theInformerSyncsOnceTheListArrives() {
    SharedInformer<Sandbox> informer = SharedInformers.of(agents).sandboxes().start();
    assertThat(informer.awaitSynced(Duration.ofMillis(200))).isFalse();
    assertThat(informer.health().synced()).isFalse();
    listReleased.countDown();
    assertThat(informer.awaitSynced(SYNC)).isTrue();
    assertThat(informer.lister().get("ns", "s1")).isNotNull();
  }

  @Test
  void aWaitBeforeTheSyncCompletesAfterIt() {
    SharedInformer<Sandbox> informer = SharedInformers.of(agents).sandboxes();
    CompletableFuture<Sandbox> wait = informer.waitFor("ns", "s1", s -> true,
        Duration.ofMinutes(5));
    assertThat(wait).isNotDone();
    listReleased.countDown();
    assertThat(wait).succeedsWithin(SYNC)
        .extracting(s -> s.getMetadata().getName()).isEqualTo("s1");
  }

  @Test
  void aWaitBeforeTheSyncTimesOutWhenTheSyncIsLate() {
    SharedInformer<Sandbox> informer = SharedInformers.of(agents).sandboxes();
    assertThat(informer.waitFor("ns", "s1", s -> true, Duration.ofMillis(300)))
        .failsWithin(SYNC).withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause().isInstanceOf(io.kruise.agents.client.exceptions.TimeoutException.class)
        .withMessageContaining("did not sync");
  }

  @Test
  void cancellingAWaitBeforeTheSyncLeavesNoRegistration() {
    SharedInformer<Sandbox> informer = SharedInformers.of(agents).sandboxes();
    CompletableFuture<Sandbox> wait = informer.waitFor("ns", "s1", s -> false,
        Duration.ofMinutes(5));
    assertThat(wait.cancel(true)).isTrue();
    listReleased.countDown();
    assertThat(informer.awaitSynced(SYNC)).isTrue();
    WaitRegistry<Sandbox> waits = internals(informer).waits();
    // registered before the sync, deregistered by the cancel: the sync finds nothing to look at
    assertThat(waits.started()).isEqualTo(1);
    assertThat(waits.active()).isZero();
    assertThat(waits.completed()).isZero();
  }

  @Test
  void closingTheClientBeforeTheSyncIsNotADeath() {
    List<InformerHealth> dead = new CopyOnWriteArrayList<>();
    SharedInformers.of(agents).onInformerDead(dead::add);
    SharedInformer<Sandbox> informer = SharedInformers.of(agents).sandboxes().start();
    agents.close();
    listReleased.countDown();
    // fabric8's start ends (its list was cut short by the stop) and has been handled here
    await().atMost(SYNC).until(() -> internals(informer).startResult().isDone());
    assertThat(dead).isEmpty();
    assertThat(informer.health().dead()).isFalse();
    assertThat(informer.health().lastError()).isNull();
  }
}
