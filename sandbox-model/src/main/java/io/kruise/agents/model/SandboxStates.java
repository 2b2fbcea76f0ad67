package io.kruise.agents.model;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Derives the pool-level {@link SandboxState} of a sandbox and related identities (pool, id,
 * owner), with the same rules as the OpenKruise Agents cache.
 *
 * <p>The rules are checked in this order; the first that matches decides:
 * <ol>
 *   <li>{@code metadata.deletionTimestamp} set: {@link SandboxState#DEAD}</li>
 *   <li>{@code spec.shutdownTime} is before {@code now}: {@link SandboxState#DEAD}. A
 *       shutdown time that is not a valid RFC 3339 date-time is ignored (treated as not
 *       reached) instead of failing the caller.</li>
 *   <li>phase {@code Pending}: {@link SandboxState#CREATING}</li>
 *   <li>phase {@code Succeeded}, {@code Failed} or {@code Terminating}: {@link SandboxState#DEAD}</li>
 *   <li>controlled by a SandboxSet (see {@link #isControlledBySandboxSet(Sandbox)}):
 *       {@link SandboxState#AVAILABLE} when Ready is True, else {@link SandboxState#CREATING}</li>
 *   <li>otherwise (claimed or created directly), phase {@code Running}: {@link SandboxState#PAUSED}
 *       if {@code spec.paused}, else {@link SandboxState#RUNNING} when Ready is True, else
 *       {@link SandboxState#DEAD}</li>
 *   <li>any other phase, including none and unknown ones: {@link SandboxState#PAUSED}</li>
 * </ol>
 */
public final class SandboxStates {

  /** Reason: the object has a deletion timestamp. */
  public static final String REASON_RESOURCE_DELETED = "ResourceDeleted";
  /** Reason: {@code spec.shutdownTime} has passed. */
  public static final String REASON_SHUTDOWN_TIME_REACHED = "ShutdownTimeReached";
  /** Reason: phase is Pending. */
  public static final String REASON_RESOURCE_PENDING = "ResourcePending";
  /** Reason: phase is Succeeded. */
  public static final String REASON_RESOURCE_SUCCEEDED = "ResourceSucceeded";
  /** Reason: phase is Failed. */
  public static final String REASON_RESOURCE_FAILED = "ResourceFailed";
  /** Reason: phase is Terminating. */
  public static final String REASON_RESOURCE_TERMINATING = "ResourceTerminating";
  /** Reason: a pool sandbox that is ready. */
  public static final String REASON_CONTROLLED_BY_SBS_AND_READY = "ResourceControlledBySbsAndReady";
  /** Reason: a pool sandbox that is not ready yet. */
  public static final String REASON_CONTROLLED_BY_SBS_BUT_NOT_READY = "ResourceControlledBySbsButNotReady";
  /** Reason: a claimed, running sandbox with {@code spec.paused} set. */
  public static final String REASON_RUNNING_CLAIMED_AND_PAUSED = "RunningResourceClaimedAndPaused";
  /** Reason: a claimed, running, ready sandbox. */
  public static final String REASON_RUNNING_CLAIMED_AND_READY = "RunningResourceClaimedAndReady";
  /** Reason: a claimed, running sandbox that is not ready. */
  public static final String REASON_RUNNING_CLAIMED_BUT_NOT_READY = "RunningResourceClaimedButNotReady";
  /** Reason: a claimed sandbox in any phase other than Running (paused, resuming, ...). */
  public static final String REASON_NOT_RUNNING_CLAIMED = "NotRunningResourceClaimed";

  /** Separator between namespace and name in an id derived from them. */
  public static final String LEGACY_ID_SEPARATOR = "--";

  private SandboxStates() {
  }

  /**
   * Derives the state and the deciding rule.
   *
   * @param sandbox the sandbox, not {@code null}; its spec, status and metadata may be missing
   * @param now the time to compare {@code spec.shutdownTime} against
   * @return the state and reason
   */
  public static DerivedState derive(Sandbox sandbox, Instant now) {
    Objects.requireNonNull(sandbox, "sandbox");
    Objects.requireNonNull(now, "now");
    ObjectMeta metadata = sandbox.getMetadata();
    if (metadata != null && metadata.getDeletionTimestamp() != null) {
      return new DerivedState(SandboxState.DEAD, REASON_RESOURCE_DELETED);
    }
    SandboxSpec spec = sandbox.getSpec();
    if (spec != null) {
      Optional<Instant> shutdown = Times.parse(spec.getShutdownTime());
      if (shutdown.isPresent() && now.isAfter(shutdown.get())) {
        return new DerivedState(SandboxState.DEAD, REASON_SHUTDOWN_TIME_REACHED);
      }
    }
    SandboxPhase phase = sandbox.getStatus() == null
        ? SandboxPhase.UNKNOWN
        : sandbox.getStatus().getPhaseEnum();
    switch (phase) {
      case PENDING:
        return new DerivedState(SandboxState.CREATING, REASON_RESOURCE_PENDING);
      case SUCCEEDED:
        return new DerivedState(SandboxState.DEAD, REASON_RESOURCE_SUCCEEDED);
      case FAILED:
        return new DerivedState(SandboxState.DEAD, REASON_RESOURCE_FAILED);
      case TERMINATING:
        return new DerivedState(SandboxState.DEAD, REASON_RESOURCE_TERMINATING);
      default:
        break;
    }
    boolean ready = isReady(sandbox);
    if (isControlledBySandboxSet(sandbox)) {
      return ready
          ? new DerivedState(SandboxState.AVAILABLE, REASON_CONTROLLED_BY_SBS_AND_READY)
          : new DerivedState(SandboxState.CREATING, REASON_CONTROLLED_BY_SBS_BUT_NOT_READY);
    }
    if (phase == SandboxPhase.RUNNING) {
      if (spec != null && Boolean.TRUE.equals(spec.getPaused())) {
        return new DerivedState(SandboxState.PAUSED, REASON_RUNNING_CLAIMED_AND_PAUSED);
      }
      return ready
          ? new DerivedState(SandboxState.RUNNING, REASON_RUNNING_CLAIMED_AND_READY)
          : new DerivedState(SandboxState.DEAD, REASON_RUNNING_CLAIMED_BUT_NOT_READY);
    }
    return new DerivedState(SandboxState.PAUSED, REASON_NOT_RUNNING_CLAIMED);
  }

  /**
   * Derives the state at the given time.
   *
   * @param sandbox the sandbox, not {@code null}
   * @param now the time to compare {@code spec.shutdownTime} against
   * @return the state
   */
  public static SandboxState of(Sandbox sandbox, Instant now) {
    return derive(sandbox, now).state();
  }

  /**
   * Derives the state now.
   *
   * @param sandbox the sandbox, not {@code null}
   * @return the state
   */
  public static SandboxState of(Sandbox sandbox) {
    return of(sandbox, Instant.now());
  }

  /**
   * Tells which rule decides the state at the given time.
   *
   * @param sandbox the sandbox, not {@code null}
   * @param now the time to compare {@code spec.shutdownTime} against
   * @return one of the {@code REASON_*} constants
   */
  public static String reason(Sandbox sandbox, Instant now) {
    return derive(sandbox, now).reason();
  }

  /**
   * Tells whether a claimer may take the sandbox now: its derived state is available and no
   * claimer holds its {@link SandboxAnnotations#LOCK lock} annotation (what {@code SandboxPool}
   * claims, and what a claim waiting for stock is woken by).
   *
   * @param sandbox the sandbox
   * @return {@code true} when it is available and unlocked
   */
  public static boolean isClaimable(Sandbox sandbox) {
    if (of(sandbox) != SandboxState.AVAILABLE) {
      return false;
    }
    Map<String, String> annotations = sandbox.getMetadata().getAnnotations();
    return annotations == null || !annotations.containsKey(SandboxAnnotations.LOCK);
  }

  /**
   * Tells whether the sandbox's Ready condition is True.
   *
   * @param sandbox the sandbox; may be {@code null} or have no status
   * @return {@code true} if Ready is exactly {@code True}
   */
  public static boolean isReady(Sandbox sandbox) {
    return Conditions.isTrue(sandbox, ConditionTypes.READY);
  }

  /**
   * Tells whether a SandboxSet controls the sandbox, i.e. it still sits unclaimed in a pool.
   * Only the first owner reference with {@code controller: true} counts, and it must have
   * kind {@code SandboxSet} and apiVersion {@code agents.kruise.io/v1alpha1}.
   *
   * @param sandbox the sandbox; may be {@code null}
   * @return {@code true} if a SandboxSet is the controller
   */
  public static boolean isControlledBySandboxSet(Sandbox sandbox) {
    if (sandbox == null || sandbox.getMetadata() == null || sandbox.getMetadata().getOwnerReferences() == null) {
      return false;
    }
    for (OwnerReference ref : sandbox.getMetadata().getOwnerReferences()) {
      if (ref != null && Boolean.TRUE.equals(ref.getController())) {
        return AgentsApi.SANDBOXSET_KIND.equals(ref.getKind()) && AgentsApi.API_VERSION.equals(ref.getApiVersion());
      }
    }
    return false;
  }

  /**
   * Tells whether the sandbox carries the claimed label ({@code sandbox-claimed: "true"}).
   *
   * @param sandbox the sandbox; may be {@code null}
   * @return {@code true} if the label is {@code "true"}
   */
  public static boolean isClaimed(Sandbox sandbox) {
    return SandboxLabels.TRUE.equals(label(sandbox, SandboxLabels.SANDBOX_CLAIMED));
  }

  /**
   * Returns the pool (template) a sandbox belongs to: the {@link SandboxLabels#SANDBOX_TEMPLATE}
   * label, else the {@link SandboxLabels#SANDBOX_POOL} label. Empty values count as absent.
   *
   * @param sandbox the sandbox; may be {@code null}
   * @return the pool name, or {@code null} if neither label is set
   */
  public static String poolOf(Sandbox sandbox) {
    String template = label(sandbox, SandboxLabels.SANDBOX_TEMPLATE);
    if (template != null && !template.isEmpty()) {
      return template;
    }
    String pool = label(sandbox, SandboxLabels.SANDBOX_POOL);
    return pool == null || pool.isEmpty() ? null : pool;
  }

  /**
   * Returns the pool key that the sandboxes a SandboxSet creates carry (their
   * {@code sandbox-template} label, what {@link #poolOf(Sandbox)} reads): the name of the
   * SandboxTemplate its {@code spec.templateRef} names, else the set's own name. Sets that refer
   * to one template share its pool key, as upstream's cache does.
   *
   * @param set a SandboxSet
   * @return its pool key
   */
  public static String poolKey(SandboxSet set) {
    SandboxSetSpec spec = set.getSpec();
    String ref = spec == null || spec.getTemplateRef() == null ? null
        : spec.getTemplateRef().getName();
    return ref != null && !ref.isEmpty() ? ref : set.getMetadata().getName();
  }

  /**
   * Returns the sandbox id: the {@link SandboxLabels#SANDBOX_ID} label when set and non-empty,
   * else {@code namespace + "--" + name} (missing parts count as empty).
   *
   * @param sandbox the sandbox, not {@code null}
   * @return the id
   */
  public static String sandboxId(Sandbox sandbox) {
    Objects.requireNonNull(sandbox, "sandbox");
    String id = label(sandbox, SandboxLabels.SANDBOX_ID);
    if (id != null && !id.isEmpty()) {
      return id;
    }
    ObjectMeta metadata = sandbox.getMetadata();
    String namespace = metadata == null || metadata.getNamespace() == null ? "" : metadata.getNamespace();
    String name = metadata == null || metadata.getName() == null ? "" : metadata.getName();
    return namespace + LEGACY_ID_SEPARATOR + name;
  }

  private static String label(Sandbox sandbox, String key) {
    if (sandbox == null || sandbox.getMetadata() == null) {
      return null;
    }
    Map<String, String> labels = sandbox.getMetadata().getLabels();
    return labels == null ? null : labels.get(key);
  }
}
