package io.kruise.agents.informers;

import static io.kruise.agents.informers.InformerFixtures.SYNC;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.client.exceptions.InformerFailedException;
import io.kruise.agents.model.Sandbox;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Waits on an informer that dies, after or before its sync: the list that kills it is refused
 * (HTTP 403) and held back until the test releases it, so that the test registers its waits
 * first. Pending waits (with an hour left) must fail at once, and so must new ones.
 */
class DeadInformerWaitsTest {

  private static final String BASE = "/apis/agents.kruise.io/v1alpha1/sandboxes";
  private static final String LIST = "{\"apiVersion\":\"agents.kruise.io/v1alpha1\","
      + "\"kind\":\"SandboxList\",\"metadata\":{\"resourceVersion\":\"7\"},\"items\":[{"
      + "\"apiVersion\":\"agents.kruise.io/v1alpha1\",\"kind\":\"Sandbox\",\"metadata\":{"
      + "\"name\":\"s1\",\"namespace\":\"ns\",\"resourceVersion\":\"7\"},\"spec\":{}}]}";
  private static final Status FORBIDDEN = new StatusBuilder().withApiVersion("v1")
      .withKind("Status").withStatus("Failure").withCode(403).withReason("Forbidden")
      .withMessage("sandboxes.agents.kruise.io is forbidden: User \"test\" cannot list resource"
          + " \"sandboxes\" in API group \"agents.kruise.io\" at the cluster scope").build();
  private static final Duration HOUR = Duration.ofHours(1);

  private final CountDownLatch relistReleased = new CountDownLatch(1);
  private final CountDownLatch relistArrived = new CountDownLatch(1);
  private KubernetesMockServer server;
  private KubernetesClient client;
  private AgentsClient agents;

  @BeforeEach
  void start() {
    server = new KubernetesMockServer(false);
    server.init();
  }

  /** Lists answer 403 once released; the first {@code successfulLists} answer at once. */
  private void connect(int successfulLists) {
    if (successfulLists > 0) {
      server.expect().get().withPath(BASE + "?limit=500").andReturn(200, LIST)
          .times(successfulLists);
    }
    server.expect().get().withPath(BASE + "?limit=500").andReply(403, request -> {
      relistArrived.countDown();
      try {
        relistReleased.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return FORBIDDEN;
    }).always();
    // The watch opens (so the informer syncs), then breaks on an event it cannot read.
    server.expect().get().withPath(BASE + "?allowWatchBookmarks=true&resourceVersion=7"
        + "&timeoutSeconds=600&watch=true").andUpgradeToWebSocket()
        .open("{\"type\":\"NOT-AN-EVENT-TYPE\",\"object\":{}}").done().once();
    client = server.createClient();
    agents = AgentsClient.create(client);
  }

  @AfterEach
  void stop() {
    relistReleased.countDown();
    if (agents != null) {
      agents.close();
      client.close();
    }
    server.destroy();
  }

  @Test
  void anInformerThatDiesAfterSyncingFailsPendingAndNewWaitsAtOnce() throws Exception {
    connect(1);
    SharedInformer<Sandbox> informer = SharedInformers.of(agents).sandboxes();
    assertThat(informer.awaitSynced(SYNC)).isTrue();
    CompletableFuture<Sandbox> pending = informer.waitFor("ns", "s1", s -> false, HOUR);
    assertThat(relistArrived.await(SYNC.toSeconds(), TimeUnit.SECONDS))
        .as("the broken watch made the informer relist").isTrue();
    assertThat(pending).isNotDone();
    assertThat(informer.health().dead()).isFalse();

    relistReleased.countDown();
    assertDeadInformerFailure(pending);
    assertThat(informer.health().dead()).isTrue();
    assertThat(InformerFixtures.internals(informer).waits().active()).isZero();

    CompletableFuture<Sandbox> later = informer.waitFor("ns", "s1", s -> true, HOUR);
    assertThat(later).as("a new wait on a dead informer fails at once").isCompletedExceptionally();
    assertDeadInformerFailure(later);
  }

  @Test
  void anInformerThatDiesBeforeSyncingFailsItsPendingWaitsAtOnce() {
    connect(0); // never synced: the first list is the refused one
    SharedInformer<Sandbox> informer = SharedInformers.of(agents).sandboxes();
    CompletableFuture<Sandbox> pending = informer.waitFor("ns", "s1", s -> true, HOUR);
    assertThat(pending).isNotDone();
    relistReleased.countDown();
    assertDeadInformerFailure(pending);
    assertThat(informer.waitFor("ns", "s1", s -> true, HOUR)).isCompletedExceptionally();
  }

  /** Fails well before the hour: with the informer's kind, scope and cause, and the HTTP code. */
  private static void assertDeadInformerFailure(CompletableFuture<Sandbox> wait) {
    assertThat(wait).failsWithin(SYNC).withThrowableOfType(ExecutionException.class)
        .havingCause().isExactlyInstanceOf(InformerFailedException.class)
        .withMessageContaining("Sandbox informer for all namespaces is dead")
        .withMessageContaining("Forbidden")
        .satisfies(e -> assertThat(((AgentsApiException) e).code()).isEqualTo(403));
  }
}
