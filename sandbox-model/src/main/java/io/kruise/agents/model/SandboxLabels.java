package io.kruise.agents.model;

/**
 * Label keys that OpenKruise Agents sets on sandboxes (and related objects).
 *
 * <p>Labels are what selectors and the informer indexes work on: pool membership, claim state,
 * template and the stable sandbox id.
 */
public final class SandboxLabels {

  /** Value used by boolean labels such as {@link #SANDBOX_CLAIMED}. */
  public static final String TRUE = "true";
  /** Negative value used by boolean labels. */
  public static final String FALSE = "false";

  /** Name of the SandboxSet (pool) that created the sandbox; used to return it on recycle. */
  public static final String SANDBOX_POOL = AgentsApi.PREFIX + "sandbox-pool";
  /** Name of the template the sandbox was created from. */
  public static final String SANDBOX_TEMPLATE = AgentsApi.PREFIX + "sandbox-template";
  /** {@code "true"} once a user has claimed the sandbox out of its pool. */
  public static final String SANDBOX_CLAIMED = AgentsApi.PREFIX + "sandbox-claimed";
  /** Name of the SandboxClaim that claimed the sandbox. */
  public static final String CLAIM_NAME = AgentsApi.PREFIX + "claim-name";
  /** Hash of the template revision the sandbox was created with. */
  public static final String TEMPLATE_HASH = AgentsApi.PREFIX + "template-hash";
  /** Marks a failed sandbox that is kept for debugging. */
  public static final String RESERVED_FAILED_SANDBOX = AgentsApi.PREFIX + "reserved-failed-sandbox";
  /** Sandbox name, used by traffic policies to select the sandbox pod (also on checkpoints). */
  public static final String SANDBOX_NAME = AgentsApi.PREFIX + "sandbox-name";
  /** {@code "false"} when the user disabled internet access for the sandbox. */
  public static final String ALLOW_INTERNET_ACCESS = AgentsApi.PREFIX + "allow-internet-access";
  /** Authoritative sandbox id; see {@link SandboxStates#sandboxId(Sandbox)}. */
  public static final String SANDBOX_ID = AgentsApi.PREFIX + "sandbox-id";
  /** Name of the SandboxUpdateOps currently operating on the sandbox. */
  public static final String UPDATE_OPS = AgentsApi.PREFIX + "update-ops";
  /** Present while the last upgrade of the sandbox has failed. */
  public static final String UPGRADE_FAILED = AgentsApi.PREFIX + "upgrade-failed";
  /** Type of a checkpoint (on checkpoint objects). */
  public static final String CHECKPOINT_TYPE = AgentsApi.PREFIX + "checkpoint-type";
  /** Id of a checkpoint (on checkpoint objects). */
  public static final String CHECKPOINT_ID = AgentsApi.PREFIX + "checkpoint-id";
  /** Standard pod template hash label (not under the agents prefix). */
  public static final String POD_TEMPLATE_HASH = "pod-template-hash";

  private SandboxLabels() {
  }
}
