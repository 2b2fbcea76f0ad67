package io.kruise.agents.model;

import java.util.List;
import java.util.Set;

/**
 * Annotation keys that OpenKruise Agents reads or writes on sandboxes (and related objects).
 *
 * <p>Annotations carry claim bookkeeping (lock, owner, claim time), runtime endpoints and
 * recycle/cleanup settings. {@link #CLEARED_ON_RECYCLE} and {@link #PRESERVED_ON_CREATION} list
 * the keys the pool logic resets or keeps.
 */
public final class SandboxAnnotations {

  /** Value used by boolean annotations such as {@link #CLEANUP_ENABLED}. */
  public static final String TRUE = "true";

  /** Claim lock: written with an optimistic-concurrency update by whoever claims the sandbox. */
  public static final String LOCK = AgentsApi.PREFIX + "lock";
  /** Identity of the user or component that owns a claimed sandbox. */
  public static final String OWNER = AgentsApi.PREFIX + "owner";
  /** Time the sandbox was claimed. */
  public static final String CLAIM_TIMESTAMP = AgentsApi.PREFIX + "claim-timestamp";
  /** Checkpoint the sandbox is restored from. */
  public static final String RESTORE_FROM = AgentsApi.PREFIX + "restore-from";
  /** Request sent to the agent runtime on (re-)initialisation. */
  public static final String INIT_RUNTIME_REQUEST = AgentsApi.PREFIX + "init-runtime-request";
  /** Sandbox id referenced by associated objects (checkpoints, traffic policies). */
  public static final String SANDBOX_ID = AgentsApi.PREFIX + "sandbox-id";
  /** Memberlist endpoint of the sandbox manager. */
  public static final String MEMBERLIST_URL = AgentsApi.PREFIX + "memberlist-url";
  /** Marks a sandbox that supports being recycled into its pool. */
  public static final String CLEANUP_ENABLED = AgentsApi.PREFIX + "cleanup-enabled";
  /** Triggers recycling; the controller removes it once recycling succeeded. */
  public static final String CLEANUP = AgentsApi.PREFIX + "cleanup";
  /** Duration (Go syntax, e.g. {@code 5m}) to keep a sandbox whose recycling failed. */
  public static final String CLEANUP_RETAIN_ON_FAILURE = AgentsApi.PREFIX + "cleanup-retain-on-failure";
  /** JSON {@link UpdatedMetadataInClaim}: label/annotation keys changed by a claim. */
  public static final String UPDATED_METADATA_IN_CLAIM = AgentsApi.PREFIX + "updated-metadata-in-claim";
  /** URL of the agent runtime inside the sandbox. */
  public static final String RUNTIME_URL = AgentsApi.PREFIX + "runtime-url";
  /** Access token of the agent runtime inside the sandbox. */
  public static final String RUNTIME_ACCESS_TOKEN = AgentsApi.PREFIX + "runtime-access-token";
  /** Port on which the agent runtime serves HTTPS; absent means plain HTTP only. */
  public static final String RUNTIME_TLS_PORT = AgentsApi.PREFIX + "runtime-tls-port";
  /** Internal retention policy for paused sandboxes. */
  public static final String RESERVE_PAUSED_SANDBOX_DURATION =
      AgentsApi.PREFIX + "reserve-paused-sandbox-duration";
  /** Marks an automatically created SandboxTemplate as a garbage-collection candidate. */
  public static final String CLEANUP_CANDIDATE = AgentsApi.PREFIX + "cleanup-candidate";
  /** Integer priority of the sandbox (default 0, larger is more important). */
  public static final String SANDBOX_PRIORITY = AgentsApi.PREFIX + "sandbox-priority";
  /** Set on a paused sandbox to start the resume phase of a two-phase upgrade. */
  public static final String UPGRADE_RESUME_TRIGGER = AgentsApi.PREFIX + "upgrade-resume-trigger";

  /** Hash of the sandbox excluding its immutable parts (metadata, image, resources). */
  public static final String HASH_IMMUTABLE_PART = "sandbox." + AgentsApi.PREFIX + "hash-immutable-part";
  /**
   * Hash of the sandbox without image and resources.
   *
   * @deprecated upstream replaced it by {@link #HASH_IMMUTABLE_PART}
   */
  @Deprecated
  public static final String HASH_WITHOUT_IMAGE_RESOURCES =
      "sandbox." + AgentsApi.PREFIX + "hash-without-image-resources";

  /** Prefix of the E2B compatibility annotations. */
  public static final String E2B_PREFIX = "e2b." + AgentsApi.PREFIX;
  /** Access token of the E2B envd daemon. */
  public static final String ENVD_ACCESS_TOKEN = E2B_PREFIX + "envd-access-token";
  /** URL of the E2B envd daemon. */
  public static final String ENVD_URL = E2B_PREFIX + "envd-url";
  /** CSI mount configuration of the sandbox. */
  public static final String CSI_VOLUME_CONFIG = E2B_PREFIX + "csi-volume-config";

  /** Annotation keys removed from a sandbox when it is recycled into its pool. */
  public static final List<String> CLEARED_ON_RECYCLE = List.of(
      CLAIM_TIMESTAMP,
      LOCK,
      OWNER,
      INIT_RUNTIME_REQUEST,
      RUNTIME_ACCESS_TOKEN,
      CLEANUP,
      CLEANUP_RETAIN_ON_FAILURE,
      CSI_VOLUME_CONFIG,
      SANDBOX_PRIORITY,
      ENVD_ACCESS_TOKEN,
      ENVD_URL,
      RUNTIME_URL);

  /**
   * Internal ({@link AgentsApi#PREFIX}) keys that survive when a SandboxSet creates a sandbox
   * from its template; every other internal key is cleared.
   */
  public static final Set<String> PRESERVED_ON_CREATION = Set.of(CLEANUP_ENABLED, CLEANUP_RETAIN_ON_FAILURE);

  private SandboxAnnotations() {
  }
}
