package io.kruise.agents.controller.josdk;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.health.Status;
import io.javaoperatorsdk.operator.processing.event.EventHandler;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.client.exceptions.InformerFailedException;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.ListenerOptions;
import io.kruise.agents.informers.ListenerRegistration;
import io.kruise.agents.informers.ResourceListener;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JOSDK event source of secondary resources backed by the shared informers: it opens no watch
 * of its own, registers one listener per shared informer, and answers
 * {@code Context.getSecondaryResources} from the shared cache (its indexes, and this process's
 * own writes through the {@code AgentsClient} at once).
 *
 * <pre>{@code
 * // in Reconciler<SandboxSet>.prepareEventSources(EventSourceContext<SandboxSet> context):
 * return List.of(SharedInformerEventSource.sandboxesOfSandboxSets(agents, context));
 * // in reconcile(set, context):
 * Set<Sandbox> sandboxes = context.getSecondaryResources(Sandbox.class);
 * }</pre>
 *
 * <p>{@link #start()} returns once every shared informer of the source has synced (within the
 * sync timeout, JOSDK's {@code cacheSyncTimeout} for {@link #sandboxesOfSandboxSets}), as JOSDK's
 * own informer event sources do: no reconcile reads a half-listed cache and creates what exists.
 *
 * <p>A change of a secondary is mapped to primaries ({@link SecondaryMappers}) and each asks
 * JOSDK to reconcile that primary. Changes that arrive before JOSDK has given this source its
 * event handler, or before it started, are held and delivered then (see {@link PendingEvents}).
 * JOSDK's filters ({@code setOnAddFilter} and friends) apply. The listeners get every current
 * object as an add when they are registered at {@link #start()}, so every primary with
 * secondaries is triggered once at start.
 *
 * <p>Namespaces: one shared informer per namespace the controller watches (or one for all
 * namespaces); a primary's secondaries are looked up in the informer that covers its namespace.
 * JOSDK's namespace changes at run time are not followed.
 *
 * @param <R> the secondary type (a registered kind)
 * @param <P> the primary type
 */
public final class SharedInformerEventSource<R extends HasMetadata, P extends HasMetadata>
    extends AbstractEventSource<R, P> {

  private static final Logger LOG = LoggerFactory.getLogger(SharedInformerEventSource.class);

  private final List<SharedInformer<R>> informers;
  private final SecondaryToPrimaryMapper<R> toPrimaries;
  private final SecondaryLookup<R, P> lookup;
  private final Duration syncTimeout;
  private final PendingEvents pending = new PendingEvents();
  private final List<ListenerRegistration> registrations = new ArrayList<>();

  private SharedInformerEventSource(Builder<R, P> b) {
    super(b.type, b.name);
    this.informers = List.copyOf(b.informers);
    this.toPrimaries = b.toPrimaries;
    this.lookup = b.lookup;
    this.syncTimeout = b.syncTimeout;
  }

  /**
   * Sandboxes as the secondaries of the SandboxSets that control them: the shared Sandbox
   * informer of each namespace the controller watches, with the
   * {@link OwnerIndexes#CONTROLLER_UID} index (added if the informer has not started yet, else
   * lookups scan the namespace), mapped by controller owner reference.
   *
   * @param agents the client whose shared informers to use
   * @param context JOSDK's context of the SandboxSet controller
   * @return the event source
   * @throws ValidationException when an argument is null
   */
  public static SharedInformerEventSource<Sandbox, SandboxSet> sandboxesOfSandboxSets(
      AgentsClient agents, EventSourceContext<SandboxSet> context) {
    if (agents == null) {
      throw ValidationException.forField("agents", "Required", "must not be null");
    }
    if (context == null) {
      throw ValidationException.forField("context", "Required", "must not be null");
    }
    SharedInformers shared = SharedInformers.of(agents);
    Builder<Sandbox, SandboxSet> b = builder(Sandbox.class, SandboxSet.class)
        .named("shared-sandboxes-of-sandboxsets")
        .mapper(SecondaryMappers.controllerOwner(SandboxSet.class));
    boolean indexed = true;
    for (InformerScope scope : scopesOf(context)) {
      SharedInformer<Sandbox> informer = shared.sandboxes(scope);
      indexed &= OwnerIndexes.ensureControllerUid(informer);
      b.informer(informer);
    }
    if (!indexed) {
      LOG.info("a shared Sandbox informer started without the {} index; the Sandboxes of a"
          + " SandboxSet are found by scanning its namespace", OwnerIndexes.CONTROLLER_UID);
    }
    return b.lookup(indexed ? SecondaryLookup.controlledBy() : SecondaryLookup.controlledByScan())
        .syncTimeout(context.getControllerConfiguration().getConfigurationService()
            .cacheSyncTimeout()).build();
  }

  /**
   * The shared informer scopes of the namespaces a controller watches: one per namespace, or all
   * namespaces. The controller's label selector is its primaries', not the secondaries', so it is
   * not used.
   *
   * @param context JOSDK's context of the controller
   * @return the scopes
   */
  public static List<InformerScope> scopesOf(EventSourceContext<?> context) {
    Set<String> namespaces = context.getControllerConfiguration().getEffectiveNamespaces();
    if (InformerConfiguration.allNamespacesWatched(namespaces)) {
      return List.of(InformerScope.allNamespaces());
    }
    return namespaces.stream().map(InformerScope::namespace).toList();
  }

  /**
   * @param type the secondary class
   * @param primaryType the primary class
   * @param <R> the secondary type
   * @param <P> the primary type
   * @return a builder
   * @throws ValidationException when a class is null
   */
  public static <R extends HasMetadata, P extends HasMetadata> Builder<R, P> builder(
      Class<R> type, Class<P> primaryType) {
    return new Builder<>(type, primaryType);
  }

  /** JOSDK wires its handler; changes held until now are delivered once the source started. */
  @Override
  public void setEventHandler(EventHandler handler) {
    super.setEventHandler(handler);
    pending.handler(handler);
  }

  /**
   * Registers the listeners (starting the shared informers if needed) and waits for the informers'
   * sync. Idempotent.
   *
   * @throws io.kruise.agents.client.exceptions.TimeoutException when an informer did not sync in
   *     time
   * @throws AgentsApiException when an informer died, or its client was closed
   */
  @Override
  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    for (SharedInformer<R> informer : informers) {
      registrations.add(informer.addListener(
          ListenerOptions.named(name() + " on " + informer.scope()), new Changes()));
    }
    for (SharedInformer<R> informer : informers) {
      awaitSynced(informer);
    }
    super.start();
    pending.start();
  }

  private void awaitSynced(SharedInformer<R> informer) {
    try {
      informer.synced().get(syncTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      stop();
      throw new io.kruise.agents.client.exceptions.TimeoutException("the shared "
          + resourceType().getSimpleName() + " informer for " + informer.scope()
          + " did not sync within " + syncTimeout + " (event source " + name() + ")", null, e);
    } catch (ExecutionException e) {
      stop();
      throw e.getCause() instanceof AgentsApiException a ? a : new InformerFailedException(
          "the shared " + resourceType().getSimpleName() + " informer for " + informer.scope()
              + " failed: " + e.getCause(), 0, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop();
      throw new InformerFailedException("interrupted while waiting for the shared "
          + resourceType().getSimpleName() + " informer for " + informer.scope(), 0, e);
    }
  }

  /** Removes the listeners; the shared informers keep running. Idempotent. */
  @Override
  public synchronized void stop() {
    super.stop();
    pending.stop();
    registrations.forEach(ListenerRegistration::close);
    registrations.clear();
  }

  /**
   * @param primary the primary being reconciled
   * @return its secondaries from the shared cache (shared objects: do not modify), this
   *     process's own writes included; empty when no informer of the source covers its namespace
   */
  @Override
  public Set<R> getSecondaryResources(P primary) {
    SharedInformer<R> informer = informerFor(primary.getMetadata().getNamespace());
    if (informer == null) {
      return Set.of();
    }
    Collection<R> found = lookup.find(primary, informer.lister());
    return found == null ? Set.of() : new LinkedHashSet<>(found);
  }

  /** @return HEALTHY when every shared informer is started, synced, watching and alive */
  @Override
  public Status getStatus() {
    return informers.stream().allMatch(i -> i.health().isHealthy()) ? Status.HEALTHY
        : Status.UNHEALTHY;
  }

  /** @return the primaries held until the handler is set and the source started (for tests) */
  int heldEvents() {
    return pending.held();
  }

  private SharedInformer<R> informerFor(String namespace) {
    for (SharedInformer<R> informer : informers) {
      InformerScope scope = informer.scope();
      if (scope.isAllNamespaces() || scope.namespace().equals(namespace)) {
        return informer;
      }
    }
    return null;
  }

  /** The listener on one shared informer: JOSDK's filters, then the mapper, then the trigger. */
  private final class Changes implements ResourceListener<R> {
    @Override
    public void onAdd(R obj) {
      if ((genericFilter == null || genericFilter.accept(obj))
          && (onAddFilter == null || onAddFilter.accept(obj))) {
        pending.trigger(primariesOf(obj));
      }
    }

    @Override
    public void onUpdate(R oldObj, R newObj) {
      if ((genericFilter == null || genericFilter.accept(newObj))
          && (onUpdateFilter == null || onUpdateFilter.accept(newObj, oldObj))) {
        // both: a secondary that moved to another primary concerns the old one too
        Set<ResourceID> ids = new LinkedHashSet<>(primariesOf(newObj));
        ids.addAll(primariesOf(oldObj));
        pending.trigger(ids);
      }
    }

    @Override
    public void onDelete(R obj, boolean finalStateUnknown) {
      if ((genericFilter == null || genericFilter.accept(obj))
          && (onDeleteFilter == null || onDeleteFilter.accept(obj, finalStateUnknown))) {
        pending.trigger(primariesOf(obj));
      }
    }

    private Set<ResourceID> primariesOf(R obj) {
      Set<ResourceID> ids = toPrimaries.toPrimaryResourceIDs(obj);
      return ids == null ? Set.of() : ids;
    }
  }

  /**
   * Builds a {@link SharedInformerEventSource}.
   *
   * @param <R> the secondary type
   * @param <P> the primary type
   */
  public static final class Builder<R extends HasMetadata, P extends HasMetadata> {
    private final Class<R> type;
    private final List<SharedInformer<R>> informers = new ArrayList<>();
    private String name;
    private SecondaryToPrimaryMapper<R> toPrimaries;
    private SecondaryLookup<R, P> lookup;
    private Duration syncTimeout = Duration.ofMinutes(2);

    private Builder(Class<R> type, Class<P> primaryType) {
      if (type == null) {
        throw ValidationException.forField("type", "Required", "must not be null");
      }
      if (primaryType == null) {
        throw ValidationException.forField("primaryType", "Required", "must not be null");
      }
      this.type = type;
    }

    /**
     * @param informer a shared informer of the secondaries; add one per namespace watched, or
     *     one of all namespaces
     * @return this builder
     */
    public Builder<R, P> informer(SharedInformer<R> informer) {
      if (informer == null) {
        throw ValidationException.forField("informer", "Required", "must not be null");
      }
      informers.add(informer);
      return this;
    }

    /**
     * @param sourceName the event source's name, unique within its controller (JOSDK's rule)
     * @return this builder
     */
    public Builder<R, P> named(String sourceName) {
      this.name = sourceName;
      return this;
    }

    /**
     * @param mapper the primaries of a changed secondary
     * @return this builder
     */
    public Builder<R, P> mapper(SecondaryToPrimaryMapper<R> mapper) {
      this.toPrimaries = mapper;
      return this;
    }

    /**
     * @param secondaryLookup the secondaries of a primary
     * @return this builder
     */
    public Builder<R, P> lookup(SecondaryLookup<R, P> secondaryLookup) {
      this.lookup = secondaryLookup;
      return this;
    }

    /**
     * @param timeout how long {@link SharedInformerEventSource#start()} waits for the shared
     *     informers' sync; 2 minutes (JOSDK's default cache sync timeout) unless set
     * @return this builder
     * @throws ValidationException when the timeout is null, zero or negative
     */
    public Builder<R, P> syncTimeout(Duration timeout) {
      if (timeout == null || timeout.isZero() || timeout.isNegative()) {
        throw ValidationException.forField("syncTimeout", "Invalid", "must be positive");
      }
      this.syncTimeout = timeout;
      return this;
    }

    /**
     * @return the event source
     * @throws ValidationException naming what is missing: an informer, the mapper or the lookup
     */
    public SharedInformerEventSource<R, P> build() {
      if (informers.isEmpty()) {
        throw ValidationException.forField("informer", "Required",
            "an event source needs at least one shared informer");
      }
      if (toPrimaries == null) {
        throw ValidationException.forField("mapper", "Required",
            "an event source needs a secondary-to-primary mapper");
      }
      if (lookup == null) {
        throw ValidationException.forField("lookup", "Required",
            "an event source needs a secondary lookup");
      }
      for (int i = 0; i < informers.size(); i++) {
        for (int j = i + 1; j < informers.size(); j++) {
          if (overlap(informers.get(i).scope(), informers.get(j).scope())) {
            throw ValidationException.forField("informer", "Duplicate", "informers for "
                + informers.get(i).scope() + " and " + informers.get(j).scope()
                + " overlap: a change would be reported twice");
          }
        }
      }
      return new SharedInformerEventSource<>(this);
    }

    private static boolean overlap(InformerScope a, InformerScope b) {
      return a.isAllNamespaces() || b.isAllNamespaces() || a.namespace().equals(b.namespace());
    }
  }
}
