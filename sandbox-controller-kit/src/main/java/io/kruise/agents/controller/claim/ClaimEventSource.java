package io.kruise.agents.controller.claim;

import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.kruise.agents.informers.ListenerOptions;
import io.kruise.agents.informers.ListenerRegistration;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxClaim;
import io.kruise.agents.model.SandboxSet;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JOSDK event source on the shared Sandbox and SandboxSet informers: while it runs, their
 * listeners ({@link ClaimWakeUps}) turn pool changes into reconciles of the claims concerned.
 * The listeners are registered in {@link #start()}, once both informers have synced (JOSDK
 * starts the event processor after its event sources), and closed by {@link #stop()}.
 */
final class ClaimEventSource extends AbstractEventSource<Sandbox, SandboxClaim> {

  private static final Logger LOG = LoggerFactory.getLogger(ClaimEventSource.class);

  private final SharedInformer<Sandbox> sandboxes;
  private final SharedInformer<SandboxSet> sets;
  private final SharedInformer<SandboxClaim> claims;
  private final String listenerName;
  private final Duration syncTimeout;
  private ListenerRegistration sandboxRegistration;
  private ListenerRegistration setRegistration;

  ClaimEventSource(String name, SharedInformer<Sandbox> sandboxes, SharedInformer<SandboxSet> sets,
      SharedInformer<SandboxClaim> claims, Duration syncTimeout) {
    super(Sandbox.class, name);
    this.sandboxes = sandboxes;
    this.sets = sets;
    this.claims = claims;
    this.listenerName = name;
    this.syncTimeout = syncTimeout;
  }

  @Override
  public synchronized void start() throws OperatorException {
    for (SharedInformer<?> informer : java.util.List.of(sandboxes, sets, claims)) {
      if (!informer.awaitSynced(syncTimeout)) {
        throw new OperatorException("the informer for " + informer.scope()
            + " did not sync within " + syncTimeout + ": " + informer.health());
      }
    }
    super.start();
    if (sandboxRegistration == null) {
      ClaimWakeUps wakeUps = new ClaimWakeUps(claims.lister(), sets.lister(),
          this::trigger);
      sandboxRegistration = sandboxes.addListener(ListenerOptions.named(listenerName),
          wakeUps.sandboxes());
      setRegistration = sets.addListener(ListenerOptions.named(listenerName + "-sets"),
          wakeUps.sandboxSets());
    }
  }

  @Override
  public synchronized void stop() throws OperatorException {
    super.stop();
    if (sandboxRegistration != null) {
      sandboxRegistration.close();
      setRegistration.close();
      sandboxRegistration = null;
      setRegistration = null;
    }
  }

  /** Requests a reconcile of one claim; requests for the same claim may be merged by JOSDK. */
  void trigger(ResourceID claim) {
    if (isRunning()) {
      getEventHandler().handleEvent(new Event(claim));
    } else {
      LOG.debug("not running: no reconcile of {}", claim);
    }
  }

  @Override
  public Set<Sandbox> getSecondaryResources(SandboxClaim primary) {
    return Set.of(); // the controller reads held sandboxes from the cache itself
  }
}
