package io.kruise.agents.informers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.client.ClientCache;
import io.kruise.agents.client.exceptions.SandboxNotFoundException;
import io.kruise.agents.client.exceptions.SandboxSetNotFoundException;
import io.kruise.agents.model.AgentsApi;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxList;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetList;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared informers of one {@code AgentsClient}: exactly one informer per kind and
 * {@link InformerScope}, created and started on demand, shared by every lister, listener and wait
 * of the process, and stopped when the client closes. Obtained from
 * {@code AgentsClient.informers()}.
 *
 * <pre>{@code
 * SharedInformer<Sandbox> sandboxes = agents.informers().sandboxes();
 * sandboxes.awaitSynced(Duration.ofSeconds(30));
 * List<Sandbox> pool = sandboxes.lister().byIndex(SandboxIndexes.POOL, "my-pool");
 * }</pre>
 *
 * <p>While an informer covers a namespace, the client's {@code waitForSandboxCondition} and
 * friends wait on its cache instead of opening a watch, and the client's writes are visible in its
 * listers at once.
 */
public final class SharedInformers implements ClientCache, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SharedInformers.class);

  private final InformerOptions options;
  private final DefaultSharedInformer.Context context;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService listenerPool;
  private final ExecutorService completionPool;
  private final WriteOverlay<Sandbox> sandboxOverlay;
  private final WriteOverlay<SandboxSet> sandboxSetOverlay;
  /** Prepare this process's written objects like cached ones (see {@link #written}). */
  private final ObjectCompactor<Sandbox> writtenSandboxes;
  private final ObjectCompactor<SandboxSet> writtenSandboxSets;
  private final Map<InformerScope, DefaultSharedInformer<Sandbox, SandboxList>> sandboxInformers =
      new ConcurrentHashMap<>();
  private final Map<InformerScope, DefaultSharedInformer<SandboxSet, SandboxSetList>> setInformers =
      new ConcurrentHashMap<>();
  private final List<Consumer<InformerHealth>> deadCallbacks = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  /**
   * Creates the informers of a fabric8 client; normally done by {@code AgentsClient.informers()}.
   *
   * @param client the fabric8 client to list and watch with
   * @param options cache settings
   */
  public SharedInformers(KubernetesClient client, InformerOptions options) {
    this.options = options;
    this.scheduler = InformerExecutors.timer();
    this.listenerPool = Executors.newCachedThreadPool(daemon("agents-informers-listener"));
    this.completionPool = InformerExecutors.completions(options.completionThreads());
    this.context = new DefaultSharedInformer.Context(client, options, scheduler, listenerPool,
        completionPool, this::informerDied);
    this.sandboxOverlay = new WriteOverlay<>(options);
    this.sandboxSetOverlay = new WriteOverlay<>(options);
    this.writtenSandboxes = new ObjectCompactor<>(options, Sandbox.class, false);
    this.writtenSandboxSets = new ObjectCompactor<>(options, SandboxSet.class, false);
  }

  /** @return the cache settings */
  public InformerOptions options() {
    return options;
  }

  /** @return the Sandbox informer of all namespaces */
  public SharedInformer<Sandbox> sandboxes() {
    return sandboxes(InformerScope.allNamespaces());
  }

  /**
   * @param scope a namespace or all, and an optional label selector
   * @return the one Sandbox informer of that scope (created, not yet started, on first call)
   */
  public SharedInformer<Sandbox> sandboxes(InformerScope scope) {
    ensureOpen();
    return sandboxInformers.computeIfAbsent(scope, s -> new DefaultSharedInformer<>(context,
        Sandbox.class, SandboxList.class, AgentsApi.SANDBOX_KIND, s, sandboxOverlay,
        SandboxIndexes.sandboxIndexes(),
        (ns, name, detail) -> new SandboxNotFoundException(ns, name, detail, null)));
  }

  /** @return the SandboxSet informer of all namespaces */
  public SharedInformer<SandboxSet> sandboxSets() {
    return sandboxSets(InformerScope.allNamespaces());
  }

  /**
   * @param scope a namespace or all, and an optional label selector
   * @return the one SandboxSet informer of that scope
   */
  public SharedInformer<SandboxSet> sandboxSets(InformerScope scope) {
    ensureOpen();
    return setInformers.computeIfAbsent(scope, s -> new DefaultSharedInformer<>(context,
        SandboxSet.class, SandboxSetList.class, AgentsApi.SANDBOXSET_KIND, s, sandboxSetOverlay,
        SandboxIndexes.sandboxSetIndexes(),
        (ns, name, detail) -> new SandboxSetNotFoundException(ns, name, detail, null)));
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
   * @param callback receives the dead informer's health
   */
  public void onInformerDead(Consumer<InformerHealth> callback) {
    deadCallbacks.add(callback);
  }

  private void informerDied(InformerHealth health) {
    for (Consumer<InformerHealth> callback : deadCallbacks) {
      callback.accept(health);
    }
  }

  List<DefaultSharedInformer<?, ?>> all() {
    List<DefaultSharedInformer<?, ?>> all = new ArrayList<>(sandboxInformers.values());
    all.addAll(setInformers.values());
    return all;
  }

  WriteOverlay<Sandbox> sandboxOverlay() {
    return sandboxOverlay;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> CompletableFuture<T> waitFor(Class<T> type, String namespace,
      String name, Predicate<T> predicate, String description, Duration timeout) {
    if (closed) {
      return null;
    }
    Map<InformerScope, ? extends DefaultSharedInformer<?, ?>> informers =
        type == Sandbox.class ? sandboxInformers : type == SandboxSet.class ? setInformers : Map.of();
    for (DefaultSharedInformer<?, ?> informer : informers.values()) {
      InformerHealth health = informer.health();
      if (health.started() && !health.dead() && informer.scope().coversAllOf(namespace)) {
        return (CompletableFuture<T>) waitOn(informer, namespace, name,
            (Predicate<Object>) (Predicate<?>) predicate, description, timeout);
      }
    }
    return null;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static CompletableFuture<?> waitOn(DefaultSharedInformer informer, String namespace,
      String name, Predicate<Object> predicate, String description, Duration timeout) {
    return informer.waitFor(namespace, name, predicate, description, timeout);
  }

  /**
   * Keeps a copy of a write's result for read your writes. A copy, because the result is also
   * returned to the caller, who may change it; compacted like a cached object (unmodifiable
   * collections, the lean store's stripping), because listers hand it out as a shared object.
   */
  @Override
  public void written(HasMetadata result) {
    if (result instanceof Sandbox s && !sandboxInformers.isEmpty()) {
      sandboxOverlay.written(writtenSandboxes.compact(s.deepCopy()));
    } else if (result instanceof SandboxSet s && !setInformers.isEmpty()) {
      sandboxSetOverlay.written(writtenSandboxSets.compact(s.deepCopy()));
    }
  }

  @Override
  public void deleted(Class<? extends HasMetadata> type, String namespace, String name) {
    if (type == Sandbox.class && !sandboxInformers.isEmpty()) {
      sandboxOverlay.deleted(namespace, name);
    } else if (type == SandboxSet.class && !setInformers.isEmpty()) {
      sandboxSetOverlay.deleted(namespace, name);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the shared informers are closed");
    }
  }

  /** Stops every informer and listener. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (DefaultSharedInformer<?, ?> informer : all()) {
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

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
