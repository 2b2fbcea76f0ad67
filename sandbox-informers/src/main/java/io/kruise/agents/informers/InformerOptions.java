package io.kruise.agents.informers;

import io.kruise.agents.client.exceptions.ValidationException;
import java.time.Duration;

/**
 * Settings of the shared informers of one {@code AgentsClient}; immutable, built with
 * {@link #builder()} and given to {@link SharedInformers#of(io.kruise.agents.client.AgentsClient,
 * InformerOptions)} before the first informer starts.
 *
 * @param listPageSize objects per page of the initial list (and of relists), so that a large
 *     cache syncs without one giant response
 * @param stripManagedFields store objects without {@code metadata.managedFields}
 * @param stripTemplates store Sandboxes and SandboxSets without {@code spec.template} and
 *     {@code spec.volumeClaimTemplates}
 * @param overlayTtl how long a write's result is kept for read-your-writes when the informer
 *     does not deliver it (a safety net; normally it is dropped as soon as the informer catches up)
 * @param overlayMaxSize at most this many writes are kept for read-your-writes, per informer
 * @param listenerBacklogWarning a listener with changes of this many distinct objects queued logs
 *     a warning
 * @param resyncPeriod how often listeners get every cached object again as an update; zero for
 *     never
 * @param completionThreads threads that complete the futures of waits (and run what the caller
 *     chained to them without an executor of its own); the waits on one object complete in order
 * @param listenerBacklogLimit at most this many distinct objects with undelivered changes per
 *     listener (changes of one object are coalesced); one more triggers the
 *     {@code listenerBacklogPolicy}
 * @param listenerBacklogPolicy what happens to a listener past {@code listenerBacklogLimit}
 */
public record InformerOptions(int listPageSize, boolean stripManagedFields, boolean stripTemplates,
    Duration overlayTtl, int overlayMaxSize, int listenerBacklogWarning, Duration resyncPeriod,
    int completionThreads, int listenerBacklogLimit, ListenerBacklogPolicy listenerBacklogPolicy) {

  /**
   * The defaults: pages of 500, full objects, 30 s read-your-writes overlay of 10,000 writes,
   * listeners warned at 10,000 and re-seeded past 100,000 objects behind.
   */
  public static final InformerOptions DEFAULTS = builder().build();

  /**
   * Checks the values.
   *
   * @param listPageSize objects per page of the initial list and of relists
   * @param stripManagedFields store objects without managedFields
   * @param stripTemplates store objects without pod and volume claim templates
   * @param overlayTtl how long a write is kept for read-your-writes
   * @param overlayMaxSize at most this many writes kept per informer
   * @param listenerBacklogWarning distinct objects queued for a listener that log a warning
   * @param resyncPeriod how often listeners get every object again; zero for never
   * @param completionThreads threads that complete the futures of waits
   * @param listenerBacklogLimit distinct objects queued past which the policy applies
   * @param listenerBacklogPolicy what happens to a listener past the limit
   * @throws io.kruise.agents.client.exceptions.ValidationException naming a value out of range
   */
  public InformerOptions {
    positive("listPageSize", listPageSize);
    positive("overlayMaxSize", overlayMaxSize);
    positive("listenerBacklogWarning", listenerBacklogWarning);
    positive("completionThreads", completionThreads);
    positive("listenerBacklogLimit", listenerBacklogLimit);
    if (listenerBacklogPolicy == null) {
      throw ValidationException.forField("listenerBacklogPolicy", "Required",
          "must be RESEED or CLOSE");
    }
    if (overlayTtl == null || overlayTtl.isNegative() || overlayTtl.isZero()) {
      throw ValidationException.forField("overlayTtl", "Invalid", "must be positive");
    }
    if (resyncPeriod == null || resyncPeriod.isNegative()) {
      throw ValidationException.forField("resyncPeriod", "Invalid", "must not be negative");
    }
  }

  private static void positive(String field, int value) {
    if (value <= 0) {
      throw ValidationException.forField(field, "Invalid", "must be positive, was " + value);
    }
  }

  /** @return a builder with the defaults */
  public static Builder builder() {
    return new Builder();
  }

  /** @return true when cached objects lack some fields (see {@link io.kruise.agents.client.LeanObjects}) */
  public boolean lean() {
    return stripManagedFields || stripTemplates;
  }

  /** Builds {@link InformerOptions}. */
  public static final class Builder {
    private int listPageSize = 500;
    private boolean stripManagedFields;
    private boolean stripTemplates;
    private Duration overlayTtl = Duration.ofSeconds(30);
    private int overlayMaxSize = 10_000;
    private int listenerBacklogWarning = 10_000;
    private Duration resyncPeriod = Duration.ZERO;
    private int completionThreads = 2;
    private int listenerBacklogLimit = 100_000;
    private ListenerBacklogPolicy listenerBacklogPolicy = ListenerBacklogPolicy.RESEED;

    private Builder() {}

    /**
     * @param size objects per list page
     * @return this builder
     */
    public Builder listPageSize(int size) {
      this.listPageSize = size;
      return this;
    }

    /**
     * @param strip drop {@code metadata.managedFields} from cached objects
     * @return this builder
     */
    public Builder stripManagedFields(boolean strip) {
      this.stripManagedFields = strip;
      return this;
    }

    /**
     * @param strip drop pod and volume claim templates from cached objects
     * @return this builder
     */
    public Builder stripTemplates(boolean strip) {
      this.stripTemplates = strip;
      return this;
    }

    /**
     * Both strips at once: the lean store.
     *
     * @return this builder
     */
    public Builder lean() {
      return stripManagedFields(true).stripTemplates(true);
    }

    /**
     * @param ttl expiry of read-your-writes entries
     * @return this builder
     */
    public Builder overlayTtl(Duration ttl) {
      this.overlayTtl = ttl;
      return this;
    }

    /**
     * @param max bound of read-your-writes entries
     * @return this builder
     */
    public Builder overlayMaxSize(int max) {
      this.overlayMaxSize = max;
      return this;
    }

    /**
     * @param backlog distinct objects queued for a listener that trigger a warning
     * @return this builder
     */
    public Builder listenerBacklogWarning(int backlog) {
      this.listenerBacklogWarning = backlog;
      return this;
    }

    /**
     * @param period resync period, zero for none
     * @return this builder
     */
    public Builder resyncPeriod(Duration period) {
      this.resyncPeriod = period;
      return this;
    }

    /**
     * @param threads threads that complete the futures of waits (2 by default)
     * @return this builder
     */
    public Builder completionThreads(int threads) {
      this.completionThreads = threads;
      return this;
    }

    /**
     * @param limit distinct objects queued for a listener past which its policy applies
     * @return this builder
     */
    public Builder listenerBacklogLimit(int limit) {
      this.listenerBacklogLimit = limit;
      return this;
    }

    /**
     * @param policy what happens to a listener past the backlog limit (default RESEED)
     * @return this builder
     */
    public Builder listenerBacklogPolicy(ListenerBacklogPolicy policy) {
      this.listenerBacklogPolicy = policy;
      return this;
    }

    /** @return the options */
    public InformerOptions build() {
      return new InformerOptions(listPageSize, stripManagedFields, stripTemplates, overlayTtl,
          overlayMaxSize, listenerBacklogWarning, resyncPeriod, completionThreads,
          listenerBacklogLimit, listenerBacklogPolicy);
    }
  }
}
