package io.kruise.agents.client;

import static io.kruise.agents.client.ClaimFixtures.claim;
import static io.kruise.agents.client.ClaimFixtures.claimedBy;
import static io.kruise.agents.client.ClaimFixtures.claiming;
import static io.kruise.agents.client.ClaimFixtures.completed;
import static io.kruise.agents.client.Fixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kruise.agents.client.exceptions.ConflictException;
import io.kruise.agents.client.exceptions.SandboxClaimNotFoundException;
import io.kruise.agents.client.exceptions.TimeoutException;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxClaim;
import io.kruise.agents.model.SandboxClaimPhase;
import io.kruise.agents.model.SandboxClaimSpec;
import io.kruise.agents.model.SandboxClaimStatus;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.testkit.MockApiServer;
import io.kruise.agents.testkit.WithMockApiServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * SandboxClaimClient against the mock API server: every operation, validation before any
 * request, the NotFound subclass, and waitForSandboxClaimCompleted without an informer (a watch
 * of the claim, then a list of its sandboxes). With informers: {@code ClaimWaitsMockServerTest}.
 */
@WithMockApiServer
class SandboxClaimClientMockServerTest {

  private static final Duration LONG = Duration.ofMinutes(5);
  private static final Duration SYNC = Duration.ofSeconds(20);

  @Test
  void everyOperationRoundTrips(AgentsClient agents) throws Exception {
    SandboxClaimClient claims = agents.sandboxClaims(uniqueName("ns"));
    String name = uniqueName("claim");
    SandboxClaim created = claims.createSandboxClaim(claim(name, "python", 2));
    assertThat(created.getMetadata().getNamespace()).isEqualTo(claims.namespace());
    assertThat(claims.getSandboxClaim(name).getMetadata().getUid())
        .isEqualTo(created.getMetadata().getUid());
    assertThat(claims.listSandboxClaims().getItems()).hasSize(1);
    assertThat(claims.listSandboxClaims(null, "app=claims", "metadata.name=" + name).getItems())
        .extracting(c -> c.getMetadata().getName()).containsExactly(name);
    assertThat(claims.listSandboxClaims(null, "app=other", null).getItems()).isEmpty();

    SandboxClaim relabelled = created.deepCopy();
    relabelled.getMetadata().getLabels().put("tier", "gold");
    SandboxClaim updated = claims.updateSandboxClaim(name, relabelled);
    assertThat(updated.getMetadata().getLabels()).containsEntry("tier", "gold");
    assertThat(claims.patchSandboxClaim(name,
        "{\"spec\":{\"labels\":{\"team\":\"a\"}}}").getSpec().getLabels())
        .containsEntry("team", "a");

    SandboxClaim status = claims.updateSandboxClaimStatus(name,
        claiming(claims.getSandboxClaim(name), 1));
    assertThat(status.getStatus().getPhaseEnum()).isEqualTo(SandboxClaimPhase.CLAIMING);
    assertThat(status.getStatus().getClaimedReplicas()).isEqualTo(1);
    assertThat(status.getSpec().getTemplateName()).isEqualTo("python");

    SandboxClaim modified = claims.modifySandboxClaim(name, c -> {
      Map<String, String> labels = new HashMap<>(c.getMetadata().getLabels());
      labels.put("modified", "yes");
      c.getMetadata().setLabels(labels);
      return c;
    });
    assertThat(modified.getMetadata().getLabels()).containsEntry("modified", "yes");
    SandboxClaim counted = claims.modifySandboxClaimStatus(name, c -> {
      c.getStatus().setClaimedReplicas(2);
      return c;
    });
    assertThat(counted.getStatus().getClaimedReplicas()).isEqualTo(2);
    assertThat(claims.getSandboxClaim(name).getStatus().getClaimedReplicas()).isEqualTo(2);

    claims.deleteSandboxClaim(name);
    assertThatThrownBy(() -> claims.getSandboxClaim(name))
        .isInstanceOf(SandboxClaimNotFoundException.class);
  }

  @Test
  void deleteCollectionAndWatch(AgentsClient agents) throws Exception {
    String ns = uniqueName("ns");
    SandboxClaimClient claims = agents.sandboxClaims(ns);
    List<WatchEvent<SandboxClaim>> seen = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> twoDeleted = new CompletableFuture<>();
    try (WatchHandle handle = claims.watchSandboxClaims(null, "app=claims", null, null, e -> {
      seen.add(e);
      if (seen.stream().filter(x -> x.type() == WatchEventType.DELETED).count() == 2) {
        twoDeleted.complete(null);
      }
    })) {
      claims.createSandboxClaim(claim("a", "t", 1));
      claims.createSandboxClaim(claim("b", "t", 1));
      assertThat(claims.deleteCollectionSandboxClaims(null, "app=claims", null)).hasSize(2);
      twoDeleted.get(10, TimeUnit.SECONDS);
    }
    assertThat(seen).extracting(WatchEvent::type).containsExactly(WatchEventType.ADDED,
        WatchEventType.ADDED, WatchEventType.DELETED, WatchEventType.DELETED);
    claims.createSandboxClaim(claim("c", "t", 1));
    try (WatchStream<SandboxClaim> events = claims.watchSandboxClaims(null, null, null, 5)) {
      WatchEvent<SandboxClaim> first = events.iterator().next();
      assertThat(first.type()).isEqualTo(WatchEventType.ADDED);
      assertThat(first.object().getMetadata().getName()).isEqualTo("c");
    }
  }

  @Test
  void aMissingClaimIsSandboxClaimNotFound(AgentsClient agents) {
    SandboxClaimClient claims = agents.sandboxClaims(uniqueName("ns"));
    for (ThrowingCallable call : List.<ThrowingCallable>of(
        () -> claims.getSandboxClaim("absent"),
        () -> claims.deleteSandboxClaim("absent"),
        () -> claims.modifySandboxClaim("absent", c -> c),
        () -> claims.modifySandboxClaimStatus("absent", c -> c),
        () -> claims.waitForSandboxClaimCompleted("absent", LONG))) {
      assertThatThrownBy(call).isInstanceOfSatisfying(SandboxClaimNotFoundException.class, e -> {
        assertThat(e.kind()).isEqualTo("SandboxClaim");
        assertThat(e.name()).isEqualTo("absent");
        assertThat(e.namespace()).isEqualTo(claims.namespace());
      });
    }
  }

  @Test
  void aDuplicateIsAConflictAndAStaleUpdateIsRefusedBeforeSending(AgentsClient agents) {
    SandboxClaimClient claims = agents.sandboxClaims(uniqueName("ns"));
    claims.createSandboxClaim(claim("dup", "t", 1));
    assertThatThrownBy(() -> claims.createSandboxClaim(claim("dup", "t", 1)))
        .isInstanceOfSatisfying(ConflictException.class,
            e -> assertThat(e.reason()).isEqualTo(ConflictException.Reason.ALREADY_EXISTS));
  }

  private static void refused(ThrowingCallable call, String field) {
    assertThatThrownBy(call).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.fields()).containsExactly(field));
  }

  private static SandboxClaim withSpec(SandboxClaimSpec spec) {
    return SandboxClaim.of(null, "bad", spec);
  }

  @Test
  void badInputIsRefusedNamingTheFieldBeforeAnyRequest(AgentsClient agents,
      MockApiServer server) {
    SandboxClaimClient claims = agents.sandboxClaims();
    int before = server.requestCount();
    refused(() -> claims.createSandboxClaim(null), "sandboxClaim");
    refused(() -> claims.createSandboxClaim(withSpec(null)), "spec");
    refused(() -> claims.createSandboxClaim(withSpec(new SandboxClaimSpec())),
        "spec.templateName");
    refused(() -> claims.createSandboxClaim(withSpec(new SandboxClaimSpec().withTemplateName(" "))),
        "spec.templateName");
    refused(() -> claims.createSandboxClaim(withSpec(new SandboxClaimSpec().withTemplateName("t")
        .withReplicas(0))), "spec.replicas");
    refused(() -> claims.createSandboxClaim(withSpec(new SandboxClaimSpec().withTemplateName("t")
        .withClaimTimeout(Duration.ofMillis(500)))), "spec.claimTimeout");
    SandboxClaimSpec soon = new SandboxClaimSpec().withTemplateName("t");
    soon.setWaitReadyTimeout("soon");
    refused(() -> claims.createSandboxClaim(withSpec(soon)), "spec.waitReadyTimeout");
    SandboxClaimSpec forever = new SandboxClaimSpec().withTemplateName("t");
    forever.setTtlAfterCompleted("forever");
    refused(() -> claims.createSandboxClaim(withSpec(forever)), "spec.ttlAfterCompleted");
    refused(() -> claims.createSandboxClaim(claim("Bad_Name", "t", 1)), "metadata.name");
    // an update carries the version it read, and the same spec rules
    refused(() -> claims.updateSandboxClaim("c", claim("c", "t", 1)),
        "metadata.resourceVersion");
    refused(() -> claims.updateSandboxClaim("c", withSpec(new SandboxClaimSpec())),
        "spec.templateName");
    refused(() -> claims.updateSandboxClaimStatus("c", claim("c", "t", 1)),
        "metadata.resourceVersion");
    refused(() -> claims.getSandboxClaim("c", "Bad_Namespace"), "metadata.namespace");
    refused(() -> claims.waitForSandboxClaim("c", null, null, LONG), "predicate");
    refused(() -> claims.waitForSandboxClaimCompleted("Bad_Name", LONG), "metadata.name");
    refused(() -> claims.waitForSandboxClaimCompleted("c", Duration.ofSeconds(-1)), "timeout");
    refused(() -> claims.modifySandboxClaim("c", null), "mutation");
    assertThat(server.requestCount()).as("requests for bad input").isEqualTo(before);
    // a negative ttl means "never delete": allowed
    SandboxClaimSpec never = new SandboxClaimSpec().withTemplateName("t");
    never.setTtlAfterCompleted("-1s");
    assertThat(claims.createSandboxClaim(withSpec(never)).getSpec().getTtlAfterCompleted())
        .isEqualTo("-1s");
  }

  @Test
  void completionReturnsTheSandboxesOfThisClaimOnly(AgentsClient agents) throws Exception {
    String ns = uniqueName("ns");
    SandboxClaimClient claims = agents.sandboxClaims(ns);
    SandboxClaim claim = claims.createSandboxClaim(claim("job", "python", 2));
    String uid = claim.getMetadata().getUid();
    SandboxClient sandboxes = agents.sandboxes(ns);
    sandboxes.createSandbox(claimedBy(ns, "sb-b", "job", uid));
    sandboxes.createSandbox(claimedBy(ns, "sb-a", "job", uid));
    // left by an earlier claim of the same name (another UID)
    sandboxes.createSandbox(claimedBy(ns, "sb-old", "job", "uid-of-an-earlier-claim"));
    // released: still labelled with the claim's name, no longer claimed
    Sandbox released = claimedBy(ns, "sb-released", "job", uid);
    released.getMetadata().getLabels().put(SandboxLabels.SANDBOX_CLAIMED, "false");
    sandboxes.createSandbox(released);
    // claimed by another claim
    sandboxes.createSandbox(claimedBy(ns, "sb-other", "other-job", uid));

    CompletableFuture<List<Sandbox>> done = claims.waitForSandboxClaimCompletedAsync("job", LONG,
        null);
    await().atMost(SYNC).until(() -> agents.context().pendingCount() == 1);
    claims.updateSandboxClaimStatus("job", claiming(claim, 1));
    assertThat(done).isNotDone();
    claims.updateSandboxClaimStatus("job", completed(claims.getSandboxClaim("job"), 2, false));

    assertThat(done.get(20, TimeUnit.SECONDS)).extracting(s -> s.getMetadata().getName())
        .containsExactly("sb-a", "sb-b");
    // already complete: returns at once
    assertThat(claims.waitForSandboxClaimCompleted("job", LONG))
        .extracting(s -> s.getMetadata().getName()).containsExactly("sb-a", "sb-b");
  }

  @Test
  void aClaimThatTimedOutReturnsWhatItGot(AgentsClient agents) {
    String ns = uniqueName("ns");
    SandboxClaimClient claims = agents.sandboxClaims(ns);
    SandboxClaim claim = claims.createSandboxClaim(claim("big", "python", 5));
    agents.sandboxes(ns).createSandbox(claimedBy(ns, "only", "big", claim.getMetadata().getUid()));
    claims.updateSandboxClaimStatus("big", completed(claim, 1, true));
    assertThat(claims.waitForSandboxClaimCompleted("big", LONG))
        .extracting(s -> s.getMetadata().getName()).containsExactly("only");
  }

  @Test
  void aClaimThatDoesNotCompleteInTimeIsATimeoutNamingIt(AgentsClient agents) {
    SandboxClaimClient claims = agents.sandboxClaims(uniqueName("ns"));
    SandboxClaim claim = claims.createSandboxClaim(claim("slow", "python", 3));
    claims.updateSandboxClaimStatus("slow", claiming(claim, 1));
    assertThatThrownBy(() -> claims.waitForSandboxClaimCompleted("slow", Duration.ofMillis(300)))
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("slow").hasMessageContaining("Completed")
        .hasMessageContaining("claimedReplicas=1");
  }

  @Test
  void aClaimDeletedWhileWaitedForIsNotFound(AgentsClient agents) {
    SandboxClaimClient claims = agents.sandboxClaims(uniqueName("ns"));
    claims.createSandboxClaim(claim("gone", "python", 1));
    CompletableFuture<List<Sandbox>> done = claims.waitForSandboxClaimCompletedAsync("gone", LONG,
        null);
    await().atMost(SYNC).until(() -> agents.context().pendingCount() == 1);
    claims.deleteSandboxClaim("gone");
    assertThat(done).failsWithin(SYNC).withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(SandboxClaimNotFoundException.class)
        .withMessageContaining("gone").withMessageContaining("deleted");
  }

  @Test
  void cancellingTheWaitStopsItsWatch(AgentsClient agents) {
    SandboxClaimClient claims = agents.sandboxClaims(uniqueName("ns"));
    claims.createSandboxClaim(claim("cancelled", "python", 1));
    CompletableFuture<List<Sandbox>> done = claims.waitForSandboxClaimCompletedAsync("cancelled",
        LONG, null);
    await().atMost(SYNC).until(() -> agents.context().pendingCount() == 1);
    done.cancel(true);
    await().atMost(SYNC).until(() -> agents.context().pendingCount() == 0);
  }

  @Test
  void conditionWaitsWorkOnClaims(AgentsClient agents) {
    SandboxClaimClient claims = agents.sandboxClaims(uniqueName("ns"));
    SandboxClaim claim = claims.createSandboxClaim(claim("cond", "python", 1));
    claims.updateSandboxClaimStatus("cond", completed(claim, 1, true));
    assertThat(claims.waitForSandboxClaimCondition("cond", "TimedOut").getStatus()
        .getClaimedReplicas()).isEqualTo(1);
    assertThat(claims.waitForSandboxClaim("cond", null, c -> c.getStatus() != null, LONG))
        .succeedsWithin(SYNC);
    assertThat(claims.waitForSandboxClaimConditionAsync("cond", "Completed", "True", LONG))
        .succeedsWithin(SYNC);
    SandboxClaimStatus none = new SandboxClaimStatus();
    assertThat(none.getPhaseEnum()).isNotEqualTo(SandboxClaimPhase.COMPLETED);
  }
}
