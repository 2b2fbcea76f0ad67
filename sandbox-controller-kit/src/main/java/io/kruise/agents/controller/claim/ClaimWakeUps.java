package io.kruise.agents.controller.claim;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kruise.agents.informers.Lister;
import io.kruise.agents.informers.ResourceListener;
import io.kruise.agents.informers.SandboxIndexes;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxClaim;
import io.kruise.agents.model.SandboxClaimPhase;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxStates;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Turns pool changes into reconciles of the claims they concern, instead of a poll: a sandbox
 * that becomes claimable wakes the unfinished claims of its pool (found through the
 * {@link SandboxIndexes#CLAIM_TEMPLATE} index of claims); a held sandbox whose readiness changes
 * wakes the claim that holds it; a SandboxSet that appears, goes or changes its pool key wakes
 * the claims naming it or its pool key. A pool key is a set's name, or for a set with a
 * {@code templateRef} the template's name ({@link SandboxStates#poolKey(SandboxSet)}).
 * Each listener runs on its own queue of the shared informers.
 */
final class ClaimWakeUps {

  private final Lister<SandboxClaim> claims;
  private final Lister<SandboxSet> sets;
  private final Consumer<ResourceID> trigger;

  ClaimWakeUps(Lister<SandboxClaim> claims, Lister<SandboxSet> sets,
      Consumer<ResourceID> trigger) {
    this.claims = claims;
    this.sets = sets;
    this.trigger = trigger;
  }

  /** @return the listener for the shared Sandbox informer */
  ResourceListener<Sandbox> sandboxes() {
    return new ResourceListener<>() {
      @Override
      public void onAdd(Sandbox s) {
        if (SandboxStates.isClaimable(s)) {
          wakePool(s.getMetadata().getNamespace(), SandboxStates.poolOf(s));
        }
      }

      @Override
      public void onUpdate(Sandbox oldSandbox, Sandbox s) {
        if (SandboxStates.isClaimable(s) && !(SandboxStates.isClaimable(oldSandbox) && Objects.equals(
            SandboxStates.poolOf(oldSandbox), SandboxStates.poolOf(s)))) {
          wakePool(s.getMetadata().getNamespace(), SandboxStates.poolOf(s));
        }
        String holder = holder(s);
        if (holder != null && (SandboxStates.isReady(oldSandbox) != SandboxStates.isReady(s)
            || !Objects.equals(holder, holder(oldSandbox)))) {
          trigger.accept(new ResourceID(holder, s.getMetadata().getNamespace()));
        }
      }

      @Override
      public void onDelete(Sandbox s, boolean finalStateUnknown) {
        // a claim keeps what it counted (upstream's rule); nothing to wake
      }
    };
  }

  /** @return the listener for the shared SandboxSet informer */
  ResourceListener<SandboxSet> sandboxSets() {
    return new ResourceListener<>() {
      @Override
      public void onAdd(SandboxSet set) {
        wakeNaming(set);
      }

      @Override
      public void onUpdate(SandboxSet oldSet, SandboxSet newSet) {
        // a claim reads whether its pool exists and which pool key it has
        if (!SandboxStates.poolKey(oldSet).equals(SandboxStates.poolKey(newSet))) {
          wakeNaming(oldSet);
          wakeNaming(newSet);
        }
      }

      @Override
      public void onDelete(SandboxSet set, boolean finalStateUnknown) {
        wakeNaming(set);
      }
    };
  }

  /** Wakes the claims that name a set, by its name or by the template it refers to. */
  private void wakeNaming(SandboxSet set) {
    String namespace = set.getMetadata().getNamespace();
    wakeClaimsNaming(namespace, set.getMetadata().getName());
    String key = SandboxStates.poolKey(set);
    if (!key.equals(set.getMetadata().getName())) {
      wakeClaimsNaming(namespace, key);
    }
  }

  /**
   * Wakes the unfinished claims of a pool key: those naming it, and those naming a SandboxSet
   * whose sandboxes carry it (a set with a {@code templateRef} to it).
   */
  void wakePool(String namespace, String pool) {
    if (pool == null || pool.isEmpty()) {
      return;
    }
    wakeClaimsNaming(namespace, pool);
    for (SandboxSet set : sets.byIndex(SandboxIndexes.TEMPLATE_REF, pool)) {
      if (namespace.equals(set.getMetadata().getNamespace())
          && !pool.equals(set.getMetadata().getName())) {
        wakeClaimsNaming(namespace, set.getMetadata().getName());
      }
    }
  }

  private void wakeClaimsNaming(String namespace, String templateName) {
    for (SandboxClaim c : claims.byIndex(SandboxIndexes.CLAIM_TEMPLATE, templateName)) {
      if (namespace.equals(c.getMetadata().getNamespace()) && (c.getStatus() == null
          || c.getStatus().getPhaseEnum() != SandboxClaimPhase.COMPLETED)) {
        trigger.accept(ResourceID.fromResource(c));
      }
    }
  }

  /** The name of the claim holding a sandbox (its claim-name label), or null. */
  static String holder(Sandbox s) {
    Map<String, String> labels = s.getMetadata().getLabels();
    if (labels == null || !SandboxLabels.TRUE.equals(labels.get(SandboxLabels.SANDBOX_CLAIMED))) {
      return null;
    }
    String name = labels.get(SandboxLabels.CLAIM_NAME);
    return name == null || name.isEmpty() ? null : name;
  }
}
