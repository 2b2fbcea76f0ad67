package io.kruise.agents.model;

/**
 * The {@code reason} values the OpenKruise Agents controllers use, grouped by the
 * {@link ConditionTypes condition type} they appear on.
 *
 * <p>The same word can mean different things on different conditions (for example
 * {@code Succeeded}), so each group is its own nested class:
 * {@code ConditionReasons.Upgrading.PRE_UPGRADE_FAILED}.
 */
public final class ConditionReasons {

  private ConditionReasons() {
  }

  /** Reasons of the {@link ConditionTypes#READY Ready} condition. */
  public static final class Ready {
    /** The sandbox pod is ready. */
    public static final String POD_READY = "PodReady";
    /** Not ready because an in-place update is running. */
    public static final String INPLACE_UPDATING = "InplaceUpdating";
    /** Not ready because an upgrade is running. */
    public static final String UPGRADING = "Upgrading";
    /** Not ready because a container failed to start. */
    public static final String START_CONTAINER_FAILED = "StartContainerFailed";
    /** Not ready because the pod could not be created. */
    public static final String POD_CREATE_FAILED = "PodCreateFailed";

    private Ready() {
    }
  }

  /** Reasons of the {@link ConditionTypes#INPLACE_UPDATE InplaceUpdate} condition. */
  public static final class InplaceUpdate {
    /** The in-place update is in progress. */
    public static final String INPLACE_UPDATING = "InplaceUpdating";
    /** The in-place update finished successfully. */
    public static final String SUCCEEDED = "Succeeded";
    /** The in-place update failed. */
    public static final String FAILED = "Failed";

    private InplaceUpdate() {
    }
  }

  /** Reasons of the {@link ConditionTypes#UPGRADING Upgrading} condition. */
  public static final class Upgrading {
    /** A paused sandbox is being resumed before its upgrade. */
    public static final String RESUMING = "Resuming";
    /** The resume before the upgrade succeeded. */
    public static final String RESUME_SUCCEED = "ResumeSucceed";
    /** The pre-upgrade hook is running. */
    public static final String PRE_UPGRADE = "PreUpgrade";
    /** The pre-upgrade hook failed. */
    public static final String PRE_UPGRADE_FAILED = "PreUpgradeFailed";
    /** A checkpoint is being taken before the pod is replaced. */
    public static final String CHECKPOINTING = "Checkpointing";
    /** Taking the checkpoint failed. */
    public static final String CHECKPOINT_FAILED = "CheckpointFailed";
    /** The pod is being replaced. */
    public static final String UPGRADE_POD = "UpgradePod";
    /** Replacing the pod failed. */
    public static final String UPGRADE_POD_FAILED = "UpgradePodFailed";
    /** The post-upgrade hook is running. */
    public static final String POST_UPGRADE = "PostUpgrade";
    /** The post-upgrade hook failed. */
    public static final String POST_UPGRADE_FAILED = "PostUpgradeFailed";
    /** The upgrade finished successfully. */
    public static final String SUCCEEDED = "Succeeded";

    private Upgrading() {
    }
  }

  /** Reasons of the {@link ConditionTypes#SANDBOX_PAUSED SandboxPaused} condition. */
  public static final class SandboxPaused {
    /** Pausing has been requested but not started. */
    public static final String PENDING = "Pending";
    /** The image changed while pausing. */
    public static final String IMAGE_CHANGED = "ImageChanged";
    /** A checkpoint of the sandbox is being created. */
    public static final String CHECKPOINT_CREATING = "CheckpointCreating";
    /** The checkpoint was created. */
    public static final String CHECKPOINT_SUCCEEDED = "CheckpointSucceeded";
    /** Creating the checkpoint failed. */
    public static final String CHECKPOINT_FAILED = "CheckpointFailed";
    /** The sandbox was paused by snapshot (hibernate). */
    public static final String SNAPSHOT_PAUSE_SUCCEED = "SnapshotPauseSucceed";
    /** The sandbox was paused by stopping its pod. */
    public static final String STOP_PAUSE_SUCCEED = "StopPauseSucceed";

    private SandboxPaused() {
    }
  }

  /** Reasons of the {@link ConditionTypes#SANDBOX_RESUMED SandboxResumed} condition. */
  public static final class SandboxResumed {
    /** Resuming by creating a new pod. */
    public static final String CREATE_POD = "CreatePod";
    /** Resuming the existing pod. */
    public static final String RESUME_POD = "ResumePod";

    private SandboxResumed() {
    }
  }

  /** Reasons of the {@link ConditionTypes#RUNTIME_INITIALIZED RuntimeInitialized} condition. */
  public static final class RuntimeInitialized {
    /** Initialisation has not finished yet. */
    public static final String PENDING = "Pending";
    /** The runtime initialised successfully. */
    public static final String SUCCEEDED = "Succeeded";
    /** Initialising the runtime failed. */
    public static final String FAILED = "Failed";

    private RuntimeInitialized() {
    }
  }

  /** Reasons of the {@link ConditionTypes#RECYCLING Recycling} condition. */
  public static final class Recycling {
    /** Recycling started. */
    public static final String STARTED = "RecyclingStarted";
    /** Recycling steps completed. */
    public static final String COMPLETED = "RecyclingCompleted";
    /** The sandbox was returned to its pool. */
    public static final String SUCCEEDED = "RecyclingSucceeded";
    /** Recycling failed. */
    public static final String FAILED = "RecyclingFailed";
    /** Recycling did not finish in time. */
    public static final String TIMEOUT = "RecyclingTimeout";
    /** Recycling was refused (for example the sandbox does not support it). */
    public static final String REJECTED = "RecyclingRejected";

    private Recycling() {
    }
  }

  /** Reasons of a sandbox claim's {@link ConditionTypes#COMPLETED Completed} condition. */
  public static final class Completed {
    /** Every replica of the claim was claimed. */
    public static final String ALL_REPLICAS_CLAIMED = "AllReplicasClaimed";
    /** The claim timeout was reached first; {@code claimedReplicas} tells how many it got. */
    public static final String TIMEOUT_REACHED = "TimeoutReached";
    /** The claim's pool, the SandboxSet named by {@code spec.templateName}, does not exist. */
    public static final String SANDBOX_SET_NOT_FOUND = "SandboxSetNotFound";
    /**
     * The claim cannot be carried out as written (for example a reserved label, or a
     * {@code shutdownTime} that is not an RFC 3339 time); the message names the field. Not an
     * upstream reason: upstream retries such a claim until its timeout.
     */
    public static final String INVALID_SPEC = "InvalidSpec";

    private Completed() {
    }
  }

  /** Reasons of a sandbox claim's {@link ConditionTypes#TIMED_OUT TimedOut} condition. */
  public static final class TimedOut {
    /** The claim timeout was reached before every replica was claimed. */
    public static final String CLAIM_TIMEOUT_REACHED = "ClaimTimeoutReached";

    private TimedOut() {
    }
  }
}
