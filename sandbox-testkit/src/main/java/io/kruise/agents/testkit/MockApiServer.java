package io.kruise.agents.testkit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * fabric8's in-process mock API server in CRUD mode, with the CRDs of the four built-in kinds
 * (and of any kind a test adds, {@link #start(Class[])}) registered so that their status
 * subresource is honoured.
 *
 * <p>Fast and dependency-free, but not a real API server: it has no scale subresource, no
 * server-side apply, ignores watch resourceVersions, never answers 410 Gone, validates no schema,
 * and lets stale status updates through. Test those on {@link RealApiServer}.
 */
public final class MockApiServer implements AutoCloseable {

  private final KubernetesMockServer server;

  private MockApiServer(KubernetesMockServer server) {
    this.server = server;
  }

  /**
   * Starts a mock server on a free loopback port.
   *
   * @return the running server
   */
  public static MockApiServer start() {
    return start(List.of());
  }

  /**
   * Starts a mock server on a free loopback port that also serves the given kinds, from their
   * CRDs ({@link Crds#load(Class[])}): e.g. {@code MockApiServer.start(Widget.class)}, or
   * {@code @WithMockApiServer(kinds = Widget.class)}.
   *
   * @param kinds model classes of kinds beyond the built-in ones
   * @return the running server
   * @throws IllegalArgumentException when a class names no group or version
   */
  @SafeVarargs
  public static MockApiServer start(Class<? extends HasMetadata>... kinds) {
    return start(List.of(kinds));
  }

  static MockApiServer start(List<Class<? extends HasMetadata>> kinds) {
    List<CustomResourceDefinition> definitions = new ArrayList<>(Crds.load());
    for (Class<? extends HasMetadata> kind : kinds) {
      definitions.addAll(Crds.load(kind));
    }
    List<CustomResourceDefinitionContext> crds = definitions.stream()
        .map(CustomResourceDefinitionContext::fromCrd).toList();
    KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()),
        new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(crds), false);
    try {
      server.init(InetAddress.getLoopbackAddress(), 0);
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot start the mock API server: " + e.getMessage(), e);
    }
    return new MockApiServer(server);
  }

  /**
   * Creates a fabric8 client for this server, in namespace {@code test}.
   *
   * @return a new client; the caller closes it
   */
  public NamespacedKubernetesClient createClient() {
    return server.createClient();
  }

  /** @return how many requests the server has answered since it started */
  public int requestCount() {
    return server.getRequestCount();
  }

  /** @return the server's URL */
  public String url() {
    return server.url("/");
  }

  /** @return the underlying fabric8 mock server, for expectations in expectations mode */
  public KubernetesMockServer delegate() {
    return server;
  }

  /** Stops the server. */
  @Override
  public void close() {
    server.destroy();
  }
}
