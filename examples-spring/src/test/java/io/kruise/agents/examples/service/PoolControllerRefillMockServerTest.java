package io.kruise.agents.examples.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.controller.josdk.OwnerIndexes;
import io.kruise.agents.controller.pool.PoolControllerStats;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.Lister;
import io.kruise.agents.informers.SandboxIndexes;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxState;
import io.kruise.agents.model.SandboxStates;
import io.kruise.agents.spring.AgentsCache;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The embedded pools are the kit's SandboxSet pool controller's (mock API server): claims
 * through the service empty the pool, and the controller refills it with new sandboxes it
 * creates and controls, each with an address from the simulated runtime; the claimed ones no
 * longer belong to the set.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = SandboxServiceApplication.class, properties = "sample.startup-delay=50ms")
class PoolControllerRefillMockServerTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Autowired KitPools pools;
  @Autowired AgentsClient agents;
  @Autowired AgentsCache cache;
  @LocalServerPort int port;

  @Test
  void theControllerRefillsThePoolWithNewSandboxesAfterClaims() throws Exception {
    InformerScope scope = InformerScope.namespace(agents.namespace());
    Lister<Sandbox> sandboxes = cache.sandboxes(scope).lister();
    // created before the cache started the informer, the controller could add its index there
    // (else it scans by label)
    assertThatCode(() -> sandboxes.indexKeys(OwnerIndexes.CONTROLLER_UID))
        .doesNotThrowAnyException();
    SandboxSet python = await().atMost(WAIT).until(
        () -> cache.sandboxSets(scope).lister().get(agents.namespace(), "python"),
        set -> set != null);
    await().atMost(WAIT).until(() -> available(sandboxes).size() == 3);
    long createdBefore = pools.stats().created();
    assertThat(createdBefore).as("the controller created the pools: python 3, node 2")
        .isEqualTo(5);

    Set<String> claimed = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> claim = post("/pools/python/claims?owner=refill-" + i);
      assertThat(claim.statusCode()).as(claim.body()).isEqualTo(201);
      claimed.add(json.readTree(claim.body()).get("name").asText());
    }
    assertThat(claimed).hasSize(3);

    await().atMost(WAIT).until(() -> available(sandboxes).size() == 3
        && pools.stats().created() == createdBefore + 3);
    List<Sandbox> refilled = available(sandboxes);
    for (Sandbox s : refilled) {
      assertThat(claimed).doesNotContain(s.getMetadata().getName());
      assertThat(s.getMetadata().getName()).startsWith("python-");
      assertThat(controllerUid(s)).as("controlled by the SandboxSet")
          .isEqualTo(python.getMetadata().getUid());
      assertThat(SimulatedAddresses.address(s)).startsWith("10.0.");
    }
    for (String name : claimed) {
      Sandbox s = sandboxes.get(agents.namespace(), name);
      assertThat(SandboxStates.isClaimed(s)).isTrue();
      assertThat(controllerUid(s)).as("a claim leaves the set").isNull();
    }
    SandboxSet status = await().atMost(WAIT).until(
        () -> cache.sandboxSets(scope).lister().get(agents.namespace(), "python"),
        set -> set.getStatus() != null && set.getStatus().getAvailableReplicas() == 3);
    assertThat(status.getStatus().getReplicas()).isEqualTo(3);
    PoolControllerStats stats = pools.stats();
    assertThat(stats.deleted()).as("nothing to scale down").isZero();
  }

  /** The set's unclaimed members that are available. */
  private List<Sandbox> available(Lister<Sandbox> sandboxes) {
    return sandboxes.byIndex(SandboxIndexes.POOL, "python").stream()
        .filter(s -> agents.namespace().equals(s.getMetadata().getNamespace())
            && !SandboxStates.isClaimed(s) && SandboxStates.of(s) == SandboxState.AVAILABLE)
        .toList();
  }

  private static String controllerUid(Sandbox s) {
    List<OwnerReference> refs = s.getMetadata().getOwnerReferences();
    return refs == null ? null : refs.stream().filter(r -> Boolean.TRUE.equals(r.getController()))
        .map(OwnerReference::getUid).findFirst().orElse(null);
  }

  private HttpResponse<String> post(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }
}
