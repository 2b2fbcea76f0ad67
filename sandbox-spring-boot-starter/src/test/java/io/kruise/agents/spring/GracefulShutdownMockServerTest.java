package io.kruise.agents.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.exceptions.ClientClosedException;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.ListenerOptions;
import io.kruise.agents.informers.ListenerRegistration;
import io.kruise.agents.informers.ResourceListener;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSpec;
import io.kruise.agents.testkit.MockApiServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Closing the application context stops the informers: waits pending on the cache and on the
 * client end at once with {@link ClientClosedException} instead of running into their ten-minute
 * timeouts, listeners are closed, and the cache serves no more reads.
 */
class GracefulShutdownMockServerTest {

  private static final Duration QUICKLY = Duration.ofSeconds(5);

  /** An application on the mock server. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean
    KubernetesClient kubernetesClient(MockApiServer server) {
      return server.createClient();
    }
  }

  @Test
  void closingTheContextStopsTheInformersAndEndsPendingWaits() {
    try (MockApiServer server = MockApiServer.start()) {
      ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
          .web(WebApplicationType.NONE)
          .initializers(c -> c.getBeanFactory().registerSingleton("mockApiServer", server))
          .properties("kruise.agents.namespace=apps").run();
      AgentsClient agents = context.getBean(AgentsClient.class);
      SharedInformer<Sandbox> sandboxes = context.getBean(AgentsCache.class)
          .sandboxes(InformerScope.namespace("apps"));
      agents.sandboxes().createSandbox(Sandbox.of(null, "s1", new SandboxSpec()));
      CompletableFuture<Sandbox> onTheCache = sandboxes.waitFor("apps", "s1", s -> false,
          Duration.ofMinutes(10));
      CompletableFuture<Sandbox> onTheClient = agents.sandboxes()
          .waitForSandboxConditionAsync("s1", "Ready", "True", Duration.ofMinutes(10), null);
      ListenerRegistration listener = sandboxes.addListener(ListenerOptions.named("test"),
          new ResourceListener<>() { });

      context.close();

      assertThat(onTheCache).failsWithin(QUICKLY).withThrowableOfType(ExecutionException.class)
          .havingCause().isInstanceOf(ClientClosedException.class);
      assertThat(onTheClient).failsWithin(QUICKLY).withThrowableOfType(ExecutionException.class)
          .havingCause().isInstanceOf(ClientClosedException.class);
      assertThat(listener.isClosed()).isTrue();
      assertThatThrownBy(() -> sandboxes.lister().list(""))
          .isInstanceOf(ClientClosedException.class);
    }
  }
}
