package io.kruise.agents.controller.claim;

import io.kruise.agents.model.SandboxClaimStatus;
import java.time.Duration;
import java.util.List;

/**
 * What one reconcile of a SandboxClaim should do, as the {@link ClaimPlanner} decided it.
 *
 * @param status the status the claim should have (written only when it differs)
 * @param toClaim how many sandboxes to claim from the pool now (0 for none)
 * @param toRelease held sandboxes that missed their ready deadline: no longer counted, deleted
 *     unless the claim reserves failed sandboxes
 * @param deleteClaim true when the claim's time to live after completion is over
 * @param requeueAfter when to reconcile again without an event (the claim timeout, a ready
 *     deadline, the end of the time to live), or null for never
 */
record ClaimPlan(SandboxClaimStatus status, int toClaim, List<String> toRelease,
    boolean deleteClaim, Duration requeueAfter) {

  ClaimPlan {
    toRelease = List.copyOf(toRelease);
  }
}
