package io.kruise.agents.controller.pool;

import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSetStatus;
import java.time.Duration;
import java.util.List;

/**
 * What one reconcile of a SandboxSet should do, as computed by {@link PoolPlanner}: nothing here
 * has happened yet. {@link PlanExecutor} carries out the creations and deletions, the status
 * writer writes the status.
 *
 * @param creations how many sandboxes to create
 * @param prototype the sandbox to create (copied per create); null when {@code creations} is 0
 * @param deletions the sandboxes to delete, in order
 * @param status the status the SandboxSet should have, computed before any of this happens (as
 *     upstream does: the next reconcile counts what this one created)
 * @param requeueAfter when to reconcile again although no event may come (pending expectations
 *     expire then); null for never
 */
record PoolPlan(int creations, Sandbox prototype, List<Deletion> deletions,
    SandboxSetStatus status, Duration requeueAfter) {

  /** Why a sandbox is deleted. */
  enum Reason {
    /** More unclaimed sandboxes than {@code spec.replicas}. */
    SCALE_DOWN,
    /** An old template revision, replaced within the update budget. */
    ROLLING_UPDATE,
    /** Dead (failed, finished, expired): garbage-collected, not counted. */
    DEAD
  }

  /**
   * One sandbox to delete.
   *
   * @param sandbox the sandbox as the planner saw it (its resourceVersion guards the lock)
   * @param reason why
   */
  record Deletion(Sandbox sandbox, Reason reason) {

    /**
     * @return true when the sandbox must be locked (optimistically) before it is deleted, so that
     *     a claim racing with the deletion wins or loses as a whole; dead ones cannot be claimed
     */
    boolean lockFirst() {
      return reason != Reason.DEAD;
    }

    /** @return the sandbox's name */
    String name() {
      return sandbox.getMetadata().getName();
    }
  }

  /** Copies the deletions. */
  PoolPlan {
    deletions = List.copyOf(deletions);
  }

  /** @return the deletions for a reason, in plan order */
  List<Deletion> deletions(Reason reason) {
    return deletions.stream().filter(d -> d.reason() == reason).toList();
  }
}
