package io.kruise.agents.controller.josdk;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetStatus;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A trivial SandboxSet controller for the tests: keeps {@code spec.replicas} Sandboxes controlled
 * by each SandboxSet (never deletes), created through the {@code AgentsClient} with a generated
 * name, so a reconcile that did not see its own creations would create more (not fail on a
 * name conflict). Its Sandboxes are secondary resources through a
 * {@link SharedInformerEventSource}. It reports the count in {@code status.replicas} through
 * JOSDK ({@code UpdateControl.patchStatus}: a write JOSDK makes itself, that the shared informers
 * see through the watch).
 */
@ControllerConfiguration(name = "trivial-pool")
final class TrivialPoolReconciler implements Reconciler<SandboxSet> {

  private final AgentsClient agents;
  final AtomicInteger reconciles = new AtomicInteger();
  final AtomicInteger created = new AtomicInteger();
  /** How many Sandboxes each reconcile found. */
  final List<Integer> seen = new CopyOnWriteArrayList<>();

  TrivialPoolReconciler(AgentsClient agents) {
    this.agents = agents;
  }

  @Override
  public List<EventSource<?, SandboxSet>> prepareEventSources(
      EventSourceContext<SandboxSet> context) {
    return List.of(SharedInformerEventSource.sandboxesOfSandboxSets(agents, context));
  }

  @Override
  public UpdateControl<SandboxSet> reconcile(SandboxSet set, Context<SandboxSet> context) {
    reconciles.incrementAndGet();
    Set<Sandbox> owned = context.getSecondaryResources(Sandbox.class);
    int want = set.getSpec().getReplicas() == null ? 0 : set.getSpec().getReplicas();
    String ns = set.getMetadata().getNamespace();
    int count = owned.size();
    for (; count < want; count++) {
      Sandbox s = JosdkFixtures.ownedBy(set, null);
      s.getMetadata().setGenerateName(set.getMetadata().getName() + "-");
      agents.sandboxes(ns).createSandbox(s);
      created.incrementAndGet();
    }
    seen.add(owned.size());
    if (set.getStatus() != null && set.getStatus().getReplicas() == count) {
      return UpdateControl.noUpdate();
    }
    SandboxSetStatus status = new SandboxSetStatus();
    status.setReplicas(count);
    set.setStatus(status); // JOSDK handed this reconcile its own copy
    return UpdateControl.patchStatus(set);
  }
}
