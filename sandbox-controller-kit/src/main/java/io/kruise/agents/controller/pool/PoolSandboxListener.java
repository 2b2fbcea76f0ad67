package io.kruise.agents.controller.pool;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kruise.agents.controller.Expectations;
import io.kruise.agents.controller.OwnerReferences;
import io.kruise.agents.informers.ResourceListener;
import io.kruise.agents.model.AgentsApi;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxStates;
import java.time.Clock;
import java.util.Objects;

/**
 * Maps Sandbox changes to the SandboxSet that controls them, like upstream's
 * {@code SandboxEventHandler}: an add or a delete satisfies that set's expectation and triggers
 * its reconcile; an update triggers it when the derived state changed or the controller
 * reference moved (a claim removes it: the sandbox leaves the pool and must be replaced).
 * Runs on its own listener queue.
 */
final class PoolSandboxListener implements ResourceListener<Sandbox> {

  private final Expectations expectations;
  private final ReconcileTrigger trigger;
  private final Clock clock;

  PoolSandboxListener(Expectations expectations, ReconcileTrigger trigger, Clock clock) {
    this.expectations = expectations;
    this.trigger = trigger;
    this.clock = clock;
  }

  @Override
  public void onAdd(Sandbox sandbox) {
    ResourceID owner = ownerOf(sandbox);
    if (owner != null) {
      expectations.observeCreation(key(owner), sandbox.getMetadata().getName());
      trigger.trigger(owner);
    }
  }

  @Override
  public void onUpdate(Sandbox oldSandbox, Sandbox newSandbox) {
    ResourceID oldOwner = ownerOf(oldSandbox);
    ResourceID newOwner = ownerOf(newSandbox);
    boolean moved = !Objects.equals(oldOwner, newOwner);
    if (oldOwner != null && (moved || stateChanged(oldSandbox, newSandbox))) {
      trigger.trigger(oldOwner);
    }
    if (newOwner != null && moved) {
      trigger.trigger(newOwner);
    }
  }

  @Override
  public void onDelete(Sandbox sandbox, boolean finalStateUnknown) {
    ResourceID owner = ownerOf(sandbox);
    if (owner != null) {
      expectations.observeDeletion(key(owner), sandbox.getMetadata().getName());
      trigger.trigger(owner);
    }
  }

  private boolean stateChanged(Sandbox a, Sandbox b) {
    return SandboxStates.of(a, clock.instant()) != SandboxStates.of(b, clock.instant());
  }

  /** The SandboxSet controlling a sandbox (same namespace, as owner references always are). */
  static ResourceID ownerOf(Sandbox sandbox) {
    OwnerReference ref = OwnerReferences.controllerOf(sandbox).orElse(null);
    if (ref == null || !AgentsApi.SANDBOXSET_KIND.equals(ref.getKind())
        || ref.getApiVersion() == null || !ref.getApiVersion().startsWith(AgentsApi.PREFIX)) {
      return null;
    }
    return new ResourceID(ref.getName(), sandbox.getMetadata().getNamespace());
  }

  /** The expectations key of a SandboxSet: {@code namespace/name}, as upstream's. */
  static String key(ResourceID id) {
    return id.getNamespace().orElse("") + "/" + id.getName();
  }
}
