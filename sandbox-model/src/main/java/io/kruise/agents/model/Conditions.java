package io.kruise.agents.model;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Null-safe lookups in {@code status.conditions} ({@code metav1.Condition} lists).
 *
 * <p>Every method accepts {@code null} lists, {@code null} elements, objects without a status
 * and {@code null} objects, and treats them as "no such condition", so callers on hot paths
 * (cache filters, waits) need no checks of their own.
 */
public final class Conditions {

  private Conditions() {
  }

  /**
   * Finds the first condition of the given type.
   *
   * @param conditions the list; may be {@code null} or contain {@code null}s
   * @param type the condition type, e.g. {@link ConditionTypes#READY}
   * @return the condition, or empty if there is none
   */
  public static Optional<Condition> find(List<Condition> conditions, String type) {
    if (conditions == null || type == null) {
      return Optional.empty();
    }
    for (Condition condition : conditions) {
      if (condition != null && type.equals(condition.getType())) {
        return Optional.of(condition);
      }
    }
    return Optional.empty();
  }

  /**
   * Tells whether the condition of the given type exists with status {@code "True"}.
   *
   * @param conditions the list; may be {@code null}
   * @param type the condition type
   * @return {@code true} only if the condition exists and its status is exactly {@code True}
   */
  public static boolean isTrue(List<Condition> conditions, String type) {
    return hasStatus(conditions, type, ConditionTypes.STATUS_TRUE);
  }

  /**
   * Tells whether the condition of the given type exists with the given status.
   *
   * @param conditions the list; may be {@code null}
   * @param type the condition type
   * @param status the expected status, e.g. {@code "False"} (compared exactly)
   * @return {@code true} if the condition exists and has that status
   */
  public static boolean hasStatus(List<Condition> conditions, String type, String status) {
    return find(conditions, type).map(c -> Objects.equals(c.getStatus(), status)).orElse(false);
  }

  /**
   * Finds a condition of a sandbox.
   *
   * @param sandbox the sandbox; may be {@code null} or have no status
   * @param type the condition type
   * @return the condition, or empty
   */
  public static Optional<Condition> find(Sandbox sandbox, String type) {
    return find(conditionsOf(sandbox), type);
  }

  /**
   * Tells whether a sandbox has the condition with status {@code True}.
   *
   * @param sandbox the sandbox; may be {@code null} or have no status
   * @param type the condition type
   * @return {@code true} if the condition is {@code True}
   */
  public static boolean isTrue(Sandbox sandbox, String type) {
    return isTrue(conditionsOf(sandbox), type);
  }

  /**
   * Tells whether a sandbox has the condition with the given status.
   *
   * @param sandbox the sandbox; may be {@code null} or have no status
   * @param type the condition type
   * @param status the expected status
   * @return {@code true} if the condition has that status
   */
  public static boolean hasStatus(Sandbox sandbox, String type, String status) {
    return hasStatus(conditionsOf(sandbox), type, status);
  }

  /**
   * Finds a condition of a sandbox set.
   *
   * @param sandboxSet the sandbox set; may be {@code null} or have no status
   * @param type the condition type
   * @return the condition, or empty
   */
  public static Optional<Condition> find(SandboxSet sandboxSet, String type) {
    return find(conditionsOf(sandboxSet), type);
  }

  /**
   * Tells whether a sandbox set has the condition with status {@code True}.
   *
   * @param sandboxSet the sandbox set; may be {@code null} or have no status
   * @param type the condition type
   * @return {@code true} if the condition is {@code True}
   */
  public static boolean isTrue(SandboxSet sandboxSet, String type) {
    return isTrue(conditionsOf(sandboxSet), type);
  }

  /**
   * Tells whether a sandbox set has the condition with the given status.
   *
   * @param sandboxSet the sandbox set; may be {@code null} or have no status
   * @param type the condition type
   * @param status the expected status
   * @return {@code true} if the condition has that status
   */
  public static boolean hasStatus(SandboxSet sandboxSet, String type, String status) {
    return hasStatus(conditionsOf(sandboxSet), type, status);
  }

  /**
   * Adds or updates a condition the way Kubernetes controllers do ({@code meta.SetStatusCondition}):
   * an existing condition of the same type gets the new status, reason, message and observed
   * generation, and its {@code lastTransitionTime} changes only when the status changes.
   * A missing {@code lastTransitionTime} is filled with {@code now}.
   *
   * @param conditions the list to change, or {@code null} to start a new one; must be mutable
   * @param condition the condition to set; its {@code type} must not be {@code null}
   * @param now the time to record as the transition time when none is given
   * @return the list that now holds the condition ({@code conditions}, or a new list if that was
   *     {@code null})
   */
  public static List<Condition> set(List<Condition> conditions, Condition condition, Instant now) {
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(condition.getType(), "condition.type");
    List<Condition> result = conditions == null ? new ArrayList<>() : conditions;
    String transition = condition.getLastTransitionTime() != null
        ? condition.getLastTransitionTime()
        : Times.format(now);
    Optional<Condition> existing = find(result, condition.getType());
    if (existing.isEmpty()) {
      Condition added = new Condition(transition, condition.getMessage(), condition.getObservedGeneration(),
          condition.getReason(), condition.getStatus(), condition.getType());
      result.add(added);
      return result;
    }
    Condition current = existing.get();
    if (!Objects.equals(current.getStatus(), condition.getStatus())) {
      current.setStatus(condition.getStatus());
      current.setLastTransitionTime(transition);
    }
    current.setReason(condition.getReason());
    current.setMessage(condition.getMessage());
    current.setObservedGeneration(condition.getObservedGeneration());
    return result;
  }

  /**
   * {@link #set(List, Condition, Instant)} with the current time.
   *
   * @param conditions the list to change, or {@code null} to start a new one; must be mutable
   * @param condition the condition to set
   * @return the list that now holds the condition
   */
  public static List<Condition> set(List<Condition> conditions, Condition condition) {
    return set(conditions, condition, Instant.now());
  }

  private static List<Condition> conditionsOf(Sandbox sandbox) {
    return sandbox == null || sandbox.getStatus() == null ? null : sandbox.getStatus().getConditions();
  }

  private static List<Condition> conditionsOf(SandboxSet sandboxSet) {
    return sandboxSet == null || sandboxSet.getStatus() == null ? null : sandboxSet.getStatus().getConditions();
  }
}
