package io.kruise.agents.informers;

import static io.kruise.agents.informers.InformerFixtures.SYNC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.model.Sandbox;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An informer whose list is forbidden (HTTP 403) stops for good: it reports itself dead and
 * unhealthy, calls the dead-informer callbacks, logs an error, and serves no waits.
 */
class DeadInformerTest {

  private static final String LIST_PATH = "/apis/agents.kruise.io/v1alpha1/sandboxes?limit=500";

  private KubernetesMockServer server;
  private KubernetesClient client;
  private AgentsClient agents;

  @BeforeEach
  void start() {
    server = new KubernetesMockServer(false);
    server.init();
    server.expect().get().withPath(LIST_PATH).andReturn(403, new StatusBuilder()
        .withApiVersion("v1").withKind("Status").withStatus("Failure").withCode(403)
        .withReason("Forbidden").withMessage("sandboxes.agents.kruise.io is forbidden: User"
            + " \"test\" cannot list resource \"sandboxes\" in API group \"agents.kruise.io\""
            + " at the cluster scope").build()).always();
    client = server.createClient();
    agents = AgentsClient.create(client);
  }

  @AfterEach
  void stop() {
    agents.close();
    client.close();
    server.destroy();
  }

  @Test
  void aForbiddenListKillsTheInformer() {
    List<InformerHealth> reported = new CopyOnWriteArrayList<>();
    SharedInformers.of(agents).onInformerDead(reported::add);
    SharedInformer<Sandbox> informer = SharedInformers.of(agents).sandboxes();

    assertThat(informer.awaitSynced(SYNC)).isFalse();
    await().atMost(SYNC).until(() -> informer.health().dead());
    InformerHealth health = informer.health();
    assertThat(health.started()).isTrue();
    assertThat(health.synced()).isFalse();
    assertThat(health.watching()).isFalse();
    assertThat(health.isHealthy()).isFalse();
    assertThat(health.lastError()).contains("Forbidden");
    assertThat(SharedInformers.of(agents).isHealthy()).isFalse();
    assertThat(SharedInformers.of(agents).awaitSynced(Duration.ofSeconds(1))).isFalse();

    await().atMost(SYNC).until(() -> !reported.isEmpty());
    assertThat(reported).singleElement().satisfies(h -> {
      assertThat(h.kind()).isEqualTo("Sandbox");
      assertThat(h.dead()).isTrue();
      assertThat(h.scope()).isEqualTo(InformerScope.allNamespaces());
    });
    assertThat(informer.synced()).failsWithin(SYNC).withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(AgentsApiException.class).withMessageContaining("Forbidden");
  }

  @Test
  void aDeadInformerIsLoggedAsAnError() {
    String log = InformerFixtures.stderrOf(() -> SharedInformers.of(agents).sandboxes().start(),
        text -> text.contains("is dead"));
    assertThat(log).contains("ERROR", "Sandbox informer for all namespaces is dead",
        "Forbidden");
  }

  @Test
  void aDeadInformerServesNoWaits() {
    SharedInformer<Sandbox> informer = SharedInformers.of(agents).sandboxes();
    informer.start();
    await().atMost(SYNC).until(() -> informer.health().dead());
    assertThat(SharedInformers.of(agents).waitFor(Sandbox.class, "ns", "s", s -> true, "anything",
        Duration.ofSeconds(1))).as("the client must use its own watch instead").isNull();
    assertThat(informer.waitFor("ns", "s", s -> true, Duration.ofSeconds(30)))
        .failsWithin(SYNC).withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(AgentsApiException.class);
  }

  @Test
  void aThrowingDeadInformerCallbackKeepsTheOthersRunning() {
    List<InformerHealth> reported = new CopyOnWriteArrayList<>();
    SharedInformers informers = SharedInformers.of(agents);
    informers.onInformerDead(h -> {
      throw new IllegalStateException("a bug in the first callback");
    });
    informers.onInformerDead(reported::add);
    informers.sandboxes().start();
    await().atMost(SYNC).until(() -> !reported.isEmpty());
    assertThat(informers.deadCallbackFailures()).isEqualTo(1);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> informers.onInformerDead(null))
        .isInstanceOf(io.kruise.agents.client.exceptions.ValidationException.class)
        .hasMessageContaining("callback");
  }
}
