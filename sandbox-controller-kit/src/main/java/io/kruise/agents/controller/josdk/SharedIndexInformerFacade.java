package io.kruise.agents.controller.josdk;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.informers.cache.Store;
import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.client.exceptions.ConfigurationException;
import io.kruise.agents.client.exceptions.InformerFailedException;
import io.kruise.agents.informers.InformerHealth;
import io.kruise.agents.informers.Lister;
import io.kruise.agents.informers.ListenerOptions;
import io.kruise.agents.informers.ListenerRegistration;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.informers.SharedInformers;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fabric8 {@link SharedIndexInformer} that JOSDK gets from the sharing client: a view of the
 * one {@link SharedInformer} of its kind and scope. It opens no watch of its own.
 *
 * <ul>
 *   <li>{@code start()} starts the shared informer if it is not running yet, registers the view's
 *       listener (JOSDK's handlers, JOSDK's indexes) and completes when the shared informer has
 *       synced; it fails when the shared informer dies or its client is closed first.
 *   <li>{@code addEventHandler}: before start, the handler is called by the view's listener;
 *       after start, it gets a listener of its own, which first reports every current object as
 *       added (as fabric8 does). {@code removeEventHandler} and {@code stop()} remove only what
 *       this view added: the shared informer keeps running for everyone else.
 *   <li>{@code getStore()} / {@code getIndexer()}: a {@link CacheView} of the shared lister.
 *   <li>{@code stopped()} completes when the view is stopped, and fails when the shared informer
 *       dies for good (JOSDK's default then stops the process, as for its own informers) or the
 *       library closes the view's listener (backlog policy CLOSE).
 *   <li>Not supported, because the shared informers own them: an {@code itemStore} (see
 *       {@code InformerOptions} for lean objects), an {@code initialState}, a resync period per
 *       handler. JOSDK's {@code exceptionHandler} is ignored: the shared informer retries what is
 *       retryable and dies on what is not ({@code InformerFailures}).
 * </ul>
 *
 * <p>Threading: lifecycle methods are serialized on this object; state read elsewhere is
 * volatile.
 *
 * @param <T> a registered kind (Sandbox, SandboxSet, SandboxClaim, SandboxTemplate or yours)
 */
final class SharedIndexInformerFacade<T extends HasMetadata> implements SharedIndexInformer<T> {

  private static final Logger LOG = LoggerFactory.getLogger(SharedIndexInformerFacade.class);
  private static final AtomicInteger IDS = new AtomicInteger();

  private final Class<T> type;
  private final SharedInformer<T> shared;
  private final SharedInformers informers;
  private final String name;
  private final LocalIndexes<T> indexes = new LocalIndexes<>();
  private final CacheView<T> view;
  /** Handlers added before start: called by the view's one listener, after its indexes. */
  private final List<ResourceEventHandler<? super T>> handlers = new CopyOnWriteArrayList<>();
  /** Registrations of handlers added after start; guarded by this. */
  private final Map<ResourceEventHandler<? super T>, ListenerRegistration> lateHandlers =
      new IdentityHashMap<>();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private ListenerRegistration registration;
  private volatile Lister<T> lister;
  private volatile boolean started;
  private volatile boolean stopCalled;
  private volatile boolean syncedOnce;

  SharedIndexInformerFacade(Class<T> type, SharedInformer<T> shared, SharedInformers informers) {
    this.type = type;
    this.shared = shared;
    this.informers = informers;
    this.name = "josdk-" + type.getSimpleName() + "-" + IDS.incrementAndGet();
    this.view = new CacheView<>(() -> lister, indexes, () -> started);
  }

  @Override
  public synchronized CompletionStage<Void> start() {
    if (stopCalled) {
      throw new ConfigurationException("the JOSDK view " + name + " of the shared "
          + type.getSimpleName() + " informer for " + shared.scope()
          + " was stopped; an informer cannot be restarted");
    }
    if (!started) {
      if (informers.options().lean()) {
        // JOSDK clones and writes back what it reads (patches, server-side apply): an object
        // without its template or managed fields must not be its primary or secondary.
        throw new ConfigurationException("the shared informers keep lean objects ("
            + informers.options() + "); JOSDK's informers need whole objects: give the"
            + " Operator an AgentsClient whose SharedInformers are not lean");
      }
      lister = shared.lister(); // starts the shared informer if nobody has yet
      registration = shared.addListener(ListenerOptions.named(name),
          new HandlerDispatch<>(indexes, handlers, this::listenerClosed));
      started = true;
      informers.onInformerDead(new DeathWatch(this));
      LOG.debug("{} shares the {} informer for {}", name, type.getSimpleName(), shared.scope());
    }
    CompletableFuture<Void> synced = shared.synced();
    return synced.whenComplete((v, t) -> {
      if (t == null) {
        syncedOnce = true;
      } else {
        fail(unwrap(t));
      }
    });
  }

  @Override
  public SharedIndexInformer<T> run() {
    try {
      start().toCompletableFuture().join();
    } catch (CompletionException e) {
      Throwable cause = unwrap(e);
      throw cause instanceof RuntimeException r ? r
          : new InformerFailedException("the shared " + type.getSimpleName() + " informer for "
              + shared.scope() + " did not sync: " + cause, 0, cause);
    }
    return this;
  }

  @Override
  public synchronized void stop() {
    stopCalled = true;
    if (registration != null) {
      registration.close();
    }
    lateHandlers.values().forEach(ListenerRegistration::close);
    lateHandlers.clear();
    stopped.complete(null);
  }

  @Override
  public synchronized SharedIndexInformer<T> addEventHandler(
      ResourceEventHandler<? super T> handler) {
    if (handler == null) {
      throw io.kruise.agents.client.exceptions.ValidationException.forField("handler",
          "Required", "an event handler is required");
    }
    if (!started) {
      handlers.add(handler);
    } else if (!stopCalled && !lateHandlers.containsKey(handler)) {
      lateHandlers.put(handler, shared.addListener(
          ListenerOptions.named(name + "-handler-" + (lateHandlers.size() + 1)),
          new HandlerDispatch<>(null, List.of(handler), this::listenerClosed)));
    }
    return this;
  }

  @Override
  public SharedIndexInformer<T> addEventHandlerWithResyncPeriod(
      ResourceEventHandler<? super T> handler, long resyncPeriod) {
    if (resyncPeriod != 0) {
      LOG.warn("{}: a resync period per handler ({} ms) is not supported by the shared"
          + " informers; InformerOptions.resyncPeriod applies", name, resyncPeriod);
    }
    return addEventHandler(handler);
  }

  @Override
  public synchronized SharedIndexInformer<T> removeEventHandler(
      ResourceEventHandler<? super T> handler) {
    handlers.remove(handler);
    ListenerRegistration late = lateHandlers.remove(handler);
    if (late != null) {
      late.close();
    }
    return this;
  }

  @Override
  public SharedIndexInformer<T> addIndexers(Map<String, Function<T, List<String>>> indexers) {
    view.addIndexers(indexers);
    return this;
  }

  @Override
  public SharedIndexInformer<T> removeIndexer(String indexName) {
    view.removeIndexer(indexName);
    return this;
  }

  @Override
  public Indexer<T> getIndexer() {
    return view;
  }

  @Override
  public Store<T> getStore() {
    return view;
  }

  /** @return whether the shared informer synced while this view was started */
  @Override
  public boolean hasSynced() {
    return syncedOnce;
  }

  /**
   * The shared informers do not expose the resource version of their last list.
   *
   * @return null, always; {@link #hasSynced()} does not depend on it
   */
  @Override
  public String lastSyncResourceVersion() {
    return null;
  }

  @Override
  public boolean isRunning() {
    return started && !stopCalled && !stopped.isDone() && !shared.health().dead();
  }

  @Override
  public boolean isWatching() {
    return started && !stopCalled && shared.health().watching();
  }

  @Override
  public Class<T> getApiTypeClass() {
    return type;
  }

  @Override
  public SharedIndexInformer<T> initialState(Stream<T> items) {
    throw new ConfigurationException("an initial state is not supported by the shared "
        + type.getSimpleName() + " informer: it lists the server itself");
  }

  @Override
  public SharedIndexInformer<T> itemStore(ItemStore<T> itemStore) {
    throw new ConfigurationException("an item store is not supported by the shared "
        + type.getSimpleName() + " informer: it keeps its own (InformerOptions chooses lean"
        + " objects); remove the itemStore from the JOSDK informer configuration");
  }

  @Override
  public SharedIndexInformer<T> exceptionHandler(ExceptionHandler handler) {
    LOG.debug("{}: JOSDK's exception handler is not used; the shared informer retries what is"
        + " retryable and dies on what is not", name);
    return this;
  }

  @Override
  public CompletionStage<Void> stopped() {
    return stopped.copy();
  }

  @Override
  public String toString() {
    return name + " (view of the shared " + type.getSimpleName() + " informer for "
        + shared.scope() + ")";
  }

  /** @return the shared informer this is a view of */
  SharedInformer<T> shared() {
    return shared;
  }

  /** @return the registrations this view holds now (for tests) */
  synchronized List<ListenerRegistration> registrations() {
    List<ListenerRegistration> all = new ArrayList<>();
    if (registration != null && !registration.isClosed()) {
      all.add(registration);
    }
    lateHandlers.values().stream().filter(r -> !r.isClosed()).forEach(all::add);
    return all;
  }

  private void listenerClosed(AgentsApiException cause) {
    LOG.error("{}: the shared informers closed this view's listener ({}); JOSDK is told the"
        + " informer stopped", name, cause.getMessage());
    fail(cause);
  }

  private void fail(Throwable cause) {
    if (!stopCalled) {
      stopped.completeExceptionally(cause);
    }
  }

  private static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof java.util.concurrent.ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }

  /**
   * Tells a view that its shared informer died after it synced. Holds the view weakly: the
   * shared informers keep their callbacks for good, a stopped view must not stay reachable.
   */
  private static final class DeathWatch implements Consumer<InformerHealth> {
    private final WeakReference<SharedIndexInformerFacade<?>> facade;

    DeathWatch(SharedIndexInformerFacade<?> facade) {
      this.facade = new WeakReference<>(facade);
    }

    @Override
    public void accept(InformerHealth health) {
      SharedIndexInformerFacade<?> f = facade.get();
      if (f != null && !f.stopCalled && health.scope().equals(f.shared.scope())
          && health.kind().equals(HasMetadata.getKind(f.type))) {
        f.fail(new InformerFailedException("the shared " + health.kind() + " informer for "
            + health.scope() + " is dead: " + health.lastError(), 0, null));
      }
    }
  }
}
