package io.kruise.agents.faults;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxList;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetList;
import io.kruise.agents.testkit.RealApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What the fault-suite tests share: their figures on stdout, server snapshots to compare caches
 * with, clients tuned for restarts, kubeconfig files, and thread and descriptor counts.
 */
final class FaultSuite {

  private FaultSuite() {}

  /**
   * Prints one figure as a line starting with {@code fault-suite:}, so that the CI log (and
   * .ci/run, which collects them from the surefire output files) shows them together.
   */
  static void figure(String format, Object... args) {
    System.out.println("fault-suite: " + String.format(Locale.ROOT, format, args));
    System.out.flush();
  }

  /** @return namespace/name to resourceVersion of the objects, sorted, for comparisons */
  static Map<String, String> versions(Collection<? extends HasMetadata> objects) {
    Map<String, String> versions = new TreeMap<>();
    for (HasMetadata o : objects) {
      versions.put(key(o), o.getMetadata().getResourceVersion());
    }
    return versions;
  }

  static String key(HasMetadata o) {
    return o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }

  /** A fresh LIST of both kinds in one namespace (or all, for ""), straight from the server. */
  record ServerState(Map<String, String> sandboxes, Map<String, String> sandboxSets) {

    static ServerState list(KubernetesClient client, String namespace) {
      var sandboxOp = client.resources(Sandbox.class, SandboxList.class);
      var setOp = client.resources(SandboxSet.class, SandboxSetList.class);
      return new ServerState(
          versions((namespace.isEmpty() ? sandboxOp.inAnyNamespace()
              : sandboxOp.inNamespace(namespace)).list().getItems()),
          versions((namespace.isEmpty() ? setOp.inAnyNamespace()
              : setOp.inNamespace(namespace)).list().getItems()));
    }

    int size() {
      return sandboxes.size() + sandboxSets.size();
    }
  }

  /**
   * A client of the admin user like the testkit's, except that watches reconnect after 100 ms
   * (doubling up to 3.2 s) instead of after 1 s (doubling up to 32 s), so that six restarts fit in
   * the suite's time budget; and with the given number of request retries (fabric8 retries a
   * request that cannot connect: 0 makes churn writes fail fast while the API server is down).
   */
  static KubernetesClient restartFriendlyClient(KubernetesClient admin, int requestRetries) {
    Config config = new ConfigBuilder(admin.getConfiguration()).withWatchReconnectInterval(100)
        .withRequestRetryBackoffLimit(requestRetries).withRequestRetryBackoffInterval(100)
        .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /**
   * Writes a kubeconfig for the local server with one context per token, the first current.
   *
   * @param contexts context name to bearer token
   * @return the file; the caller deletes it
   */
  static Path kubeconfig(RealApiServer server, String namespace, Map<String, String> contexts) {
    StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n"
        + "- name: local\n  cluster:\n    server: " + server.url()
        + "\n    insecure-skip-tls-verify: true\ncontexts:\n");
    contexts.keySet().forEach(c -> yaml.append("- name: ").append(c).append("\n  context:\n")
        .append("    cluster: local\n    user: ").append(c).append("\n    namespace: ")
        .append(namespace).append('\n'));
    yaml.append("current-context: ").append(contexts.keySet().iterator().next())
        .append("\nusers:\n");
    contexts.forEach((c, token) -> yaml.append("- name: ").append(c).append("\n  user:\n")
        .append("    token: ").append(token).append('\n'));
    try {
      Path file = Files.createTempFile("fault-suite-kubeconfig", ".yaml");
      Files.writeString(file, yaml);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return live threads of the JVM */
  static int threads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  /** @return open file descriptors of this process (Linux), or -1 when /proc is not there */
  static int fileDescriptors() {
    Path fds = Path.of("/proc/self/fd");
    if (!Files.isDirectory(fds)) {
      return -1;
    }
    try (Stream<Path> list = Files.list(fds)) {
      return (int) list.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return live thread names grouped by their prefix (digits dropped), with counts */
  static Map<String, Integer> threadsByName() {
    Map<String, Integer> byName = new TreeMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      byName.merge(t.getName().replaceAll("\\d+", "#"), 1, Integer::sum);
    }
    return byName;
  }

  /** @return what differs, as key: expected -> actual */
  static Map<String, String> difference(Map<String, String> expected, Map<String, String> actual) {
    Map<String, String> diff = new TreeMap<>();
    expected.forEach((key, version) -> {
      if (!version.equals(actual.get(key))) {
        diff.put(key, version + " -> " + actual.get(key));
      }
    });
    actual.forEach((key, version) -> {
      if (!expected.containsKey(key)) {
        diff.put(key, "absent -> " + version);
      }
    });
    return diff;
  }

  /** @return milliseconds until the condition held, or -1 when it did not within the bound */
  static long millisUntil(Duration atMost, BooleanSupplier condition) {
    long start = System.nanoTime();
    try {
      Awaitility.await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
          .until(condition::getAsBoolean);
      return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    } catch (ConditionTimeoutException e) {
      return -1;
    }
  }
}
