package io.kruise.agents.examples.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.testkit.RealApiServer;
import io.kruise.agents.testkit.WithRealApiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The sample service on a real Kubernetes API server (not embedded; the pools are still kept by
 * the kit's pool controller and simulated runtime, as no OpenKruise controller runs there): concurrent claims through the API each
 * get their own sandbox (optimistic concurrency on the server), and a claimed sandbox has left
 * its pool and runs.
 */
@WithRealApiServer
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = SandboxServiceRealServerTest.OnTheRealServer.class, properties = {
        "sample.embedded=false", "sample.simulate=true", "sample.startup-delay=50ms",
        "kruise.agents.namespace=" + SandboxServiceRealServerTest.NS})
class SandboxServiceRealServerTest {

  static final String NS = "sample-service-real";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  /** The service, with a fabric8 client of the testkit's API server. */
  @SpringBootConfiguration
  @Import(SandboxServiceApplication.class)
  static class OnTheRealServer {
    @Bean
    KubernetesClient kubernetesClient() {
      return RealApiServer.shared().newAdminClient(NS);
    }
  }

  @LocalServerPort int port;

  @Test
  void concurrentClaimsEachGetTheirOwnSandbox() throws Exception {
    await().atMost(WAIT).until(() -> available("python") == 3);

    List<CompletableFuture<HttpResponse<String>>> claims = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      claims.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port
          + "/pools/python/claims?owner=user-" + i)).POST(HttpRequest.BodyPublishers.noBody())
          .build(), HttpResponse.BodyHandlers.ofString()));
    }
    Set<String> names = new HashSet<>();
    for (CompletableFuture<HttpResponse<String>> claim : claims) {
      HttpResponse<String> response = claim.get();
      assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
      names.add(json.readTree(response.body()).get("name").asText());
    }
    assertThat(names).as("no sandbox handed out twice").hasSize(8);

    String one = names.iterator().next();
    JsonNode sandbox = json.readTree(get("/sandboxes/" + NS + "/" + one).body());
    assertThat(sandbox.get("state").asText()).isEqualTo("running");
    assertThat(sandbox.get("claimed").asBoolean()).isTrue();
    await().atMost(WAIT).until(() -> available("python") == 3);
  }

  private int available(String pool) throws Exception {
    for (JsonNode p : json.readTree(get("/pools").body())) {
      if (p.get("name").asText().equals(pool)) {
        return p.get("available").asInt();
      }
    }
    return -1;
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
