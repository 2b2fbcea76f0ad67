package io.kruise.agents.examples.service;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.testkit.MockApiServer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded default: the testkit's in-process mock API server, and the fabric8 client that the
 * starter builds its {@code AgentsClient} on. Off with {@code sample.embedded=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sample.embedded", havingValue = "true", matchIfMissing = true)
class EmbeddedCluster {

  @Bean(destroyMethod = "close")
  MockApiServer mockApiServer() {
    return MockApiServer.start();
  }

  @Bean
  KubernetesClient kubernetesClient(MockApiServer server) {
    return server.createClient();
  }
}
