package io.kruise.agents.examples.service;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetSpec;
import io.kruise.agents.spring.AgentsCache;
import io.kruise.agents.informers.SharedInformers;
import java.time.Clock;
import java.util.Map;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.AbstractDependsOnBeanFactoryPostProcessor;
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

  /**
   * The kit's pool controller and simulated runtime, where no controller runs (embedded). Takes
   * the starter's {@code SharedInformers}, so that those exist with the starter's options before
   * the controller reads {@code SharedInformers.of(agents)}.
   */
  @Bean
  @ConditionalOnProperty(name = "sample.simulate", havingValue = "true")
  KitPools warmPools(AgentsClient agents, SharedInformers informers,
      SampleProperties properties) {
    return new KitPools(agents, informers, properties.getStartupDelay());
  }

  /**
   * Creates the pool controller before the starter's {@link AgentsCache}: the first use of a
   * cached informer (the {@code SandboxPool} bean's listener, say) starts it, and the controller
   * must add its index to the Sandbox informer before that.
   */
  @Bean
  @ConditionalOnProperty(name = "sample.simulate", havingValue = "true")
  static BeanFactoryPostProcessor poolControllerBeforeCache() {
    return new PoolControllerBeforeCache();
  }

  /** Makes every {@link AgentsCache} bean depend on the {@code warmPools} bean. */
  static final class PoolControllerBeforeCache extends AbstractDependsOnBeanFactoryPostProcessor {
    PoolControllerBeforeCache() {
      super(AgentsCache.class, "warmPools");
    }
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
          agents.sandboxSets().createSandboxSet(pool(pool.getKey(), pool.getValue()));
        }
      }
    };
  }

  /**
   * @param name the pool
   * @param replicas how many unclaimed sandboxes it keeps
   * @return a SandboxSet whose sandboxes run one container; the pool controller needs a
   *     template (the simulated runtime starts no pod from it)
   */
  static SandboxSet pool(String name, int replicas) {
    PodTemplateSpec template = new PodTemplateSpecBuilder()
        .withNewMetadata().addToLabels("app", "sandbox-service").endMetadata()
        .withNewSpec().addNewContainer().withName("sandbox").withImage(name + ":latest")
        .endContainer().endSpec().build();
    return SandboxSet.of(null, name, new SandboxSetSpec().withReplicas(replicas)
        .withTemplate(template));
  }
}
