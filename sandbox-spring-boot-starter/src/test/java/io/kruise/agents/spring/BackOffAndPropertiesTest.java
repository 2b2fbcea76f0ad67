package io.kruise.agents.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.Configuration;
import io.kruise.agents.client.exceptions.ConfigurationException;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.informers.InformerHealth;
import io.kruise.agents.informers.InformerOptions;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.SandboxPool;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.testkit.MockApiServer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Each bean backs off when the application defines its own, the switches turn parts off, the
 * properties reach the library, and bad settings fail the startup with the library's typed
 * exceptions naming the setting.
 */
class BackOffAndPropertiesTest {

  private static MockApiServer server;

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(AgentsAutoConfiguration.class,
          AgentsHealthAutoConfiguration.class, AgentsMetricsAutoConfiguration.class));
  private final ApplicationContextRunner withClient = runner
      .withBean(KubernetesClient.class, () -> server.createClient());

  @BeforeAll
  static void start() {
    server = MockApiServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void everyBeanIsThereByDefault() {
    withClient.run(context -> {
      assertThat(context).hasSingleBean(AgentsClient.class).hasSingleBean(SharedInformers.class)
          .hasSingleBean(AgentsCache.class).hasSingleBean(SandboxPool.class)
          .hasBean("kruiseAgentsHealthContributor").hasSingleBean(AgentsMeterBinder.class);
      assertThat(context.getBean(AgentsClient.class).kubernetesClient())
          .isSameAs(context.getBean(KubernetesClient.class));
    });
  }

  @Test
  void theApplicationsAgentsClientIsUsed() {
    withClient.withBean("mine", AgentsClient.class,
        () -> AgentsClient.create(server.createClient(), Configuration.builder()
            .namespace("mine").build())).run(context -> {
              assertThat(context).hasSingleBean(AgentsClient.class);
              AgentsClient mine = context.getBean("mine", AgentsClient.class);
              assertThat(mine.namespace()).isEqualTo("mine");
              assertThat(context.getBean(SharedInformers.class)).isSameAs(SharedInformers.of(mine));
            });
  }

  @Test
  void theApplicationsSharedInformersAreWhereTheCacheStarts() {
    withClient.withUserConfiguration(OwnInformers.class).run(context -> {
      assertThat(context).hasSingleBean(SharedInformers.class);
      SharedInformers mine = context.getBean(SharedInformers.class);
      assertThat(mine.options().listPageSize()).isEqualTo(7);
      assertThat(context.getBean(AgentsCache.class).allSharedInformers()).containsExactly(mine);
    });
  }

  /** An application that chooses its own informer options. */
  @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
  static class OwnInformers {
    @org.springframework.context.annotation.Bean
    SharedInformers sharedInformers(AgentsClient agents) {
      return SharedInformers.of(agents, InformerOptions.builder().listPageSize(7).build());
    }
  }

  @Test
  void theApplicationsCacheIsUsed() {
    withClient.withUserConfiguration(OwnCache.class).run(context -> {
      assertThat(context).hasSingleBean(AgentsCache.class).hasBean("myCache");
      assertThat(context.getBean(AgentsCache.class).sandboxes(InformerScope.allNamespaces())
          .health().started()).as("the startup scope, started on the application's cache")
          .isTrue();
    });
  }

  /** An application with its own cache (no recovery). */
  @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
  static class OwnCache {
    @org.springframework.context.annotation.Bean
    AgentsCache myCache(AgentsClient agents, SharedInformers informers) {
      AgentsProperties.Recovery none = new AgentsProperties.Recovery();
      none.setEnabled(false);
      return new AgentsCache(agents, informers, none);
    }
  }

  @Test
  void theApplicationsPoolIsUsed() {
    withClient.withUserConfiguration(OwnPool.class).run(context -> {
      assertThat(context).hasSingleBean(SandboxPool.class);
      assertThat(context).hasBean("myPool").doesNotHaveBean("sandboxPool");
    });
  }

  /** An application with its own pool. */
  @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
  static class OwnPool {
    @org.springframework.context.annotation.Bean
    SandboxPool myPool(AgentsClient agents) {
      return new SandboxPool(agents);
    }
  }

  @Test
  void switchesTurnPartsOff() {
    withClient.withPropertyValues("kruise.agents.enabled=false").run(context ->
        assertThat(context).doesNotHaveBean(AgentsClient.class)
            .doesNotHaveBean(AgentsCache.class));
    withClient.withPropertyValues("kruise.agents.pool.enabled=false").run(context ->
        assertThat(context).hasSingleBean(AgentsCache.class).doesNotHaveBean(SandboxPool.class));
    withClient.withPropertyValues("management.health.kruiseagents.enabled=false").run(context ->
        assertThat(context).doesNotHaveBean("kruiseAgentsHealthContributor"));
  }

  @Test
  void withoutActuatorOrMicrometerTheRestStillWorks() {
    withClient.withClassLoader(new FilteredClassLoader(HealthContributor.class, MeterBinder.class))
        .run(context -> assertThat(context).hasSingleBean(AgentsCache.class)
            .doesNotHaveBean("kruiseAgentsHealthContributor")
            .doesNotHaveBean(AgentsMeterBinder.class));
  }

  @Test
  void withoutAFabric8BeanTheClientComesFromTheKubeconfigAndContext(@TempDir Path dir)
      throws Exception {
    Path kubeconfig = kubeconfig(dir);
    runner.withPropertyValues("kruise.agents.kubeconfig=" + kubeconfig,
        "kruise.agents.context=staging", "kruise.agents.request-timeout=7s").run(context -> {
          AgentsClient agents = context.getBean(AgentsClient.class);
          assertThat(agents.kubernetesClient().getMasterUrl().toString())
              .isEqualTo(server.url());
          assertThat(agents.namespace()).isEqualTo("staging-ns");
          assertThat(agents.kubernetesClient().getConfiguration().getRequestTimeout())
              .isEqualTo(7000);
          assertThat(context.getBean(AgentsCache.class).health()).extracting(
              InformerHealth::synced).containsOnly(true);
        });
  }

  @Test
  void aContextTheKubeconfigLacksFailsTheStartupNamingIt(@TempDir Path dir) throws Exception {
    Path kubeconfig = kubeconfig(dir);
    runner.withPropertyValues("kruise.agents.kubeconfig=" + kubeconfig,
        "kruise.agents.context=prod").run(context -> assertThat(context).getFailure()
            .rootCause().isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("'prod'").hasMessageContaining("staging"));
  }

  @Test
  void startupScopesAreStartedAndABadOneFailsTheStartupNamingIt() {
    withClient.withPropertyValues("kruise.agents.informers.scopes[0].namespace=team-a",
        "kruise.agents.informers.scopes[0].kinds=sandbox",
        "kruise.agents.informers.scopes[1].namespace=team-b",
        "kruise.agents.informers.scopes[1].label-selector=app=demo").run(context ->
            assertThat(context.getBean(AgentsCache.class).health())
                .filteredOn(InformerHealth::started)
                .extracting(h -> h.kind() + " " + h.scope()).containsExactlyInAnyOrder(
                    "Sandbox namespace team-a",
                    "Sandbox namespace team-b with labels app=demo",
                    "SandboxSet namespace team-b with labels app=demo"));
    withClient.withPropertyValues("kruise.agents.informers.scopes[0].namespace=Team_A")
        .run(context -> assertThat(context).getFailure().rootCause()
            .isInstanceOf(ValidationException.class).hasMessageContaining("Team_A"));
    withClient.withPropertyValues("kruise.agents.informers.list-page-size=0")
        .run(context -> assertThat(context).getFailure().rootCause()
            .isInstanceOf(ValidationException.class).hasMessageContaining("listPageSize"));
  }

  @Test
  void thePoolUsesTheFirstStartupScope() {
    withClient.withPropertyValues("kruise.agents.namespace=team-a").run(context -> {
      assertThat(context.getBean(AgentsCache.class).sandboxes(InformerScope.namespace("team-a"))
          .health().started()).isTrue();
      assertThat(context.getBean(AgentsCache.class).health()).extracting(InformerHealth::scope)
          .containsOnly(InformerScope.namespace("team-a"));
    });
  }

  private static Path kubeconfig(Path dir) throws Exception {
    return Files.writeString(dir.resolve("config"), String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: mock",
        "  cluster:",
        "    server: " + server.url(),
        "users:",
        "- name: tester",
        "  user:",
        "    token: not-a-secret",
        "contexts:",
        "- name: staging",
        "  context:",
        "    cluster: mock",
        "    user: tester",
        "    namespace: staging-ns",
        "current-context: staging",
        ""));
  }
}
