package io.kruise.agents.controller.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.testkit.MockApiServer;
import io.kruise.agents.testkit.MockApiServerExtension;
import io.kruise.agents.testkit.RealApiServerExtension;
import io.kruise.agents.testkit.TestCluster;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Finds the server a test class runs against, as the testkit's extensions prepared it: the
 * {@link TestCluster} of {@code @WithRealApiServer} (the local real API server, or the cluster of
 * {@code SANDBOX_TEST_KUBECONFIG}) or the {@link MockApiServer} of {@code @WithMockApiServer}.
 * They keep it in their JUnit store under their own class (its namespace) and the server's class
 * (its key); this reads it from there, so the testkit stays the one place that starts servers.
 */
final class TestServers {

  /**
   * A server and the namespace of the test class on it.
   *
   * @param namespace the class's namespace
   * @param isMock true on the mock API server
   * @param newClient makes an admin client in that namespace
   */
  record Server(String namespace, boolean isMock,
      java.util.function.Supplier<KubernetesClient> newClient) {}

  private TestServers() {}

  static Server of(ExtensionContext context) {
    TestCluster cluster = context.getStore(
            ExtensionContext.Namespace.create(RealApiServerExtension.class))
        .get(TestCluster.class, TestCluster.class);
    if (cluster != null) {
      return new Server(cluster.namespace(), false, cluster::newAdminClient);
    }
    MockApiServer mock = context.getStore(
            ExtensionContext.Namespace.create(MockApiServerExtension.class))
        .get(MockApiServer.class, MockApiServer.class);
    if (mock != null) {
      KubernetesClient probe = mock.createClient();
      String namespace;
      try {
        namespace = probe.getNamespace();
      } finally {
        probe.close();
      }
      return new Server(namespace, true, mock::createClient);
    }
    throw new ExtensionConfigurationException("OperatorExtension needs a server: annotate "
        + context.getRequiredTestClass().getSimpleName() + " with @WithMockApiServer or"
        + " @WithRealApiServer (declared on the class, so that it starts before the Operator)");
  }
}
