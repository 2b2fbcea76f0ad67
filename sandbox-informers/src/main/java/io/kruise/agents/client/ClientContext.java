package io.kruise.agents.client;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every operation of one {@link AgentsClient} shares: the fabric8 client, the configuration,
 * a timer for deadlines, a worker pool for blocking follow-ups that must not run on fabric8's
 * watch threads, and the cache (if one is attached) that serves waits and sees writes.
 */
final class ClientContext {

  private final KubernetesClient client;
  private final Configuration configuration;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService workers;
  private volatile ClientCache cache = ClientCache.NONE;

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

  void close() {
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
