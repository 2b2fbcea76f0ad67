package io.kruise.agents.controller.pool;

import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.kruise.agents.informers.ListenerOptions;
import io.kruise.agents.informers.ListenerRegistration;
import io.kruise.agents.informers.ResourceListener;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSet;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simple JOSDK event source on the shared Sandbox informer: while it runs, a listener of the
 * informer turns Sandbox changes into reconciles of their SandboxSet (through
 * {@link ReconcileTrigger}), and {@link #getSecondaryResources} answers from the cache.
 *
 * <p>The listener is registered in {@link #start()}, after JOSDK has set the event handler, and
 * only once the informer has synced: JOSDK starts the event processor after its event sources,
 * so no reconcile plans from a cache that is still filling (it would see an empty pool and
 * over-create). Stopping closes the listener.
 */
final class PoolEventSource extends AbstractEventSource<Sandbox, SandboxSet>
    implements ReconcileTrigger {

  private static final Logger LOG = LoggerFactory.getLogger(PoolEventSource.class);

  private final SharedInformer<Sandbox> informer;
  private final ListenerOptions<Sandbox> listenerOptions;
  private final Function<ReconcileTrigger, ResourceListener<Sandbox>> listener;
  private final PoolMembers members;
  private final Duration syncTimeout;
  private ListenerRegistration registration;

  PoolEventSource(String name, SharedInformer<Sandbox> informer,
      ListenerOptions<Sandbox> listenerOptions,
      Function<ReconcileTrigger, ResourceListener<Sandbox>> listener, PoolMembers members,
      Duration syncTimeout) {
    super(Sandbox.class, name);
    this.informer = informer;
    this.listenerOptions = listenerOptions;
    this.listener = listener;
    this.members = members;
    this.syncTimeout = syncTimeout;
  }

  @Override
  public synchronized void start() throws OperatorException {
    if (!informer.awaitSynced(syncTimeout)) {
      throw new OperatorException("the Sandbox informer for " + informer.scope()
          + " did not sync within " + syncTimeout + ": " + informer.health());
    }
    super.start();
    if (registration == null) {
      registration = informer.addListener(listenerOptions, listener.apply(this));
    }
  }

  @Override
  public synchronized void stop() throws OperatorException {
    super.stop();
    if (registration != null) {
      registration.close();
      registration = null;
    }
  }

  @Override
  public void trigger(ResourceID sandboxSet) {
    if (isRunning()) {
      getEventHandler().handleEvent(new Event(sandboxSet));
    } else {
      LOG.debug("not running: no reconcile of {}", sandboxSet);
    }
  }

  @Override
  public Set<Sandbox> getSecondaryResources(SandboxSet primary) {
    return new LinkedHashSet<>(members.of(primary));
  }
}
