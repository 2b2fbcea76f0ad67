package io.kruise.agents.controller.pool;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.kruise.agents.controller.Expectations;
import io.kruise.agents.controller.StatusConditions;
import io.kruise.agents.model.ConditionTypes;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxAnnotations;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetSpec;
import io.kruise.agents.model.SandboxSetStatus;
import io.kruise.agents.model.SandboxStates;
import io.kruise.agents.model.SandboxTemplate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Computes what a reconcile of one SandboxSet should do, with upstream's semantics
 * (openkruise/agents {@code pkg/controller/sandboxset}); a pure function of its input, no I/O.
 * The rules are listed on {@link SandboxSetPoolController}.
 */
final class PoolPlanner {

  /** The lock owner upstream writes when it locks a sandbox to scale it down. */
  static final String SCALE_DOWN_OWNER = "__manager_scale_down";
  /** Condition type reporting whether the sandbox template could be used. */
  static final String TEMPLATE_CONDITION = "TemplateResolved";
  /** Reason: neither {@code spec.template} nor {@code spec.templateRef} is set. */
  static final String TEMPLATE_MISSING = "TemplateMissing";
  /**
   * Reason: both {@code spec.template} and {@code spec.templateRef} are set, which upstream's
   * validating webhook rejects as mutually exclusive (the CRD schema alone lets it through).
   */
  static final String TEMPLATE_CONFLICT = "TemplateConflict";
  /** Reason: the SandboxTemplate {@code spec.templateRef} names is not in the cache. */
  static final String TEMPLATE_NOT_FOUND = "TemplateNotFound";
  /** Reason: the SandboxTemplate {@code spec.templateRef} names has no pod template. */
  static final String TEMPLATE_EMPTY = "TemplateEmpty";

  /**
   * What the planner decides from.
   *
   * @param set the SandboxSet as read
   * @param members the sandboxes it controls (by controller reference UID), as the cache shows
   *     them, this process's own writes included
   * @param pending its creations and deletions still in flight (after satisfying what
   *     {@code members} shows)
   * @param now the time for derived states and condition transitions
   * @param referenced the SandboxTemplate {@code spec.templateRef} names, as the cache has it
   *     (shared: read only), or null when the set has no reference or the template is missing
   */
  record Input(SandboxSet set, List<Sandbox> members, Expectations.Pending pending, Instant now,
      SandboxTemplate referenced) {
    /** Copies the members. */
    Input {
      members = List.copyOf(members);
    }

    /** An input without a referenced SandboxTemplate (a set with an inline template). */
    Input(SandboxSet set, List<Sandbox> members, Expectations.Pending pending, Instant now) {
      this(set, members, pending, now, null);
    }
  }

  /** Unclaimed members by derived state. */
  private record Groups(List<Sandbox> creating, List<Sandbox> available, List<Sandbox> dead) {
  }

  /**
   * @param input the SandboxSet, its members and what is in flight
   * @return the plan
   */
  PoolPlan plan(Input input) {
    SandboxSet set = input.set();
    SandboxSetSpec spec = set.getSpec() == null ? new SandboxSetSpec() : set.getSpec();
    int replicas = spec.getReplicas() == null ? 0 : Math.max(0, spec.getReplicas());
    Expectations.Pending pending = input.pending();
    Groups groups = group(input);

    SandboxTemplate referenced = spec.getTemplateRef() == null ? null : input.referenced();
    String problem = problem(spec, referenced);
    // a copy: the status read may be the shared cache's
    SandboxSetStatus status = set.getStatus() == null ? new SandboxSetStatus()
        : set.deepCopy().getStatus();
    String revision;
    if (problem == null) {
      revision = TemplateRevision.of(TemplateRevision.effectiveSpec(spec, referenced));
      status.setUpdateRevision(revision);
      // upstream: the referenced template's name, else the name of the revision's template
      status.setCurrentRevision(spec.getTemplateRef() != null ? spec.getTemplateRef().getName()
          : TemplateRevision.templateName(set.getMetadata().getName(), revision));
      status = StatusConditions.withoutCondition(status, TEMPLATE_CONDITION);
    } else {
      revision = status.getUpdateRevision(); // the last one that could be computed, if any
      status = StatusConditions.withCondition(status, StatusConditions.condition(
          TEMPLATE_CONDITION, ConditionTypes.STATUS_FALSE, problem,
          problemMessage(problem, set), set.getMetadata().getGeneration()), input.now());
    }
    status.setObservedGeneration(set.getMetadata().getGeneration());
    status.setAvailableReplicas(groups.available().size());
    status.setReplicas(groups.creating().size() + groups.available().size()
        + pending.creations().size());
    if (status.getSelector() == null || status.getSelector().isEmpty()) {
      status.setSelector(PoolSandboxes.selector(set.getMetadata().getName()));
    }

    List<PoolPlan.Deletion> deletions = new ArrayList<>();
    int creations = 0;
    int delta = replicas - status.getReplicas();
    if (delta > 0 && problem == null) {
      creations = Math.min(delta, scaleUpBudget(spec, replicas, status));
    } else if (delta < 0 && pending.isSatisfied()) {
      for (Sandbox victim : scaleDownVictims(-delta, groups, revision)) {
        deletions.add(new PoolPlan.Deletion(victim, PoolPlan.Reason.SCALE_DOWN));
      }
    }
    if (delta == 0 && pending.isSatisfied() && problem == null) {
      rollingUpdate(spec, replicas, groups, revision, status, deletions);
    }
    for (Sandbox dead : groups.dead()) {
      if (dead.getMetadata().getDeletionTimestamp() == null) {
        deletions.add(new PoolPlan.Deletion(dead, PoolPlan.Reason.DEAD));
      }
    }
    // Go's omitempty: a zero count is not stored, so it must not be written either
    status.setUpdatedReplicas(zeroToNull(status.getUpdatedReplicas()));
    status.setUpdatedAvailableReplicas(zeroToNull(status.getUpdatedAvailableReplicas()));

    return new PoolPlan(creations,
        creations > 0 ? PoolSandboxes.newSandbox(set, referenced, revision) : null, deletions,
        status, pending.isSatisfied() ? null : pending.expiresIn());
  }

  private static Groups group(Input input) {
    List<Sandbox> creating = new ArrayList<>();
    List<Sandbox> available = new ArrayList<>();
    List<Sandbox> dead = new ArrayList<>();
    for (Sandbox s : input.members()) {
      if (input.pending().deletions().contains(s.getMetadata().getName())) {
        continue; // deleted by this controller, going away: neither counted nor deleted again
      }
      switch (SandboxStates.of(s, input.now())) {
        case CREATING -> creating.add(s);
        case AVAILABLE -> available.add(s);
        case DEAD -> dead.add(s);
        default -> {
          // running or paused: claimed, not a pool member (a controlled sandbox is never these)
        }
      }
    }
    return new Groups(creating, available, dead);
  }

  /** Upstream's calculateScaleDelta limit: scaleStrategy.maxUnavailable minus those creating. */
  private static int scaleUpBudget(SandboxSetSpec spec, int replicas, SandboxSetStatus status) {
    IntOrString max = spec.getScaleStrategy() == null ? null
        : spec.getScaleStrategy().getMaxUnavailable();
    if (max == null) {
      return Integer.MAX_VALUE;
    }
    int budget = scaled(max, replicas, 0) - (status.getReplicas() - status.getAvailableReplicas());
    return Math.max(0, budget);
  }

  /** Old revision first, then by {@link ScaleDownOrder#PRIORITY}; never a sandbox being claimed. */
  private static List<Sandbox> scaleDownVictims(int count, Groups groups, String revision) {
    List<Sandbox> old = new ArrayList<>();
    List<Sandbox> updated = new ArrayList<>();
    for (List<Sandbox> group : List.of(groups.creating(), groups.available())) {
      for (Sandbox s : group) {
        if (!deletable(s)) {
          continue;
        }
        (isRevision(s, revision) ? updated : old).add(s);
      }
    }
    old.sort(ScaleDownOrder.PRIORITY);
    updated.sort(ScaleDownOrder.PRIORITY);
    List<Sandbox> victims = new ArrayList<>(old);
    victims.addAll(updated);
    return victims.subList(0, Math.min(count, victims.size()));
  }

  /**
   * Upstream's rolling update: with the pool at size and nothing in flight, old-revision
   * sandboxes that are still creating are replaced at once, available ones within
   * {@code updateStrategy.maxUnavailable} (minus updated ones still creating), oldest first; the
   * scale-up of the next reconcile creates their replacements.
   */
  private static void rollingUpdate(SandboxSetSpec spec, int replicas, Groups groups,
      String revision, SandboxSetStatus status, List<PoolPlan.Deletion> deletions) {
    List<Sandbox> updatedCreating = new ArrayList<>();
    List<Sandbox> oldCreating = new ArrayList<>();
    List<Sandbox> updatedAvailable = new ArrayList<>();
    List<Sandbox> oldAvailable = new ArrayList<>();
    for (Sandbox s : groups.creating()) {
      (isRevision(s, revision) ? updatedCreating : oldCreating).add(s);
    }
    for (Sandbox s : groups.available()) {
      (isRevision(s, revision) ? updatedAvailable : oldAvailable).add(s);
    }
    if (oldCreating.isEmpty() && oldAvailable.isEmpty()) {
      status.setUpdatedReplicas(status.getReplicas());
      status.setUpdatedAvailableReplicas(status.getAvailableReplicas());
      return;
    }
    status.setUpdatedReplicas(updatedCreating.size() + updatedAvailable.size());
    status.setUpdatedAvailableReplicas(updatedAvailable.size());
    oldCreating.sort(ScaleDownOrder.OLDEST_FIRST);
    for (Sandbox s : oldCreating) {
      if (deletable(s)) {
        deletions.add(new PoolPlan.Deletion(s, PoolPlan.Reason.ROLLING_UPDATE));
      }
    }
    IntOrString max = spec.getUpdateStrategy() == null ? null
        : spec.getUpdateStrategy().getMaxUnavailable();
    int allowed = Math.max(0, scaled(max == null ? new IntOrString(0) : max, replicas, 1)
        - updatedCreating.size());
    oldAvailable.sort(ScaleDownOrder.OLDEST_FIRST);
    for (Sandbox s : oldAvailable) {
      if (allowed == 0) {
        break;
      }
      if (deletable(s)) {
        deletions.add(new PoolPlan.Deletion(s, PoolPlan.Reason.ROLLING_UPDATE));
        allowed--;
      }
    }
  }

  /**
   * A sandbox locked by anyone but a scale-down is being claimed: the claim decides, not us.
   * (Upstream picks it anyway and fails on it; skipping it lets the next candidate go instead.)
   */
  static boolean deletable(Sandbox s) {
    if (s.getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    Map<String, String> annotations = s.getMetadata().getAnnotations();
    String lock = annotations == null ? null : annotations.get(SandboxAnnotations.LOCK);
    return lock == null || lock.isEmpty()
        || SCALE_DOWN_OWNER.equals(annotations.get(SandboxAnnotations.OWNER));
  }

  private static boolean isRevision(Sandbox s, String revision) {
    Map<String, String> labels = s.getMetadata().getLabels();
    return revision != null && labels != null
        && revision.equals(labels.get(SandboxLabels.TEMPLATE_HASH));
  }

  /**
   * {@code intstr.GetScaledValueFromIntOrPercent} rounding up; a malformed value gives
   * {@code onError} (upstream: 0 for the scale budget, 1 for the update budget).
   */
  static int scaled(IntOrString value, int total, int onError) {
    if (value.getIntVal() != null) {
      return value.getIntVal();
    }
    String s = Objects.toString(value.getStrVal(), "");
    if (!s.endsWith("%")) {
      return onError;
    }
    try {
      int percent = Integer.parseInt(s.substring(0, s.length() - 1));
      return (int) Math.ceil(percent * (double) total / 100);
    } catch (NumberFormatException e) {
      return onError;
    }
  }

  /** @return why no sandbox can be built from the set's template, or null when one can */
  private static String problem(SandboxSetSpec spec, SandboxTemplate referenced) {
    if (spec.getTemplateRef() == null) {
      return spec.getTemplate() == null ? TEMPLATE_MISSING : null;
    }
    if (spec.getTemplate() != null) {
      return TEMPLATE_CONFLICT;
    }
    if (referenced == null) {
      return TEMPLATE_NOT_FOUND;
    }
    // upstream would create sandboxes that its Sandbox controller then cannot give a pod
    return referenced.getSpec() == null || referenced.getSpec().getTemplate() == null
        ? TEMPLATE_EMPTY : null;
  }

  private static String problemMessage(String problem, SandboxSet set) {
    String template = "SandboxTemplate " + set.getMetadata().getNamespace() + "/"
        + (set.getSpec() == null || set.getSpec().getTemplateRef() == null ? ""
            : set.getSpec().getTemplateRef().getName());
    return switch (problem) {
      case TEMPLATE_CONFLICT -> "spec.template and spec.templateRef are mutually exclusive"
          + " (upstream's webhook rejects such a SandboxSet); set one. No sandboxes are created.";
      case TEMPLATE_NOT_FOUND -> template + " (spec.templateRef.name) was not found; no"
          + " sandboxes are created until it exists.";
      case TEMPLATE_EMPTY -> template + " (spec.templateRef.name) has no spec.template; no"
          + " sandboxes are created until it has one.";
      default -> "the SandboxSet has neither spec.template nor spec.templateRef; no sandboxes"
          + " are created.";
    };
  }

  private static Integer zeroToNull(Integer value) {
    return value == null || value == 0 ? null : value;
  }
}
