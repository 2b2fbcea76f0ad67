package io.kruise.agents.testkit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test class annotated with {@link WithRealApiServer} runs against: the testkit's
 * {@link RealApiServer}, or the external cluster named by {@code SANDBOX_TEST_KUBECONFIG}; and
 * the fresh namespace the class got.
 */
public final class TestCluster {

  private final RealApiServer server;
  private final Path externalKubeconfig;
  private final String namespace;

  private TestCluster(RealApiServer server, Path externalKubeconfig, String namespace) {
    this.server = server;
    this.externalKubeconfig = externalKubeconfig;
    this.namespace = namespace;
  }

  static TestCluster local(RealApiServer server, String namespace) {
    return new TestCluster(server, null, namespace);
  }

  static TestCluster external(Path kubeconfig, String namespace) {
    TestCluster cluster = new TestCluster(null, kubeconfig, namespace);
    try (KubernetesClient admin = cluster.newAdminClient()) {
      admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
          .endMetadata().build()).create();
      Crds.install(admin, java.time.Duration.ofSeconds(60));
    }
    return cluster;
  }

  void cleanUp() {
    if (externalKubeconfig != null) {
      try (KubernetesClient admin = newAdminClient()) {
        admin.namespaces().withName(namespace).delete();
      }
    }
  }

  /**
   * Installs the CRDs of kinds beyond the built-in ones ({@link Crds#load(Class[])}) with the
   * admin client, creating or updating them and waiting until they are Established. A CRD is
   * cluster-wide: it stays for later test classes on the same server (installing it again is
   * harmless).
   *
   * @param kinds the kinds' model classes
   * @throws IllegalArgumentException when a class names no group or version
   */
  @SafeVarargs
  public final void installCrds(Class<? extends HasMetadata>... kinds) {
    List<CustomResourceDefinition> crds = Crds.load(kinds);
    try (KubernetesClient admin = newAdminClient()) {
      Crds.install(admin, crds, java.time.Duration.ofSeconds(60));
    }
  }

  /** @return the namespace this test class owns; clients default to it */
  public String namespace() {
    return namespace;
  }

  /** @return the local real API server, or empty on an external cluster */
  public Optional<RealApiServer> server() {
    return Optional.ofNullable(server);
  }

  /** @return true when the tests run against {@code SANDBOX_TEST_KUBECONFIG} */
  public boolean isExternal() {
    return externalKubeconfig != null;
  }

  /** @return a new admin client in {@link #namespace()}; the caller closes it */
  public KubernetesClient newAdminClient() {
    if (server != null) {
      return server.newAdminClient(namespace);
    }
    try {
      Config config = Config.fromKubeconfig(null, Files.readString(externalKubeconfig),
          externalKubeconfig.toString());
      config.setNamespace(namespace);
      return new KubernetesClientBuilder().withConfig(config).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return a new client of the read-only user; only on the local server */
  public KubernetesClient newReadOnlyClient() {
    return localServer("a read-only user").newReadOnlyClient(namespace);
  }

  /** @return a new client without credentials; only on the local server */
  public KubernetesClient newUnauthenticatedClient() {
    return localServer("an unauthenticated client").newUnauthenticatedClient(namespace);
  }

  /**
   * Writes a kubeconfig for this cluster's admin credentials with {@link #namespace()} as the
   * namespace of its current context, so that another process can connect: for example a child
   * JVM started with {@code KUBECONFIG=<file>} (see {@link JavaProcess}), whose fabric8 client then
   * connects here by default. On the local server it holds the admin token (the file is readable
   * by its owner only); on an external cluster it is a copy of {@code SANDBOX_TEST_KUBECONFIG}
   * with the namespace set (relative file references in it then resolve against the new file's
   * directory).
   *
   * @param file where to write it (replaced if it exists)
   * @return the file
   */
  public Path writeKubeconfig(Path file) {
    if (server != null) {
      return server.writeKubeconfig(file, namespace);
    }
    try {
      io.fabric8.kubernetes.api.model.Config kubeconfig = Serialization.unmarshal(
          Files.readString(externalKubeconfig), io.fabric8.kubernetes.api.model.Config.class);
      kubeconfig.getContexts().stream()
          .filter(c -> c.getName().equals(kubeconfig.getCurrentContext())).findFirst()
          .orElseThrow(() -> new IllegalStateException(externalKubeconfig
              + " has no current context"))
          .getContext().setNamespace(namespace);
      return OwnerOnlyFiles.write(file, Serialization.asYaml(kubeconfig));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads the local server's {@code apiserver_request_total} (requests counted when they end);
   * only on the local server.
   *
   * @return the counts now
   * @see RealApiServer#requestCounts()
   */
  public RequestCounts requestCounts() {
    return localServer("request counts").requestCounts();
  }

  /**
   * Reads the local server's count of requests started, by namespace (a WATCH counts when it
   * opens); only on the local server.
   *
   * @return the counts now
   * @see RealApiServer#requestsStarted()
   */
  public StartedRequests requestsStarted() {
    return localServer("request counts").requestsStarted();
  }

  /**
   * Compacts etcd so watches from older resourceVersions get 410 Gone; only on the local server.
   *
   * @return the revision compacted to
   */
  public long compactEtcd() {
    return localServer("etcd compaction").compactEtcd();
  }

  private RealApiServer localServer(String what) {
    Assumptions.assumeTrue(server != null, what + " needs the testkit's local API server, not "
        + "the external cluster of SANDBOX_TEST_KUBECONFIG");
    return server;
  }
}
