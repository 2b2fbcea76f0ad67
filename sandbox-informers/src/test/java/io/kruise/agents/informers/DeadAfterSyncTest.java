package io.kruise.agents.informers;

import static io.kruise.agents.informers.InformerFixtures.SYNC;
import static io.kruise.agents.informers.InformerFixtures.poolSandbox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ListMetaBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.exceptions.InformerFailedException;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxList;
import io.kruise.agents.model.SandboxStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An informer that dies after it synced (its list succeeds, then its watch is forbidden): it must
 * not keep serving the frozen cache.
 */
class DeadAfterSyncTest {

  private static final String LIST = "/apis/agents.kruise.io/v1alpha1/sandboxes?limit=500";
  private static final String WATCH = "/apis/agents.kruise.io/v1alpha1/sandboxes"
      + "?allowWatchBookmarks=true&resourceVersion=5&timeoutSeconds=600&watch=true";

  private KubernetesMockServer server;
  private KubernetesClient client;
  private AgentsClient agents;

  @BeforeEach
  void start() {
    Sandbox member = poolSandbox("ns", "s1", "pool");
    member.getMetadata().setResourceVersion("5");
    member.getMetadata().setUid("uid-s1");
    SandboxStatus status = new SandboxStatus();
    status.setPhase("Running");
    member.setStatus(status);
    SandboxList list = new SandboxList();
    list.setMetadata(new ListMetaBuilder().withResourceVersion("5").build());
    list.setItems(List.of(member));
    server = new KubernetesMockServer(false);
    server.init();
    // Synced from the first list; the watch then reports its resourceVersion expired (410), and
    // the relist that follows is forbidden: a fatal error after the sync.
    server.expect().get().withPath(LIST).andReturn(200, list).once();
    server.expect().get().withPath(LIST).andReturn(403, status(403, "Forbidden",
        "sandboxes.agents.kruise.io is forbidden")).always();
    server.expect().get().withPath(WATCH).andUpgradeToWebSocket().open().immediately()
        .andEmit(new WatchEvent(status(410, "Expired", "too old resource version"), "ERROR"))
        .done().once();
    client = server.createClient();
    agents = AgentsClient.create(client);
  }

  private static Status status(int code, String reason, String message) {
    return new StatusBuilder().withApiVersion("v1").withKind("Status").withStatus("Failure")
        .withCode(code).withReason(reason).withMessage(message).build();
  }

  @AfterEach
  void stop() {
    agents.close();
    client.close();
    server.destroy();
  }

  @Test
  void aDeadInformerStopsServingItsCache() {
    SharedInformer<Sandbox> informer = SharedInformers.of(agents).sandboxes();
    assertThat(informer.awaitSynced(SYNC)).isTrue();
    Lister<Sandbox> lister = informer.lister();
    await().atMost(SYNC).until(() -> informer.health().dead());

    InformerHealth health = informer.health();
    assertThat(health.synced()).as("a dead cache is no longer in sync").isFalse();
    assertThat(health.isHealthy()).isFalse();
    assertThatThrownBy(() -> lister.get("ns", "s1")).isInstanceOf(InformerFailedException.class)
        .hasMessageContaining("Sandbox informer for all namespaces")
        .hasMessageContaining("Forbidden");
    assertThatThrownBy(() -> lister.list("")).isInstanceOf(InformerFailedException.class);
    assertThatThrownBy(() -> lister.byIndex(SandboxIndexes.POOL, "pool"))
        .isInstanceOf(InformerFailedException.class);
    assertThatThrownBy(() -> informer.lister().size())
        .isInstanceOf(InformerFailedException.class);
  }

  @Test
  void aClaimOnADeadInformerFailsAtOnceInsteadOfPatchingStaleCandidates() {
    SharedInformer<Sandbox> informer = SharedInformers.of(agents).sandboxes();
    assertThat(informer.awaitSynced(SYNC)).isTrue();
    try (SandboxPool pool = new SandboxPool(agents, informer)) {
      await().atMost(SYNC).until(() -> informer.health().dead());
      long started = System.nanoTime();
      assertThatThrownBy(() -> pool.claim("ns", "pool", "me", Duration.ofMinutes(5)))
          .isInstanceOf(InformerFailedException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMinutes(1));
    }
  }
}
