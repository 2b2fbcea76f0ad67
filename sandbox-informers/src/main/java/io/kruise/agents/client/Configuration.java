package io.kruise.agents.client;

import java.nio.file.Files;
import java.nio.file.Path;
import io.kruise.agents.client.exceptions.ValidationException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Settings of an {@link AgentsClient}: immutable, built with {@link #builder()}.
 *
 * <pre>{@code
 * Configuration config = Configuration.builder()
 *     .namespace("agents")
 *     .defaultTimeout(Duration.ofMinutes(2))   // waits without an explicit timeout
 *     .requestTimeout(Duration.ofSeconds(30))  // each HTTP request
 *     .conflictRetry(ConflictRetry.builder().attempts(10).build())  // for modifySandbox & co.
 *     .build();
 * try (AgentsClient agents = AgentsClient.create(config)) { ... }
 * }</pre>
 */
public final class Configuration {

  /** Default for {@link #defaultTimeout()}: five minutes, as the Python client. */
  public static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofMinutes(5);
  /** Default for {@link #requestTimeout()}. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  /** Default field manager for server-side apply. */
  public static final String DEFAULT_FIELD_MANAGER = "kruise-agents-java";

  private final Duration defaultTimeout;
  private final Duration requestTimeout;
  private final String namespace;
  private final String context;
  private final Path kubeconfig;
  private final String fieldManager;
  private final ConflictRetry conflictRetry;

  private Configuration(Builder b) {
    this.defaultTimeout = b.defaultTimeout;
    this.requestTimeout = b.requestTimeout;
    this.namespace = b.namespace;
    this.context = b.context;
    this.kubeconfig = b.kubeconfig;
    this.fieldManager = b.fieldManager;
    this.conflictRetry = b.conflictRetry;
  }

  /** @return a builder with every default set */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the defaults: kubeconfig/in-cluster discovery, 5 minute waits, 30 s requests */
  public static Configuration defaults() {
    return builder().build();
  }

  /** @return a builder that starts from this configuration */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.defaultTimeout = defaultTimeout;
    b.requestTimeout = requestTimeout;
    b.namespace = namespace;
    b.context = context;
    b.kubeconfig = kubeconfig;
    b.fieldManager = fieldManager;
    b.conflictRetry = conflictRetry;
    return b;
  }

  /** @return the timeout of waits that are not given one */
  public Duration defaultTimeout() {
    return defaultTimeout;
  }

  /** @return the timeout of each HTTP request to the API server */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** @return the namespace that overrides the kubeconfig's, if set */
  public Optional<String> namespace() {
    return Optional.ofNullable(namespace);
  }

  /** @return the kubeconfig context to use instead of the current one, if set */
  public Optional<String> context() {
    return Optional.ofNullable(context);
  }

  /** @return an explicit kubeconfig file, if set (otherwise KUBECONFIG, ~/.kube/config, in-cluster) */
  public Optional<Path> kubeconfig() {
    return Optional.ofNullable(kubeconfig);
  }

  /** @return the field manager named in server-side apply patches */
  public String fieldManager() {
    return fieldManager;
  }

  /**
   * @return how {@code modifySandbox}, {@code modifySandboxSet} and unconditional updates retry
   *     on conflicts
   */
  public ConflictRetry conflictRetry() {
    return conflictRetry;
  }

  /**
   * Describes where a cluster configuration would be loaded from, without loading it: an explicit
   * master URL, the KUBECONFIG files, {@code ~/.kube/config}, or the in-cluster service account.
   *
   * @return a description of the first source found, or empty when there is none
   */
  public static Optional<String> findClusterConfiguration() {
    return findClusterConfiguration(System::getenv, System::getProperty);
  }

  /** The lookup behind {@link #findClusterConfiguration()}, with the environment passed in. */
  static Optional<String> findClusterConfiguration(UnaryOperator<String> env,
      UnaryOperator<String> properties) {
    String master = properties.apply("kubernetes.master");
    if (master == null) {
      master = env.apply("KUBERNETES_MASTER");
    }
    if (master != null && !master.isBlank()) {
      return Optional.of("master URL " + master);
    }
    String kubeconfigEnv = env.apply("KUBECONFIG");
    if (kubeconfigEnv != null && !kubeconfigEnv.isBlank()) {
      for (String file : kubeconfigEnv.split(java.io.File.pathSeparator)) {
        if (!file.isBlank() && Files.isRegularFile(Path.of(file))) {
          return Optional.of("KUBECONFIG " + file);
        }
      }
    }
    String kubeconfigProp = properties.apply("kubeconfig");
    if (kubeconfigProp != null && Files.isRegularFile(Path.of(kubeconfigProp))) {
      return Optional.of("kubeconfig " + kubeconfigProp);
    }
    String userHome = properties.apply("user.home");
    if (userHome != null && Files.isRegularFile(Path.of(userHome, ".kube", "config"))) {
      return Optional.of("kubeconfig " + Path.of(userHome, ".kube", "config"));
    }
    if (env.apply("KUBERNETES_SERVICE_HOST") != null
        && Files.isRegularFile(Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token"))) {
      return Optional.of("in-cluster service account");
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "Configuration{defaultTimeout=" + defaultTimeout + ", requestTimeout=" + requestTimeout
        + ", namespace=" + namespace + ", context=" + context + ", kubeconfig=" + kubeconfig
        + ", fieldManager=" + fieldManager + ", conflictRetry=" + conflictRetry + '}';
  }

  /** Builds a {@link Configuration}; every setter validates its argument at once. */
  public static final class Builder {
    private Duration defaultTimeout = DEFAULT_WAIT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private String namespace;
    private String context;
    private Path kubeconfig;
    private String fieldManager = DEFAULT_FIELD_MANAGER;
    private ConflictRetry conflictRetry = ConflictRetry.defaults();

    private Builder() {}

    /**
     * @param timeout timeout of waits that are not given one; positive
     * @return this builder
     * @throws ValidationException naming {@code defaultTimeout} when null, zero or negative
     */
    public Builder defaultTimeout(Duration timeout) {
      this.defaultTimeout = positive("defaultTimeout", timeout);
      return this;
    }

    /**
     * @param timeout timeout of each HTTP request; positive
     * @return this builder
     * @throws ValidationException naming {@code requestTimeout} when null, zero or negative
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive("requestTimeout", timeout);
      return this;
    }

    /**
     * @param namespace namespace used when an operation is given none (overrides the
     *     kubeconfig's); null means the kubeconfig's
     * @return this builder
     * @throws ValidationException when it is not a valid namespace name
     */
    public Builder namespace(String namespace) {
      this.namespace = namespace == null ? null : Validation.namespace(namespace);
      return this;
    }

    /**
     * @param context kubeconfig context to use instead of the current context; null means the
     *     current context. A name the kubeconfig lacks makes {@code AgentsClient.create} fail
     *     with a {@link io.kruise.agents.client.exceptions.ConfigurationException}.
     * @return this builder
     * @throws ValidationException naming {@code context} when blank
     */
    public Builder context(String context) {
      if (context != null && context.isBlank()) {
        throw ValidationException.forField("context", "Invalid",
            "must not be blank; null means the kubeconfig's current context");
      }
      this.context = context;
      return this;
    }

    /**
     * @param kubeconfig an explicit kubeconfig file; null means KUBECONFIG, ~/.kube/config or
     *     the in-cluster service account
     * @return this builder
     */
    public Builder kubeconfig(Path kubeconfig) {
      this.kubeconfig = kubeconfig;
      return this;
    }

    /**
     * @param fieldManager field manager for server-side apply; not blank
     * @return this builder
     * @throws ValidationException naming {@code fieldManager} when null or blank
     */
    public Builder fieldManager(String fieldManager) {
      if (fieldManager == null || fieldManager.isBlank()) {
        throw ValidationException.forField("fieldManager", "Required", "must not be blank");
      }
      this.fieldManager = fieldManager;
      return this;
    }

    /**
     * @param conflictRetry how read-modify-write helpers retry on conflicts
     * @return this builder
     * @throws ValidationException naming {@code conflictRetry} when null
     */
    public Builder conflictRetry(ConflictRetry conflictRetry) {
      if (conflictRetry == null) {
        throw ValidationException.forField("conflictRetry", "Required",
            "must not be null; ConflictRetry.defaults() is the default");
      }
      this.conflictRetry = conflictRetry;
      return this;
    }

    /** @return the configuration */
    public Configuration build() {
      return new Configuration(this);
    }

    private static Duration positive(String field, Duration d) {
      if (d == null) {
        throw ValidationException.forField(field, "Required", "must not be null");
      }
      if (d.isNegative() || d.isZero()) {
        throw ValidationException.forField(field, "Invalid", "must be positive, was " + d);
      }
      return d;
    }
  }
}
