package io.kruise.agents.spring;

import java.time.Clock;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Actuator health of the informers: the {@code kruiseAgents} contributor, one indicator per
 * informer, which the starter adds to the readiness group (see {@link ReadinessGroupDefaults}).
 * Off with {@code management.health.kruiseagents.enabled=false}.
 */
@AutoConfiguration(after = AgentsAutoConfiguration.class)
@ConditionalOnClass(HealthContributor.class)
@ConditionalOnBean(AgentsCache.class)
@ConditionalOnEnabledHealthIndicator("kruiseagents")
public class AgentsHealthAutoConfiguration {

  /** Created by Spring Boot. */
  public AgentsHealthAutoConfiguration() {}

  /**
   * @param cache the informers
   * @param properties the watch-reconnect grace
   * @return the contributor named {@code kruiseAgents}
   */
  @Bean
  @ConditionalOnMissingBean(name = "kruiseAgentsHealthContributor")
  public HealthContributor kruiseAgentsHealthContributor(AgentsCache cache,
      AgentsProperties properties) {
    return new AgentsHealthContributor(cache, properties.getHealth().getWatchReconnectGrace(),
        Clock.systemUTC());
  }
}
