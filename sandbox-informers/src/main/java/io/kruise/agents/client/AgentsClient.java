package io.kruise.agents.client;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kruise.agents.client.exceptions.ClientClosedException;
import io.kruise.agents.client.exceptions.ConfigurationException;
import io.kruise.agents.client.exceptions.ValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: a connection to one Kubernetes API server, handing out clients for
 * Sandboxes, SandboxSets, SandboxClaims, SandboxTemplates and any other registered kind
 * ({@link #resources(ResourceKind, String)}).
 *
 * <pre>{@code
 * try (AgentsClient agents = AgentsClient.create()) {     // kubeconfig, KUBECONFIG or in-cluster
 *   SandboxClient sandboxes = agents.sandboxes("default");
 *   Sandbox ready = sandboxes.waitForSandboxCondition("my-sandbox", "Ready", "True",
 *       Duration.ofMinutes(10));
 * }
 * }</pre>
 *
 * <p>Thread-safe; create one per process and share it. {@link #close()} ends every wait that is
 * still pending with a {@link ClientClosedException} and releases only what this client created:
 * a {@link KubernetesClient} passed to {@link #create(KubernetesClient)} stays open.
 */
public final class AgentsClient implements AutoCloseable {

  /** The namespace argument that means "all namespaces" for list, watch and delete-collection. */
  public static final String ALL_NAMESPACES = "";

  private static final Logger LOG = LoggerFactory.getLogger(AgentsClient.class);

  private final KubernetesClient client;
  private final boolean ownsClient;
  private final Configuration configuration;
  private final String namespace;
  private final ClientContext context;
  private final AtomicBoolean closed = new AtomicBoolean();

  private AgentsClient(KubernetesClient client, boolean ownsClient, Configuration configuration) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.configuration = configuration;
    String ns = configuration.namespace().orElse(client.getNamespace());
    this.namespace = ns == null || ns.isBlank() ? "default" : ns;
    this.context = new ClientContext(client, configuration);
  }

  /**
   * Connects with the default configuration: the kubeconfig named by KUBECONFIG, else
   * {@code ~/.kube/config}, else the in-cluster service account.
   *
   * @return the client
   * @throws ConfigurationException when none of these exists
   */
  public static AgentsClient create() {
    return create(Configuration.defaults());
  }

  /**
   * Connects as configured.
   *
   * @param configuration timeouts, namespace, context and kubeconfig
   * @return the client
   * @throws ConfigurationException when no cluster configuration can be found or read, or it
   *     lacks the configured context
   * @throws ValidationException naming {@code configuration} when it is null
   */
  public static AgentsClient create(Configuration configuration) {
    required("configuration", configuration);
    Config config = load(configuration, Configuration.findClusterConfiguration());
    config.setRequestTimeout((int) Math.min(Integer.MAX_VALUE,
        configuration.requestTimeout().toMillis()));
    configuration.namespace().ifPresent(config::setNamespace);
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    LOG.debug("connected to {}", config.getMasterUrl());
    return new AgentsClient(client, true, configuration);
  }

  /**
   * Wraps an existing fabric8 client, which stays open when this one closes.
   *
   * @param client the fabric8 client
   * @return the client
   * @throws ValidationException naming {@code client} when it is null
   */
  public static AgentsClient create(KubernetesClient client) {
    return create(client, Configuration.defaults());
  }

  /**
   * Wraps an existing fabric8 client with explicit settings (its request timeout is the fabric8
   * client's own; the rest applies).
   *
   * @param client the fabric8 client, which stays open when this one closes
   * @param configuration timeouts for waits, namespace and field manager
   * @return the client
   * @throws ValidationException naming {@code client} or {@code configuration} when null
   */
  public static AgentsClient create(KubernetesClient client, Configuration configuration) {
    return new AgentsClient(required("client", client), false,
        required("configuration", configuration));
  }

  private static <T> T required(String argument, T value) {
    if (value == null) {
      throw ValidationException.forField(argument, "Required", "must not be null");
    }
    return value;
  }

  /** Loads the fabric8 configuration; {@code discovered} is where one was found, if anywhere. */
  static Config load(Configuration configuration, Optional<String> discovered) {
    String context = configuration.context().orElse(null);
    Config config;
    String source;
    if (configuration.kubeconfig().isPresent()) {
      Path path = configuration.kubeconfig().get();
      source = "kubeconfig " + path;
      try {
        config = Config.fromKubeconfig(context, Files.readString(path), path.toString());
      } catch (IOException | RuntimeException e) {
        throw new ConfigurationException("cannot read kubeconfig " + path + ": " + e.getMessage());
      }
    } else {
      source = "the discovered configuration (" + discovered.orElse("none") + ")";
      config = autoConfigure(context, discovered);
    }
    if (context != null) {
      requireContext(config, context, source);
    }
    return config;
  }

  private static Config autoConfigure(String context, Optional<String> discovered) {
    if (discovered.isEmpty()) {
      throw new ConfigurationException("no Kubernetes configuration found: looked for the"
          + " KUBECONFIG files, ~/.kube/config, an in-cluster service account and the"
          + " kubernetes.master property; configure one, set Configuration.kubeconfig(..), or pass"
          + " a KubernetesClient to AgentsClient.create(KubernetesClient)");
    }
    try {
      return Config.autoConfigure(context);
    } catch (RuntimeException e) {
      throw new ConfigurationException("cannot load the Kubernetes configuration"
          + (context == null ? "" : " for context " + context) + ": " + e.getMessage());
    }
  }

  /**
   * fabric8 falls back to the current context when the requested one is missing, which would
   * connect a typo with another user's credentials: refuse instead.
   */
  private static void requireContext(Config config, String context, String source) {
    List<String> names = config.getContexts() == null ? List.of() : config.getContexts().stream()
        .map(NamedContext::getName).filter(Objects::nonNull).sorted().toList();
    if (!names.contains(context)) {
      throw new ConfigurationException("kubeconfig context '" + context + "' does not exist in "
          + source + "; the contexts there are: "
          + (names.isEmpty() ? "none" : String.join(", ", names)));
    }
  }

  /** @return Sandbox operations in this client's namespace */
  public SandboxClient sandboxes() {
    return sandboxes(namespace);
  }

  /**
   * @param namespace the namespace operations default to; null means this client's
   * @return Sandbox operations defaulting to that namespace
   */
  public SandboxClient sandboxes(String namespace) {
    return new SandboxClient(context, defaultNamespace(namespace));
  }

  /** @return SandboxSet operations in this client's namespace */
  public SandboxSetClient sandboxSets() {
    return sandboxSets(namespace);
  }

  /**
   * @param namespace the namespace operations default to; null means this client's
   * @return SandboxSet operations defaulting to that namespace
   */
  public SandboxSetClient sandboxSets(String namespace) {
    return new SandboxSetClient(context, defaultNamespace(namespace));
  }

  /** @return SandboxClaim operations in this client's namespace */
  public SandboxClaimClient sandboxClaims() {
    return sandboxClaims(namespace);
  }

  /**
   * @param namespace the namespace operations default to; null means this client's
   * @return SandboxClaim operations defaulting to that namespace
   */
  public SandboxClaimClient sandboxClaims(String namespace) {
    return new SandboxClaimClient(context, defaultNamespace(namespace));
  }

  /** @return SandboxTemplate operations in this client's namespace */
  public SandboxTemplateClient sandboxTemplates() {
    return sandboxTemplates(namespace);
  }

  /**
   * @param namespace the namespace operations default to; null means this client's
   * @return SandboxTemplate operations defaulting to that namespace
   */
  public SandboxTemplateClient sandboxTemplates(String namespace) {
    return new SandboxTemplateClient(context, defaultNamespace(namespace));
  }

  /**
   * Operations on any registered kind, in this client's namespace.
   *
   * @param kind the kind's registration, e.g. {@link AgentsKinds#SANDBOX_CLAIM} or one of yours
   * @param <T> the resource type
   * @param <L> its list type
   * @return the client
   * @throws ValidationException naming {@code kind} when it is null
   */
  public <T extends io.fabric8.kubernetes.client.CustomResource<?, ?>,
      L extends io.fabric8.kubernetes.api.model.KubernetesResourceList<T>> ResourceClient<T, L>
      resources(ResourceKind<T, L> kind) {
    return resources(kind, namespace);
  }

  /**
   * Operations on any registered kind.
   *
   * @param kind the kind's registration
   * @param namespace the namespace operations default to; null means this client's
   * @param <T> the resource type
   * @param <L> its list type
   * @return the client
   * @throws ValidationException naming {@code kind} when it is null
   */
  public <T extends io.fabric8.kubernetes.client.CustomResource<?, ?>,
      L extends io.fabric8.kubernetes.api.model.KubernetesResourceList<T>> ResourceClient<T, L>
      resources(ResourceKind<T, L> kind, String namespace) {
    return new ResourceClient<>(context, required("kind", kind), defaultNamespace(namespace));
  }

  private String defaultNamespace(String ns) {
    ensureOpen();
    return ns == null ? namespace : Validation.namespace(ns);
  }

  /** @return the namespace used when none is given: the configuration's, the kubeconfig's, or "default" */
  public String namespace() {
    return namespace;
  }

  /** @return the settings of this client */
  public Configuration configuration() {
    return configuration;
  }

  /** @return the underlying fabric8 client, for what this library does not cover */
  public KubernetesClient kubernetesClient() {
    return client;
  }

  /**
   * The cache attached to this client, attaching it on first call. This is the seam through which
   * a cache built on this client (such as {@code SharedInformers.of(agents)}) serves the client's
   * waits and sees its writes; applications use that cache's own entry point instead.
   *
   * @param type the cache's class; a client has at most one cache
   * @param factory creates the cache on first call
   * @param <C> the cache's class
   * @return the attached cache
   * @throws ConfigurationException when a cache of another class is attached already
   */
  public synchronized <C extends ClientCache> C cache(Class<C> type,
      java.util.function.Supplier<? extends C> factory) {
    ensureOpen();
    ClientCache attached = context.cache();
    if (attached == ClientCache.NONE) {
      C created = factory.get();
      if (!type.isInstance(created)) {
        throw new ConfigurationException("the cache factory returned " + created
            + ", not a " + type.getName());
      }
      context.cache(created);
      return created;
    }
    if (!type.isInstance(attached)) {
      throw new ConfigurationException("this AgentsClient already has a cache of another kind ("
          + attached.getClass().getName() + "); a client has one cache");
    }
    return type.cast(attached);
  }

  ClientContext context() {
    return context;
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new ClientClosedException("this AgentsClient was closed; create a new one");
    }
  }

  /**
   * Ends every pending wait with a {@link ClientClosedException}, stops the client's timers and,
   * if this client created it, the fabric8 client. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    synchronized (this) {
      ClientCache cache = context.cache();
      context.cache(null);
      cache.close();
    }
    context.close();
    if (ownsClient) {
      client.close();
    }
  }
}
