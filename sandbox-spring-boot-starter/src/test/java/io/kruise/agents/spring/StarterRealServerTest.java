package io.kruise.agents.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.ListenerOptions;
import io.kruise.agents.informers.ResourceListener;
import io.kruise.agents.informers.SandboxPool;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.model.AgentsApi;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxPhase;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetSpec;
import io.kruise.agents.model.SandboxSpec;
import io.kruise.agents.model.SandboxStatus;
import io.kruise.agents.testkit.RealApiServer;
import io.kruise.agents.testkit.WithRealApiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * The starter against a real Kubernetes API server: the pool bean claims with optimistic
 * concurrency there; a watch that drops while the API server restarts keeps the pod ready and
 * live; and an informer that dies after the application was ready makes it unready, liveness
 * untouched, until the starter's replacement has synced, with the listener's history consistent
 * across the replacement.
 *
 * <p>An informer dies only when a list is refused (a watch refused with 401 or 403 is retried by
 * fabric8 without end). So the application's fabric8 client here has an interceptor that, while
 * {@link #LISTS_REVOKED} is set, sends SandboxSet lists with a token the server does not know, as
 * if the application's right to list SandboxSets had been revoked; a relist is forced by
 * compacting etcd while the API server is down, so the watch resumes with 410 Gone.
 */
@WithRealApiServer
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = StarterRealServerTest.App.class, properties = {
        "kruise.agents.namespace=" + StarterRealServerTest.NS,
        "kruise.agents.recovery.initial-delay=200ms",
        "kruise.agents.recovery.max-delay=1s",
        "kruise.agents.health.watch-reconnect-grace=1h",
        "management.endpoint.health.show-details=always"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StarterRealServerTest {

  static final String NS = "spring-starter-real";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final InformerScope SCOPE = InformerScope.namespace(NS);

  static final AtomicBoolean LISTS_REVOKED = new AtomicBoolean();

  /** The application: an admin client of the testkit's API server, lists revocable. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean
    KubernetesClient kubernetesClient() {
      Config config;
      try (KubernetesClient admin = RealApiServer.shared().newAdminClient(NS)) {
        config = admin.getConfiguration();
      }
      return new KubernetesClientBuilder().withConfig(config)
          .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("revoked-lists",
              new Interceptor() {
                @Override
                public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                  URI uri = request.uri();
                  if (LISTS_REVOKED.get() && "GET".equals(request.method())
                      && uri.getPath().endsWith("/sandboxsets")
                      && (uri.getQuery() == null || !uri.getQuery().contains("watch=true"))) {
                    builder.setHeader("Authorization", "Bearer revoked");
                  }
                }
              })).build();
    }
  }

  @Autowired AgentsClient agents;
  @Autowired AgentsCache cache;
  @Autowired SandboxPool pool;
  @LocalServerPort int port;

  @Test
  @Order(1)
  void readyOnceSyncedAndThePoolClaimsOnTheRealServer() throws Exception {
    assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    Sandbox created = agents.sandboxes().createSandbox(poolSandbox("warm-1"));
    Sandbox ready = created.deepCopy();
    ready.setStatus(new SandboxStatus().withPhase(SandboxPhase.RUNNING).addCondition(
        new ConditionBuilder().withType("Ready").withStatus("True").withReason("PodReady")
            .withMessage("ready").withLastTransitionTime(Instant.now().toString()).build()));
    agents.sandboxes().updateSandboxStatus("warm-1", ready);

    Sandbox claimed = pool.claim(NS, "warm", "user-1", Duration.ofSeconds(30));

    assertThat(claimed.getMetadata().getName()).isEqualTo("warm-1");
    assertThat(claimed.getMetadata().getLabels()).containsEntry(SandboxLabels.SANDBOX_CLAIMED,
        "true");
    assertThat(pool.claims()).isEqualTo(1);
  }

  @Test
  @Order(2)
  void aWatchThatDropsLeavesReadinessAndLivenessUp(RealApiServer server) throws Exception {
    SharedInformer<Sandbox> sandboxes = cache.sandboxes(SCOPE);
    await().atMost(WAIT).until(() -> sandboxes.health().watching());
    server.stopApiServer();
    try {
      await().atMost(WAIT).until(() -> !sandboxes.health().watching());
      HttpResponse<String> readiness = get("/actuator/health/readiness");
      assertThat(readiness.statusCode()).isEqualTo(200);
      assertThat(readiness.body()).contains("\"watching\":false", "reconnectingFor");
      assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    } finally {
      server.startApiServer();
    }
    await().atMost(WAIT).until(() -> sandboxes.health().watching());
    assertThat(cache.recoveries()).as("a reconnect is not a death").isZero();
  }

  @Test
  @Order(3)
  void anInformerThatDiesAfterReadyIsReplacedAndReadinessFollows(RealApiServer server)
      throws Exception {
    SharedInformer<SandboxSet> sets = cache.sandboxSets(SCOPE);
    List<String> history = new CopyOnWriteArrayList<>();
    sets.addListener(ListenerOptions.named("history"), new ResourceListener<>() {
      @Override
      public void onAdd(SandboxSet set) {
        history.add("add " + set.getMetadata().getName());
      }

      @Override
      public void onDelete(SandboxSet set, boolean finalStateUnknown) {
        history.add("delete " + set.getMetadata().getName() + (finalStateUnknown ? "?" : ""));
      }
    });
    agents.sandboxSets().createSandboxSet(SandboxSet.of(null, "before",
        new SandboxSetSpec().withReplicas(1)));
    await().atMost(WAIT).until(() -> history.contains("add before"));
    await().atMost(WAIT).until(() -> sets.health().watching());

    LISTS_REVOKED.set(true);
    try {
      // A later write, then compaction past it: the SandboxSet watch resumes with 410 Gone.
      agents.sandboxes().createSandbox(Sandbox.of(null, "later-write", new SandboxSpec()));
      server.stopApiServer();
      server.compactEtcd();
      server.startApiServer();

      await().atMost(WAIT).until(() -> sets.health().dead());
      HttpResponse<String> unready = get("/actuator/health/readiness");
      assertThat(unready.statusCode()).isEqualTo(503);
      assertThat(unready.body()).contains("\"dead\":true", "401");
      assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
      // While it is dead: changes its replacement must catch up with.
      agents.sandboxSets().deleteSandboxSet("before");
      agents.sandboxSets().createSandboxSet(SandboxSet.of(null, "after",
          new SandboxSetSpec().withReplicas(1)));
      assertThat(get("/actuator/health/readiness").statusCode())
          .as("replacements die while lists are refused").isEqualTo(503);
    } finally {
      LISTS_REVOKED.set(false);
    }

    await().atMost(WAIT).until(() -> get("/actuator/health/readiness").statusCode() == 200);
    assertThat(cache.recoveries()).isEqualTo(1);
    await().atMost(WAIT).until(() -> history.size() == 3);
    // Per object one history; across objects the library promises no order.
    assertThat(history.get(0)).isEqualTo("add before");
    assertThat(history.subList(1, 3)).containsExactlyInAnyOrder("delete before?", "add after");
    assertThat(sets.lister().list(NS)).extracting(s -> s.getMetadata().getName())
        .containsExactly("after");
  }

  private static Sandbox poolSandbox(String name) {
    Sandbox s = Sandbox.of(null, name, new SandboxSpec());
    s.getMetadata().setLabels(Map.of(SandboxLabels.SANDBOX_POOL, "warm"));
    s.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder()
        .withApiVersion(AgentsApi.API_VERSION).withKind(AgentsApi.SANDBOXSET_KIND)
        .withName("warm").withUid("uid-warm").withController(true).build()));
    return s;
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
