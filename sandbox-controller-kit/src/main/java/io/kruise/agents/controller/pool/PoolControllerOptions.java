package io.kruise.agents.controller.pool;

import com.github.benmanes.caffeine.cache.Ticker;
import io.kruise.agents.client.LabelSelector;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.controller.Expectations;
import io.kruise.agents.informers.InformerScope;
import java.time.Clock;
import java.time.Duration;

/**
 * Settings of a {@link SandboxSetPoolController}. Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * PoolControllerOptions options = PoolControllerOptions.builder()
 *     .namespace("pools")          // default: all namespaces
 *     .initialBatchSize(16)        // upstream's default
 *     .build();
 * }</pre>
 */
public final class PoolControllerOptions {

  /** The defaults: all namespaces, batches from 16, 16 write threads, 1 minute expectations. */
  public static final PoolControllerOptions DEFAULTS = builder().build();

  private final String namespace;
  private final String sandboxSetLabelSelector;
  private final String sandboxLabelSelector;
  private final String sandboxTemplateLabelSelector;
  private final int initialBatchSize;
  private final int writeThreads;
  private final Duration expectationTimeout;
  private final Duration syncTimeout;
  private final Ticker ticker;
  private final Clock clock;

  private PoolControllerOptions(Builder b) {
    this.namespace = b.namespace;
    this.sandboxSetLabelSelector = b.sandboxSetLabelSelector;
    this.sandboxLabelSelector = b.sandboxLabelSelector;
    this.sandboxTemplateLabelSelector = b.sandboxTemplateLabelSelector;
    this.initialBatchSize = b.initialBatchSize;
    this.writeThreads = b.writeThreads;
    this.expectationTimeout = b.expectationTimeout;
    this.syncTimeout = b.syncTimeout;
    this.ticker = b.ticker;
    this.clock = b.clock;
  }

  /** @return a builder starting from the defaults */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the one namespace watched, or null for all */
  public String namespace() {
    return namespace;
  }

  /** @return the label selector of the SandboxSets reconciled (a shard), or null for all */
  public String sandboxSetLabelSelector() {
    return sandboxSetLabelSelector;
  }

  /** @return the label selector of the Sandbox informer the pools are read from, or null */
  public String sandboxLabelSelector() {
    return sandboxLabelSelector;
  }

  /**
   * @return the label selector of the SandboxTemplate informer that {@code spec.templateRef} is
   *     resolved from, or null for all
   */
  public String sandboxTemplateLabelSelector() {
    return sandboxTemplateLabelSelector;
  }

  /** @return the size of the first batch of creations or deletions (then doubling) */
  public int initialBatchSize() {
    return initialBatchSize;
  }

  /** @return how many writes of one batch run in parallel at most */
  public int writeThreads() {
    return writeThreads;
  }

  /** @return how long a creation or deletion may stay unseen before it is no longer awaited */
  public Duration expectationTimeout() {
    return expectationTimeout;
  }

  /** @return how long the controller's start waits for the Sandbox informer to sync */
  public Duration syncTimeout() {
    return syncTimeout;
  }

  /** @return the time source of the expectations' timeout */
  public Ticker ticker() {
    return ticker;
  }

  /** @return the clock for derived sandbox states and condition times */
  public Clock clock() {
    return clock;
  }

  /** @return the scope of the shared Sandbox informer the controller reads */
  InformerScope sandboxScope() {
    return new InformerScope(namespace, sandboxLabelSelector);
  }

  /** @return the scope of the shared SandboxSet informer the controller reads */
  InformerScope sandboxSetScope() {
    return new InformerScope(namespace, sandboxSetLabelSelector);
  }

  /** @return the scope of the shared SandboxTemplate informer the controller reads */
  InformerScope sandboxTemplateScope() {
    return new InformerScope(namespace, sandboxTemplateLabelSelector);
  }

  @Override
  public String toString() {
    return "PoolControllerOptions(namespace=" + (namespace == null ? "all" : namespace)
        + ", sandboxSetLabelSelector=" + sandboxSetLabelSelector + ", sandboxLabelSelector="
        + sandboxLabelSelector + ", sandboxTemplateLabelSelector=" + sandboxTemplateLabelSelector
        + ", initialBatchSize=" + initialBatchSize + ", writeThreads="
        + writeThreads + ", expectationTimeout=" + expectationTimeout + ", syncTimeout="
        + syncTimeout + ")";
  }

  /** Builds {@link PoolControllerOptions}; every setter checks its argument at once. */
  public static final class Builder {
    private String namespace;
    private String sandboxSetLabelSelector;
    private String sandboxLabelSelector;
    private String sandboxTemplateLabelSelector;
    private int initialBatchSize = 16;
    private int writeThreads = 16;
    private Duration expectationTimeout = Expectations.DEFAULT_TIMEOUT;
    private Duration syncTimeout = Duration.ofMinutes(1);
    private Ticker ticker = Ticker.systemTicker();
    private Clock clock = Clock.systemUTC();

    private Builder() {
    }

    /**
     * @param namespace the one namespace to watch; null for all
     * @return this builder
     * @throws ValidationException naming {@code namespace} when it is not a DNS-1123 label
     */
    public Builder namespace(String namespace) {
      if (namespace != null) {
        InformerScope.namespace(namespace); // validates
      }
      this.namespace = namespace == null || namespace.isEmpty() ? null : namespace;
      return this;
    }

    /**
     * Reconciles only the SandboxSets matching a selector (one shard). Their sandboxes carry the
     * template's labels, so {@link #sandboxLabelSelector} can narrow the Sandbox informer alike.
     *
     * @param selector a label selector; null for all
     * @return this builder
     * @throws ValidationException naming {@code labelSelector} when it does not parse
     */
    public Builder sandboxSetLabelSelector(String selector) {
      LabelSelector.parse(selector);
      this.sandboxSetLabelSelector = selector;
      return this;
    }

    /**
     * @param selector a label selector for the Sandbox informer; null for all
     * @return this builder
     * @throws ValidationException naming {@code labelSelector} when it does not parse
     */
    public Builder sandboxLabelSelector(String selector) {
      LabelSelector.parse(selector);
      this.sandboxLabelSelector = selector;
      return this;
    }

    /**
     * Narrows the SandboxTemplate informer that {@code spec.templateRef} is resolved from; a
     * SandboxTemplate it does not match counts as missing ({@code TemplateResolved=False}).
     *
     * @param selector a label selector for the SandboxTemplate informer; null for all
     * @return this builder
     * @throws ValidationException naming {@code labelSelector} when it does not parse
     */
    public Builder sandboxTemplateLabelSelector(String selector) {
      LabelSelector.parse(selector);
      this.sandboxTemplateLabelSelector = selector;
      return this;
    }

    /**
     * @param size the first batch of writes (upstream's {@code sandboxset-initial-batch-size})
     * @return this builder
     * @throws ValidationException naming {@code initialBatchSize} when not positive
     */
    public Builder initialBatchSize(int size) {
      if (size < 1) {
        throw ValidationException.forField("initialBatchSize", "Invalid",
            "must be at least 1, was " + size);
      }
      this.initialBatchSize = size;
      return this;
    }

    /**
     * @param threads how many writes run in parallel at most
     * @return this builder
     * @throws ValidationException naming {@code writeThreads} when not positive
     */
    public Builder writeThreads(int threads) {
      if (threads < 1) {
        throw ValidationException.forField("writeThreads", "Invalid",
            "must be at least 1, was " + threads);
      }
      this.writeThreads = threads;
      return this;
    }

    /**
     * @param timeout how long a write may stay unseen before it is no longer awaited
     * @return this builder
     * @throws ValidationException naming {@code expectationTimeout} when not positive
     */
    public Builder expectationTimeout(Duration timeout) {
      this.expectationTimeout = positive("expectationTimeout", timeout);
      return this;
    }

    /**
     * @param timeout how long the start waits for the Sandbox informer to sync
     * @return this builder
     * @throws ValidationException naming {@code syncTimeout} when not positive
     */
    public Builder syncTimeout(Duration timeout) {
      this.syncTimeout = positive("syncTimeout", timeout);
      return this;
    }

    /**
     * @param ticker the time source of the expectations (tests pass a fake one)
     * @return this builder
     * @throws ValidationException naming {@code ticker} when null
     */
    public Builder ticker(Ticker ticker) {
      if (ticker == null) {
        throw ValidationException.forField("ticker", "Required", "must not be null");
      }
      this.ticker = ticker;
      return this;
    }

    /**
     * @param clock the clock for derived states and condition times
     * @return this builder
     * @throws ValidationException naming {@code clock} when null
     */
    public Builder clock(Clock clock) {
      if (clock == null) {
        throw ValidationException.forField("clock", "Required", "must not be null");
      }
      this.clock = clock;
      return this;
    }

    /** @return the options */
    public PoolControllerOptions build() {
      return new PoolControllerOptions(this);
    }

    private static Duration positive(String field, Duration d) {
      if (d == null || d.isZero() || d.isNegative()) {
        throw ValidationException.forField(field, "Invalid", "must be positive, was " + d);
      }
      return d;
    }
  }
}
