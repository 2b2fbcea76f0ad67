package io.kruise.agents.benchmarks;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxStatus;
import io.kruise.agents.testkit.RealApiServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/** Helpers of the harnesses that run against the testkit's real API server. */
final class RealServers {

  private RealServers() {}

  /**
   * A client of the real server with a request-counting interceptor, built from the admin
   * client's configuration (the testkit exposes no other way to reach the server's URL and token).
   */
  static KubernetesClient countingClient(RealApiServer server, String namespace,
      RequestCounter counter) {
    Config config;
    try (KubernetesClient admin = server.newAdminClient(namespace)) {
      config = admin.getConfiguration();
    }
    return counter.install(new KubernetesClientBuilder().withConfig(config)).build();
  }

  /** @return a short random id for namespaces of one run */
  static String runId() {
    return Integer.toString(ThreadLocalRandom.current().nextInt(1 << 24), 36);
  }

  /**
   * Creates Sandboxes and sets their status, as a SandboxSet controller and a sandbox
   * controller would, with a few threads.
   *
   * @param agents the client to write with
   * @param count how many
   * @param objects makes the object {@code i} to create (its namespace set)
   * @param statuses makes the status of object {@code i}
   * @param threads writer threads
   * @return the objects as the server stored them after the status write
   */
  static List<Sandbox> create(AgentsClient agents, int count, IntFunction<Sandbox> objects,
      IntFunction<SandboxStatus> statuses, int threads) {
    Sandbox[] stored = new Sandbox[count];
    parallel(count, threads, i -> {
      Sandbox s = objects.apply(i);
      String ns = s.getMetadata().getNamespace();
      Sandbox created = agents.sandboxes(ns).createSandbox(s);
      created.setStatus(statuses.apply(i));
      stored[i] = agents.sandboxes(ns).updateSandboxStatus(created.getMetadata().getName(),
          created);
    });
    return List.of(stored);
  }

  /** Runs {@code body} for 0..count-1 on a few threads; rethrows the first failure. */
  static void parallel(int count, int threads, IntConsumer body) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      int chunk = (count + threads - 1) / threads;
      for (int t = 0; t < threads; t++) {
        int from = t * chunk;
        int to = Math.min(count, from + chunk);
        futures.add(pool.submit(() -> {
          for (int i = from; i < to; i++) {
            body.accept(i);
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.MINUTES);
      }
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("a writer failed: " + e.getCause(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("writers timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
  }
}
