package io.kruise.agents.controller.claim;

import io.fabric8.kubernetes.api.model.Container;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.LeanObjects;
import io.kruise.agents.client.exceptions.SandboxClaimNotFoundException;
import io.kruise.agents.client.exceptions.SandboxSetNotFoundException;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.controller.StatusWriter;
import io.kruise.agents.informers.ClaimStamp;
import io.kruise.agents.informers.SandboxIndexes;
import io.kruise.agents.informers.SandboxPool;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.model.ConditionReasons;
import io.kruise.agents.model.ConditionTypes;
import io.kruise.agents.model.Conditions;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxAnnotations;
import io.kruise.agents.model.SandboxClaim;
import io.kruise.agents.model.SandboxClaimPhase;
import io.kruise.agents.model.SandboxClaimSpec;
import io.kruise.agents.model.SandboxClaimStatus;
import io.kruise.agents.model.SandboxRuntime;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxStates;
import io.kruise.agents.model.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SandboxClaim controller: takes {@code spec.replicas} available sandboxes from the pool
 * named by a claim's {@code spec.templateName} (a SandboxSet in the claim's namespace, or a
 * SandboxTemplate that SandboxSets there refer to with {@code spec.templateRef}), stamps
 * them, records progress in the claim's status, completes it, and deletes it
 * {@code ttlAfterCompleted} later, with the semantics of upstream's Go controller
 * (openkruise/agents {@code pkg/controller/sandboxclaim}), as a java-operator-sdk
 * {@link Reconciler} on the shared informer cache.
 *
 * <pre>{@code
 * Operator operator = new Operator(JosdkSharing.sharing(agents));
 * SandboxClaimController claims = SandboxClaimController.register(operator, agents,
 *     ClaimControllerOptions.builder().namespace("team-a").build());
 * operator.start();
 * }</pre>
 *
 * <h2>A claim's life</h2>
 * <ol>
 *   <li>No phase: {@code Claiming}, {@code claimStartTime} = now.</li>
 *   <li>Each reconcile claims what is missing (at most
 *       {@link ClaimControllerOptions#maxClaimsPerReconcile()}) with {@link SandboxPool}'s
 *       protocol, the same lock annotation and optimistic merge patch that every other claimer
 *       uses, so claims of this controller and direct {@code SandboxPool.claim} calls never take
 *       one sandbox twice. The patch also writes the owner annotation (the claim's UID), the
 *       {@code agents.kruise.io/claim-name} label, the claim's labels and annotations,
 *       {@code spec.shutdownTime}, and, unless {@code skipInitRuntime}, when the pool runs the
 *       agent runtime, the init-runtime request carrying {@code envVars}
 *       ({@link ClaimStamp}).</li>
 *   <li>{@code claimedReplicas}: the larger of the status's count and the held sandboxes (found
 *       in the cache through the {@link SandboxIndexes#CLAIM} index, owner = the claim's UID)
 *       that are Ready. A held sandbox that is not Ready counts once it is; one not yet counted
 *       and still not Ready {@code waitReadyTimeout} after its claim is released (deleted, unless
 *       {@code reserveFailedSandbox}) and replaced; a counted one is never released. Sandboxes of a pool are Ready when claimed
 *       (only available ones are claimed), so this matters only when one stops being ready.</li>
 *   <li>{@code Completed} when every replica is claimed (reason {@code AllReplicasClaimed}), or
 *       at {@code claimTimeout} with what it got ({@code Completed=True} reason
 *       {@code TimeoutReached} and {@code TimedOut=True} reason {@code ClaimTimeoutReached}), or
 *       at once when the SandboxSet does not exist ({@code SandboxSetNotFound}) or the claim
 *       cannot be carried out ({@code InvalidSpec}, e.g. a reserved label).</li>
 *   <li>{@code ttlAfterCompleted} after {@code completionTime} the claim (not its sandboxes) is
 *       deleted; a negative one keeps it.</li>
 * </ol>
 * A claim waiting for stock is woken by the pool's changes (a listener on the shared Sandbox
 * informer, claims by template through {@link SandboxIndexes#CLAIM_TEMPLATE}), not by a poll;
 * deadlines (timeout, ready deadline, time to live) are JOSDK reschedules. The status is
 * written only when it changed ({@link StatusWriter}).
 *
 * <p>Differences from upstream: no sandbox is created when the pool has none
 * ({@code createOnNoStock}); {@code inplaceUpdate}, {@code dynamicVolumesMount} and
 * {@code runtimes} are not applied and no runtime is called (the init-runtime request is only
 * recorded on the sandbox); the claim's labels are not copied into the sandbox's pod template;
 * claim keys of the protocol ({@code lock}, {@code owner}, {@code claim-name}, ...) are refused,
 * not only {@code sandbox-id}; and such a claim completes with {@code InvalidSpec} instead of
 * retrying until its timeout. No Events are recorded. A claim naming a SandboxSet whose
 * {@code templateRef} names a SandboxTemplate claims from that template's pool (the
 * {@code sandbox-template} label its sandboxes carry), and a claim may name the template itself;
 * upstream looks the set's own name up in its pool index, where such sandboxes are not.
 *
 * <p>Thread-safe; JOSDK never reconciles one claim twice at the same time.
 */
@ControllerConfiguration(name = SandboxClaimController.NAME)
public final class SandboxClaimController implements Reconciler<SandboxClaim>, AutoCloseable {

  /** The controller's name in JOSDK, logs and listener names. */
  public static final String NAME = "sandboxclaim";

  private static final Logger LOG = LoggerFactory.getLogger(SandboxClaimController.class);
  /** The init container that marks a template as running the agent runtime (upstream's). */
  private static final String RUNTIME_INIT_CONTAINER = "runtime";

  private final AgentsClient agents;
  private final ClaimControllerOptions options;
  private final SharedInformer<Sandbox> sandboxes;
  private final SharedInformer<SandboxSet> sets;
  private final SharedInformer<SandboxClaim> claims;
  private SandboxPool pool; // guarded by this; made at first use (see pool())
  private boolean closed; // guarded by this
  private final ClaimPlanner planner;
  private final ClaimExecutor executor;
  private final ClaimExecutor.Counters counters = new ClaimExecutor.Counters();
  private final StatusWriter<SandboxClaim, SandboxClaimStatus> statusWriter;
  private final LongAdder reconciles = new LongAdder();
  private final LongAdder completed = new LongAdder();
  private final LongAdder timedOut = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder statusWrites = new LongAdder();

  private SandboxClaimController(AgentsClient agents, ClaimControllerOptions options) {
    this.agents = agents;
    this.options = options;
    SharedInformers informers = SharedInformers.of(agents);
    this.sandboxes = informers.sandboxes(options.poolScope());
    this.sets = informers.sandboxSets(options.poolScope());
    this.claims = informers.sandboxClaims(options.claimScope());
    this.planner = new ClaimPlanner(options.maxClaimsPerReconcile());
    this.executor = new ClaimExecutor(agents, this::pool, counters);
    this.statusWriter = StatusWriter.forSandboxClaims(agents);
  }

  /**
   * Creates a controller; register it with an {@link Operator} before the operator starts (or
   * use {@link #register}).
   *
   * @param agents the client to read (through its shared informers) and write with
   * @param options the settings; null means {@link ClaimControllerOptions#DEFAULTS}
   * @return the controller
   * @throws ValidationException naming {@code agents} when it is null
   */
  public static SandboxClaimController create(AgentsClient agents,
      ClaimControllerOptions options) {
    if (agents == null) {
      throw ValidationException.forField("agents", "Required", "must not be null");
    }
    return new SandboxClaimController(agents,
        options == null ? ClaimControllerOptions.DEFAULTS : options);
  }

  /**
   * Creates a controller and registers it with an operator that has not started yet, watching
   * the options' namespace (or all) and claim label selector.
   *
   * @param operator the operator; its client should reach the same API server as {@code agents}
   * @param agents the client to read and write with
   * @param options the settings; null means {@link ClaimControllerOptions#DEFAULTS}
   * @return the registered controller (for {@link #stats()}, and {@link #close()} once the
   *     operator has stopped)
   * @throws ValidationException naming {@code operator} or {@code agents} when null
   */
  public static SandboxClaimController register(Operator operator, AgentsClient agents,
      ClaimControllerOptions options) {
    if (operator == null) {
      throw ValidationException.forField("operator", "Required", "must not be null");
    }
    SandboxClaimController controller = create(agents, options);
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
  public RegisteredController<SandboxClaim> registerWith(Operator operator) {
    if (operator == null) {
      throw ValidationException.forField("operator", "Required", "must not be null");
    }
    return operator.register(this, o -> {
      if (options.namespace() != null) {
        o.settingNamespace(options.namespace());
      }
      if (options.claimLabelSelector() != null) {
        o.withLabelSelector(options.claimLabelSelector());
      }
    });
  }

  /**
   * Reconciles one SandboxClaim. Writes go through the {@link AgentsClient}, not through the
   * returned control, which asks for no update.
   *
   * @param resource the SandboxClaim as JOSDK's cache has it
   * @param context JOSDK's context (not used)
   * @return no update; a reschedule at the claim's next deadline
   */
  @Override
  public UpdateControl<SandboxClaim> reconcile(SandboxClaim resource,
      Context<SandboxClaim> context) {
    Duration requeue = reconcileOnce(resource);
    UpdateControl<SandboxClaim> control = UpdateControl.noUpdate();
    return requeue == null ? control : control.rescheduleAfter(Math.max(1, requeue.toMillis()));
  }

  /**
   * The event source that wakes claims on pool changes.
   *
   * @param context JOSDK's context
   * @return the one event source
   */
  @Override
  public List<EventSource<?, SandboxClaim>> prepareEventSources(
      EventSourceContext<SandboxClaim> context) {
    return List.of(new ClaimEventSource(NAME + "-pools", sandboxes, sets, claims,
        options.syncTimeout()));
  }

  /** @return what this controller has done so far */
  public ClaimControllerStats stats() {
    return new ClaimControllerStats(reconciles.sum(), counters.claimed.sum(), completed.sum(),
        timedOut.sum(), failed.sum(), counters.released.sum(), counters.deleted.sum(),
        statusWrites.sum());
  }

  /** @return the settings */
  public ClaimControllerOptions options() {
    return options;
  }

  /** Removes the claimer's listener from the shared Sandbox informer; idempotent. */
  @Override
  public synchronized void close() {
    closed = true;
    if (pool != null) {
      pool.close();
    }
  }

  /**
   * The claimer, made at the first claim: its listener starts the shared Sandbox informer, which
   * must not happen when this controller is created (the pool controller, created next, still
   * adds its index to that informer before it starts).
   */
  private synchronized SandboxPool pool() {
    if (closed) {
      throw new IllegalStateException("the " + NAME + " controller is closed");
    }
    if (pool == null) {
      pool = new SandboxPool(agents, sandboxes);
    }
    return pool;
  }

  /**
   * One reconcile, without JOSDK.
   *
   * @return when to reconcile again without an event, or null
   */
  Duration reconcileOnce(SandboxClaim given) {
    reconciles.increment();
    String namespace = given.getMetadata().getNamespace();
    String name = given.getMetadata().getName();
    SandboxClaim claim = newer(given, claims.lister().get(namespace, name));
    if (claim.getMetadata().getDeletionTimestamp() != null) {
      return null;
    }
    Instant now = options.clock().instant();
    SandboxClaimSpec spec = claim.getSpec() == null ? new SandboxClaimSpec() : claim.getSpec();
    boolean completedBefore = claim.getStatus() != null
        && claim.getStatus().getPhaseEnum() == SandboxClaimPhase.COMPLETED;
    SandboxSet set = completedBefore ? null : poolOf(namespace, spec.getTemplateName());
    ClaimPlanner.Input in = new ClaimPlanner.Input(claim, completedBefore || set != null,
        held(claim), now);
    ClaimPlan plan = planner.plan(in);
    if (plan.deleteClaim()) {
      executor.deleteClaim(namespace, name);
      return null;
    }
    executor.release(claim, plan.toRelease());
    ClaimExecutor.Outcome outcome = plan.toClaim() == 0 ? new ClaimExecutor.Outcome(0, 0, null)
        : executor.claim(claim, SandboxStates.poolKey(set), plan.toClaim(),
            () -> stampOf(claim, set));
    ClaimPlan done = planner.afterClaims(plan, in, outcome.ready(), outcome.rejection());
    try {
      if (statusWriter.write(claim, done.status())) {
        statusWrites.increment();
        if (!completedBefore && SandboxClaimPhase.parse(done.status().getPhase())
            == SandboxClaimPhase.COMPLETED) {
          countCompletion(done.status());
          LOG.debug("{}/{}: {}", namespace, name, done.status().getMessage());
        }
      }
    } catch (SandboxClaimNotFoundException e) {
      return null;
    }
    if (done.deleteClaim()) {
      executor.deleteClaim(namespace, name);
      return null;
    }
    return done.requeueAfter();
  }

  private void countCompletion(SandboxClaimStatus status) {
    if (Conditions.isTrue(status.getConditions(), ConditionTypes.TIMED_OUT)) {
      timedOut.increment();
    } else if (Conditions.find(status.getConditions(), ConditionTypes.COMPLETED)
        .map(c -> ConditionReasons.Completed.ALL_REPLICAS_CLAIMED
            .equals(c.getReason())).orElse(false)) {
      completed.increment();
    } else {
      failed.increment();
    }
  }

  /**
   * The claim's SandboxSet: the one named {@code spec.templateName} (upstream's rule), else one
   * whose {@code templateRef} names it (the pool of that SandboxTemplate); its
   * {@link SandboxStates#poolKey(SandboxSet) pool key} is what the claim takes sandboxes by. From
   * the cache, and when the cache lacks it from the server (a claim created right after its pool
   * must not complete as SandboxSetNotFound because the watch is behind); null when none exists.
   */
  private SandboxSet poolOf(String namespace, String templateName) {
    if (templateName == null || templateName.isEmpty()) {
      return null;
    }
    SandboxSet cached = sets.lister().get(namespace, templateName);
    if (cached != null) {
      return cached;
    }
    SandboxSet referring = sets.lister().byIndex(SandboxIndexes.TEMPLATE_REF, templateName)
        .stream().filter(s -> namespace.equals(s.getMetadata().getNamespace()))
        .min(java.util.Comparator.comparing(s -> s.getMetadata().getName())).orElse(null);
    if (referring != null) {
      return referring;
    }
    try {
      return agents.sandboxSets(namespace).getSandboxSet(templateName);
    } catch (SandboxSetNotFoundException e) {
      return null;
    }
  }

  /** The sandboxes the claim holds: its claim-name label and its UID as owner, from the cache. */
  private List<ClaimPlanner.Held> held(SandboxClaim claim) {
    String namespace = claim.getMetadata().getNamespace();
    String uid = claim.getMetadata().getUid();
    List<ClaimPlanner.Held> held = new ArrayList<>();
    for (Sandbox s : sandboxes.lister().byIndex(SandboxIndexes.CLAIM,
        claim.getMetadata().getName())) {
      Map<String, String> annotations = s.getMetadata().getAnnotations();
      if (namespace.equals(s.getMetadata().getNamespace()) && annotations != null
          && uid != null && uid.equals(annotations.get(SandboxAnnotations.OWNER))) {
        held.add(new ClaimPlanner.Held(s.getMetadata().getName(), SandboxStates.isReady(s),
            Times.parse(annotations.get(SandboxAnnotations.CLAIM_TIMESTAMP)).orElse(null)));
      }
    }
    return held;
  }

  /**
   * What the claim stamps on each sandbox, as upstream's {@code buildClaimOptions}: its name,
   * labels, annotations, shutdown time, and the init-runtime request with its environment when
   * the pool runs the agent runtime and the claim does not skip it.
   *
   * @throws ValidationException naming the claim's field that cannot be carried out
   */
  static ClaimStamp stampOf(SandboxClaim claim, SandboxSet set) {
    SandboxClaimSpec spec = claim.getSpec();
    ClaimStamp.Builder b = ClaimStamp.builder().claimName(claim.getMetadata().getName());
    try {
      b.labels(spec.getLabels()).annotations(spec.getAnnotations());
    } catch (ValidationException e) {
      throw ValidationException.forField("spec." + e.causes().get(0).field(), "Forbidden",
          e.causes().get(0).message(), e);
    }
    if (spec.getShutdownTime() != null) {
      b.shutdownTime(Times.parse(spec.getShutdownTime()).orElseThrow(
          () -> ValidationException.forField("spec.shutdownTime", "Invalid",
              "is not an RFC 3339 time: " + spec.getShutdownTime())));
    }
    if (!Boolean.TRUE.equals(spec.getSkipInitRuntime()) && runsAgentRuntime(set)) {
      b.initRuntimeEnv(spec.getEnvVars() == null ? Map.of() : spec.getEnvVars());
    }
    return b.build();
  }

  /** Upstream's test: a runtime named agent-runtime, or an init container named runtime. */
  static boolean runsAgentRuntime(SandboxSet set) {
    if (set == null || set.getSpec() == null) {
      return false;
    }
    List<SandboxRuntime> runtimes = set.getSpec().getRuntimes();
    if (runtimes != null && runtimes.stream()
        .anyMatch(r -> SandboxRuntime.AGENT_RUNTIME.equals(r.getName()))) {
      return true;
    }
    if (set.getSpec().getTemplate() == null || set.getSpec().getTemplate().getSpec() == null) {
      return false;
    }
    List<Container> init = set.getSpec().getTemplate().getSpec().getInitContainers();
    return init != null && init.stream().anyMatch(c -> RUNTIME_INIT_CONTAINER.equals(c.getName()));
  }

  /**
   * The newer of JOSDK's copy and the shared cache's (which holds this controller's own status
   * writes at once), compared by resourceVersion where both are numbers as etcd hands them out.
   */
  static SandboxClaim newer(SandboxClaim given, SandboxClaim cached) {
    if (cached == null || LeanObjects.isPartial(cached)) {
      return given;
    }
    long a = number(given.getMetadata().getResourceVersion());
    long b = number(cached.getMetadata().getResourceVersion());
    return a >= 0 && b > a ? cached : given;
  }

  private static long number(String rv) {
    if (rv == null || rv.isEmpty() || rv.length() > 18
        || !rv.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Long.parseLong(rv);
  }
}
