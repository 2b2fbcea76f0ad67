package io.kruise.agents.controller.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.controller.josdk.JosdkSharing;
import io.kruise.agents.informers.InformerOptions;
import io.kruise.agents.informers.SharedInformers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs a java-operator-sdk {@link Operator} with given reconcilers for a test class, on the
 * server of the testkit's {@code @WithMockApiServer} or {@code @WithRealApiServer} (the local real
 * API server, or the cluster of {@code SANDBOX_TEST_KUBECONFIG}): one Operator per class, every
 * controller watching only the class's namespace, on the shared informers of one
 * {@link AgentsClient} ({@link JosdkSharing}); stopped, with its client, after the class.
 *
 * <pre>{@code
 * @WithRealApiServer
 * class PoolRealServerTest {
 *   @RegisterExtension
 *   static final OperatorExtension OPERATOR = OperatorExtension.builder()
 *       .reconciler(agents -> new PoolReconciler(agents))
 *       .build();
 *
 *   @Test
 *   void fills(RunningOperator running) {
 *     running.agents().sandboxSets(running.namespace()).createSandboxSet(set);
 *   }
 * }
 * }</pre>
 *
 * <p>Test parameters: {@link RunningOperator} (the Operator, its {@code AgentsClient}, the
 * namespace) and {@link Operator}. A parameter of type {@code AgentsClient} is still the
 * testkit's: another client, with informers of its own.
 *
 * <p>On the mock API server, which has no server-side apply, JOSDK patches primaries with merge
 * patches ({@code withUseSSAToPatchPrimaryResource(false)}).
 */
public final class OperatorExtension implements BeforeAllCallback, AfterAllCallback,
    ParameterResolver {

  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(OperatorExtension.class);

  private final List<Registration> registrations;
  private final List<Consumer<ConfigurationServiceOverrider>> configuration;
  private final Map<String, Interceptor> interceptors;
  private final boolean onlyHttpWatches;
  private final boolean sharing;
  private final InformerOptions informerOptions;
  private final boolean recordRequests;
  private volatile RunningOperator running;

  private OperatorExtension(Builder b) {
    this.registrations = List.copyOf(b.registrations);
    this.configuration = List.copyOf(b.configuration);
    this.interceptors = new LinkedHashMap<>(b.interceptors);
    this.onlyHttpWatches = b.onlyHttpWatches;
    this.sharing = b.sharing;
    this.informerOptions = b.informerOptions;
    this.recordRequests = b.recordRequests;
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @return the running Operator of the current test class
   * @throws IllegalStateException outside a test class's lifetime
   */
  public RunningOperator running() {
    RunningOperator r = running;
    if (r == null) {
      throw new IllegalStateException("the Operator runs only while its test class runs");
    }
    return r;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    TestServers.Server server = TestServers.of(context);
    RequestLog log = recordRequests ? new RequestLog() : null;
    KubernetesClient client = client(server, log);
    AgentsClient agents = AgentsClient.create(client);
    Operator operator = null;
    try {
      if (informerOptions != null) {
        SharedInformers.of(agents, informerOptions);
      }
      operator = new Operator(o -> configure(o, server, client, agents));
      for (Registration r : registrations) {
        r.register(operator, agents, server.namespace());
      }
      operator.start();
    } catch (RuntimeException e) {
      close(operator, agents, client);
      throw e;
    }
    running = new RunningOperator(operator, agents, client, server.namespace(), log);
    context.getStore(NS).put(RunningOperator.class, running);
  }

  private void configure(ConfigurationServiceOverrider o, TestServers.Server server,
      KubernetesClient client, AgentsClient agents) {
    if (sharing) {
      JosdkSharing.configure(o, agents);
    } else {
      o.withKubernetesClient(client).withCloseClientOnStop(false);
    }
    o.withCacheSyncTimeout(Duration.ofSeconds(30));
    if (server.isMock()) {
      o.withUseSSAToPatchPrimaryResource(false);
    }
    configuration.forEach(c -> c.accept(o));
  }

  private KubernetesClient client(TestServers.Server server, RequestLog log) {
    KubernetesClient base = server.newClient().get();
    if (interceptors.isEmpty() && log == null && !onlyHttpWatches) {
      return base;
    }
    try {
      Config config = new ConfigBuilder(base.getConfiguration()).build();
      if (onlyHttpWatches) {
        config.setOnlyHttpWatches(true);
      }
      return new KubernetesClientBuilder().withConfig(config).withHttpClientBuilderConsumer(b -> {
        if (log != null) {
          b.addOrReplaceInterceptor("operator-extension-request-log", log);
        }
        interceptors.forEach(b::addOrReplaceInterceptor);
      }).build();
    } finally {
      base.close();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    RunningOperator r = context.getStore(NS).remove(RunningOperator.class, RunningOperator.class);
    running = null;
    if (r != null) {
      close(r.operator(), r.agents(), r.kubernetesClient());
    }
  }

  private static void close(Operator operator, AgentsClient agents, KubernetesClient client) {
    try {
      if (operator != null) {
        operator.stop();
      }
    } finally {
      try {
        agents.close();
      } finally {
        client.close();
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == RunningOperator.class || type == Operator.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    RunningOperator r = context.getStore(NS).get(RunningOperator.class, RunningOperator.class);
    if (r == null) {
      throw new ParameterResolutionException("no Operator: register the OperatorExtension in a"
          + " static field, so it runs for the whole class");
    }
    return parameter.getParameter().getType() == Operator.class ? r.operator() : r;
  }

  /** Registers one reconciler on the Operator. */
  @FunctionalInterface
  private interface Registration {
    void register(Operator operator, AgentsClient agents, String namespace);
  }

  /** Builds an {@link OperatorExtension}. */
  public static final class Builder {
    private final List<Registration> registrations = new ArrayList<>();
    private final List<Consumer<ConfigurationServiceOverrider>> configuration = new ArrayList<>();
    private final Map<String, Interceptor> interceptors = new LinkedHashMap<>();
    private boolean onlyHttpWatches;
    private boolean sharing = true;
    private boolean recordRequests;
    private InformerOptions informerOptions;

    private Builder() {}

    /**
     * @param factory makes the reconciler from the Operator's {@code AgentsClient}
     * @param <P> the primary type
     * @return this builder
     */
    public <P extends HasMetadata> Builder reconciler(Function<AgentsClient, Reconciler<P>> factory) {
      return reconciler(factory, c -> {});
    }

    /**
     * @param factory makes the reconciler from the Operator's {@code AgentsClient}
     * @param controller more controller settings (the namespace is set to the class's first;
     *     override it here if needed)
     * @param <P> the primary type
     * @return this builder
     */
    public <P extends HasMetadata> Builder reconciler(Function<AgentsClient, Reconciler<P>> factory,
        Consumer<ControllerConfigurationOverrider<P>> controller) {
      registrations.add((operator, agents, namespace) -> operator.register(factory.apply(agents),
          c -> controller.accept(c.settingNamespace(namespace))));
      return this;
    }

    /**
     * @param settings more Operator settings, applied after the extension's own
     * @return this builder
     */
    public Builder operator(Consumer<ConfigurationServiceOverrider> settings) {
      configuration.add(settings);
      return this;
    }

    /**
     * @param name the interceptor's name
     * @param interceptor a fabric8 HTTP interceptor for the Operator's client (e.g. a
     *     {@link WatchGate})
     * @return this builder
     */
    public Builder interceptor(String name, Interceptor interceptor) {
      interceptors.put(name, interceptor);
      return this;
    }

    /** Records every request of the Operator's client ({@link RunningOperator#requests()}). @return this builder */
    public Builder recordRequests() {
      this.recordRequests = true;
      return this;
    }

    /** Watches over HTTP rather than WebSockets (what a {@link WatchGate} needs). @return this builder */
    public Builder onlyHttpWatches() {
      this.onlyHttpWatches = true;
      return this;
    }

    /**
     * @param options the shared informers' options
     * @return this builder
     */
    public Builder informerOptions(InformerOptions options) {
      this.informerOptions = options;
      return this;
    }

    /**
     * The Operator gets the plain client: JOSDK builds its own informers (with their own watches),
     * as it would without this library. For comparisons. @return this builder
     */
    public Builder withoutSharing() {
      this.sharing = false;
      return this;
    }

    /** @return the extension; register it in a static field with {@code @RegisterExtension} */
    public OperatorExtension build() {
      return new OperatorExtension(this);
    }
  }
}
