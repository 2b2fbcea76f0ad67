package io.kruise.agents.client;

import io.kruise.agents.model.SandboxSet;

/**
 * Replica counts of a SandboxSet at one resourceVersion.
 *
 * @param desired {@code spec.replicas}: unused sandboxes the pool should keep
 * @param current {@code status.replicas}: creating, available, running and paused sandboxes
 * @param available {@code status.availableReplicas}: sandboxes ready to be claimed
 * @param observedGeneration {@code status.observedGeneration}, or -1 if not reported
 * @param generation {@code metadata.generation}, or -1 if not set
 */
public record SandboxSetReplicas(int desired, int current, int available, long observedGeneration,
    long generation) {

  /**
   * Reads the counts of a SandboxSet.
   *
   * @param set the SandboxSet
   * @return its counts; missing values read as 0 (or -1 for generations)
   * @throws io.kruise.agents.client.exceptions.ValidationException naming {@code set} when null
   */
  public static SandboxSetReplicas of(SandboxSet set) {
    Validation.required("set", set);
    Integer desired = set.getSpec() == null ? null : set.getSpec().getReplicas();
    var status = set.getStatus();
    Long observed = status == null ? null : status.getObservedGeneration();
    Long generation = set.getMetadata() == null ? null : set.getMetadata().getGeneration();
    return new SandboxSetReplicas(desired == null ? 0 : desired,
        status == null ? 0 : status.getReplicas(), status == null ? 0 : status.getAvailableReplicas(),
        observed == null ? -1 : observed, generation == null ? -1 : generation);
  }

  /**
   * Whether the pool is full: the controller has seen the current spec (when both generations are
   * known) and at least {@code desired} sandboxes are available.
   *
   * @return true when the replica count is reached
   */
  public boolean isReached() {
    boolean observedCurrentSpec = observedGeneration < 0 || generation < 0
        || observedGeneration >= generation;
    return observedCurrentSpec && available >= desired;
  }
}
