package io.kruise.agents.controller.claim;

import io.fabric8.kubernetes.api.model.Condition;
import io.kruise.agents.controller.StatusConditions;
import io.kruise.agents.model.ConditionReasons;
import io.kruise.agents.model.ConditionTypes;
import io.kruise.agents.model.GoDurations;
import io.kruise.agents.model.SandboxClaim;
import io.kruise.agents.model.SandboxClaimPhase;
import io.kruise.agents.model.SandboxClaimSpec;
import io.kruise.agents.model.SandboxClaimStatus;
import io.kruise.agents.model.Times;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decides what a SandboxClaim's reconcile does, from the claim, whether its pool exists, the
 * sandboxes it holds and the time: pure, no I/O, so that every transition is tested with a fixed
 * clock. The rules are upstream's ({@code CalculateClaimStatus}, {@code EnsureClaimClaiming},
 * {@code EnsureClaimCompleted} in openkruise/agents {@code pkg/controller/sandboxclaim/core}), in
 * this order:
 * <ol>
 *   <li>{@code Completed}: nothing more to claim; once {@code ttlAfterCompleted} has passed since
 *       {@code completionTime} the claim is deleted (a negative one never).</li>
 *   <li>The pool (SandboxSet {@code spec.templateName}) is missing: {@code Completed}, reason
 *       {@code SandboxSetNotFound}.</li>
 *   <li>No phase yet: {@code Claiming} from now ({@code claimStartTime}).</li>
 *   <li>{@code claimedReplicas} = max(the status's count, the held sandboxes that are Ready):
 *       a count that a lost status write or a restart forgot is recovered from the cache.</li>
 *   <li>All replicas claimed: {@code Completed}, reason {@code AllReplicasClaimed}.</li>
 *   <li>{@code claimTimeout} passed since {@code claimStartTime}: {@code Completed} with
 *       conditions {@code TimedOut=True} ({@code ClaimTimeoutReached}) and {@code Completed=True}
 *       ({@code TimeoutReached}); {@code claimedReplicas} says how many it got.</li>
 *   <li>Otherwise claim what is missing (at most the batch size), counting held sandboxes that
 *       are not Ready yet (and not counted) but still within {@code waitReadyTimeout} of their
 *       claim as taken; one past it is released (upstream deletes a sandbox that does not become
 *       ready in time, unless {@code reserveFailedSandbox}). A sandbox once counted is never
 *       released, as upstream gives a sandbox up only before counting it.</li>
 * </ol>
 *
 * <p>Immutable and thread-safe; the given objects are not changed (the status is copied).
 */
final class ClaimPlanner {

  /**
   * A sandbox the claim holds (its owner annotation is the claim's UID).
   *
   * @param name its name
   * @param ready whether its Ready condition is True
   * @param claimedAt its claim timestamp, or null when unknown (then it is never released)
   */
  record Held(String name, boolean ready, Instant claimedAt) {}

  /**
   * What a plan is computed from.
   *
   * @param claim the claim (not changed)
   * @param poolExists whether the SandboxSet named by {@code spec.templateName} exists
   * @param held the sandboxes the claim holds now
   * @param now the time
   */
  record Input(SandboxClaim claim, boolean poolExists, List<Held> held, Instant now) {
    Input {
      held = List.copyOf(held);
    }
  }

  private final int maxBatch;

  /** @param maxBatch the most sandboxes one reconcile claims (upstream's default is 50) */
  ClaimPlanner(int maxBatch) {
    this.maxBatch = maxBatch;
  }

  /**
   * @param in the claim, its pool, what it holds and the time
   * @return what to do now
   */
  ClaimPlan plan(Input in) {
    SandboxClaim claim = in.claim();
    SandboxClaimSpec spec = spec(claim);
    SandboxClaimStatus status = copy(claim.getStatus());
    status.setObservedGeneration(claim.getMetadata().getGeneration());
    if (status.getPhaseEnum() == SandboxClaimPhase.COMPLETED) {
      return afterCompletion(status, spec, in.now());
    }
    if (!in.poolExists()) {
      String message = "SandboxSet " + spec.getTemplateName() + " not found";
      complete(status, claim, ConditionReasons.Completed.SANDBOX_SET_NOT_FOUND, message,
          in.now());
      return afterCompletion(status, spec, in.now());
    }
    if (status.getPhaseEnum() != SandboxClaimPhase.CLAIMING) {
      status.setPhase(SandboxClaimPhase.CLAIMING.value());
      status.setClaimStartTime(Times.format(in.now()));
    }
    Instant start = Times.parse(status.getClaimStartTime()).orElse(in.now());
    Duration waitReady = spec.effectiveWaitReadyTimeout();
    int ready = (int) in.held().stream().filter(Held::ready).count();
    int counted = Math.max(status.getClaimedReplicas() == null ? 0 : status.getClaimedReplicas(),
        ready);
    status.setClaimedReplicas(counted);
    // Held sandboxes that are not Ready and not covered by the count: the newest claims (a
    // counted one was claimed before). Upstream gives a sandbox up only before it counted it.
    List<Held> notReady = new ArrayList<>(in.held().stream().filter(h -> !h.ready()).toList());
    notReady.sort(Comparator.comparing(Held::claimedAt,
        Comparator.nullsFirst(Comparator.naturalOrder())).reversed());
    int uncounted = Math.min(notReady.size(), Math.max(0, in.held().size() - counted));
    int pending = 0;
    Instant nextReadyDeadline = null;
    List<String> release = new ArrayList<>();
    for (Held h : notReady.subList(0, uncounted)) {
      Instant deadline = h.claimedAt() == null ? null : h.claimedAt().plus(waitReady);
      if (deadline != null && !deadline.isAfter(in.now())) {
        release.add(h.name());
      } else {
        pending++;
        if (deadline != null
            && (nextReadyDeadline == null || deadline.isBefore(nextReadyDeadline))) {
          nextReadyDeadline = deadline;
        }
      }
    }
    int desired = spec.effectiveReplicas();
    if (counted >= desired) {
      completeWithSuccess(status, claim, in.now());
      return afterCompletion(status, spec, in.now());
    }
    Instant timeoutAt = start.plus(spec.effectiveClaimTimeout());
    if (!in.now().isBefore(timeoutAt)) {
      completeWithTimeout(status, claim, Duration.between(start, in.now()), in.now());
      ClaimPlan done = afterCompletion(status, spec, in.now());
      return new ClaimPlan(status, 0, release, done.deleteClaim(), done.requeueAfter());
    }
    int taken = counted + pending;
    int toClaim = Math.min(Math.max(0, desired - taken), maxBatch);
    status.setMessage(claimingMessage(counted, desired));
    Instant wake = nextReadyDeadline != null && nextReadyDeadline.isBefore(timeoutAt)
        ? nextReadyDeadline : timeoutAt;
    return new ClaimPlan(status, toClaim, release, false, Duration.between(in.now(), wake));
  }

  /**
   * The plan once this reconcile's claims are done.
   *
   * @param plan the plan they were made for
   * @param in what it was computed from
   * @param claimedReady how many sandboxes were claimed that are Ready (they count at once)
   * @param rejection why the claim cannot be carried out (a reserved key, a bad shutdown time,
   *     the server refusing the stamped sandbox), or null
   * @return the plan with the final status and requeue; nothing more to claim
   */
  ClaimPlan afterClaims(ClaimPlan plan, Input in, int claimedReady, String rejection) {
    SandboxClaim claim = in.claim();
    SandboxClaimSpec spec = spec(claim);
    SandboxClaimStatus status = copy(plan.status());
    if (status.getPhaseEnum() != SandboxClaimPhase.CLAIMING) {
      return plan;
    }
    int counted = (status.getClaimedReplicas() == null ? 0 : status.getClaimedReplicas())
        + claimedReady;
    status.setClaimedReplicas(counted);
    if (counted >= spec.effectiveReplicas()) {
      completeWithSuccess(status, claim, in.now());
    } else if (rejection != null) {
      complete(status, claim, ConditionReasons.Completed.INVALID_SPEC, rejection, in.now());
    } else {
      status.setMessage(claimingMessage(counted, spec.effectiveReplicas()));
      return new ClaimPlan(status, 0, plan.toRelease(), false, plan.requeueAfter());
    }
    ClaimPlan done = afterCompletion(status, spec, in.now());
    return new ClaimPlan(status, 0, plan.toRelease(), done.deleteClaim(), done.requeueAfter());
  }

  /** A completed claim: deleted once its time to live is over, else woken then. */
  private static ClaimPlan afterCompletion(SandboxClaimStatus status, SandboxClaimSpec spec,
      Instant now) {
    Duration ttl = spec.effectiveTtlAfterCompleted();
    Instant completed = Times.parse(status.getCompletionTime()).orElse(null);
    if (ttl.isNegative() || completed == null) {
      return new ClaimPlan(status, 0, List.of(), false, null);
    }
    Instant deleteAt = completed.plus(ttl);
    if (!now.isBefore(deleteAt)) {
      return new ClaimPlan(status, 0, List.of(), true, null);
    }
    return new ClaimPlan(status, 0, List.of(), false, Duration.between(now, deleteAt));
  }

  private static void completeWithSuccess(SandboxClaimStatus status, SandboxClaim claim,
      Instant now) {
    int desired = spec(claim).effectiveReplicas();
    int counted = status.getClaimedReplicas();
    status.setPhase(SandboxClaimPhase.COMPLETED.value());
    status.setMessage("Successfully claimed " + counted + "/" + desired + " sandboxes");
    status.setCompletionTime(Times.format(now));
    setCondition(status, claim, ConditionTypes.COMPLETED,
        ConditionReasons.Completed.ALL_REPLICAS_CLAIMED,
        "Successfully claimed all " + counted + " sandboxes", now);
  }

  private static void completeWithTimeout(SandboxClaimStatus status, SandboxClaim claim,
      Duration elapsed, Instant now) {
    int desired = spec(claim).effectiveReplicas();
    int counted = status.getClaimedReplicas();
    String took = GoDurations.format(elapsed.truncatedTo(ChronoUnit.MILLIS));
    status.setPhase(SandboxClaimPhase.COMPLETED.value());
    status.setMessage("Timeout reached after " + took + ", claimed " + counted + "/" + desired
        + " sandboxes");
    status.setCompletionTime(Times.format(now));
    setCondition(status, claim, ConditionTypes.TIMED_OUT,
        ConditionReasons.TimedOut.CLAIM_TIMEOUT_REACHED,
        "Timeout after " + took + ", claimed " + counted + "/" + desired, now);
    setCondition(status, claim, ConditionTypes.COMPLETED,
        ConditionReasons.Completed.TIMEOUT_REACHED, status.getMessage(), now);
  }

  private static void complete(SandboxClaimStatus status, SandboxClaim claim, String reason,
      String message, Instant now) {
    status.setPhase(SandboxClaimPhase.COMPLETED.value());
    status.setMessage(message);
    status.setCompletionTime(Times.format(now));
    setCondition(status, claim, ConditionTypes.COMPLETED, reason, message, now);
  }

  private static void setCondition(SandboxClaimStatus status, SandboxClaim claim, String type,
      String reason, String message, Instant now) {
    Condition condition = StatusConditions.condition(type, ConditionTypes.STATUS_TRUE, reason,
        message, claim.getMetadata().getGeneration());
    status.setConditions(StatusConditions.set(status.getConditions(), condition, now));
  }

  private static String claimingMessage(int counted, int desired) {
    return "Claiming sandboxes: " + counted + "/" + desired + " claimed";
  }

  private static SandboxClaimSpec spec(SandboxClaim claim) {
    return claim.getSpec() == null ? new SandboxClaimSpec() : claim.getSpec();
  }

  /** A deep copy: the given status may be the shared cache's. */
  private static SandboxClaimStatus copy(SandboxClaimStatus status) {
    if (status == null) {
      return new SandboxClaimStatus();
    }
    SandboxClaim holder = new SandboxClaim();
    holder.setStatus(status);
    return holder.deepCopy().getStatus();
  }
}
