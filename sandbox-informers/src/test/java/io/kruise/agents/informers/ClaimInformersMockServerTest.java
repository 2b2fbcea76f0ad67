package io.kruise.agents.informers;

import static io.kruise.agents.client.ClaimFixtures.claim;
import static io.kruise.agents.client.ClaimFixtures.claimedBy;
import static io.kruise.agents.client.ClaimFixtures.claiming;
import static io.kruise.agents.client.ClaimFixtures.completed;
import static io.kruise.agents.informers.InformerFixtures.SYNC;
import static io.kruise.agents.informers.InformerFixtures.names;
import static io.kruise.agents.informers.InformerFixtures.synced;
import static io.kruise.agents.informers.InformerFixtures.uniqueNamespace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.ClaimFixtures;
import io.kruise.agents.client.SandboxClaimClient;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxClaim;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxTemplate;
import io.kruise.agents.testkit.MockApiServer;
import io.kruise.agents.testkit.WithMockApiServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The SandboxClaim and SandboxTemplate informers and their indexes follow events; with them,
 * {@code waitForSandboxClaimCompleted} makes no request of its own, unless the Sandbox cache is
 * behind the claim's count (then one LIST).
 */
@WithMockApiServer
class ClaimInformersMockServerTest {

  private static final Duration LONG = Duration.ofMinutes(5);

  @Test
  void claimsAreIndexedByTemplateAndMoveBetweenPhaseBuckets(AgentsClient agents,
      KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    SharedInformer<SandboxClaim> informer = synced(SharedInformers.of(agents).sandboxClaims());
    Lister<SandboxClaim> lister = informer.lister();
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      SandboxClaimClient claims = writer.sandboxClaims(ns);
      SandboxClaim a = claims.createSandboxClaim(claim("a", "python", 1));
      claims.createSandboxClaim(claim("b", "python", 1));
      claims.createSandboxClaim(claim("c", "node", 1));
      await().atMost(SYNC).until(() -> lister.list(ns).size() == 3);
      assertThat(names(inNamespace(lister.byIndex(SandboxIndexes.CLAIM_TEMPLATE, "python"), ns)))
          .containsExactlyInAnyOrder("a", "b");
      assertThat(names(inNamespace(lister.byIndex(SandboxIndexes.CLAIM_TEMPLATE, "node"), ns)))
          .containsExactly("c");
      assertThat(names(inNamespace(lister.byIndex(SandboxIndexes.CLAIM_PHASE, ""), ns)))
          .containsExactlyInAnyOrder("a", "b", "c");

      claims.updateSandboxClaimStatus("a", claiming(a, 0));
      await().atMost(SYNC).until(() -> names(inNamespace(lister.byIndex(
          SandboxIndexes.CLAIM_PHASE, "Claiming"), ns)).equals(List.of("a")));
      assertThat(names(inNamespace(lister.byIndex(SandboxIndexes.CLAIM_PHASE, ""), ns)))
          .containsExactlyInAnyOrder("b", "c");

      claims.updateSandboxClaimStatus("a", completed(claims.getSandboxClaim("a"), 1, false));
      await().atMost(SYNC).until(() -> names(inNamespace(lister.byIndex(
          SandboxIndexes.CLAIM_PHASE, "Completed"), ns)).equals(List.of("a")));
      assertThat(inNamespace(lister.byIndex(SandboxIndexes.CLAIM_PHASE, "Claiming"), ns))
          .isEmpty();

      claims.deleteSandboxClaim("c");
      await().atMost(SYNC).until(() -> inNamespace(lister.byIndex(
          SandboxIndexes.CLAIM_TEMPLATE, "node"), ns).isEmpty());
    }
  }

  @Test
  void sandboxesAreIndexedByTheClaimThatHoldsThem(AgentsClient agents,
      KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    SharedInformer<Sandbox> informer = synced(SharedInformers.of(agents).sandboxes());
    Lister<Sandbox> lister = informer.lister();
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      writer.sandboxes(ns).createSandbox(claimedBy(ns, "s1", "job", "uid-1"));
      writer.sandboxes(ns).createSandbox(claimedBy(ns, "s2", "job", "uid-1"));
      writer.sandboxes(ns).createSandbox(claimedBy(ns, "s3", "other", "uid-2"));
      await().atMost(SYNC).until(() -> lister.list(ns).size() == 3);
      assertThat(names(inNamespace(lister.byIndex(SandboxIndexes.CLAIM, "job"), ns)))
          .containsExactlyInAnyOrder("s1", "s2");

      // released: the label stays, the claim no longer holds it
      writer.sandboxes(ns).patchSandbox("s2", "{\"metadata\":{\"labels\":{\""
          + SandboxLabels.SANDBOX_CLAIMED + "\":\"false\"}}}");
      await().atMost(SYNC).until(() -> names(inNamespace(lister.byIndex(SandboxIndexes.CLAIM,
          "job"), ns)).equals(List.of("s1")));
    }
  }

  @Test
  void templatesHaveTheirInformer(AgentsClient agents, KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    SharedInformer<SandboxTemplate> informer =
        synced(SharedInformers.of(agents).sandboxTemplates());
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      writer.sandboxTemplates(ns).createSandboxTemplate(ClaimFixtures.template("python",
          "python:3.12"));
      await().atMost(SYNC).until(() -> informer.lister().get(ns, "python") != null);
      assertThat(informer.lister().get(ns, "python").getSpec().getTemplate().getSpec()
          .getContainers().get(0).getImage()).isEqualTo("python:3.12");
    }
  }

  /** Both informers synced, the claim and its sandboxes created and seen by them. */
  private static SandboxClaim claimWithSandboxes(AgentsClient agents, AgentsClient writer,
      String ns, int replicas, int sandboxes) {
    SharedInformer<SandboxClaim> claims = synced(SharedInformers.of(agents).sandboxClaims());
    SharedInformer<Sandbox> cached = synced(SharedInformers.of(agents).sandboxes());
    SandboxClaim claim = writer.sandboxClaims(ns).createSandboxClaim(claim("job", "python",
        replicas));
    for (int i = 0; i < sandboxes; i++) {
      writer.sandboxes(ns).createSandbox(claimedBy(ns, "s" + i, "job",
          claim.getMetadata().getUid()));
    }
    writer.sandboxes(ns).createSandbox(claimedBy(ns, "stale", "job", "uid-of-an-earlier-claim"));
    await().atMost(SYNC).until(() -> claims.lister().get(ns, "job") != null
        && inNamespace(cached.lister().byIndex(SandboxIndexes.CLAIM, "job"), ns).size()
            == sandboxes + 1);
    return claim;
  }

  @Test
  void withInformersTheCompletionWaitMakesNoRequest(AgentsClient agents,
      KubernetesClient writerClient, MockApiServer server) {
    String ns = uniqueNamespace();
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      SandboxClaim claim = claimWithSandboxes(agents, writer, ns, 2, 2);
      int before = server.requestCount();
      CompletableFuture<List<Sandbox>> done = agents.sandboxClaims(ns)
          .waitForSandboxClaimCompletedAsync("job", LONG, null);
      assertThat(server.requestCount()).as("requests to start the wait").isEqualTo(before);
      writer.sandboxClaims(ns).updateSandboxClaimStatus("job", completed(claim, 2, false));
      int afterWrite = server.requestCount();

      assertThat(done).succeedsWithin(SYNC).satisfies(sandboxes -> assertThat(names(sandboxes))
          .containsExactly("s0", "s1"));
      assertThat(server.requestCount()).as("requests to complete the wait").isEqualTo(afterWrite);
    }
  }

  @Test
  void whenTheSandboxCacheShowsFewerThanTheClaimCountsItListsThem(AgentsClient agents,
      KubernetesClient writerClient, MockApiServer server) {
    String ns = uniqueNamespace();
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      // the claim counts 3, the cache holds 2 of them: it is behind, so the server is asked
      SandboxClaim claim = claimWithSandboxes(agents, writer, ns, 3, 2);
      CompletableFuture<List<Sandbox>> done = agents.sandboxClaims(ns)
          .waitForSandboxClaimCompletedAsync("job", LONG, null);
      writer.sandboxClaims(ns).updateSandboxClaimStatus("job", completed(claim, 3, false));
      int afterWrite = server.requestCount();

      assertThat(done).succeedsWithin(SYNC).satisfies(sandboxes -> assertThat(names(sandboxes))
          .containsExactly("s0", "s1"));
      assertThat(server.requestCount()).as("one LIST of the claim's sandboxes")
          .isEqualTo(afterWrite + 1);
    }
  }

  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> List<T> inNamespace(
      List<T> objects, String ns) {
    return objects.stream().filter(o -> ns.equals(o.getMetadata().getNamespace())).toList();
  }
}
