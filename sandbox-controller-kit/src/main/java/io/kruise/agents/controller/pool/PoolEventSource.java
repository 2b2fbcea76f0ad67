package io.kruise.agents.controller.pool;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.kruise.agents.informers.ListenerOptions;
import io.kruise.agents.informers.ListenerRegistration;
import io.kruise.agents.informers.ResourceListener;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.model.SandboxSet;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simple JOSDK event source on a shared informer of a secondary kind (the Sandboxes of the
 * pools, the SandboxTemplates they refer to): while it runs, a listener of the informer turns
 * changes into reconciles of the SandboxSets concerned (through {@link ReconcileTrigger}), and
 * {@link #getSecondaryResources} answers from the cache.
 *
 * <p>The listener is registered in {@link #start()}, after JOSDK has set the event handler, and
 * only once the informer has synced: JOSDK starts the event processor after its event sources,
 * so no reconcile plans from a cache that is still filling (it would see an empty pool and
 * over-create). Stopping closes the listener.
 */
final class PoolEventSource<R extends HasMetadata> extends AbstractEventSource<R, SandboxSet>
    implements ReconcileTrigger {

  private static final Logger LOG = LoggerFactory.getLogger(PoolEventSource.class);

  private final SharedInformer<R> informer;
  private final ListenerOptions<R> listenerOptions;
  private final Function<ReconcileTrigger, ResourceListener<R>> listener;
  private final Function<SandboxSet, Set<R>> secondary;
  private final Duration syncTimeout;
  private ListenerRegistration registration;

  /**
   * @param name the event source's name
   * @param type the secondary kind
   * @param informer its shared informer
   * @param listenerOptions the listener's name and filter
   * @param listener builds the listener that maps changes to triggers
   * @param secondary a SandboxSet's secondary resources, from the cache
   * @param syncTimeout how long {@link #start()} waits for the informer's sync
   */
  PoolEventSource(String name, Class<R> type, SharedInformer<R> informer,
      ListenerOptions<R> listenerOptions, Function<ReconcileTrigger, ResourceListener<R>> listener,
      Function<SandboxSet, Set<R>> secondary, Duration syncTimeout) {
    super(type, name);
    this.informer = informer;
    this.listenerOptions = listenerOptions;
    this.listener = listener;
    this.secondary = secondary;
    this.syncTimeout = syncTimeout;
  }

  @Override
  public synchronized void start() throws OperatorException {
    if (!informer.awaitSynced(syncTimeout)) {
      throw new OperatorException("the " + resourceType().getSimpleName() + " informer for "
          + informer.scope()
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
  public Set<R> getSecondaryResources(SandboxSet primary) {
    return secondary.apply(primary);
  }
}
