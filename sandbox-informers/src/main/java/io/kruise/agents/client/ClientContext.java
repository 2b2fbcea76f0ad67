package io.kruise.agents.client;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every operation of one {@link AgentsClient} shares: the fabric8 client, the configuration,
 * a timer for deadlines, a worker pool for blocking follow-ups that must not run on fabric8's
 * watch threads, the cache (if one is attached) that serves waits and sees writes, and the waits that
 * are still pending, so that {@link #close()} can end them.
 *
 * <p>Thread-safe. A wait registers itself before it starts and unregisters when it ends; close
 * marks the context closed first and then ends what is registered, so a wait either registers
 * before close (and is ended by it) or is refused.
 */
final class ClientContext {

  /** How long a blocking wait waits beyond its own deadline before it gives up on the future. */
  static final Duration DEFAULT_AWAIT_GRACE = Duration.ofSeconds(10);

  /** Something pending that close must end. */
  interface Pending {
    void clientClosed();
  }

  private final KubernetesClient client;
  private final Configuration configuration;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService workers;
  private final Set<Pending> pending = ConcurrentHashMap.newKeySet();
  private volatile ClientCache cache = ClientCache.NONE;
  private volatile boolean closed;
  private volatile Duration awaitGrace = DEFAULT_AWAIT_GRACE;

  ClientContext(KubernetesClient client, Configuration configuration) {
    this.client = client;
    this.configuration = configuration;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("agents-client-timer"));
    this.workers = Executors.newCachedThreadPool(daemon("agents-client-worker"));
  }

  KubernetesClient client() {
    return client;
  }

  Configuration configuration() {
    return configuration;
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  ExecutorService workers() {
    return workers;
  }

  ClientCache cache() {
    return cache;
  }

  void cache(ClientCache cache) {
    this.cache = cache == null ? ClientCache.NONE : cache;
  }

  Duration awaitGrace() {
    return awaitGrace;
  }

  /** For tests: how long blocking waits wait beyond their deadline. */
  void awaitGrace(Duration grace) {
    this.awaitGrace = grace;
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * Registers something that close must end.
   *
   * @return false when the context is already closed (then nothing was registered)
   */
  boolean register(Pending p) {
    pending.add(p);
    if (closed) {
      pending.remove(p);
      return false;
    }
    return true;
  }

  void unregister(Pending p) {
    pending.remove(p);
  }

  /** @return how many waits are pending, for tests */
  int pendingCount() {
    return pending.size();
  }

  void close() {
    closed = true;
    for (Pending p : List.copyOf(pending)) {
      p.clientClosed();
    }
    pending.clear();
    scheduler.shutdownNow();
    workers.shutdownNow();
  }

  static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
