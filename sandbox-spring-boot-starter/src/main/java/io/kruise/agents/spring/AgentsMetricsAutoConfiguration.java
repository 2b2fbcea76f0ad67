package io.kruise.agents.spring;

import io.kruise.agents.informers.SandboxPool;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer: the library's informer, listener, wait and pool meters, bound to the application's
 * registries by Spring Boot's {@link MeterBinder} support (see
 * {@link io.kruise.agents.informers.InformerMetrics} for the names).
 */
@AutoConfiguration(after = AgentsAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(AgentsCache.class)
public class AgentsMetricsAutoConfiguration {

  /** Created by Spring Boot. */
  public AgentsMetricsAutoConfiguration() {}

  /**
   * @param cache the informers
   * @param pool the pool bean, if any
   * @return the binder
   */
  @Bean
  AgentsMeterBinder kruiseAgentsMeterBinder(AgentsCache cache,
      ObjectProvider<SandboxPool> pool) {
    return new AgentsMeterBinder(cache, pool.getIfUnique());
  }
}
