package io.kruise.agents.controller.claim;

import io.kruise.agents.client.LabelSelector;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.informers.InformerScope;
import java.time.Clock;
import java.time.Duration;

/**
 * Settings of a {@link SandboxClaimController}. Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * ClaimControllerOptions options = ClaimControllerOptions.builder()
 *     .namespace("team-a")         // default: all namespaces
 *     .maxClaimsPerReconcile(50)   // upstream's sandboxclaim-max-batch-size
 *     .build();
 * }</pre>
 */
public final class ClaimControllerOptions {

  /** The defaults: all namespaces, at most 50 claims per reconcile, the system clock. */
  public static final ClaimControllerOptions DEFAULTS = builder().build();

  private final String namespace;
  private final String claimLabelSelector;
  private final int maxClaimsPerReconcile;
  private final Duration syncTimeout;
  private final Clock clock;

  private ClaimControllerOptions(Builder b) {
    this.namespace = b.namespace;
    this.claimLabelSelector = b.claimLabelSelector;
    this.maxClaimsPerReconcile = b.maxClaimsPerReconcile;
    this.syncTimeout = b.syncTimeout;
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

  /** @return the label selector of the SandboxClaims reconciled (a shard), or null for all */
  public String claimLabelSelector() {
    return claimLabelSelector;
  }

  /** @return the most sandboxes one reconcile of one claim takes */
  public int maxClaimsPerReconcile() {
    return maxClaimsPerReconcile;
  }

  /** @return how long the controller's start waits for the shared informers to sync */
  public Duration syncTimeout() {
    return syncTimeout;
  }

  /** @return the clock of claim start, timeout, ready deadlines and time to live */
  public Clock clock() {
    return clock;
  }

  /** @return the scope of the shared Sandbox and SandboxSet informers the controller reads */
  InformerScope poolScope() {
    return new InformerScope(namespace, null);
  }

  /** @return the scope of the shared SandboxClaim informer (JOSDK's primaries) */
  InformerScope claimScope() {
    return new InformerScope(namespace, claimLabelSelector);
  }

  @Override
  public String toString() {
    return "ClaimControllerOptions(namespace=" + (namespace == null ? "all" : namespace)
        + ", claimLabelSelector=" + claimLabelSelector + ", maxClaimsPerReconcile="
        + maxClaimsPerReconcile + ", syncTimeout=" + syncTimeout + ")";
  }

  /** Builds {@link ClaimControllerOptions}; every setter checks its argument at once. */
  public static final class Builder {
    private String namespace;
    private String claimLabelSelector;
    private int maxClaimsPerReconcile = 50;
    private Duration syncTimeout = Duration.ofMinutes(1);
    private Clock clock = Clock.systemUTC();

    private Builder() {
    }

    /**
     * @param namespace the one namespace to watch; null for all
     * @return this builder
     * @throws ValidationException naming {@code namespace} when it is not a DNS-1123 label
     */
    public Builder namespace(String namespace) {
      if (namespace != null && !namespace.isEmpty()) {
        InformerScope.namespace(namespace); // validates
      }
      this.namespace = namespace == null || namespace.isEmpty() ? null : namespace;
      return this;
    }

    /**
     * Reconciles only the SandboxClaims matching a selector (one shard).
     *
     * @param selector a label selector; null for all
     * @return this builder
     * @throws ValidationException naming {@code labelSelector} when it does not parse
     */
    public Builder claimLabelSelector(String selector) {
      LabelSelector.parse(selector);
      this.claimLabelSelector = selector;
      return this;
    }

    /**
     * @param max the most sandboxes one reconcile of one claim takes (upstream's
     *     {@code sandboxclaim-max-batch-size}); a larger claim continues in the next reconcile
     * @return this builder
     * @throws ValidationException naming {@code maxClaimsPerReconcile} when not positive
     */
    public Builder maxClaimsPerReconcile(int max) {
      if (max < 1) {
        throw ValidationException.forField("maxClaimsPerReconcile", "Invalid",
            "must be at least 1, was " + max);
      }
      this.maxClaimsPerReconcile = max;
      return this;
    }

    /**
     * @param timeout how long the start waits for the shared informers to sync
     * @return this builder
     * @throws ValidationException naming {@code syncTimeout} when not positive
     */
    public Builder syncTimeout(Duration timeout) {
      if (timeout == null || timeout.isZero() || timeout.isNegative()) {
        throw ValidationException.forField("syncTimeout", "Invalid",
            "must be positive, was " + timeout);
      }
      this.syncTimeout = timeout;
      return this;
    }

    /**
     * @param clock the clock of claim start, timeouts and time to live (tests pass a fake one)
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
    public ClaimControllerOptions build() {
      return new ClaimControllerOptions(this);
    }
  }
}
