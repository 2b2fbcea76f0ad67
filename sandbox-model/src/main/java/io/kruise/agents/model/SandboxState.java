package io.kruise.agents.model;

/**
 * The state of a sandbox as the pool logic sees it, derived from phase, conditions, owner and
 * timestamps by {@link SandboxStates}.
 *
 * <p>Unlike {@link SandboxPhase} this is not stored anywhere; it answers "can this sandbox be
 * claimed / is it in use / is it gone".
 */
public enum SandboxState {
  /** Being created: pending, or a pool sandbox that is not ready yet. */
  CREATING("creating"),
  /** An unclaimed, ready pool sandbox that can be claimed. */
  AVAILABLE("available"),
  /** A claimed sandbox that is running and ready. */
  RUNNING("running"),
  /** A claimed sandbox that is paused (or pausing / resuming). */
  PAUSED("paused"),
  /** Deleted, expired, finished, failed, or running but not ready. */
  DEAD("dead");

  private final String value;

  SandboxState(String value) {
    this.value = value;
  }

  /**
   * The lower-case name used by the upstream cache and APIs.
   *
   * @return e.g. {@code "available"}
   */
  public String value() {
    return value;
  }

  /**
   * Maps an upstream state string back to the enum.
   *
   * @param value the state string, e.g. {@code "running"}
   * @return the matching state, or {@code null} if {@code value} is null or unknown
   */
  public static SandboxState fromValue(String value) {
    for (SandboxState state : values()) {
      if (state.value.equals(value)) {
        return state;
      }
    }
    return null;
  }
}
