package io.kruise.agents.spring;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.informers.SandboxPool;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.spring.InformersLifecycle.StartupScope;
import io.kruise.agents.spring.InformersLifecycle.SyncBeforeReady;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the OpenKruise Agents client for Spring Boot: an {@link AgentsClient}
 * (on the application's {@link KubernetesClient} bean if it has one, else from the kubeconfig or
 * the in-cluster service account), its {@link SharedInformers}, the recovering
 * {@link AgentsCache}, and a {@link SandboxPool}. Each bean backs off when the application
 * defines its own. The informers of {@code kruise.agents.informers.scopes} start with the
 * application, which reports ready once they have synced; they stop when the context closes.
 */
@AutoConfiguration
@ConditionalOnClass(AgentsClient.class)
@ConditionalOnProperty(prefix = "kruise.agents", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(AgentsProperties.class)
public class AgentsAutoConfiguration {

  /** Created by Spring Boot. */
  public AgentsAutoConfiguration() {}

  /**
   * The client, on the application's fabric8 client if there is one (its request timeout and
   * context are then that client's own).
   *
   * @param properties the {@code kruise.agents} settings
   * @param kubernetesClient the application's fabric8 client, if any
   * @return the client; closed with the context (an application's fabric8 client stays open)
   */
  @Bean
  @ConditionalOnMissingBean
  public AgentsClient agentsClient(AgentsProperties properties,
      ObjectProvider<KubernetesClient> kubernetesClient) {
    KubernetesClient client = kubernetesClient.getIfUnique();
    return client != null
        ? AgentsClient.create(client, properties.clientConfiguration())
        : AgentsClient.create(properties.clientConfiguration());
  }

  /**
   * The client's shared informers, with the {@code kruise.agents.informers} cache settings.
   *
   * @param agents the client
   * @param properties the settings
   * @return {@code SharedInformers.of(agents, options)}
   */
  @Bean
  @ConditionalOnMissingBean
  public SharedInformers sharedInformers(AgentsClient agents, AgentsProperties properties) {
    return SharedInformers.of(agents, properties.getInformers().options());
  }

  /**
   * The informers handed out to the application, replaced when they die.
   *
   * @param agents the client
   * @param informers its shared informers
   * @param properties the recovery settings
   * @return the cache
   */
  @Bean
  @ConditionalOnMissingBean
  public AgentsCache agentsCache(AgentsClient agents, SharedInformers informers,
      AgentsProperties properties) {
    return new AgentsCache(agents, informers, properties.getRecovery());
  }

  /**
   * Claims from warm pools, on the Sandbox informer of the first startup scope (it must cover the
   * namespaces claimed from).
   *
   * @param agents the client it writes with
   * @param cache where its candidates come from
   * @param properties the startup scopes
   * @return the pool
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "kruise.agents.pool", name = "enabled", matchIfMissing = true)
  public SandboxPool sandboxPool(AgentsClient agents, AgentsCache cache,
      AgentsProperties properties) {
    StartupScope first = StartupScope.of(properties).get(0);
    return new SandboxPool(agents, cache.sandboxes(first.scope()));
  }

  /**
   * Starts the startup informers early and stops all of them last.
   *
   * @param cache the cache
   * @param informers the client's shared informers
   * @param properties the startup scopes
   * @param meters the meter binder, when Micrometer is configured
   * @return the lifecycle
   */
  @Bean
  InformersLifecycle kruiseAgentsInformersLifecycle(AgentsCache cache, SharedInformers informers,
      AgentsProperties properties, ObjectProvider<AgentsMeterBinder> meters) {
    List<StartupScope> scopes = StartupScope.of(properties);
    return new InformersLifecycle(cache, informers, scopes,
        () -> meters.ifAvailable(AgentsMeterBinder::rebind));
  }

  /**
   * Holds back the application's readiness until the startup informers have synced.
   *
   * @param cache the cache
   * @param properties the startup scopes and the sync timeout
   * @return the lifecycle
   */
  @Bean
  SyncBeforeReady kruiseAgentsSyncBeforeReady(AgentsCache cache, AgentsProperties properties) {
    return new SyncBeforeReady(cache, StartupScope.of(properties),
        properties.getInformers().getSyncTimeout());
  }
}
