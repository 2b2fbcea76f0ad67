package io.kruise.agents.controller;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.ConditionTypes;
import io.kruise.agents.model.Conditions;
import io.kruise.agents.model.SandboxSetStatus;
import io.kruise.agents.model.SandboxStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Sets and clears {@code status.conditions} entries on <em>copies</em>, for reconcilers that
 * compute a desired status and let one place write it ({@link StatusWriter}).
 *
 * <p>The rules are those of {@code meta.SetStatusCondition} (implemented once, in
 * {@link Conditions#set}): an existing condition of the same type takes the new status, reason,
 * message and observed generation, and its {@code lastTransitionTime} moves only when the status
 * changes, so setting the same condition twice yields an equal status and no write. Nothing given
 * is changed: statuses and condition lists from the shared cache are shared and partly
 * unmodifiable.
 *
 * <p>Conditions are checked against the CRD's schema for {@code metav1.Condition} before any
 * request: type required, status {@code True}/{@code False}/{@code Unknown}, reason a
 * CamelCase word (use the {@link io.kruise.agents.model.ConditionReasons} constants), message
 * present (an empty one is written for {@code null}).
 */
public final class StatusConditions {

  private static final Set<String> STATUSES = Set.of(ConditionTypes.STATUS_TRUE,
      ConditionTypes.STATUS_FALSE, ConditionTypes.STATUS_UNKNOWN);
  /** The CRD's pattern for {@code reason} (that of {@code metav1.Condition}). */
  private static final Pattern REASON = Pattern.compile("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$");

  private StatusConditions() {
  }

  /**
   * Builds a condition to set; its transition time is filled in by {@code set}.
   *
   * @param type the condition type, e.g. {@link ConditionTypes#READY}
   * @param status {@code True}, {@code False} or {@code Unknown}
   * @param reason a CamelCase reason, e.g. a {@link io.kruise.agents.model.ConditionReasons}
   *     constant
   * @param message a human-readable message; null means empty
   * @param observedGeneration the {@code metadata.generation} the condition was computed from,
   *     or null
   * @return the condition
   * @throws ValidationException naming the argument that the CRD schema would refuse
   */
  public static Condition condition(String type, String status, String reason, String message,
      Long observedGeneration) {
    Condition condition = new ConditionBuilder().withType(type).withStatus(status)
        .withReason(reason).withMessage(message == null ? "" : message)
        .withObservedGeneration(observedGeneration).build();
    check(condition);
    return condition;
  }

  /**
   * A new list holding copies of {@code current}'s conditions with {@code desired} set.
   *
   * @param current the conditions now; may be null or unmodifiable, it is not changed
   * @param desired the condition to set (from {@link #condition}); a transition time it carries
   *     is used for a new or changed condition, else {@code now}
   * @param now the time to record when the status changes
   * @return the new list
   * @throws ValidationException naming {@code desired} or {@code now} when invalid or null
   */
  public static List<Condition> set(List<Condition> current, Condition desired, Instant now) {
    check(desired);
    if (now == null) {
      throw ValidationException.forField("now", "Required", "must not be null");
    }
    Condition toSet = Copies.deep(desired);
    if (toSet.getMessage() == null) {
      toSet.setMessage(""); // the CRD requires a message
    }
    return Conditions.set(copy(current), toSet, now);
  }

  /**
   * A new list holding copies of {@code current}'s conditions without those of one type.
   *
   * @param current the conditions now; may be null or unmodifiable, it is not changed
   * @param type the type to remove
   * @return the new list (equal to {@code current} when it had no such condition)
   * @throws ValidationException naming {@code type} when it is null or blank
   */
  public static List<Condition> remove(List<Condition> current, String type) {
    requireType(type);
    List<Condition> kept = copy(current);
    kept.removeIf(c -> c != null && type.equals(c.getType()));
    return kept;
  }

  /**
   * A copy of a SandboxSet status with a condition set.
   *
   * @param status the status now; null means an empty one; it is not changed
   * @param desired the condition to set
   * @param now the time to record when the condition's status changes
   * @return the new status
   * @throws ValidationException naming the invalid argument
   */
  public static SandboxSetStatus withCondition(SandboxSetStatus status, Condition desired, Instant now) {
    SandboxSetStatus copy = status == null ? new SandboxSetStatus() : Copies.deep(status);
    copy.setConditions(set(copy.getConditions(), desired, now));
    return copy;
  }

  /**
   * A copy of a SandboxSet status without the conditions of one type.
   *
   * @param status the status now; null means an empty one; it is not changed
   * @param type the type to remove
   * @return the new status; its condition list is null when none is left (as the server
   *     returns it), so that it compares equal to what the server stores
   * @throws ValidationException naming {@code type} when it is null or blank
   */
  public static SandboxSetStatus withoutCondition(SandboxSetStatus status, String type) {
    SandboxSetStatus copy = status == null ? new SandboxSetStatus() : Copies.deep(status);
    copy.setConditions(nullIfEmpty(remove(copy.getConditions(), type)));
    return copy;
  }

  /**
   * A copy of a Sandbox status with a condition set.
   *
   * @param status the status now; null means an empty one; it is not changed
   * @param desired the condition to set
   * @param now the time to record when the condition's status changes
   * @return the new status
   * @throws ValidationException naming the invalid argument
   */
  public static SandboxStatus withCondition(SandboxStatus status, Condition desired, Instant now) {
    SandboxStatus copy = status == null ? new SandboxStatus() : Copies.deep(status);
    copy.setConditions(set(copy.getConditions(), desired, now));
    return copy;
  }

  /**
   * A copy of a Sandbox status without the conditions of one type.
   *
   * @param status the status now; null means an empty one; it is not changed
   * @param type the type to remove
   * @return the new status; its condition list is null when none is left
   * @throws ValidationException naming {@code type} when it is null or blank
   */
  public static SandboxStatus withoutCondition(SandboxStatus status, String type) {
    SandboxStatus copy = status == null ? new SandboxStatus() : Copies.deep(status);
    copy.setConditions(nullIfEmpty(remove(copy.getConditions(), type)));
    return copy;
  }

  private static List<Condition> copy(List<Condition> conditions) {
    List<Condition> copy = new ArrayList<>();
    if (conditions != null) {
      for (Condition c : conditions) {
        if (c != null) {
          copy.add(Copies.deep(c));
        }
      }
    }
    return copy;
  }

  private static List<Condition> nullIfEmpty(List<Condition> conditions) {
    return conditions.isEmpty() ? null : conditions;
  }

  private static void requireType(String type) {
    if (type == null || type.isBlank()) {
      throw ValidationException.forField("type", "Required", "a condition needs a type");
    }
  }

  private static void check(Condition condition) {
    if (condition == null) {
      throw ValidationException.forField("desired", "Required", "must not be null");
    }
    requireType(condition.getType());
    if (!STATUSES.contains(condition.getStatus())) {
      throw ValidationException.forField("status", "NotSupported",
          "must be True, False or Unknown, was " + condition.getStatus());
    }
    if (condition.getReason() == null || !REASON.matcher(condition.getReason()).matches()) {
      throw ValidationException.forField("reason", "Invalid",
          "must be a CamelCase word (letters, digits, '_', ',' or ':'), was "
              + condition.getReason());
    }
    if (condition.getObservedGeneration() != null && condition.getObservedGeneration() < 0) {
      throw ValidationException.forField("observedGeneration", "Invalid",
          "must not be negative, was " + condition.getObservedGeneration());
    }
  }
}
