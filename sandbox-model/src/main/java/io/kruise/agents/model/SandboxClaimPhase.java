package io.kruise.agents.model;

/**
 * Phase of a sandbox claim as reported in {@code status.phase}.
 *
 * <p>The wire field stays a plain string ({@link SandboxClaimStatus#getPhase()}) so that a phase
 * introduced by a newer controller survives a read-modify-write; this enum is the typed view of
 * it, with {@link #UNKNOWN} standing for anything unrecognised. A new claim has no phase until
 * the controller picks it up.
 */
public enum SandboxClaimPhase {
  /** Sandboxes are being claimed. */
  CLAIMING("Claiming"),
  /**
   * Claiming is over: every replica was claimed, or the claim timeout was reached (then the
   * claim also has a {@link ConditionTypes#TIMED_OUT TimedOut} condition).
   */
  COMPLETED("Completed"),
  /** No phase, or a phase this client does not know. Never written to the wire. */
  UNKNOWN(null);

  private final String value;

  SandboxClaimPhase(String value) {
    this.value = value;
  }

  /**
   * The string used in {@code status.phase}.
   *
   * @return the wire value, e.g. {@code "Completed"}; {@code null} for {@link #UNKNOWN}
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
  public static SandboxClaimPhase parse(String value) {
    if (value == null) {
      return UNKNOWN;
    }
    for (SandboxClaimPhase phase : values()) {
      if (value.equals(phase.value)) {
        return phase;
      }
    }
    return UNKNOWN;
  }
}
