package io.kruise.agents.examples.service;

import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetSpec;
import io.kruise.agents.spring.AgentsCache;
import java.time.Clock;
import java.util.Map;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The service's parts, on the starter's client and informers (namespace: the client's). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SampleProperties.class)
class ServiceConfiguration {

  @Bean
  PoolView poolView(AgentsClient agents, AgentsCache cache) {
    InformerScope scope = InformerScope.namespace(agents.namespace());
    return new PoolView(cache.sandboxSets(scope), cache.sandboxes(scope), agents.namespace());
  }

  @Bean
  ClaimRate claimRate() {
    return new ClaimRate(Clock.systemUTC());
  }

  @Bean
  DashboardFeed dashboardFeed(AgentsClient agents, AgentsCache cache, PoolView view,
      ClaimRate rate, com.fasterxml.jackson.databind.ObjectMapper json) {
    return new DashboardFeed(cache, InformerScope.namespace(agents.namespace()), view, rate,
        json);
  }

  /** The simulated pool controller and runtime, where no controller runs (embedded). */
  @Bean(initMethod = "start", destroyMethod = "close")
  @ConditionalOnProperty(name = "sample.simulate", havingValue = "true")
  WarmPools simulatedPools(AgentsClient agents, AgentsCache cache, SampleProperties properties) {
    InformerScope scope = InformerScope.namespace(agents.namespace());
    return new SimulatedPools(agents, cache.sandboxSets(scope), cache.sandboxes(scope),
        properties.getStartupDelay());
  }

  /** Creates the configured SandboxSets that do not exist yet, when simulating. */
  @Bean
  @ConditionalOnProperty(name = "sample.simulate", havingValue = "true")
  ApplicationRunner createPools(AgentsClient agents, AgentsCache cache,
      SampleProperties properties) {
    return args -> {
      InformerScope scope = InformerScope.namespace(agents.namespace());
      for (Map.Entry<String, Integer> pool : properties.getPools().entrySet()) {
        if (cache.sandboxSets(scope).lister().get(agents.namespace(), pool.getKey()) == null) {
          agents.sandboxSets().createSandboxSet(SandboxSet.of(null, pool.getKey(),
              new SandboxSetSpec().withReplicas(pool.getValue())));
        }
      }
    };
  }
}
