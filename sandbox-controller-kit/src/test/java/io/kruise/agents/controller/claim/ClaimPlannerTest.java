package io.kruise.agents.controller.claim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.kruise.agents.controller.claim.ClaimPlanner.Held;
import io.kruise.agents.controller.claim.ClaimPlanner.Input;
import io.kruise.agents.model.ConditionReasons;
import io.kruise.agents.model.ConditionTypes;
import io.kruise.agents.model.Conditions;
import io.kruise.agents.model.SandboxClaim;
import io.kruise.agents.model.SandboxClaimPhase;
import io.kruise.agents.model.SandboxClaimSpec;
import io.kruise.agents.model.SandboxClaimStatus;
import io.kruise.agents.model.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every transition of a claim, decided with a fixed clock (no server, no sleeping). */
class ClaimPlannerTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private final ClaimPlanner planner = new ClaimPlanner(50);

  private static SandboxClaim claim(int replicas) {
    SandboxClaim c = SandboxClaim.of("ns", "c1", new SandboxClaimSpec().withTemplateName("pool")
        .withReplicas(replicas).withClaimTimeout(Duration.ofMinutes(1))
        .withTtlAfterCompleted(Duration.ofMinutes(10)));
    c.getMetadata().setGeneration(3L);
    c.getMetadata().setUid("uid-1");
    return c;
  }

  /** The claim as the server would hold it after the plan's status was written. */
  private static SandboxClaim written(SandboxClaim c, ClaimPlan plan) {
    SandboxClaim next = c.deepCopy();
    next.setStatus(plan.status());
    return next;
  }

  private static List<Held> ready(int n) {
    return java.util.stream.IntStream.range(0, n)
        .mapToObj(i -> new Held("s" + i, true, T0)).toList();
  }

  private static Condition condition(SandboxClaimStatus s, String type) {
    return Conditions.find(s.getConditions(), type).orElseThrow();
  }

  @Test
  void aNewClaimStartsClaimingAndAsksForEveryReplicaUntilItsTimeout() {
    SandboxClaim c = claim(5);
    ClaimPlan plan = planner.plan(new Input(c, true, List.of(), T0));
    assertThat(plan.status().getPhaseEnum()).isEqualTo(SandboxClaimPhase.CLAIMING);
    assertThat(plan.status().getClaimStartTime()).isEqualTo(Times.format(T0));
    assertThat(plan.status().getObservedGeneration()).isEqualTo(3L);
    assertThat(plan.status().getClaimedReplicas()).isZero();
    assertThat(plan.toClaim()).isEqualTo(5);
    assertThat(plan.requeueAfter()).isEqualTo(Duration.ofMinutes(1));
    assertThat(plan.deleteClaim()).isFalse();
    assertThat(c.getStatus()).as("the given claim is not changed").isNull();
  }

  @Test
  void oneReconcileClaimsAtMostTheBatch() {
    ClaimPlan plan = new ClaimPlanner(2).plan(new Input(claim(5), true, List.of(), T0));
    assertThat(plan.toClaim()).isEqualTo(2);
  }

  @Test
  void aMissingPoolCompletesTheClaimAtOnce() {
    ClaimPlan plan = planner.plan(new Input(claim(2), false, List.of(), T0));
    assertThat(plan.status().getPhaseEnum()).isEqualTo(SandboxClaimPhase.COMPLETED);
    assertThat(plan.status().getMessage()).isEqualTo("SandboxSet pool not found");
    assertThat(plan.status().getCompletionTime()).isEqualTo(Times.format(T0));
    Condition completed = condition(plan.status(), ConditionTypes.COMPLETED);
    assertThat(completed.getStatus()).isEqualTo("True");
    assertThat(completed.getReason()).isEqualTo(ConditionReasons.Completed.SANDBOX_SET_NOT_FOUND);
    assertThat(Conditions.find(plan.status().getConditions(), ConditionTypes.TIMED_OUT)).isEmpty();
    assertThat(plan.toClaim()).isZero();
    assertThat(plan.requeueAfter()).as("woken for its ttl").isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void claimingProgressesThenCompletesWhenEveryReplicaIsClaimed() {
    SandboxClaim c = claim(3);
    Input first = new Input(c, true, List.of(), T0);
    ClaimPlan plan = planner.afterClaims(planner.plan(first), first, 2, null);
    assertThat(plan.status().getPhaseEnum()).isEqualTo(SandboxClaimPhase.CLAIMING);
    assertThat(plan.status().getClaimedReplicas()).isEqualTo(2);
    assertThat(plan.status().getMessage()).isEqualTo("Claiming sandboxes: 2/3 claimed");
    assertThat(plan.requeueAfter()).isEqualTo(Duration.ofMinutes(1));

    SandboxClaim stored = written(c, plan);
    Instant later = T0.plusSeconds(20);
    Input second = new Input(stored, true, ready(2), later);
    ClaimPlan next = planner.plan(second);
    assertThat(next.toClaim()).isEqualTo(1);
    assertThat(next.requeueAfter()).as("the deadline stays the first start's")
        .isEqualTo(Duration.ofSeconds(40));
    ClaimPlan done = planner.afterClaims(next, second, 1, null);
    assertThat(done.status().getPhaseEnum()).isEqualTo(SandboxClaimPhase.COMPLETED);
    assertThat(done.status().getClaimedReplicas()).isEqualTo(3);
    assertThat(done.status().getCompletionTime()).isEqualTo(Times.format(later));
    assertThat(done.status().getMessage()).isEqualTo("Successfully claimed 3/3 sandboxes");
    Condition completed = condition(done.status(), ConditionTypes.COMPLETED);
    assertThat(completed.getReason()).isEqualTo(ConditionReasons.Completed.ALL_REPLICAS_CLAIMED);
    assertThat(completed.getMessage()).isEqualTo("Successfully claimed all 3 sandboxes");
    assertThat(completed.getLastTransitionTime()).isEqualTo(Times.format(later));
    assertThat(done.requeueAfter()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void theCountIsRecoveredFromHeldSandboxesWhenTheStatusLostIt() {
    SandboxClaim c = claim(3);
    ClaimPlan started = planner.plan(new Input(c, true, List.of(), T0));
    SandboxClaim stored = written(c, started); // claimedReplicas 0, but 3 are held
    ClaimPlan plan = planner.plan(new Input(stored, true, ready(3), T0.plusSeconds(1)));
    assertThat(plan.status().getPhaseEnum()).isEqualTo(SandboxClaimPhase.COMPLETED);
    assertThat(plan.status().getClaimedReplicas()).isEqualTo(3);
    assertThat(plan.toClaim()).isZero();
  }

  @Test
  void theStatusCountIsKeptWhenFewerAreHeld() {
    SandboxClaim c = claim(3);
    SandboxClaim stored = written(c, planner.plan(new Input(c, true, List.of(), T0)));
    stored.getStatus().setClaimedReplicas(2);
    ClaimPlan plan = planner.plan(new Input(stored, true, ready(1), T0.plusSeconds(1)));
    assertThat(plan.status().getClaimedReplicas()).isEqualTo(2);
    assertThat(plan.toClaim()).isEqualTo(1);
  }

  @Test
  void atTheTimeoutTheClaimCompletesTimedOutWithWhatItGot() {
    SandboxClaim c = claim(5);
    ClaimPlan started = planner.afterClaims(planner.plan(new Input(c, true, List.of(), T0)),
        new Input(c, true, List.of(), T0), 2, null);
    SandboxClaim stored = written(c, started);
    Instant justBefore = T0.plusSeconds(59);
    ClaimPlan waiting = planner.plan(new Input(stored, true, ready(2), justBefore));
    assertThat(waiting.status().getPhaseEnum()).isEqualTo(SandboxClaimPhase.CLAIMING);
    assertThat(waiting.requeueAfter()).isEqualTo(Duration.ofSeconds(1));

    Instant deadline = T0.plusSeconds(60);
    ClaimPlan plan = planner.plan(new Input(stored, true, ready(2), deadline));
    SandboxClaimStatus s = plan.status();
    assertThat(s.getPhaseEnum()).isEqualTo(SandboxClaimPhase.COMPLETED);
    assertThat(s.getClaimedReplicas()).isEqualTo(2);
    assertThat(s.getCompletionTime()).isEqualTo(Times.format(deadline));
    assertThat(s.getMessage()).isEqualTo("Timeout reached after 1m0s, claimed 2/5 sandboxes");
    Condition timedOut = condition(s, ConditionTypes.TIMED_OUT);
    assertThat(timedOut.getStatus()).isEqualTo("True");
    assertThat(timedOut.getReason()).isEqualTo(ConditionReasons.TimedOut.CLAIM_TIMEOUT_REACHED);
    assertThat(timedOut.getMessage()).isEqualTo("Timeout after 1m0s, claimed 2/5");
    Condition completed = condition(s, ConditionTypes.COMPLETED);
    assertThat(completed.getReason()).isEqualTo(ConditionReasons.Completed.TIMEOUT_REACHED);
    assertThat(completed.getMessage()).isEqualTo(s.getMessage());
    assertThat(plan.toClaim()).isZero();
    assertThat(plan.requeueAfter()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void aCompletedClaimIsDeletedOnceItsTtlIsOverAndNeverWithANegativeTtl() {
    SandboxClaim c = claim(1);
    SandboxClaim done = written(c, planner.plan(new Input(c, true, ready(1), T0)));
    assertThat(done.getStatus().getPhaseEnum()).isEqualTo(SandboxClaimPhase.COMPLETED);

    ClaimPlan early = planner.plan(new Input(done, true, ready(1), T0.plusSeconds(60)));
    assertThat(early.deleteClaim()).isFalse();
    assertThat(early.requeueAfter()).isEqualTo(Duration.ofMinutes(9));
    assertThat(early.status()).as("nothing else changes once Completed")
        .isEqualTo(done.getStatus());
    assertThat(planner.plan(new Input(done, false, List.of(), T0.plusSeconds(600)))
        .deleteClaim()).as("the pool no longer matters").isTrue();

    SandboxClaim keep = done.deepCopy();
    keep.getSpec().withTtlAfterCompleted(Duration.ofSeconds(-1));
    ClaimPlan kept = planner.plan(new Input(keep, true, List.of(), T0.plus(Duration.ofDays(9))));
    assertThat(kept.deleteClaim()).isFalse();
    assertThat(kept.requeueAfter()).isNull();
  }

  @Test
  void aZeroTtlDeletesTheClaimRightAfterItCompletes() {
    SandboxClaim c = claim(1);
    c.getSpec().withTtlAfterCompleted(Duration.ZERO);
    ClaimPlan plan = planner.plan(new Input(c, true, ready(1), T0));
    assertThat(plan.status().getPhaseEnum()).isEqualTo(SandboxClaimPhase.COMPLETED);
    assertThat(plan.deleteClaim()).isTrue();
  }

  @Test
  void heldSandboxesNotReadyYetTakeTheirPlaceButCountOnlyWhenReady() {
    SandboxClaim c = claim(3);
    c.getSpec().withWaitReadyTimeout(Duration.ofSeconds(30));
    SandboxClaim stored = written(c, planner.plan(new Input(c, true, List.of(), T0)));
    List<Held> held = List.of(new Held("r", true, T0), new Held("w", false, T0.plusSeconds(10)));
    ClaimPlan plan = planner.plan(new Input(stored, true, held, T0.plusSeconds(20)));
    assertThat(plan.status().getClaimedReplicas()).isEqualTo(1);
    assertThat(plan.toClaim()).as("the waiting one is not replaced").isEqualTo(1);
    assertThat(plan.toRelease()).isEmpty();
    assertThat(plan.requeueAfter()).as("woken at its ready deadline")
        .isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void aHeldSandboxThatMissedItsReadyDeadlineIsReleasedAndReplaced() {
    SandboxClaim c = claim(2);
    c.getSpec().withWaitReadyTimeout(Duration.ofSeconds(30));
    SandboxClaim stored = written(c, planner.plan(new Input(c, true, List.of(), T0)));
    List<Held> held = List.of(new Held("r", true, T0), new Held("late", false, T0));
    ClaimPlan plan = planner.plan(new Input(stored, true, held, T0.plusSeconds(30)));
    assertThat(plan.toRelease()).containsExactly("late");
    assertThat(plan.toClaim()).isEqualTo(1);
    assertThat(plan.status().getClaimedReplicas()).isEqualTo(1);
  }

  @Test
  void aCountedSandboxThatStopsBeingReadyIsNeverReleased() {
    SandboxClaim c = claim(3);
    c.getSpec().withWaitReadyTimeout(Duration.ofSeconds(30));
    SandboxClaim stored = written(c, planner.plan(new Input(c, true, List.of(), T0)));
    stored.getStatus().setClaimedReplicas(2);
    List<Held> held = List.of(new Held("a", true, T0), new Held("b", false, T0));
    ClaimPlan plan = planner.plan(new Input(stored, true, held, T0.plusSeconds(50)));
    assertThat(plan.toRelease()).isEmpty();
    assertThat(plan.status().getClaimedReplicas()).isEqualTo(2);
    assertThat(plan.toClaim()).isEqualTo(1);
    assertThat(plan.requeueAfter()).as("no ready deadline to wait for")
        .isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void onlyTheUncountedNewestNotReadySandboxesAreReleased() {
    SandboxClaim c = claim(3);
    c.getSpec().withWaitReadyTimeout(Duration.ofSeconds(30));
    SandboxClaim stored = written(c, planner.plan(new Input(c, true, List.of(), T0)));
    stored.getStatus().setClaimedReplicas(1); // "old" was counted, then stopped being ready
    List<Held> held = List.of(new Held("old", false, T0), new Held("new", false,
        T0.plusSeconds(5)));
    ClaimPlan plan = planner.plan(new Input(stored, true, held, T0.plusSeconds(40)));
    assertThat(plan.toRelease()).containsExactly("new");
    assertThat(plan.toClaim()).isEqualTo(2);
  }

  @Test
  void aRejectedClaimCompletesAsInvalidSpecWithTheReason() {
    SandboxClaim c = claim(2);
    Input in = new Input(c, true, List.of(), T0);
    ClaimPlan plan = planner.afterClaims(planner.plan(in), in, 0,
        "spec.labels[agents.kruise.io/sandbox-id]: is reserved");
    assertThat(plan.status().getPhaseEnum()).isEqualTo(SandboxClaimPhase.COMPLETED);
    Condition completed = condition(plan.status(), ConditionTypes.COMPLETED);
    assertThat(completed.getReason()).isEqualTo(ConditionReasons.Completed.INVALID_SPEC);
    assertThat(completed.getMessage()).contains("sandbox-id");
    assertThat(plan.status().getClaimedReplicas()).isZero();
  }

  @Test
  void aClaimWithoutStockWaitsForItsDeadlineWithTheSameStatus() {
    SandboxClaim c = claim(2);
    Input in = new Input(c, true, List.of(), T0);
    SandboxClaim stored = written(c, planner.afterClaims(planner.plan(in), in, 0, null));
    Input again = new Input(stored, true, List.of(), T0.plusSeconds(5));
    ClaimPlan plan = planner.afterClaims(planner.plan(again), again, 0, null);
    assertThat(plan.status()).as("no write when nothing changed").isEqualTo(stored.getStatus());
    assertThat(plan.requeueAfter()).isEqualTo(Duration.ofSeconds(55));
  }

  @Test
  void unsetFieldsTakeTheServersDefaults() {
    SandboxClaim c = SandboxClaim.of("ns", "d", new SandboxClaimSpec().withTemplateName("pool"));
    ClaimPlan plan = planner.plan(new Input(c, true, List.of(), T0));
    assertThat(plan.toClaim()).isEqualTo(SandboxClaimSpec.DEFAULT_REPLICAS);
    assertThat(plan.requeueAfter()).isEqualTo(SandboxClaimSpec.DEFAULT_CLAIM_TIMEOUT);
  }
}
