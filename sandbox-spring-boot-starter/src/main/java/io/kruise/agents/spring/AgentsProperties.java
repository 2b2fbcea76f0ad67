package io.kruise.agents.spring;

import io.kruise.agents.client.Configuration;
import io.kruise.agents.informers.InformerOptions;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.ListenerBacklogPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code kruise.agents.*} settings of the starter. Mutable bean filled by Spring's binder at
 * startup and read once by the auto-configuration; not meant to change afterwards.
 *
 * <pre>
 * kruise.agents.namespace=sandboxes          # the client's default namespace
 * kruise.agents.context=staging              # kubeconfig context (when the starter builds the client)
 * kruise.agents.request-timeout=30s
 * kruise.agents.default-wait-timeout=5m
 * kruise.agents.informers.scopes[0].namespace=sandboxes   # started and synced before ready
 * kruise.agents.informers.lean=true
 * kruise.agents.informers.list-page-size=500
 * kruise.agents.informers.listener-backlog-policy=reseed
 * </pre>
 */
@ConfigurationProperties("kruise.agents")
public class AgentsProperties {

  /** Whether the starter configures anything at all. */
  private boolean enabled = true;
  /** Namespace the clients default to; unset means the kubeconfig's, else "default". */
  private String namespace;
  /** Kubeconfig context to use when the starter builds the client; unset means the current one. */
  private String context;
  /** Kubeconfig file when the starter builds the client; unset means KUBECONFIG, ~/.kube/config, in-cluster. */
  private Path kubeconfig;
  /** Timeout of each HTTP request (only when the starter builds the fabric8 client). */
  private Duration requestTimeout = Configuration.DEFAULT_REQUEST_TIMEOUT;
  /** Timeout of waits that are not given one. */
  private Duration defaultWaitTimeout = Configuration.DEFAULT_WAIT_TIMEOUT;
  private final Informers informers = new Informers();
  private final Pool pool = new Pool();
  private final Recovery recovery = new Recovery();
  private final Health health = new Health();

  /** @return whether the starter is on */
  public boolean isEnabled() {
    return enabled;
  }

  /** @param enabled whether the starter is on */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** @return the clients' default namespace, or null */
  public String getNamespace() {
    return namespace;
  }

  /** @param namespace the clients' default namespace */
  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  /** @return the kubeconfig context, or null */
  public String getContext() {
    return context;
  }

  /** @param context the kubeconfig context */
  public void setContext(String context) {
    this.context = context;
  }

  /** @return the kubeconfig file, or null */
  public Path getKubeconfig() {
    return kubeconfig;
  }

  /** @param kubeconfig the kubeconfig file */
  public void setKubeconfig(Path kubeconfig) {
    this.kubeconfig = kubeconfig;
  }

  /** @return the timeout of each HTTP request */
  public Duration getRequestTimeout() {
    return requestTimeout;
  }

  /** @param requestTimeout the timeout of each HTTP request */
  public void setRequestTimeout(Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
  }

  /** @return the timeout of waits that are not given one */
  public Duration getDefaultWaitTimeout() {
    return defaultWaitTimeout;
  }

  /** @param defaultWaitTimeout the timeout of waits that are not given one */
  public void setDefaultWaitTimeout(Duration defaultWaitTimeout) {
    this.defaultWaitTimeout = defaultWaitTimeout;
  }

  /** @return the informer settings */
  public Informers getInformers() {
    return informers;
  }

  /** @return the SandboxPool settings */
  public Pool getPool() {
    return pool;
  }

  /** @return the settings for informers that die */
  public Recovery getRecovery() {
    return recovery;
  }

  /** @return the health settings */
  public Health getHealth() {
    return health;
  }

  /**
   * The client settings these properties describe.
   *
   * @return the configuration for {@code AgentsClient.create}
   */
  Configuration clientConfiguration() {
    Configuration.Builder builder = Configuration.builder()
        .defaultTimeout(defaultWaitTimeout)
        .requestTimeout(requestTimeout);
    if (namespace != null && !namespace.isBlank()) {
      builder.namespace(namespace);
    }
    if (context != null && !context.isBlank()) {
      builder.context(context);
    }
    if (kubeconfig != null) {
      builder.kubeconfig(kubeconfig);
    }
    return builder.build();
  }

  /** The shared informers: which start with the application, and how they cache. */
  public static class Informers {

    /**
     * Scopes whose informers start with the application and must sync before it reports ready;
     * empty means one scope: {@code kruise.agents.namespace}, or all namespaces when unset.
     */
    private final List<Scope> scopes = new ArrayList<>();
    /** How long startup waits for those informers to sync before it goes on (unready). */
    private Duration syncTimeout = Duration.ofSeconds(60);
    /** Cache objects without managedFields and pod templates (see LeanObjects). */
    private boolean lean;
    /** Objects per page of the initial list and relists. */
    private int listPageSize = InformerOptions.DEFAULTS.listPageSize();
    /** Distinct objects queued for one listener past which its backlog policy applies. */
    private int listenerBacklogLimit = InformerOptions.DEFAULTS.listenerBacklogLimit();
    /** What happens to a listener that falls that far behind: RESEED or CLOSE. */
    private ListenerBacklogPolicy listenerBacklogPolicy =
        InformerOptions.DEFAULTS.listenerBacklogPolicy();

    /** @return the scopes started with the application */
    public List<Scope> getScopes() {
      return scopes;
    }

    /** @return how long startup waits for the sync */
    public Duration getSyncTimeout() {
      return syncTimeout;
    }

    /** @param syncTimeout how long startup waits for the sync */
    public void setSyncTimeout(Duration syncTimeout) {
      this.syncTimeout = syncTimeout;
    }

    /** @return whether the cache is lean */
    public boolean isLean() {
      return lean;
    }

    /** @param lean whether the cache is lean */
    public void setLean(boolean lean) {
      this.lean = lean;
    }

    /** @return objects per list page */
    public int getListPageSize() {
      return listPageSize;
    }

    /** @param listPageSize objects per list page */
    public void setListPageSize(int listPageSize) {
      this.listPageSize = listPageSize;
    }

    /** @return the listener backlog limit */
    public int getListenerBacklogLimit() {
      return listenerBacklogLimit;
    }

    /** @param listenerBacklogLimit the listener backlog limit */
    public void setListenerBacklogLimit(int listenerBacklogLimit) {
      this.listenerBacklogLimit = listenerBacklogLimit;
    }

    /** @return the listener backlog policy */
    public ListenerBacklogPolicy getListenerBacklogPolicy() {
      return listenerBacklogPolicy;
    }

    /** @param listenerBacklogPolicy the listener backlog policy */
    public void setListenerBacklogPolicy(ListenerBacklogPolicy listenerBacklogPolicy) {
      this.listenerBacklogPolicy = listenerBacklogPolicy;
    }

    /**
     * The library options these properties describe.
     *
     * @return the informer options
     * @throws io.kruise.agents.client.exceptions.ValidationException naming a value out of range
     */
    InformerOptions options() {
      InformerOptions.Builder builder = InformerOptions.builder()
          .listPageSize(listPageSize)
          .listenerBacklogLimit(listenerBacklogLimit)
          .listenerBacklogPolicy(listenerBacklogPolicy);
      if (lean) {
        builder.lean();
      }
      return builder.build();
    }
  }

  /** One informer scope started with the application. */
  public static class Scope {

    /** The namespace; unset or empty for all namespaces. */
    private String namespace;
    /** Only objects with these labels; unset for all. */
    private String labelSelector;
    /** Which kinds get an informer in this scope. */
    private List<Kind> kinds = new ArrayList<>(List.of(Kind.SANDBOX, Kind.SANDBOX_SET));

    /** @return the namespace, or null for all */
    public String getNamespace() {
      return namespace;
    }

    /** @param namespace the namespace, or null for all */
    public void setNamespace(String namespace) {
      this.namespace = namespace;
    }

    /** @return the label selector, or null */
    public String getLabelSelector() {
      return labelSelector;
    }

    /** @param labelSelector the label selector */
    public void setLabelSelector(String labelSelector) {
      this.labelSelector = labelSelector;
    }

    /** @return the kinds with an informer in this scope */
    public List<Kind> getKinds() {
      return kinds;
    }

    /** @param kinds the kinds with an informer in this scope */
    public void setKinds(List<Kind> kinds) {
      this.kinds = kinds;
    }

    /**
     * @return the library scope
     * @throws io.kruise.agents.client.exceptions.ValidationException for a malformed namespace or
     *     selector
     */
    InformerScope toScope() {
      return new InformerScope(namespace, labelSelector);
    }
  }

  /** The kinds an informer scope can hold. */
  public enum Kind {
    /** Sandboxes. */
    SANDBOX,
    /** SandboxSets. */
    SANDBOX_SET
  }

  /** The {@code SandboxPool} bean. */
  public static class Pool {

    /** Whether a SandboxPool bean is created (on the first scope's Sandbox informer). */
    private boolean enabled = true;

    /** @return whether the bean is created */
    public boolean isEnabled() {
      return enabled;
    }

    /** @param enabled whether the bean is created */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /**
   * Informers that die (their list was refused with 401, 403 or 404: revoked permissions, a
   * missing CRD) stop for good in this library; the starter replaces them.
   */
  public static class Recovery {

    /** Whether dead informers are replaced by new ones on a fresh client. */
    private boolean enabled = true;
    /** Delay before the first replacement attempt. */
    private Duration initialDelay = Duration.ofSeconds(1);
    /** Upper bound of the delay, which doubles after each attempt that dies again. */
    private Duration maxDelay = Duration.ofMinutes(1);

    /** @return whether dead informers are replaced */
    public boolean isEnabled() {
      return enabled;
    }

    /** @param enabled whether dead informers are replaced */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** @return the first delay */
    public Duration getInitialDelay() {
      return initialDelay;
    }

    /** @param initialDelay the first delay */
    public void setInitialDelay(Duration initialDelay) {
      this.initialDelay = initialDelay;
    }

    /** @return the largest delay */
    public Duration getMaxDelay() {
      return maxDelay;
    }

    /** @param maxDelay the largest delay */
    public void setMaxDelay(Duration maxDelay) {
      this.maxDelay = maxDelay;
    }
  }

  /** The Actuator health of the informers. */
  public static class Health {

    /**
     * How long an informer may be between two watch connections and still count as ready: a
     * watch reconnect is routine and must not take the pod out of service.
     */
    private Duration watchReconnectGrace = Duration.ofSeconds(30);

    /** @return the grace for a watch reconnect */
    public Duration getWatchReconnectGrace() {
      return watchReconnectGrace;
    }

    /** @param watchReconnectGrace the grace for a watch reconnect */
    public void setWatchReconnectGrace(Duration watchReconnectGrace) {
      this.watchReconnectGrace = watchReconnectGrace;
    }
  }
}
