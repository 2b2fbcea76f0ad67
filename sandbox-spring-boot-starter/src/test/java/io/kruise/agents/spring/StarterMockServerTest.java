package io.kruise.agents.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.informers.InformerHealth;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.ListenerBacklogPolicy;
import io.kruise.agents.informers.SandboxPool;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSpec;
import io.kruise.agents.testkit.MockApiServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * The starter in a real Spring Boot web application against the testkit's mock API server: the
 * beans sit on the application's fabric8 client, the properties reach the library, the startup
 * informers have synced when the context is up, the readiness group holds their health and the
 * liveness group does not, and the library's meters are in the application's registry.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = StarterMockServerTest.App.class, properties = {
        "kruise.agents.namespace=apps",
        "kruise.agents.default-wait-timeout=42s",
        "kruise.agents.informers.scopes[0].namespace=apps",
        "kruise.agents.informers.lean=true",
        "kruise.agents.informers.list-page-size=50",
        "kruise.agents.informers.listener-backlog-limit=1000",
        "kruise.agents.informers.listener-backlog-policy=close",
        "management.endpoint.health.show-details=always",
        "management.endpoint.health.show-components=always"})
class StarterMockServerTest {

  private static final InformerScope APPS = InformerScope.namespace("apps");

  /** A web application with nothing of its own but a fabric8 client for the mock server. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean(destroyMethod = "close")
    MockApiServer mockApiServer() {
      return MockApiServer.start();
    }

    @Bean
    KubernetesClient kubernetesClient(MockApiServer server) {
      return server.createClient();
    }
  }

  @Autowired KubernetesClient kubernetesClient;
  @Autowired AgentsClient agents;
  @Autowired SharedInformers informers;
  @Autowired AgentsCache cache;
  @Autowired SandboxPool pool;
  @Autowired MeterRegistry registry;
  @Autowired HealthEndpointGroups groups;
  @LocalServerPort int port;

  @Test
  void theClientWrapsTheApplicationsFabric8ClientWithTheProperties() {
    assertThat(agents.kubernetesClient()).isSameAs(kubernetesClient);
    assertThat(agents.namespace()).isEqualTo("apps");
    assertThat(agents.configuration().defaultTimeout()).isEqualTo(Duration.ofSeconds(42));
    assertThat(informers).isSameAs(SharedInformers.of(agents));
    assertThat(informers.options().lean()).isTrue();
    assertThat(informers.options().listPageSize()).isEqualTo(50);
    assertThat(informers.options().listenerBacklogLimit()).isEqualTo(1000);
    assertThat(informers.options().listenerBacklogPolicy()).isEqualTo(ListenerBacklogPolicy.CLOSE);
  }

  @Test
  void theStartupScopeHasSyncedByTheTimeTheContextIsUp() {
    assertThat(cache.health()).extracting(InformerHealth::kind, InformerHealth::scope,
        InformerHealth::synced).containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("Sandbox", APPS, true),
            org.assertj.core.groups.Tuple.tuple("SandboxSet", APPS, true));
  }

  @Test
  void readinessHoldsEachInformerAndLivenessDoesNot() throws Exception {
    HttpResponse<String> readiness = get("/actuator/health/readiness");
    assertThat(readiness.statusCode()).isEqualTo(200);
    assertThat(readiness.body()).contains("\"readinessState\"", "\"kruiseAgents\"",
        "\"sandbox-namespace-apps\"", "\"sandboxset-namespace-apps\"", "\"synced\":true",
        "\"watching\":true");

    assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    assertThat(groups.get("readiness").isMember("kruiseAgents/sandbox-namespace-apps")).isTrue();
    assertThat(groups.get("liveness").isMember("livenessState")).isTrue();
    assertThat(groups.get("liveness").isMember("kruiseAgents/sandbox-namespace-apps")).isFalse();
  }

  @Test
  void theLibrarysMetersAreInTheApplicationsRegistryAndFollowTheCache() {
    assertThat(registry.find("agents.pool.claims").tag("pool", "sandboxPool").functionCounter())
        .isNotNull();
    assertThat(registry.find("agents.informer.listener.backlog")
        .tag("listener", "sandbox-pool-wakeup").gauge()).isNotNull();
    var size = registry.find("agents.informer.cache.size").tag("kind", "Sandbox")
        .tag("scope", APPS.toString()).gauge();
    assertThat(size).isNotNull();
    double before = size.value();

    agents.sandboxes().createSandbox(Sandbox.of(null, "metered", new SandboxSpec()));
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> size.value() == before + 1);
    } finally {
      agents.sandboxes().deleteSandbox("metered");
    }
  }

  @Test
  void thePoolClaimsFromTheFirstScopesInformer() {
    assertThat(pool).isNotNull();
    assertThat(cache.sandboxes(APPS).health().started()).isTrue();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
