package io.kruise.agents.informers;

import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kruise.agents.client.ResourceKind;
import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.client.exceptions.ClientClosedException;
import io.kruise.agents.client.exceptions.InformerFailedException;
import io.kruise.agents.client.exceptions.ValidationException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SharedInformer} implementation, and its lifecycle: fabric8's informer does the list
 * (in pages), the watch, reconnects and relists after 410; this class wires it to an
 * {@link IndexedStore} (its item store), an {@link InformerEventHandler} (which passes each event
 * to the overlay, the waits and the {@link ListenerFanOut}), and decides when the informer is
 * synced, dead (an error {@link InformerFailures} calls fatal) or stopped (its client closed).
 *
 * <p>Threading: starting and stopping are serialized on this object; state read by other threads
 * is volatile; events arrive on fabric8's serial event thread.
 */
final class DefaultSharedInformer<T extends CustomResource<?, ?>,
    L extends KubernetesResourceList<T>> implements SharedInformer<T> {

  private static final Logger LOG = LoggerFactory.getLogger(DefaultSharedInformer.class);

  /** What an informer needs from its {@link SharedInformers}. */
  record Context(KubernetesClient client, InformerOptions options,
      ScheduledExecutorService scheduler, Executor listenerPool, Executor completions,
      Consumer<InformerHealth> onDead) {}

  private final Context ctx;
  private final Class<T> type;
  private final Class<L> listType;
  private final String kind;
  private final InformerScope scope;
  private final WriteOverlay<T> overlay;
  private final WaitRegistry.NotFound notFound;
  private final Map<String, IndexFunction<? super T>> indexers = new LinkedHashMap<>();
  private final ListenerFanOut<T> listeners;
  private final CompletableFuture<Void> synced = new CompletableFuture<>();

  private volatile IndexedStore<T> store;
  private volatile CacheLister<T> lister;
  private volatile WaitRegistry<T> waits;
  private volatile SharedIndexInformer<T> informer;
  private volatile InformerEventHandler<T> events;
  /** fabric8's start, after this informer has handled its outcome; for tests that observe it. */
  private volatile CompletableFuture<Void> startResult;
  private volatile String lastError;
  private volatile boolean dead;
  /** Set by {@link #stop()}: the client closed; a deliberate stop is not a death. */
  private volatile boolean stopped;

  /** An informer of a registered kind, starting with the kind's default indexes. */
  DefaultSharedInformer(Context ctx, ResourceKind<T, L> kind, InformerScope scope,
      WriteOverlay<T> overlay) {
    this.ctx = ctx;
    this.type = kind.type();
    this.listType = kind.listType();
    this.kind = kind.kind();
    this.scope = scope;
    this.overlay = overlay;
    this.notFound = (ns, name, detail) -> kind.notFound().create(ns, name, detail, null);
    kind.indexes().forEach((name, keys) -> indexers.put(name, keys::apply));
    this.listeners = new ListenerFanOut<>(ctx.listenerPool(), ctx.scheduler(), ctx.options(),
        System::nanoTime);
  }

  @Override
  public InformerScope scope() {
    return scope;
  }

  String kind() {
    return kind;
  }

  Class<T> type() {
    return type;
  }

  /** This informer's own read-your-writes overlay. */
  WriteOverlay<T> overlay() {
    return overlay;
  }

  @Override
  public synchronized SharedInformer<T> addIndex(String name, IndexFunction<T> function) {
    if (informer != null) {
      throw ValidationException.forField("name", "Invalid", "cannot add index '" + name
          + "': the " + kind + " informer for " + scope + " has started; add indexes before the"
          + " first use");
    }
    if (name == null || name.isBlank()) {
      throw ValidationException.forField("name", "Required", "an index needs a name");
    }
    if (function == null) {
      throw ValidationException.forField("function", "Required", "index '" + name
          + "' needs a function");
    }
    if (indexers.containsKey(name)) {
      throw ValidationException.forField("name", "Duplicate", "index '" + name
          + "' already exists");
    }
    indexers.put(name, function);
    return this;
  }

  @Override
  public SharedInformer<T> start() {
    ensureNotStopped();
    // fast path without the lock: lister() and friends call this on every use
    return informer != null ? this : startOnce();
  }

  /** Listers call this before every read: a dead or closed informer's cache is frozen. */
  private void ensureServing() {
    ensureNotStopped();
    if (dead) {
      throw new InformerFailedException("the " + kind + " informer for " + scope + " has stopped"
          + " for good (" + lastError + "); its cache no longer follows the server", 0, null);
    }
  }

  private void ensureNotStopped() {
    if (stopped) {
      throw new ClientClosedException("the " + kind + " informer for " + scope
          + " is stopped: its AgentsClient was closed");
    }
  }

  private synchronized SharedInformer<T> startOnce() {
    ensureNotStopped();
    if (informer != null) {
      return this;
    }
    IndexedStore<T> s = new IndexedStore<>(indexers, new ObjectCompactor<>(ctx.options()));
    CacheLister<T> l = new CacheLister<>(s, overlay, scope, this::ensureServing);
    store = s;
    lister = l;
    waits = new WaitRegistry<>(l, kind, scope, notFound, synced, ctx.scheduler(),
        ctx.completions());

    var op = ctx.client().resources(type, listType);
    FilterWatchListDeletable<T, L, Resource<T>> filtered = scope.isAllNamespaces()
        ? op.inAnyNamespace() : op.inNamespace(scope.namespace());
    if (scope.labelSelector() != null) {
      filtered = filtered.withLabelSelector(scope.labelSelector());
    }
    SharedIndexInformer<T> inf = filtered.withLimit((long) ctx.options().listPageSize())
        .runnableInformer(ctx.options().resyncPeriod().toMillis());
    inf.itemStore(s);
    inf.removeNamespaceIndex();
    InformerEventHandler<T> handler = new InformerEventHandler<>(overlay, waits, listeners);
    events = handler;
    inf.addEventHandler(handler);
    inf.exceptionHandler((isStarted, t) -> {
      lastError = InformerFailures.describe(t);
      boolean retry = InformerFailures.isRetryable(t);
      LOG.warn("{} informer for {}: {}{}", kind, scope, lastError,
          retry ? "; retrying" : "; giving up");
      return retry;
    });
    informer = inf;
    inf.stopped().whenComplete((v, t) -> {
      if (t != null) {
        markDead(t);
      }
    });
    startResult = inf.start().toCompletableFuture().whenComplete((v, t) -> {
      if (t == null) {
        LOG.debug("{} informer for {} synced with {} objects", kind, scope, s.size());
        synced.complete(null);
      } else {
        markDead(t);
      }
    });
    return this;
  }

  private void markDead(Throwable t) {
    if (dead || stopped) {
      return;
    }
    dead = true;
    lastError = InformerFailures.describe(t);
    AgentsApiException failure = new InformerFailedException("the " + kind + " informer for "
        + scope + " is dead (it stopped for good; recreate the client): " + lastError,
        InformerFailures.httpCode(t), t);
    synced.completeExceptionally(failure);
    WaitRegistry<T> w = waits;
    if (w != null) {
      // Synced or not: no event will come, so no wait may run into its deadline.
      w.terminate(failure);
    }
    LOG.error("{} informer for {} is dead: {}", kind, scope, lastError, t);
    try {
      ctx.onDead().accept(health());
    } catch (RuntimeException e) {
      LOG.warn("the dead-informer callback threw", e);
    }
  }

  @Override
  public boolean awaitSynced(Duration timeout) {
    start();
    try {
      synced.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public CompletableFuture<Void> synced() {
    start();
    return synced.copy();
  }

  boolean isSynced() {
    return !dead && synced.isDone() && !synced.isCompletedExceptionally();
  }

  @Override
  public Lister<T> lister() {
    start();
    return lister;
  }

  @Override
  public ListenerRegistration addListener(ListenerOptions<? super T> options,
      ResourceListener<T> listener) {
    if (options == null) {
      throw ValidationException.forField("options", "Required", "a listener needs options");
    }
    if (listener == null) {
      throw ValidationException.forField("listener", "Required", "a listener needs callbacks");
    }
    start();
    return listeners.add(options, listener);
  }

  @Override
  public CompletableFuture<T> waitFor(String namespace, String name, Predicate<T> predicate,
      Duration timeout) {
    return waitFor(namespace, name, predicate, "the given predicate", timeout);
  }

  CompletableFuture<T> waitFor(String namespace, String name, Predicate<T> predicate,
      String description, Duration timeout) {
    WaitRegistry.checkArguments(namespace, name, predicate, timeout);
    start();
    // Before the sync too: the registry looks at the cache when the informer syncs.
    return waits.waitFor(namespace, name, predicate, description, timeout);
  }

  @Override
  public InformerHealth health() {
    SharedIndexInformer<T> inf = informer;
    IndexedStore<T> s = store;
    InformerEventHandler<T> e = events;
    return new InformerHealth(kind, scope, inf != null, isSynced(),
        inf != null && !dead && inf.isWatching(), dead, e == null ? null : e.lastEventTime(),
        lastError, s == null ? 0 : s.size());
  }

  /**
   * Stops the watch but keeps serving the cache as it is; for tests that need a cache that no
   * longer moves (to show read-your-writes without the informer's help).
   */
  void stopWatching() {
    SharedIndexInformer<T> inf = informer;
    if (inf != null) {
      inf.stop();
    }
  }

  /**
   * Stops for good (the client closes): the watch, the listeners, and every pending wait, which
   * fails now rather than hang (the timers that would end it stop with the client).
   */
  void stop() {
    stopped = true;
    SharedIndexInformer<T> inf;
    synchronized (this) {
      inf = informer;
    }
    if (inf != null) {
      inf.stop();
    }
    listeners.closeAll();
    AgentsApiException closed = new ClientClosedException("the " + kind + " informer for "
        + scope + " was stopped: its AgentsClient was closed");
    synced.completeExceptionally(closed);
    WaitRegistry<T> w = waits;
    if (w != null) {
      w.terminate(closed);
    }
  }

  /** @return fabric8's start once handled here, or null before start */
  CompletableFuture<Void> startResult() {
    return startResult;
  }

  List<ListenerQueue<T>> listeners() {
    return listeners.queues();
  }

  /** @return events of a type handled so far (0 before start) */
  long events(InformerEventHandler.EventType type) {
    InformerEventHandler<T> e = events;
    return e == null ? 0 : e.count(type);
  }

  WaitRegistry<T> waits() {
    if (!stopped) {
      start();
    }
    return waits;
  }

  IndexedStore<T> store() {
    if (!stopped) {
      start();
    }
    return store;
  }
}
