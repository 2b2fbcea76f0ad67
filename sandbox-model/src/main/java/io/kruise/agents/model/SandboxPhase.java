package io.kruise.agents.model;

/**
 * Lifecycle phase of a sandbox as reported in {@code status.phase}.
 *
 * <p>The wire field stays a plain string ({@link SandboxStatus#getPhase()}) so that a phase
 * introduced by a newer controller survives a read-modify-write; this enum is the typed view of
 * it, with {@link #UNKNOWN} standing for anything unrecognised.
 */
public enum SandboxPhase {
  /** Accepted, but the pod is not running yet. */
  PENDING("Pending"),
  /** The pod is bound to a node and its containers are started. */
  RUNNING("Running"),
  /** The sandbox is paused. */
  PAUSED("Paused"),
  /** The sandbox is being resumed. */
  RESUMING("Resuming"),
  /** The sandbox is being upgraded (recreate or in place). */
  UPGRADING("Upgrading"),
  /** All containers exited successfully and will not be restarted. */
  SUCCEEDED("Succeeded"),
  /** All containers exited and at least one failed. */
  FAILED("Failed"),
  /** The sandbox is being recycled back into its pool. */
  RECYCLING("Recycling"),
  /** The sandbox is cleaning up after deletion. */
  TERMINATING("Terminating"),
  /** No phase, or a phase this client does not know. Never written to the wire. */
  UNKNOWN(null);

  private final String value;

  SandboxPhase(String value) {
    this.value = value;
  }

  /**
   * The string used in {@code status.phase}.
   *
   * @return the wire value, e.g. {@code "Running"}; {@code null} for {@link #UNKNOWN}
   */
  public String value() {
    return value;
  }

  /**
   * Maps a {@code status.phase} string to the enum.
   *
   * @param value the wire value; may be {@code null}
   * @return the matching phase (case-sensitive, like the API), or {@link #UNKNOWN} when
   *     {@code value} is {@code null}, empty or not a known phase
   */
  public static SandboxPhase parse(String value) {
    if (value == null) {
      return UNKNOWN;
    }
    for (SandboxPhase phase : values()) {
      if (value.equals(phase.value)) {
        return phase;
      }
    }
    return UNKNOWN;
  }
}
