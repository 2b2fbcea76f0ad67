package io.kruise.agents.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.exceptions.InformerFailedException;
import io.kruise.agents.informers.ListenerOptions;
import io.kruise.agents.informers.ListenerRegistration;
import io.kruise.agents.informers.ResourceListener;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetSpec;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * An informer that dies (its list is refused with 403, as after revoked permissions) takes the
 * application out of the readiness group's UP state but leaves liveness alone; once the API server
 * allows the list again, the starter's replacement syncs and readiness comes back, with the
 * informer's listener, lister and meters following the replacement.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = ReadinessRecoveryMockServerTest.App.class, properties = {
        "kruise.agents.informers.sync-timeout=1s",
        "kruise.agents.recovery.initial-delay=50ms",
        "kruise.agents.recovery.max-delay=400ms",
        "management.endpoint.health.show-details=always"})
class ReadinessRecoveryMockServerTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  /** The application: a fabric8 client of a server that refuses SandboxSets at first. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean(destroyMethod = "close")
    GuardedMockServer guardedMockServer() {
      return new GuardedMockServer(true);
    }

    @Bean
    KubernetesClient kubernetesClient(GuardedMockServer server) {
      return server.createClient();
    }
  }

  @Autowired GuardedMockServer server;
  @Autowired AgentsClient agents;
  @Autowired AgentsCache cache;
  @Autowired MeterRegistry registry;
  @LocalServerPort int port;

  @Test
  void readinessFollowsTheDeadInformerAndItsReplacement() throws Exception {
    SharedInformer<SandboxSet> sets = cache.sandboxSets();
    await().atMost(WAIT).until(() -> sets.health().dead());
    HttpResponse<String> unready = get("/actuator/health/readiness");
    assertThat(unready.statusCode()).isEqualTo(503);
    assertThat(unready.body()).contains("\"sandboxset-all-namespaces\":{\"status\":\"DOWN\"",
        "Forbidden", "\"sandbox-all-namespaces\":{\"status\":\"UP\"");
    assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> sets.lister().list("")).isInstanceOf(InformerFailedException.class);

    // Registered while the informer is dead: it moves to the replacement.
    List<String> added = new CopyOnWriteArrayList<>();
    ListenerRegistration registration = sets.addListener(ListenerOptions.named("test"),
        new ResourceListener<>() {
          @Override
          public void onAdd(SandboxSet set) {
            added.add(set.getMetadata().getName());
          }
        });

    server.refuseSandboxSets(false);
    agents.sandboxSets("apps").createSandboxSet(SandboxSet.of(null, "pool-a",
        new SandboxSetSpec().withReplicas(1)));

    await().atMost(WAIT).until(() -> get("/actuator/health/readiness").statusCode() == 200);
    assertThat(cache.recoveries()).isEqualTo(1);
    assertThat(sets.health().isHealthy()).isTrue();
    assertThat(sets.lister().get("apps", "pool-a")).isNotNull();
    await().atMost(WAIT).until(() -> added.contains("pool-a"));

    agents.sandboxSets("apps").createSandboxSet(SandboxSet.of(null, "pool-b",
        new SandboxSetSpec().withReplicas(1)));
    await().atMost(WAIT).until(() -> added.equals(List.of("pool-a", "pool-b")));
    var size = registry.find("agents.informer.cache.size").tag("kind", "SandboxSet")
        .tag("scope", "all namespaces").gauge();
    assertThat(size).as("the meter follows the replacement").isNotNull();
    assertThat(size.value()).isEqualTo(2.0);
    assertThat(sets.waitFor("apps", "pool-b", s -> true, Duration.ofSeconds(5)).get())
        .isNotNull();
    registration.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
