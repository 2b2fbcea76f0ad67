package io.kruise.agents.spring;

import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.exceptions.ClientClosedException;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.informers.InformerHealth;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.model.AgentsApi;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's shared informers as the starter hands them out: one {@link SharedInformer}
 * per kind and scope that outlives the death of the library informer behind it.
 *
 * <p>In this library an informer whose list is refused with 401, 403 or 404 (revoked
 * permissions, a missing CRD) stops for good; its client has to be recreated. The starter does
 * that for you: the informers handed out here start on the {@code SharedInformers} of the
 * application's {@code AgentsClient}, and when one of them dies the cache, after a backoff
 * ({@code kruise.agents.recovery.*}), starts a replacement on a fresh {@code AgentsClient} that
 * wraps the same fabric8 client. Once the replacement has synced, reads, waits and listeners
 * go to it: an application that holds these informers, their listers and listener
 * registrations (and the {@code SandboxPool} bean, which is built on them) keeps working, and the
 * readiness health follows the replacement. Until then their listers throw
 * {@link io.kruise.agents.client.exceptions.InformerFailedException}, and waits pending at the
 * death fail with it, as the library's do.
 *
 * <p>What a recovery does not reach: informers created directly on the {@code SharedInformers}
 * bean (they stay dead, as in the library), and read-your-writes for a replaced scope: the
 * application client's writes reach only its own informers, so in a replaced scope they show in
 * the listers when the watch delivers them, not at once.
 *
 * <p>Thread-safe. Recoveries run on one daemon thread of this cache.
 */
public final class AgentsCache implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AgentsCache.class);

  private final AgentsClient agents;
  private final SharedInformers first;
  private final AgentsProperties.Recovery recovery;
  private final Map<String, RecoveringInformer<?>> informers = new ConcurrentHashMap<>();
  /** Clients this cache created for replacements, with their informers; newest last. */
  private final Map<SharedInformers, AgentsClient> hosts =
      java.util.Collections.synchronizedMap(new LinkedHashMap<>());
  private final List<Runnable> changeCallbacks = new CopyOnWriteArrayList<>();
  private final List<Consumer<InformerHealth>> recoveredCallbacks = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService recoveryThread;
  private final AtomicBoolean recoveryScheduled = new AtomicBoolean();
  private final AtomicLong recoveries = new AtomicLong();
  /** Recovery attempts since the last one that synced; guarded by {@code this}. */
  private int failedAttempts;
  private volatile boolean closed;

  /**
   * A cache on the shared informers of an application's client. The auto-configuration creates
   * one; an application that defines its own (to recover differently, say) replaces it.
   *
   * @param agents the application's client; replacements wrap its fabric8 client and settings
   * @param first {@code SharedInformers.of(agents, ...)}, where every informer starts
   * @param recovery whether and how fast dead informers are replaced
   */
  public AgentsCache(AgentsClient agents, SharedInformers first,
      AgentsProperties.Recovery recovery) {
    this.agents = agents;
    this.first = first;
    this.recovery = recovery;
    this.recoveryThread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kruise-agents-recovery");
      t.setDaemon(true);
      return t;
    });
    first.onInformerDead(this::informerDied);
  }

  /** @return the Sandbox informer of all namespaces */
  public SharedInformer<Sandbox> sandboxes() {
    return sandboxes(InformerScope.allNamespaces());
  }

  /**
   * @param scope a namespace or all, and an optional label selector
   * @return the one Sandbox informer of that scope, created (not started) on first call
   * @throws ValidationException when {@code scope} is null
   * @throws ClientClosedException once the cache is closed
   */
  @SuppressWarnings("unchecked")
  public SharedInformer<Sandbox> sandboxes(InformerScope scope) {
    return (SharedInformer<Sandbox>) informer(AgentsApi.SANDBOX_KIND, scope,
        s -> s.sandboxes(scope));
  }

  /** @return the SandboxSet informer of all namespaces */
  public SharedInformer<SandboxSet> sandboxSets() {
    return sandboxSets(InformerScope.allNamespaces());
  }

  /**
   * @param scope a namespace or all, and an optional label selector
   * @return the one SandboxSet informer of that scope, created (not started) on first call
   * @throws ValidationException when {@code scope} is null
   * @throws ClientClosedException once the cache is closed
   */
  @SuppressWarnings("unchecked")
  public SharedInformer<SandboxSet> sandboxSets(InformerScope scope) {
    return (SharedInformer<SandboxSet>) informer(AgentsApi.SANDBOXSET_KIND, scope,
        s -> s.sandboxSets(scope));
  }

  private <T extends io.fabric8.kubernetes.api.model.HasMetadata> RecoveringInformer<?> informer(
      String kind, InformerScope scope,
      java.util.function.Function<SharedInformers, SharedInformer<T>> select) {
    if (scope == null) {
      throw ValidationException.forField("scope", "Required", "must not be null");
    }
    if (closed) {
      throw new ClientClosedException("the agents cache is closed: its application context"
          + " was closed");
    }
    boolean[] created = new boolean[1];
    RecoveringInformer<?> informer = informers.computeIfAbsent(key(kind, scope), k -> {
      created[0] = true;
      return new RecoveringInformer<>(kind, scope, select, first, this::changed);
    });
    if (created[0]) {
      changed();
    }
    return informer;
  }

  private static String key(String kind, InformerScope scope) {
    return kind + " " + scope;
  }

  /**
   * The health of every informer of the application: those handed out here (the current one of
   * each), and any other informer created on the first {@code SharedInformers}.
   *
   * @return one entry per kind and scope
   */
  public List<InformerHealth> health() {
    Map<String, InformerHealth> health = new LinkedHashMap<>();
    for (InformerHealth h : first.health()) {
      health.put(key(h.kind(), h.scope()), h);
    }
    for (Map.Entry<String, RecoveringInformer<?>> e : informers.entrySet()) {
      health.put(e.getKey(), e.getValue().health());
    }
    return new ArrayList<>(health.values());
  }

  /** @return true when every started informer is synced, watching and alive */
  public boolean isHealthy() {
    return health().stream().filter(InformerHealth::started).allMatch(InformerHealth::isHealthy);
  }

  /** @return whether dead informers are replaced */
  boolean recovering() {
    return recovery.isEnabled() && !closed;
  }

  /** @return how many dead informers have been replaced so far */
  public long recoveries() {
    return recoveries.get();
  }

  /**
   * Registers a callback for each replacement that has taken over from a dead informer.
   *
   * @param callback receives the replacement's health
   */
  public void onRecovered(Consumer<InformerHealth> callback) {
    recoveredCallbacks.add(callback);
  }

  /** @return the first shared informers and those of the replacement clients, oldest first */
  List<SharedInformers> allSharedInformers() {
    List<SharedInformers> all = new ArrayList<>();
    all.add(first);
    synchronized (hosts) {
      all.addAll(hosts.keySet());
    }
    return all;
  }

  /**
   * Registers a callback for changes meters may need to follow: an informer created, a listener
   * added, a replacement taken over.
   *
   * @param callback runs on the thread that made the change
   */
  void onChange(Runnable callback) {
    changeCallbacks.add(callback);
  }

  private void changed() {
    for (Runnable callback : changeCallbacks) {
      try {
        callback.run();
      } catch (RuntimeException e) {
        LOG.warn("a change callback of the agents cache threw", e);
      }
    }
  }

  private void informerDied(InformerHealth health) {
    if (!recovery.isEnabled() || closed) {
      return;
    }
    if (!informers.containsKey(key(health.kind(), health.scope()))) {
      LOG.error("the {} informer for {} died and is not recovered: it was not created through"
          + " the AgentsCache", health.kind(), health.scope());
      return;
    }
    scheduleRecovery();
  }

  private void scheduleRecovery() {
    if (closed || !recoveryScheduled.compareAndSet(false, true)) {
      return;
    }
    Duration delay;
    synchronized (this) {
      delay = backoff(recovery.getInitialDelay(), recovery.getMaxDelay(), failedAttempts++);
    }
    LOG.info("replacing dead informers in {}", delay);
    try {
      recoveryThread.schedule(this::recover, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      recoveryScheduled.set(false); // closed meanwhile
    }
  }

  /**
   * @param initial the first delay
   * @param max the largest delay
   * @param failed attempts that failed so far
   * @return {@code initial} doubled per failed attempt, at most {@code max}
   */
  static Duration backoff(Duration initial, Duration max, int failed) {
    long millis = initial.toMillis();
    for (int i = 0; i < failed && millis < max.toMillis(); i++) {
      millis *= 2;
    }
    return Duration.ofMillis(Math.min(millis, max.toMillis()));
  }

  /** One attempt: every dead informer gets a replacement on one fresh client. */
  private void recover() {
    recoveryScheduled.set(false);
    if (closed) {
      return;
    }
    List<RecoveringInformer<?>> dead = informers.values().stream()
        .filter(i -> i.current().health().dead() && i.pendingHost() == null).toList();
    if (dead.isEmpty()) {
      return;
    }
    AgentsClient host;
    SharedInformers replacements;
    try {
      host = AgentsClient.create(agents.kubernetesClient(), agents.configuration());
      replacements = SharedInformers.of(host, first.options());
    } catch (RuntimeException e) {
      LOG.warn("cannot create a client for replacement informers: {}", e.toString());
      scheduleRecovery();
      return;
    }
    hosts.put(replacements, host);
    replacements.onInformerDead(this::informerDied);
    for (RecoveringInformer<?> informer : dead) {
      replace(informer, replacements);
    }
    retireUnusedHosts();
  }

  private <T extends io.fabric8.kubernetes.api.model.HasMetadata> void replace(
      RecoveringInformer<T> informer, SharedInformers replacements) {
    SharedInformer<T> fresh;
    try {
      fresh = informer.replaceOn(replacements).orElse(null);
    } catch (RuntimeException e) {
      LOG.warn("cannot start a replacement {} informer for {}: {}", informer.kind(),
          informer.scope(), e.toString());
      scheduleRecovery();
      return;
    }
    if (fresh == null) {
      return;
    }
    fresh.synced().whenComplete((v, t) -> onRecoveryThread(() -> {
      if (t != null) {
        // It died too: its death callback has scheduled the next attempt, with more delay.
        informer.abandon(fresh);
        retireUnusedHosts();
        return;
      }
      informer.switchTo(fresh);
      synchronized (this) {
        failedAttempts = 0;
      }
      recoveries.incrementAndGet();
      LOG.info("the {} informer for {} is back: a replacement synced with {} objects",
          informer.kind(), informer.scope(), fresh.health().size());
      retireUnusedHosts();
      for (Consumer<InformerHealth> callback : recoveredCallbacks) {
        callback.accept(fresh.health());
      }
    }));
  }

  private void onRecoveryThread(Runnable task) {
    try {
      recoveryThread.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("the agents cache closed before a replacement completed");
    }
  }

  /** Closes the replacement clients whose informers no longer serve anyone. */
  private void retireUnusedHosts() {
    Set<Object> used = new HashSet<>();
    for (RecoveringInformer<?> informer : informers.values()) {
      used.add(informer.currentHost());
      used.add(informer.pendingHost());
    }
    List<AgentsClient> retired = new ArrayList<>();
    synchronized (hosts) {
      hosts.entrySet().removeIf(e -> {
        if (used.contains(e.getKey())) {
          return false;
        }
        retired.add(e.getValue());
        return true;
      });
    }
    retired.forEach(AgentsClient::close);
  }

  /**
   * Stops recovering and closes the replacement clients (their informers stop, their pending
   * waits end). The first shared informers belong to the application's client and close with it.
   * Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    recoveryThread.shutdownNow();
    List<AgentsClient> all;
    synchronized (hosts) {
      all = new ArrayList<>(hosts.values());
      hosts.clear();
    }
    all.forEach(AgentsClient::close);
  }
}
