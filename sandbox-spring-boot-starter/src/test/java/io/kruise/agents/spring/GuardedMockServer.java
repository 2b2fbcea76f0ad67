package io.kruise.agents.spring;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kruise.agents.testkit.Crds;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The testkit's mock API server (CRUD mode, Sandbox CRDs registered) with a switch that refuses
 * every request for SandboxSets with 403, as an API server does after the application's
 * permissions on them are revoked: a SandboxSet informer that lists then dies.
 */
@SuppressWarnings("deprecation") // Serialization.jsonMapper(), as the testkit's MockApiServer uses it
final class GuardedMockServer implements AutoCloseable {

  private static final String SANDBOXSETS = "/apis/agents.kruise.io/v1alpha1/sandboxsets";
  private static final String FORBIDDEN = "{\"apiVersion\":\"v1\",\"kind\":\"Status\","
      + "\"status\":\"Failure\",\"reason\":\"Forbidden\",\"code\":403,\"message\":"
      + "\"sandboxsets.agents.kruise.io is forbidden: User \\\"app\\\" cannot list resource"
      + " \\\"sandboxsets\\\" in API group \\\"agents.kruise.io\\\" at the cluster scope\"}";

  private final AtomicBoolean refuseSandboxSets = new AtomicBoolean();
  private final KubernetesMockServer server;

  GuardedMockServer(boolean refuseSandboxSets) {
    this.refuseSandboxSets.set(refuseSandboxSets);
    List<CustomResourceDefinitionContext> crds = Crds.load().stream()
        .map(CustomResourceDefinitionContext::fromCrd).toList();
    server = new KubernetesMockServer(new Context(Serialization.jsonMapper()),
        new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(crds) {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (GuardedMockServer.this.refuseSandboxSets.get() && request.getPath() != null
                && request.getPath().startsWith(SANDBOXSETS)) {
              return new MockResponse().setResponseCode(403).setBody(FORBIDDEN);
            }
            return super.dispatch(request);
          }
        }, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
  }

  /** @param refuse whether SandboxSet requests are refused from now on */
  void refuseSandboxSets(boolean refuse) {
    refuseSandboxSets.set(refuse);
  }

  /** @return a new client in namespace {@code test} */
  NamespacedKubernetesClient createClient() {
    return server.createClient();
  }

  /** @return requests answered so far */
  int requestCount() {
    return server.getRequestCount();
  }

  @Override
  public void close() {
    server.destroy();
  }
}
