package io.kruise.agents.informers;

import com.github.benmanes.caffeine.cache.Ticker;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.ClientCache;
import io.kruise.agents.client.exceptions.ClientClosedException;
import io.kruise.agents.client.exceptions.ConfigurationException;
import io.kruise.agents.client.exceptions.ValidationException;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.CustomResource;
import io.kruise.agents.client.AgentsKinds;
import io.kruise.agents.client.ResourceKind;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxClaim;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxTemplate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared informers of one {@code AgentsClient}: exactly one informer per kind (any registered
 * {@link ResourceKind}: the built-in ones of {@link AgentsKinds} or yours) and
 * {@link InformerScope}, created and started on demand, shared by every lister, listener and wait
 * of the process, and stopped when the client closes. Obtained from {@link #of(AgentsClient)}.
 *
 * <pre>{@code
 * SharedInformer<Sandbox> sandboxes = SharedInformers.of(agents).sandboxes();
 * sandboxes.awaitSynced(Duration.ofSeconds(30));
 * List<Sandbox> pool = sandboxes.lister().byIndex(SandboxIndexes.POOL, "my-pool");
 * }</pre>
 *
 * <p>While an informer covers a namespace, the client's {@code waitForSandboxCondition} and
 * friends wait on its cache instead of opening a watch, and the client's writes are visible in its
 * listers at once.
 */
public final class SharedInformers implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SharedInformers.class);

  private final InformerOptions options;
  private final DefaultSharedInformer.Context context;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService listenerPool;
  private final Ticker ticker;
  private final ExecutorService completionPool;
  /** The informers of each kind by scope, and the kind's registration, by resource class. */
  private final Map<Class<?>, KindInformers<?, ?>> kinds = new ConcurrentHashMap<>();
  private final List<Consumer<InformerHealth>> deadCallbacks = new CopyOnWriteArrayList<>();
  private final java.util.concurrent.atomic.LongAdder deadCallbackFailures =
      new java.util.concurrent.atomic.LongAdder();
  private volatile boolean closed;

  /** One kind's registration, its informers by scope, and how its written objects are cached. */
  private static final class KindInformers<T extends CustomResource<?, ?>,
      L extends KubernetesResourceList<T>> {
    final ResourceKind<T, L> kind;
    final Map<InformerScope, DefaultSharedInformer<T, L>> byScope = new ConcurrentHashMap<>();
    /** Prepares this process's written objects like cached ones (see {@link #written}). */
    final ObjectCompactor<T> writtenCompactor;

    KindInformers(ResourceKind<T, L> kind, InformerOptions options) {
      this.kind = kind;
      this.writtenCompactor = new ObjectCompactor<>(options, false);
    }
  }

  /**
   * The shared informers of a client, created with the default options on first call.
   *
   * @param agents the client whose cache they are
   * @return the one {@code SharedInformers} of that client
   * @throws ValidationException when {@code agents} is null
   */
  public static SharedInformers of(AgentsClient agents) {
    return of(agents, null);
  }

  /**
   * The shared informers of a client, created with these options on first call. While one of
   * them covers a namespace, the client's waits there use its cache, and the client's writes are
   * visible in its listers at once. They stop when the client closes.
   *
   * @param agents the client whose cache they are
   * @param options cache settings; null means the defaults, or whatever the first call chose
   * @return the one {@code SharedInformers} of that client
   * @throws ValidationException when {@code agents} is null
   * @throws ConfigurationException when they already exist with other options
   */
  public static SharedInformers of(AgentsClient agents, InformerOptions options) {
    if (agents == null) {
      throw ValidationException.forField("agents", "Required", "must not be null");
    }
    InformerOptions chosen = options == null ? InformerOptions.DEFAULTS : options;
    SharedInformers informers = agents.cache(ClientHook.class,
        () -> new ClientHook(new SharedInformers(agents.kubernetesClient(), chosen,
            Ticker.systemTicker()))).informers;
    if (options != null && !options.equals(informers.options())) {
      throw new ConfigurationException("the shared informers of this AgentsClient already exist"
          + " with " + informers.options() + "; options can only be chosen before the first use");
    }
    return informers;
  }

  SharedInformers(KubernetesClient client, InformerOptions options,
      Ticker ticker) {
    this.options = options;
    this.ticker = ticker;
    this.scheduler = InformerExecutors.timer();
    this.listenerPool = Executors.newCachedThreadPool(
        InformerExecutors.daemon("agents-informers-listener"));
    this.completionPool = InformerExecutors.completions(options.completionThreads());
    this.context = new DefaultSharedInformer.Context(
        InformerDeserialization.informerClient(client, options), options, scheduler, listenerPool,
        completionPool, this::informerDied);
    for (ResourceKind<?, ?> kind : AgentsKinds.all()) {
      register(kind);
    }
  }

  /** @return the cache settings */
  public InformerOptions options() {
    return options;
  }

  /** @return the Sandbox informer of all namespaces */
  public SharedInformer<Sandbox> sandboxes() {
    return informer(AgentsKinds.SANDBOX);
  }

  /**
   * @param scope a namespace or all, and an optional label selector
   * @return the one Sandbox informer of that scope (created, not yet started, on first call)
   */
  public SharedInformer<Sandbox> sandboxes(InformerScope scope) {
    return informer(AgentsKinds.SANDBOX, scope);
  }

  /** @return the SandboxSet informer of all namespaces */
  public SharedInformer<SandboxSet> sandboxSets() {
    return informer(AgentsKinds.SANDBOX_SET);
  }

  /**
   * @param scope a namespace or all, and an optional label selector
   * @return the one SandboxSet informer of that scope
   */
  public SharedInformer<SandboxSet> sandboxSets(InformerScope scope) {
    return informer(AgentsKinds.SANDBOX_SET, scope);
  }

  /** @return the SandboxClaim informer of all namespaces */
  public SharedInformer<SandboxClaim> sandboxClaims() {
    return informer(AgentsKinds.SANDBOX_CLAIM);
  }

  /**
   * @param scope a namespace or all, and an optional label selector
   * @return the one SandboxClaim informer of that scope
   */
  public SharedInformer<SandboxClaim> sandboxClaims(InformerScope scope) {
    return informer(AgentsKinds.SANDBOX_CLAIM, scope);
  }

  /** @return the SandboxTemplate informer of all namespaces */
  public SharedInformer<SandboxTemplate> sandboxTemplates() {
    return informer(AgentsKinds.SANDBOX_TEMPLATE);
  }

  /**
   * @param scope a namespace or all, and an optional label selector
   * @return the one SandboxTemplate informer of that scope
   */
  public SharedInformer<SandboxTemplate> sandboxTemplates(InformerScope scope) {
    return informer(AgentsKinds.SANDBOX_TEMPLATE, scope);
  }

  /**
   * The informer of all namespaces of any registered kind.
   *
   * @param kind the kind's registration, e.g. {@link AgentsKinds#SANDBOX_CLAIM} or one of yours
   * @param <T> the resource type
   * @return the one informer of that kind of all namespaces
   * @throws ValidationException when {@code kind} is null
   * @throws ConfigurationException when another registration of the same class is in use
   */
  public <T extends CustomResource<?, ?>> SharedInformer<T> informer(ResourceKind<T, ?> kind) {
    return informer(kind, InformerScope.allNamespaces());
  }

  /**
   * The informer of one scope of any registered kind, with the kind's default indexes; created,
   * not yet started, on first call. Its objects are the ones the client's waits and
   * read-modify-write helpers of that kind use while it covers their namespace.
   *
   * @param kind the kind's registration
   * @param scope a namespace or all, and an optional label selector
   * @param <T> the resource type
   * @param <L> its list type
   * @return the one informer of that kind and scope
   * @throws ValidationException when {@code kind} or {@code scope} is null
   * @throws ConfigurationException when another registration of the same class is in use
   */
  public <T extends CustomResource<?, ?>, L extends KubernetesResourceList<T>> SharedInformer<T>
      informer(ResourceKind<T, L> kind, InformerScope scope) {
    if (kind == null) {
      throw ValidationException.forField("kind", "Required", "must not be null");
    }
    if (scope == null) {
      // before the registration: a refused call leaves nothing behind
      throw ValidationException.forField("scope", "Required", "must not be null");
    }
    KindInformers<T, L> informers = register(kind);
    return informer(informers.byScope, scope, s -> new DefaultSharedInformer<>(context, kind, s,
        new WriteOverlay<>(options, ticker)));
  }

  /**
   * The registration in use for a resource class: a built-in kind, or one an informer was
   * created for.
   *
   * @param type the resource class; null finds nothing
   * @return its registration, or empty when none is known
   */
  public Optional<ResourceKind<?, ?>> registration(Class<?> type) {
    KindInformers<?, ?> known = type == null ? null : kinds.get(type);
    return known == null ? Optional.empty() : Optional.of(known.kind);
  }

  @SuppressWarnings("unchecked")
  private <T extends CustomResource<?, ?>, L extends KubernetesResourceList<T>>
      KindInformers<T, L> register(ResourceKind<T, L> kind) {
    KindInformers<?, ?> known = kinds.computeIfAbsent(kind.type(),
        t -> new KindInformers<>(kind, options));
    if (known.kind != kind) {
      throw new ConfigurationException(kind.type().getName() + " is registered already ("
          + known.kind + ", with indexes " + known.kind.indexes().keySet() + "); use that"
          + " registration: one kind has one set of default indexes per process");
    }
    return (KindInformers<T, L>) known;
  }

  /**
   * The informer of a scope, created under the lock that {@link #close()} takes: an informer is
   * either created before the close (and stopped by it) or refused after it, never left running.
   */
  private <I extends DefaultSharedInformer<?, ?>> I informer(Map<InformerScope, I> informers,
      InformerScope scope, java.util.function.Function<InformerScope, I> create) {
    if (scope == null) {
      throw ValidationException.forField("scope", "Required", "must not be null");
    }
    I existing = informers.get(scope);
    if (existing != null) {
      ensureOpen();
      return existing;
    }
    synchronized (this) {
      ensureOpen();
      return informers.computeIfAbsent(scope, create);
    }
  }

  /**
   * Waits until every started informer has synced.
   *
   * @param timeout the overall timeout
   * @return true when all synced in time
   */
  public boolean awaitSynced(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (DefaultSharedInformer<?, ?> informer : all()) {
      if (informer.health().started() && !informer.awaitSynced(
          Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
        return false;
      }
    }
    return true;
  }

  /** @return the health of every informer created so far */
  public List<InformerHealth> health() {
    List<InformerHealth> health = new ArrayList<>();
    for (DefaultSharedInformer<?, ?> informer : all()) {
      health.add(informer.health());
    }
    return health;
  }

  /**
   * For readiness probes: every started informer is synced, watching and alive.
   *
   * @return true when healthy (also when none was started)
   */
  public boolean isHealthy() {
    return health().stream().filter(InformerHealth::started).allMatch(InformerHealth::isHealthy);
  }

  /**
   * Registers a callback for informers that stop for good after an unrecoverable error (such as
   * a missing CRD or revoked permissions). Such an informer is also logged at error level.
   *
   * @param callback receives the dead informer's health; one that throws is logged and counted
   *     and does not keep the others from running
   * @throws ValidationException when {@code callback} is null
   */
  public void onInformerDead(Consumer<InformerHealth> callback) {
    if (callback == null) {
      throw ValidationException.forField("callback", "Required", "must not be null");
    }
    deadCallbacks.add(callback);
  }

  /** Each callback on its own: one that throws is logged and counted, the others still run. */
  private void informerDied(InformerHealth health) {
    for (Consumer<InformerHealth> callback : deadCallbacks) {
      try {
        callback.accept(health);
      } catch (RuntimeException e) {
        deadCallbackFailures.increment();
        LOG.warn("a dead-informer callback threw on {} {}", health.kind(), health.scope(), e);
      }
    }
  }

  /** @return how many dead-informer callbacks have thrown */
  long deadCallbackFailures() {
    return deadCallbackFailures.sum();
  }

  List<DefaultSharedInformer<?, ?>> all() {
    List<DefaultSharedInformer<?, ?>> all = new ArrayList<>();
    for (KindInformers<?, ?> kind : kinds.values()) {
      all.addAll(kind.byScope.values());
    }
    return all;
  }

  private java.util.Collection<? extends DefaultSharedInformer<?, ?>> informersOf(Class<?> type) {
    KindInformers<?, ?> kind = kinds.get(type);
    return kind == null ? List.of() : kind.byScope.values();
  }

  /** The client's waits: on the first live informer that covers the namespace, if any. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  <T extends HasMetadata> CompletableFuture<T> waitFor(Class<T> type, String namespace,
      String name, Predicate<T> predicate, String description, Duration timeout) {
    if (closed) {
      return null;
    }
    for (DefaultSharedInformer informer : informersOf(type)) {
      InformerHealth health = informer.health();
      if (health.started() && !health.dead() && informer.scope().coversAllOf(namespace)) {
        return informer.waitFor(namespace, name, predicate, description, timeout);
      }
    }
    return null;
  }

  /**
   * The client's cached reads (read-modify-write helpers): from the first synced, live informer
   * that holds the whole namespace; null when none does or it holds only a lean copy.
   */
  @SuppressWarnings("unchecked")
  <T extends HasMetadata> T cached(Class<T> type, String namespace, String name) {
    if (closed) {
      return null;
    }
    for (DefaultSharedInformer<?, ?> informer : informersOf(type)) {
      InformerHealth health = informer.health();
      if (health.synced() && !health.dead() && informer.scope().coversAllOf(namespace)) {
        HasMetadata obj = informer.lister().get(namespace, name);
        return obj == null || io.kruise.agents.client.LeanObjects.isPartial(obj) ? null : (T) obj;
      }
    }
    return null;
  }

  /**
   * The client's cached index reads: from the first synced, live informer that holds the whole
   * namespace; null when none does.
   */
  @SuppressWarnings("unchecked")
  <T extends HasMetadata> List<T> cachedByIndex(Class<T> type, String namespace, String index,
      String key) {
    if (closed) {
      return null;
    }
    for (DefaultSharedInformer<?, ?> informer : informersOf(type)) {
      InformerHealth health = informer.health();
      if (health.synced() && !health.dead() && informer.scope().coversAllOf(namespace)) {
        return (List<T>) informer.lister().byIndex(index, key).stream()
            .filter(o -> namespace.equals(o.getMetadata().getNamespace())).toList();
      }
    }
    return null;
  }

  /**
   * Read your writes: every informer of the kind that covers the namespace keeps the write until
   * it has seen that version itself (one overlay per informer, so an informer that is behind
   * never loses an entry because another one caught up). One copy serves them all: a copy because
   * the caller owns the returned object, compacted because listers share it.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  void written(HasMetadata result) {
    String namespace = result.getMetadata().getNamespace();
    KindInformers kind = kinds.get(result.getClass());
    if (kind == null) {
      return;
    }
    HasMetadata copy = null;
    for (DefaultSharedInformer informer : (java.util.Collection<DefaultSharedInformer>)
        kind.byScope.values()) {
      if (informer.scope().covers(namespace)) {
        if (copy == null) {
          copy = kind.writtenCompactor.compact(
              context.client().getKubernetesSerialization().clone(result));
        }
        informer.overlay().written(copy);
      }
    }
  }

  void deleted(Class<? extends HasMetadata> type, String namespace, String name, String uid) {
    for (DefaultSharedInformer<?, ?> informer : informersOf(type)) {
      if (informer.scope().covers(namespace)) {
        informer.overlay().deleted(namespace, name, uid);
      }
    }
  }

  /**
   * The seam to the {@link AgentsClient}: only the client that these informers were created for
   * holds it, so only that client's writes reach the overlays.
   */
  private static final class ClientHook implements ClientCache {
    final SharedInformers informers;

    ClientHook(SharedInformers informers) {
      this.informers = informers;
    }

    @Override
    public <T extends HasMetadata> CompletableFuture<T> waitFor(Class<T> type, String namespace,
        String name, Predicate<T> predicate, String description, Duration timeout) {
      return informers.waitFor(type, namespace, name, predicate, description, timeout);
    }

    @Override
    public <T extends HasMetadata> T cached(Class<T> type, String namespace, String name) {
      return informers.cached(type, namespace, name);
    }

    @Override
    public <T extends HasMetadata> List<T> cachedByIndex(Class<T> type, String namespace,
        String index, String key) {
      return informers.cachedByIndex(type, namespace, index, key);
    }

    @Override
    public void written(HasMetadata result) {
      informers.written(result);
    }

    @Override
    public void deleted(Class<? extends HasMetadata> type, String namespace, String name,
        String uid) {
      informers.deleted(type, namespace, name, uid);
    }

    @Override
    public void close() {
      informers.close();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new ClientClosedException("the shared informers are closed: their AgentsClient was"
          + " closed");
    }
  }

  /** Stops every informer and listener. Idempotent. */
  @Override
  public void close() {
    List<DefaultSharedInformer<?, ?>> informers;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      informers = all();
    }
    for (DefaultSharedInformer<?, ?> informer : informers) {
      try {
        informer.stop();
      } catch (RuntimeException e) {
        LOG.warn("stopping the {} informer for {} failed", informer.kind(), informer.scope(), e);
      }
    }
    scheduler.shutdownNow();
    listenerPool.shutdownNow();
    // Not shutdownNow: completions already decided still complete their futures.
    completionPool.shutdown();
  }
}
