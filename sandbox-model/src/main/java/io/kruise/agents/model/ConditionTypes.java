package io.kruise.agents.model;

/**
 * The condition types that the OpenKruise Agents controllers write into
 * {@code status.conditions} of a {@link Sandbox} and of a {@link SandboxClaim}.
 *
 * <p>Use them with {@link Conditions} instead of string literals. Other controllers may add
 * their own types; these are the built-in ones.
 */
public final class ConditionTypes {

  /** The sandbox can serve requests; a pool sandbox with Ready=True is claimable. */
  public static final String READY = "Ready";
  /** Progress of pausing the sandbox. */
  public static final String SANDBOX_PAUSED = "SandboxPaused";
  /** Progress of resuming the sandbox. */
  public static final String SANDBOX_RESUMED = "SandboxResumed";
  /** Progress of an in-place update of the sandbox pod. */
  public static final String INPLACE_UPDATE = "InplaceUpdate";
  /** Progress of an upgrade (recreate or checkpoint-restore). */
  public static final String UPGRADING = "Upgrading";
  /** The agent runtime inside the sandbox finished (re-)initialisation. */
  public static final String RUNTIME_INITIALIZED = "RuntimeInitialized";
  /** Progress of recycling a used sandbox back into its pool. */
  public static final String RECYCLING = "Recycling";
  /** A sandbox claim finished claiming (all replicas claimed or timed out). */
  public static final String COMPLETED = "Completed";
  /** A sandbox claim reached its claim timeout before claiming every replica. */
  public static final String TIMED_OUT = "TimedOut";

  /** Condition status meaning the condition holds. */
  public static final String STATUS_TRUE = "True";
  /** Condition status meaning the condition does not hold. */
  public static final String STATUS_FALSE = "False";
  /** Condition status meaning the controller cannot tell. */
  public static final String STATUS_UNKNOWN = "Unknown";

  private ConditionTypes() {
  }
}
