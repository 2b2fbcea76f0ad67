package io.kruise.agents.client;

import static io.kruise.agents.client.ClaimFixtures.claim;
import static io.kruise.agents.client.ClaimFixtures.claimedBy;
import static io.kruise.agents.client.ClaimFixtures.claiming;
import static io.kruise.agents.client.ClaimFixtures.completed;
import static io.kruise.agents.client.ClaimFixtures.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kruise.agents.client.exceptions.ConflictException;
import io.kruise.agents.client.exceptions.SandboxClaimNotFoundException;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxClaim;
import io.kruise.agents.model.SandboxClaimPhase;
import io.kruise.agents.model.SandboxTemplate;
import io.kruise.agents.testkit.RequestCounts.Scope;
import io.kruise.agents.testkit.RequestCounts.Verb;
import io.kruise.agents.testkit.StartedRequests;
import io.kruise.agents.testkit.TestCluster;
import io.kruise.agents.testkit.WithRealApiServer;
import io.kruise.agents.model.AgentsApi;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The claim and template clients on a real API server: the claim's status subresource and its
 * optimistic concurrency, the CRD's schema and CEL rules reported as the field they name, the
 * server's defaults, and the completion wait's label-selected list of sandboxes.
 */
@WithRealApiServer
class ClaimClientRealServerTest {

  private static final Duration LONG = Duration.ofMinutes(5);
  private static final Duration SYNC = Duration.ofSeconds(30);

  @Test
  void aStaleStatusUpdateConflicts(AgentsClient agents) {
    SandboxClaimClient claims = agents.sandboxClaims();
    SandboxClaim read = claims.createSandboxClaim(claim("stale", "python", 2));
    SandboxClaim first = claims.updateSandboxClaimStatus("stale", claiming(read, 1));
    assertThat(first.getStatus().getClaimedReplicas()).isEqualTo(1);

    assertThatThrownBy(() -> claims.updateSandboxClaimStatus("stale", claiming(read, 2)))
        .isInstanceOf(ConflictException.class).hasMessageContaining("stale");
    // the status subresource ignores the spec, and a fresh read writes
    SandboxClaim fresh = claiming(claims.getSandboxClaim("stale"), 2);
    fresh.getSpec().setTemplateName("ignored");
    SandboxClaim second = claims.updateSandboxClaimStatus("stale", fresh);
    assertThat(second.getStatus().getClaimedReplicas()).isEqualTo(2);
    assertThat(second.getSpec().getTemplateName()).isEqualTo("python");
    // modify re-reads on a conflict
    assertThat(claims.modifySandboxClaimStatus("stale", c -> completed(c, 2, false))
        .getStatus().getPhaseEnum()).isEqualTo(SandboxClaimPhase.COMPLETED);
  }

  @Test
  void theServerDefaultsTheSpec(AgentsClient agents) {
    SandboxClaim created = agents.sandboxClaims().createSandboxClaim(SandboxClaim.of(null,
        "defaults", new io.kruise.agents.model.SandboxClaimSpec().withTemplateName("python")));
    assertThat(created.getSpec().getReplicas()).isEqualTo(1);
    assertThat(created.getSpec().getClaimTimeout()).isEqualTo("1m");
    assertThat(created.getSpec().effectiveWaitReadyTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void schemaAndCelErrorsNameTheField(AgentsClient agents) {
    SandboxClaimClient claims = agents.sandboxClaims();
    claims.createSandboxClaim(claim("rules", "python", 2));
    // patches are not checked by the client: the server's answer names the field
    assertThatThrownBy(() -> claims.patchSandboxClaim("rules",
        "{\"spec\":{\"replicas\":3}}"))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).contains("spec.replicas"))
        .hasMessageContaining("immutable");
    assertThatThrownBy(() -> claims.patchSandboxClaim("rules",
        "{\"spec\":{\"claimTimeout\":\"500ms\"}}"))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).contains("spec.claimTimeout"))
        .hasMessageContaining("at least 1 second");
    assertThatThrownBy(() -> claims.patchSandboxClaim("rules",
        "{\"spec\":{\"shutdownTime\":\"tomorrow\"}}"))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).contains("spec.shutdownTime"));
  }

  @Test
  void templatesRoundTripAndAreNotFoundWhenDeleted(AgentsClient agents) {
    SandboxTemplateClient templates = agents.sandboxTemplates();
    SandboxTemplate created = templates.createSandboxTemplate(template("python", "python:3.12"));
    SandboxTemplate stale = created;
    templates.patchSandboxTemplate("python", "{\"metadata\":{\"labels\":{\"x\":\"1\"}}}");
    assertThatThrownBy(() -> templates.updateSandboxTemplate("python", stale))
        .isInstanceOf(ConflictException.class);
    templates.deleteSandboxTemplate("python");
    assertThatThrownBy(() -> templates.getSandboxTemplate("python"))
        .isInstanceOf(io.kruise.agents.client.exceptions.SandboxTemplateNotFoundException.class);
  }

  @Test
  void completionListsTheClaimsSandboxesBySelectorAndOwner(AgentsClient agents,
      TestCluster cluster) {
    String ns = cluster.namespace();
    SandboxClaimClient claims = agents.sandboxClaims();
    SandboxClaim claim = claims.createSandboxClaim(claim("job", "python", 2));
    String uid = claim.getMetadata().getUid();
    agents.sandboxes().createSandbox(claimedBy(ns, "j1", "job", uid));
    agents.sandboxes().createSandbox(claimedBy(ns, "j2", "job", uid));
    agents.sandboxes().createSandbox(claimedBy(ns, "j-old", "job", "uid-of-an-earlier-claim"));

    CompletableFuture<List<Sandbox>> done = claims.waitForSandboxClaimCompletedAsync("job", LONG,
        null);
    claims.updateSandboxClaimStatus("job", completed(claim, 2, false));
    assertThat(done).succeedsWithin(SYNC).satisfies(sandboxes -> assertThat(sandboxes)
        .extracting(s -> s.getMetadata().getName()).containsExactly("j1", "j2"));

    claims.deleteSandboxClaim("job");
    assertThatThrownBy(() -> claims.waitForSandboxClaimCompleted("job", LONG))
        .isInstanceOf(SandboxClaimNotFoundException.class);
  }

  @Test
  void withInformersTheCompletionWaitReadsAndWatchesNothing(AgentsClient agents,
      AgentsClient writer, TestCluster cluster) {
    String ns = cluster.namespace();
    SharedInformers informers = SharedInformers.of(agents);
    var claimInformer = informers.sandboxClaims(InformerScope.namespace(ns));
    var sandboxInformer = informers.sandboxes(InformerScope.namespace(ns));
    assertThat(claimInformer.awaitSynced(SYNC) && sandboxInformer.awaitSynced(SYNC)).isTrue();
    org.awaitility.Awaitility.await().atMost(SYNC).until(() -> claimInformer.health().watching()
        && sandboxInformer.health().watching());
    SandboxClaim claim = writer.sandboxClaims().createSandboxClaim(claim("cached", "python", 1));
    writer.sandboxes().createSandbox(claimedBy(ns, "c1", "cached", claim.getMetadata().getUid()));
    org.awaitility.Awaitility.await().atMost(SYNC).until(() -> claimInformer.lister()
        .get(ns, "cached") != null && sandboxInformer.lister().get(ns, "c1") != null);

    StartedRequests before = cluster.requestsStarted();
    CompletableFuture<List<Sandbox>> done = agents.sandboxClaims()
        .waitForSandboxClaimCompletedAsync("cached", LONG, null);
    writer.sandboxClaims().updateSandboxClaimStatus("cached", completed(claim, 1, false));
    assertThat(done).succeedsWithin(SYNC).satisfies(sandboxes -> assertThat(sandboxes)
        .extracting(s -> s.getMetadata().getName()).containsExactly("c1"));
    StartedRequests made = cluster.requestsStarted().since(before);
    long reads = 0;
    for (String resource : List.of(AgentsApi.SANDBOXCLAIM_PLURAL, AgentsApi.SANDBOX_PLURAL)) {
      for (Verb verb : List.of(Verb.GET, Verb.LIST, Verb.WATCH)) {
        for (Scope scope : List.of(Scope.RESOURCE, Scope.NAMESPACE)) {
          reads += made.count(verb, AgentsApi.GROUP, resource, scope, ns);
        }
      }
    }
    assertThat(reads).as("reads and watches of the wait: %s", made).isZero();
  }
}
