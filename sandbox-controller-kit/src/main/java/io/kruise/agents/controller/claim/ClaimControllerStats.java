package io.kruise.agents.controller.claim;

/**
 * What a {@link SandboxClaimController} has done since it was created.
 *
 * @param reconciles reconciles run (including those that failed)
 * @param claimed sandboxes claimed for SandboxClaims
 * @param completed claims that reached {@code Completed} with every replica
 * @param timedOut claims that reached {@code Completed} by their {@code claimTimeout}
 * @param failed claims completed without their replicas for another reason (no SandboxSet, a
 *     spec that cannot be carried out)
 * @param released held sandboxes given up because they did not become ready in time
 * @param deleted claims deleted after their {@code ttlAfterCompleted}
 * @param statusWrites status writes sent and stored
 */
public record ClaimControllerStats(long reconciles, long claimed, long completed, long timedOut,
    long failed, long released, long deleted, long statusWrites) {
}
