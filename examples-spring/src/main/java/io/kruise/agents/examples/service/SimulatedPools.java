package io.kruise.agents.examples.service;

import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.informers.ListenerOptions;
import io.kruise.agents.informers.ListenerRegistration;
import io.kruise.agents.informers.ResourceListener;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxStates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated pool controller and runtime on the shared informers: every change of a SandboxSet or
 * of one of its sandboxes refills the pool ({@link PoolFiller}), and every new sandbox is started
 * ({@link SimulatedRuntime}). All of it runs on one thread, so refills never race each other.
 */
final class SimulatedPools implements WarmPools {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatedPools.class);

  private final AgentsClient agents;
  private final SharedInformer<SandboxSet> sets;
  private final SharedInformer<Sandbox> sandboxes;
  private final Duration startupDelay;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "simulated-pools");
    t.setDaemon(true);
    return t;
  });
  private final List<ListenerRegistration> registrations = new ArrayList<>();

  SimulatedPools(AgentsClient agents, SharedInformer<SandboxSet> sets,
      SharedInformer<Sandbox> sandboxes, Duration startupDelay) {
    this.agents = agents;
    this.sets = sets;
    this.sandboxes = sandboxes;
    this.startupDelay = startupDelay;
  }

  @Override
  public synchronized void start() {
    PoolFiller filler = new PoolFiller(agents, sandboxes.lister());
    SimulatedRuntime runtime = new SimulatedRuntime(agents, thread, startupDelay);
    registrations.add(sets.addListener(ListenerOptions.named("simulated-pool-filler"),
        new ResourceListener<>() {
          @Override
          public void onAdd(SandboxSet set) {
            thread.execute(() -> filler.fill(set));
          }

          @Override
          public void onUpdate(SandboxSet oldSet, SandboxSet set) {
            thread.execute(() -> filler.fill(set));
          }
        }));
    registrations.add(sandboxes.addListener(ListenerOptions.named("simulated-runtime"),
        new ResourceListener<>() {
          @Override
          public void onAdd(Sandbox s) {
            if (SimulatedRuntime.isNew(s)) {
              runtime.started(s);
            }
          }

          @Override
          public void onUpdate(Sandbox oldSandbox, Sandbox s) {
            if (SandboxStates.isClaimed(s) && SandboxStates.isControlledBySandboxSet(s)) {
              thread.execute(() -> release(s));
            }
            refill(s);
          }

          @Override
          public void onDelete(Sandbox s, boolean finalStateUnknown) {
            refill(s);
          }

          /** A sandbox claimed or gone: its pool may lack one now. */
          private void refill(Sandbox s) {
            String pool = SandboxStates.poolOf(s);
            if (pool == null) {
              return;
            }
            thread.execute(() -> {
              SandboxSet set = sets.lister().get(s.getMetadata().getNamespace(), pool);
              if (set != null) {
                filler.fill(set);
              }
            });
          }
        }));
  }

  /**
   * A claim removes the SandboxSet's controller reference with a JSON merge patch; the mock API
   * server cannot remove list items that way, so here the simulation finishes the claim, with the
   * version it read. On a cluster this never happens.
   */
  private void release(Sandbox claimed) {
    try {
      agents.sandboxes(claimed.getMetadata().getNamespace()).modifySandbox(
          claimed.getMetadata().getName(), s -> {
            s.getMetadata().setOwnerReferences(s.getMetadata().getOwnerReferences().stream()
                .filter(r -> !Boolean.TRUE.equals(r.getController())).toList());
            return s;
          });
    } catch (RuntimeException e) {
      LOG.debug("claimed sandbox {} not released: {}", claimed.getMetadata().getName(),
          e.toString());
    }
  }

  @Override
  public synchronized void close() {
    registrations.forEach(ListenerRegistration::close);
    thread.shutdownNow();
  }
}
