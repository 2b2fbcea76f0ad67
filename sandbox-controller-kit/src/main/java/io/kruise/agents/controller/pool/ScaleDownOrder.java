package io.kruise.agents.controller.pool;

import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxPhase;
import io.kruise.agents.model.SandboxStates;
import io.kruise.agents.model.Times;
import java.time.Instant;
import java.util.Comparator;

/**
 * The order in which unclaimed sandboxes of one revision are deleted on scale down, upstream's
 * {@code compareScaleDownPriority}: pending ones first, then recycled ones (most recycled
 * first), then running but not ready, then available fresh ones; within a tier the oldest first.
 * Ties (creation times have whole seconds) are broken by name, so the order is deterministic.
 */
final class ScaleDownOrder {

  /** Scale-down order: the first sandbox is deleted first. */
  static final Comparator<Sandbox> PRIORITY = Comparator.comparingInt(ScaleDownOrder::tier)
      .thenComparing(ScaleDownOrder::recycledCount, Comparator.reverseOrder())
      .thenComparing(ScaleDownOrder::created)
      .thenComparing(s -> s.getMetadata().getName());

  /** Oldest first (rolling update of available sandboxes), ties by name. */
  static final Comparator<Sandbox> OLDEST_FIRST = Comparator.comparing(ScaleDownOrder::created)
      .thenComparing(s -> s.getMetadata().getName());

  private ScaleDownOrder() {
  }

  /** Lower is deleted first. */
  static int tier(Sandbox s) {
    if (s.getStatus() != null && s.getStatus().getPhaseEnum() == SandboxPhase.PENDING) {
      return 0;
    }
    if (!SandboxStates.isReady(s)) {
      return 2;
    }
    return recycledCount(s) > 0 ? 1 : 3;
  }

  /** Only recycled sandboxes are ordered by it; the others share 0. */
  private static int recycledCount(Sandbox s) {
    if (tier0or2(s) || s.getStatus() == null || s.getStatus().getRecycledCount() == null) {
      return 0;
    }
    return s.getStatus().getRecycledCount();
  }

  private static boolean tier0or2(Sandbox s) {
    return (s.getStatus() != null && s.getStatus().getPhaseEnum() == SandboxPhase.PENDING)
        || !SandboxStates.isReady(s);
  }

  private static Instant created(Sandbox s) {
    return Times.parse(s.getMetadata().getCreationTimestamp()).orElse(Instant.MAX);
  }
}
