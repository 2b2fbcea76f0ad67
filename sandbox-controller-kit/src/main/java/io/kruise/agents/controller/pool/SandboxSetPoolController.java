package io.kruise.agents.controller.pool;

import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.LeanObjects;
import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.client.exceptions.ConfigurationException;
import io.kruise.agents.client.exceptions.SandboxSetNotFoundException;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.controller.Expectations;
import io.kruise.agents.controller.StatusWriter;
import io.kruise.agents.informers.ListenerOptions;
import io.kruise.agents.informers.ResourceListener;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetStatus;
import io.kruise.agents.model.SandboxTemplate;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SandboxSet pool controller: keeps {@code spec.replicas} unclaimed sandboxes in every
 * SandboxSet, with the semantics of upstream's Go controller (openkruise/agents
 * {@code pkg/controller/sandboxset}), as a java-operator-sdk {@link Reconciler} on the shared
 * informer cache.
 *
 * <pre>{@code
 * Operator operator = new Operator(o -> o.withKubernetesClient(agents.kubernetesClient()));
 * SandboxSetPoolController.register(operator, agents, PoolControllerOptions.DEFAULTS);
 * operator.start();
 * }</pre>
 *
 * <h2>Rules (upstream's, in this order each reconcile)</h2>
 * <ol>
 *   <li><b>Members</b> are the Sandboxes whose controller reference names the SandboxSet's UID.
 *       A claim removes that reference ({@code SandboxPool.claim}), so a claimed sandbox leaves
 *       the pool at once and is replaced. Members are grouped by derived state
 *       ({@link io.kruise.agents.model.SandboxStates}): creating, available or dead.</li>
 *   <li><b>Template</b>: the inline {@code spec.template}, or the SandboxTemplate of the set's
 *       namespace that {@code spec.templateRef.name} names, read from the shared SandboxTemplate
 *       informer (no request). Its pod template is used; volumeClaimTemplates,
 *       persistentContents, runtimes and pauseStrategy stay the SandboxSet's, as upstream's
 *       {@code buildSandboxTemplateSpec} does. When no template can be used the set gets
 *       condition {@code TemplateResolved=False} with the reason {@code TemplateNotFound} (the
 *       message names the template), {@code TemplateEmpty} (it has no {@code spec.template}),
 *       {@code TemplateConflict} (both {@code template} and {@code templateRef}: upstream's
 *       webhook rejects that, the CRD schema does not) or {@code TemplateMissing} (neither); it
 *       creates nothing and does not roll, but still scales down and deletes dead members. The
 *       condition goes once the template can be used.</li>
 *   <li><b>Status</b>: {@code availableReplicas} = available; {@code replicas} = creating +
 *       available + creations still in flight; {@code updateRevision} = the template's hash
 *       (FNV-32 of the pod template and the pool-level fields, safe-encoded), so a changed
 *       SandboxTemplate rolls its sets like a changed inline template; {@code currentRevision} =
 *       the referenced SandboxTemplate's name, else {@code <name>-<hash>} (upstream's materialised
 *       template name; no SandboxTemplate object is created here), {@code observedGeneration},
 *       and {@code selector}
 *       {@code sandbox-claimed=false,sandbox-pool=<name>} for the {@code /scale} subresource. It
 *       is computed before this reconcile's writes and written only when it differs from the
 *       stored one ({@link StatusWriter}).</li>
 *   <li><b>Scale up</b> when {@code replicas < spec.replicas}: the difference, at most
 *       {@code scaleStrategy.maxUnavailable} (scaled against {@code spec.replicas}, rounded up)
 *       minus those still creating. Sandboxes are created in batches of 16, doubling, no further
 *       batch after a failure, with {@code generateName <name>-}, the pod template's labels and
 *       annotations without internal keys, the labels {@code sandbox-pool},
 *       {@code sandbox-template} (the referenced template's name, else the set's),
 *       {@code sandbox-claimed=false} and {@code template-hash}, and the controller reference.
 *       A sandbox of a set with {@code templateRef} carries that reference, not a copy of the pod
 *       template (the Sandbox controller resolves it). Creations in flight count, so a lagging
 *       cache causes no second creation.</li>
 *   <li><b>Scale down</b> when {@code replicas > spec.replicas} and nothing is in flight:
 *       unclaimed sandboxes of an old revision first, then those at the current revision; each
 *       group pending first, then recycled (most recycled first), then not ready, then available,
 *       oldest first (ties by name). Each victim is first locked with a merge patch carrying the
 *       resourceVersion the planner saw ({@code lock} and {@code owner: __manager_scale_down}
 *       annotations, what claims use), then deleted: a claim that wins the race makes the lock
 *       fail with 409 and the sandbox stays claimed; a sandbox locked by a claimer is never
 *       chosen.</li>
 *   <li><b>Dead</b> members (deleted, expired, failed, finished) are deleted, without lock and
 *       without counting.</li>
 *   <li><b>Rolling update</b> when the pool is at size and nothing is in flight: old-revision
 *       members still creating are deleted at once, available ones within
 *       {@code updateStrategy.maxUnavailable} (default 0) minus updated ones still creating,
 *       oldest first; {@code updatedReplicas} and {@code updatedAvailableReplicas} follow.</li>
 * </ol>
 *
 * <h2>How it runs</h2>
 * A reconcile reads the SandboxSet (the newer of JOSDK's copy and the shared cache's) and its
 * members from the shared informers (no request), asks a pure planner what to do, and one
 * executor writes it through the {@link AgentsClient}: its writes are in the cache for the next
 * reconcile at once (read your writes), and {@link Expectations} cover what the cache may still
 * lack (on an injectable ticker). Sandbox changes reach the controller through a listener on the
 * shared Sandbox informer ({@link #sandboxListener}), SandboxTemplate changes through one on the
 * shared SandboxTemplate informer ({@link #templateListener}: a template that appears, changes
 * its spec or goes away triggers the sets whose {@code templateRef} names it, found by the
 * {@code SandboxIndexes.TEMPLATE_REF} index of the shared SandboxSet informer and by the
 * reference each reconcile recorded before it looked the template up); JOSDK only watches
 * SandboxSets. The controller needs full templates: it refuses, at creation, a client whose
 * shared informers strip them ({@code InformerOptions.stripTemplates}, part of {@code lean()}).
 * Events are logged; the test API server has no Event objects, so none are recorded.
 *
 * <p>Differences from upstream: upstream fails the reconcile (and retries with backoff) when the
 * referenced SandboxTemplate is missing, and its SandboxTemplate watch only follows the templates
 * it materialises itself, so a user's SandboxTemplate that appears or changes is noticed at the
 * next unrelated event; here the set reports {@code TemplateResolved=False} and is reconciled on
 * the template's own events. Upstream creates sandboxes from a referenced SandboxTemplate without
 * a pod template (its Sandbox controller then cannot build a pod); here that is
 * {@code TemplateEmpty} and nothing is created. An inline template is not materialised as a
 * SandboxTemplate object. The revision hash is computed over fabric8's JSON and differs from the
 * Go controller's, so do not run both on one SandboxSet; a sandbox being deleted by this
 * controller is not counted in {@code replicas}.
 *
 * <p>Thread-safe; JOSDK never reconciles one SandboxSet twice at the same time.
 */
@ControllerConfiguration(name = SandboxSetPoolController.NAME)
public final class SandboxSetPoolController implements Reconciler<SandboxSet>, AutoCloseable {

  /** The controller's name in JOSDK, logs and listener names. */
  public static final String NAME = "sandboxset-pool";

  private static final Logger LOG = LoggerFactory.getLogger(SandboxSetPoolController.class);

  private final PoolControllerOptions options;
  private final SharedInformer<Sandbox> sandboxes;
  private final SharedInformer<SandboxSet> sets;
  private final PoolMembers members;
  private final PoolTemplates templates;
  private final Expectations expectations;
  private final PoolPlanner planner = new PoolPlanner();
  private final PlanExecutor executor;
  private final StatusWriter<SandboxSet, SandboxSetStatus> statusWriter;
  private final ThreadPoolExecutor writes;
  private final PlanExecutor.Counters counters = new PlanExecutor.Counters();
  private final LongAdder reconciles = new LongAdder();
  private final LongAdder statusWrites = new LongAdder();

  private SandboxSetPoolController(AgentsClient agents, PoolControllerOptions options) {
    this.options = options;
    SharedInformers informers = SharedInformers.of(agents);
    this.sandboxes = informers.sandboxes(options.sandboxScope());
    this.sets = informers.sandboxSets(options.sandboxSetScope());
    this.members = new PoolMembers(sandboxes); // before anything starts the informer
    this.templates = new PoolTemplates(informers.sandboxTemplates(options.sandboxTemplateScope()),
        sets, options.syncTimeout(), options.expectationTimeout(), options.ticker());
    this.expectations = new Expectations(options.ticker(), options.expectationTimeout());
    this.writes = new ThreadPoolExecutor(options.writeThreads(), options.writeThreads(), 30,
        TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemon(NAME + "-write"));
    // idle threads end, so a controller that is never closed leaves none behind
    this.writes.allowCoreThreadTimeOut(true);
    this.executor = new PlanExecutor(agents, expectations, writes, options.initialBatchSize(),
        counters);
    this.statusWriter = StatusWriter.forSandboxSets(agents);
  }

  /**
   * Creates a controller; register it with an {@link Operator} before the operator starts (or
   * use {@link #register}). Create it before anything else starts the shared Sandbox informer
   * of its scope, so it can add its index there.
   *
   * @param agents the client to read (through its shared informers) and write with
   * @param options the settings; null means {@link PoolControllerOptions#DEFAULTS}
   * @return the controller
   * @throws ValidationException naming {@code agents} when it is null
   * @throws ConfigurationException when the client's shared informers strip templates
   *     ({@code InformerOptions.stripTemplates}, part of {@code lean()}): a SandboxSet's
   *     {@code spec.templateRef} is resolved from the shared SandboxTemplate cache, which then
   *     holds no pod templates to build sandboxes from
   */
  public static SandboxSetPoolController create(AgentsClient agents,
      PoolControllerOptions options) {
    if (agents == null) {
      throw ValidationException.forField("agents", "Required", "must not be null");
    }
    if (SharedInformers.of(agents).options().stripTemplates()) {
      throw new ConfigurationException("the SandboxSet pool controller needs full templates, but"
          + " the shared informers of this AgentsClient strip them (InformerOptions"
          + ".stripTemplates, part of lean()): spec.templateRef is resolved from the cached"
          + " SandboxTemplates. Run the controller on an AgentsClient whose informers keep"
          + " templates (stripManagedFields alone is fine).");
    }
    return new SandboxSetPoolController(agents,
        options == null ? PoolControllerOptions.DEFAULTS : options);
  }

  /**
   * Creates a controller and registers it with an operator that has not started yet, watching
   * the options' namespace (or all) and SandboxSet label selector.
   *
   * @param operator the operator; its client should reach the same API server as {@code agents}
   * @param agents the client to read and write with
   * @param options the settings; null means {@link PoolControllerOptions#DEFAULTS}
   * @return the registered controller (for {@link #stats()}, and {@link #close()} once the
   *     operator has stopped)
   * @throws ValidationException naming {@code operator} or {@code agents} when null
   */
  public static SandboxSetPoolController register(Operator operator, AgentsClient agents,
      PoolControllerOptions options) {
    if (operator == null) {
      throw ValidationException.forField("operator", "Required", "must not be null");
    }
    SandboxSetPoolController controller = create(agents, options);
    controller.registerWith(operator);
    return controller;
  }

  /**
   * Registers this controller with an operator that has not started yet.
   *
   * @param operator the operator
   * @return JOSDK's handle of the registered controller
   * @throws ValidationException naming {@code operator} when null
   */
  public RegisteredController<SandboxSet> registerWith(Operator operator) {
    if (operator == null) {
      throw ValidationException.forField("operator", "Required", "must not be null");
    }
    return operator.register(this, o -> {
      if (options.namespace() != null) {
        o.settingNamespace(options.namespace());
      }
      if (options.sandboxSetLabelSelector() != null) {
        o.withLabelSelector(options.sandboxSetLabelSelector());
      }
    });
  }

  /**
   * Reconciles one SandboxSet. Writes go through the {@link AgentsClient}, not through the
   * returned control, which asks for no update.
   *
   * @param resource the SandboxSet as JOSDK's cache has it
   * @param context JOSDK's context (not used)
   * @return no update; a reschedule when creations or deletions are still awaited
   * @throws AgentsApiException when writes failed (JOSDK retries with backoff)
   */
  @Override
  public UpdateControl<SandboxSet> reconcile(SandboxSet resource, Context<SandboxSet> context) {
    Duration requeue = reconcileOnce(resource);
    UpdateControl<SandboxSet> control = UpdateControl.noUpdate();
    return requeue == null ? control : control.rescheduleAfter(requeue);
  }

  /**
   * The event sources that turn Sandbox changes into reconciles of their SandboxSet, and
   * SandboxTemplate changes into reconciles of the SandboxSets whose {@code spec.templateRef}
   * names them.
   *
   * @param context JOSDK's context
   * @return the two event sources
   */
  @Override
  public List<EventSource<?, SandboxSet>> prepareEventSources(
      EventSourceContext<SandboxSet> context) {
    // Only pool members: a claim moves a sandbox out of this filter, so the listener sees it
    // as a delete of the member, which triggers the owner just as the update would.
    ListenerOptions<Sandbox> listenerOptions = ListenerOptions.<Sandbox>named(NAME)
        .filter(s -> PoolSandboxListener.ownerOf(s) != null);
    return List.of(
        new PoolEventSource<>(NAME + "-sandboxes", Sandbox.class, sandboxes, listenerOptions,
            this::sandboxListener, set -> new LinkedHashSet<>(members.of(set)),
            options.syncTimeout()),
        new PoolEventSource<>(NAME + "-templates", SandboxTemplate.class, templates.informer(),
            ListenerOptions.named(NAME + "-templates"), this::templateListener, templates::of,
            options.syncTimeout()));
  }

  /**
   * The listener that maps Sandbox changes to reconciles of the SandboxSet controlling them and
   * feeds this controller's expectations; for an event source other than the built-in one.
   *
   * @param trigger how to request a reconcile
   * @return a listener to register on the shared Sandbox informer of this controller's scope
   */
  public ResourceListener<Sandbox> sandboxListener(ReconcileTrigger trigger) {
    if (trigger == null) {
      throw ValidationException.forField("trigger", "Required", "must not be null");
    }
    return new PoolSandboxListener(expectations, trigger, options.clock());
  }

  /**
   * The listener that maps SandboxTemplate changes to reconciles of the SandboxSets whose
   * {@code spec.templateRef} names them (by the {@code SandboxIndexes.TEMPLATE_REF} index of the
   * shared SandboxSet informer); for an event source other than the built-in one.
   *
   * @param trigger how to request a reconcile
   * @return a listener to register on the shared SandboxTemplate informer of this controller's
   *     scope
   */
  public ResourceListener<SandboxTemplate> templateListener(ReconcileTrigger trigger) {
    if (trigger == null) {
      throw ValidationException.forField("trigger", "Required", "must not be null");
    }
    return new PoolTemplateListener(templates, trigger);
  }

  /** @return what this controller has done so far */
  public PoolControllerStats stats() {
    return new PoolControllerStats(reconciles.sum(), counters.created.sum(),
        counters.deleted.sum(), counters.deadDeleted.sum(), counters.lostRaces.sum(),
        statusWrites.sum(), counters.failures.sum());
  }

  /** @return the settings */
  public PoolControllerOptions options() {
    return options;
  }

  /** Stops the write threads; call after the operator has stopped. Idempotent. */
  @Override
  public void close() {
    writes.shutdown();
  }

  /**
   * One reconcile, without JOSDK.
   *
   * @return when to reconcile again without an event, or null
   */
  Duration reconcileOnce(SandboxSet given) {
    reconciles.increment();
    expectations.purgeExpired();
    String namespace = given.getMetadata().getNamespace();
    String name = given.getMetadata().getName();
    String key = PoolSandboxListener.key(new ResourceID(name, namespace));
    SandboxSet set = newer(given, sets.lister().get(namespace, name));
    if (set.getMetadata().getDeletionTimestamp() != null) {
      expectations.forget(key);
      templates.forget(ResourceID.fromResource(set));
      return null;
    }
    SandboxTemplate referenced = templates.resolve(set);
    List<Sandbox> current = members.of(set);
    Expectations.Pending pending = expectations.satisfy(key,
        current.stream().map(s -> s.getMetadata().getName()).toList());
    PoolPlan plan = planner.plan(new PoolPlanner.Input(set, current, pending,
        options.clock().instant(), referenced));
    PlanExecutor.Outcome outcome = executor.execute(namespace, key, plan);
    try {
      if (statusWriter.write(set, plan.status())) {
        statusWrites.increment();
      }
    } catch (SandboxSetNotFoundException e) {
      expectations.forget(key);
      templates.forget(ResourceID.fromResource(set));
      return null;
    }
    if (outcome.created() + outcome.deleted() > 0 || !outcome.failures().isEmpty()) {
      LOG.debug("{}: {} unclaimed of {} wanted ({} available); created {}, deleted {}, lost {}"
          + " lock race(s), {} failure(s)", key, plan.status().getReplicas(),
          set.getSpec() == null ? null : set.getSpec().getReplicas(),
          plan.status().getAvailableReplicas(), outcome.created(), outcome.deleted(),
          outcome.lostRaces(), outcome.failures().size());
    }
    if (!outcome.failures().isEmpty()) {
      RuntimeException first = outcome.failures().get(0);
      AgentsApiException failed = new AgentsApiException("reconcile of SandboxSet " + key
          + ": " + outcome.failures().size() + " write(s) failed; first: " + first.getMessage(),
          first instanceof AgentsApiException api ? api.code() : 0, first);
      outcome.failures().stream().skip(1).forEach(failed::addSuppressed);
      throw failed;
    }
    return plan.requeueAfter();
  }

  /**
   * The newer of JOSDK's copy and the shared cache's (which holds this controller's own status
   * writes at once), compared by resourceVersion where both are numbers as etcd hands them out.
   */
  static SandboxSet newer(SandboxSet given, SandboxSet cached) {
    if (cached == null || LeanObjects.isPartial(cached)) {
      return given;
    }
    long a = number(given.getMetadata().getResourceVersion());
    long b = number(cached.getMetadata().getResourceVersion());
    return a >= 0 && b > a ? cached : given;
  }

  private static long number(String rv) {
    if (rv == null || rv.isEmpty() || rv.length() > 18 || !rv.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Long.parseLong(rv);
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
