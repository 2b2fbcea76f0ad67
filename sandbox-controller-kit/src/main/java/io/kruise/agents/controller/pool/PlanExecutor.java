package io.kruise.agents.controller.pool;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.PatchType;
import io.kruise.agents.client.SandboxClient;
import io.kruise.agents.client.exceptions.ConflictException;
import io.kruise.agents.client.exceptions.SandboxNotFoundException;
import io.kruise.agents.controller.Expectations;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxAnnotations;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a {@link PoolPlan}'s creations and deletions through the {@link AgentsClient}, so
 * that the next reconcile reads them back from the shared cache at once, and records each in the
 * {@link Expectations} for the case it does not. Writes of one kind go in {@link SlowStart}
 * batches.
 *
 * <p>A scale-down or rolling-update victim is locked first, as upstream does and with what
 * {@code SandboxPool} claims use: a JSON merge patch setting the {@code lock} and {@code owner}
 * annotations that carries the resourceVersion the planner saw, so a claim that got there first
 * makes it fail with 409 (the victim is then left alone), and a claim that comes later fails the
 * same way against the lock. Only a locked victim is deleted. Dead sandboxes cannot be claimed
 * and are deleted directly. Thread-safe.
 */
final class PlanExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(PlanExecutor.class);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /**
   * What one execution did.
   *
   * @param created sandboxes created
   * @param deleted sandboxes deleted (scale down, rolling update and dead)
   * @param lostRaces victims a claim locked or changed first, left alone
   * @param failures what failed
   */
  record Outcome(int created, int deleted, int lostRaces, List<RuntimeException> failures) {
    /** Copies the failures. */
    Outcome {
      failures = List.copyOf(failures);
    }
  }

  /** Running totals, for {@link SandboxSetPoolController#stats()}. */
  static final class Counters {
    final LongAdder created = new LongAdder();
    final LongAdder deleted = new LongAdder();
    final LongAdder deadDeleted = new LongAdder();
    final LongAdder lostRaces = new LongAdder();
    final LongAdder failures = new LongAdder();
  }

  private final AgentsClient agents;
  private final Expectations expectations;
  private final ExecutorService pool;
  private final int initialBatch;
  private final Counters counters;

  PlanExecutor(AgentsClient agents, Expectations expectations, ExecutorService pool,
      int initialBatch, Counters counters) {
    this.agents = agents;
    this.expectations = expectations;
    this.pool = pool;
    this.initialBatch = initialBatch;
    this.counters = counters;
  }

  /**
   * @param namespace the SandboxSet's namespace
   * @param owner the SandboxSet's expectations key
   * @param plan what to do
   * @return what was done
   */
  Outcome execute(String namespace, String owner, PoolPlan plan) {
    SandboxClient sandboxes = agents.sandboxes(namespace);
    List<RuntimeException> failures = new ArrayList<>();
    int created = 0;
    int deleted = 0;
    int lost = 0;
    if (plan.creations() > 0) {
      SlowStart.Result r = SlowStart.run(IntStream.range(0, plan.creations()).boxed().toList(),
          initialBatch, pool, i -> create(sandboxes, owner, plan.prototype()));
      created += r.done();
      failures.addAll(r.failures());
      log("create", owner, r);
    }
    // one lock value per reconcile, as upstream: it tells this controller's locks apart
    String lock = UUID.randomUUID().toString();
    List<PoolPlan.Deletion> locked = new ArrayList<>(plan.deletions(PoolPlan.Reason.SCALE_DOWN));
    locked.addAll(plan.deletions(PoolPlan.Reason.ROLLING_UPDATE));
    if (!locked.isEmpty()) {
      SlowStart.Result r = SlowStart.run(locked, initialBatch, pool,
          d -> lockAndDelete(sandboxes, owner, d, lock));
      deleted += r.done();
      lost += r.skipped();
      failures.addAll(r.failures());
      log("scale down", owner, r);
    }
    List<PoolPlan.Deletion> dead = plan.deletions(PoolPlan.Reason.DEAD);
    if (!dead.isEmpty()) {
      // garbage collection keeps no replica count, so upstream keeps no expectation for it
      SlowStart.Result r = SlowStart.run(dead, initialBatch, pool, d -> deleteDead(sandboxes, d));
      deleted += r.done();
      failures.addAll(r.failures());
      log("delete dead", owner, r);
    }
    counters.failures.add(failures.size());
    return new Outcome(created, deleted, lost, failures);
  }

  private boolean create(SandboxClient sandboxes, String owner, Sandbox prototype) {
    Sandbox created = sandboxes.createSandbox(prototype.deepCopy());
    expectations.expectCreation(owner, created.getMetadata().getName());
    counters.created.increment();
    LOG.debug("created sandbox {} for {}", created.getMetadata().getName(), owner);
    return true;
  }

  /** @return false when a claim won the race: the victim stays */
  private boolean lockAndDelete(SandboxClient sandboxes, String owner, PoolPlan.Deletion victim,
      String lock) {
    String name = victim.name();
    expectations.expectDeletion(owner, name);
    try {
      sandboxes.patchSandbox(name, lockPatch(victim.sandbox(), lock), null, PatchType.MERGE);
    } catch (ConflictException | SandboxNotFoundException e) {
      expectations.observeDeletion(owner, name);
      counters.lostRaces.increment();
      LOG.debug("{} of {} changed since it was planned (claimed?): left alone", name, owner);
      return false;
    } catch (RuntimeException e) {
      expectations.observeDeletion(owner, name);
      throw e;
    }
    try {
      sandboxes.deleteSandbox(name, null, null);
    } catch (SandboxNotFoundException e) {
      // gone already: what we wanted
    } catch (RuntimeException e) {
      expectations.observeDeletion(owner, name);
      throw e;
    }
    counters.deleted.increment();
    LOG.debug("locked and deleted sandbox {} of {} ({})", name, owner, victim.reason());
    return true;
  }

  private boolean deleteDead(SandboxClient sandboxes, PoolPlan.Deletion victim) {
    try {
      sandboxes.deleteSandbox(victim.name(), null, null);
    } catch (SandboxNotFoundException e) {
      return false;
    }
    counters.deleted.increment();
    counters.deadDeleted.increment();
    LOG.debug("deleted dead sandbox {}", victim.name());
    return true;
  }

  /**
   * The lock as a JSON merge patch carrying the planned resourceVersion (upstream's
   * {@code LockSandbox} followed by an optimistic update).
   */
  static String lockPatch(Sandbox planned, String lock) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("resourceVersion", planned.getMetadata().getResourceVersion());
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(SandboxAnnotations.LOCK, lock);
    annotations.put(SandboxAnnotations.OWNER, PoolPlanner.SCALE_DOWN_OWNER);
    metadata.put("annotations", annotations);
    return JSON.asJson(Collections.singletonMap("metadata", metadata));
  }

  private static void log(String what, String owner, SlowStart.Result r) {
    if (r.failures().isEmpty()) {
      LOG.debug("{} for {}: {} done, {} skipped", what, owner, r.done(), r.skipped());
    } else {
      LOG.warn("{} for {}: {} done, {} skipped, {} failed, {} not attempted; first failure: {}",
          what, owner, r.done(), r.skipped(), r.failures().size(), r.notStarted(),
          r.failures().get(0).toString());
    }
  }
}
