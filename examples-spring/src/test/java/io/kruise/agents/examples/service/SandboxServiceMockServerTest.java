package io.kruise.agents.examples.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kruise.agents.testkit.MockApiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The sample service on its embedded default (mock API server, the kit's pool controller and
 * simulated runtime): pools fill up,
 * a claim hands out a sandbox with its IP and the pool refills, reads answer from the cache, and
 * no read sends a request to the API server (the server's request count stays put while reads
 * run, and moves as soon as a claim writes).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = SandboxServiceApplication.class, properties = "sample.startup-delay=100ms")
class SandboxServiceMockServerTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Autowired MockApiServer server;
  @LocalServerPort int port;

  @Test
  void claimsComeFromThePoolAndReadsFromTheCacheWithoutRequests() throws Exception {
    awaitFull();

    HttpResponse<String> claim = post("/pools/python/claims?owner=alice");
    assertThat(claim.statusCode()).isEqualTo(201);
    JsonNode claimed = json.readTree(claim.body());
    String name = claimed.get("name").asText();
    assertThat(name).startsWith("python-");
    assertThat(claimed.get("namespace").asText()).isEqualTo("sandboxes");
    assertThat(claimed.get("ip").asText()).startsWith("10.0.");
    assertThat(claimed.get("owner").asText()).isEqualTo("alice");

    await().atMost(WAIT).until(() -> pool("python").get("available").asInt() == 3
        && pool("python").get("claimed").asInt() == 1);
    JsonNode sandbox = json.readTree(get("/sandboxes/sandboxes/" + name).body());
    assertThat(sandbox.get("claimed").asBoolean()).isTrue();
    await().atMost(WAIT).until(() -> json.readTree(get("/sandboxes/sandboxes/" + name).body())
        .get("state").asText().equals("running")); // the claim took it out of its pool
    assertThat(sandbox.get("pool").asText()).isEqualTo("python");
    awaitFull();

    int before = server.requestCount();
    for (int i = 0; i < 5; i++) {
      assertThat(get("/pools").statusCode()).isEqualTo(200);
      assertThat(get("/sandboxes/sandboxes/" + name).statusCode()).isEqualTo(200);
    }
    assertThat(server.requestCount()).as("reads through the listers").isEqualTo(before);

    assertThat(post("/pools/node/claims").statusCode()).isEqualTo(201);
    assertThat(server.requestCount()).as("a claim writes").isGreaterThan(before);
  }

  @Test
  void unknownPoolsAndSandboxesAreNotFoundAndABlankOwnerIsRefused() throws Exception {
    assertThat(post("/pools/ruby/claims").statusCode()).isEqualTo(404);
    assertThat(get("/sandboxes/sandboxes/nothing-here").statusCode()).isEqualTo(404);
    awaitFull();
    int before = server.requestCount();
    HttpResponse<String> blank = post("/pools/python/claims?owner=%20");
    assertThat(blank.statusCode()).isEqualTo(400);
    assertThat(blank.body()).contains("owner");
    assertThat(server.requestCount()).as("refused before any request").isEqualTo(before);
  }

  /** Both pools full: every sandbox started, none missing. */
  private void awaitFull() {
    await().atMost(WAIT).until(() -> {
      JsonNode python = pool("python");
      JsonNode node = pool("node");
      return python != null && node != null && python.get("available").asInt() == 3
          && python.get("creating").asInt() == 0 && node.get("available").asInt() == 2
          && node.get("creating").asInt() == 0;
    });
  }

  private JsonNode pool(String name) throws Exception {
    for (JsonNode p : json.readTree(get("/pools").body())) {
      if (p.get("name").asText().equals(name)) {
        return p;
      }
    }
    return null;
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }
}
