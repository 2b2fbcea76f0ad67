package io.kruise.agents.controller.pool;

import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.client.exceptions.SandboxNotFoundException;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.controller.StatusConditions;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.ListenerOptions;
import io.kruise.agents.informers.ListenerRegistration;
import io.kruise.agents.informers.ResourceListener;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.model.ConditionReasons;
import io.kruise.agents.model.ConditionTypes;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxPhase;
import io.kruise.agents.model.SandboxStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for the Sandbox controller, for tests and demos only: the test API server (and the
 * mock server) run no Sandbox controller, no Pods and no kubelet, so nothing would ever make a
 * new sandbox ready, and a pool would never become available. This runtime listens on the shared
 * Sandbox informer and, a fixed delay after a sandbox without a phase (or Pending) appears, writes
 * its status as the real controller would once its pod runs: phase {@code Running} and condition
 * {@code Ready=True} (reason {@code PodReady}). Nothing else of a sandbox's life is simulated
 * (no pause, resume, failure or shutdown).
 *
 * <p>The status write is a read-modify-write of the status subresource (retried on conflicts),
 * so it never undoes a concurrent claim, which changes only metadata. Do not run it against a
 * cluster that has the real Sandbox controller.
 *
 * <pre>{@code
 * try (SimulatedSandboxRuntime runtime = SimulatedSandboxRuntime.start(agents,
 *     Duration.ofMillis(200))) {
 *   // pools fill and become available as if pods started after 200 ms
 * }
 * }</pre>
 */
public final class SimulatedSandboxRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatedSandboxRuntime.class);

  private final AgentsClient agents;
  private final Duration readyAfter;
  private final ScheduledExecutorService scheduler;
  private final boolean ownsScheduler;
  private final Clock clock;
  private final Set<String> scheduled = ConcurrentHashMap.newKeySet();
  private final LongAdder markedReady = new LongAdder();
  private final ListenerRegistration registration;

  private SimulatedSandboxRuntime(AgentsClient agents, InformerScope scope, Duration readyAfter,
      ScheduledExecutorService scheduler, boolean ownsScheduler, Clock clock) {
    this.agents = agents;
    this.readyAfter = readyAfter;
    this.scheduler = scheduler;
    this.ownsScheduler = ownsScheduler;
    this.clock = clock;
    SharedInformer<Sandbox> informer = SharedInformers.of(agents).sandboxes(scope);
    this.registration = informer.addListener(ListenerOptions.<Sandbox>named(
        "simulated-sandbox-runtime").filter(SimulatedSandboxRuntime::starting),
        new ResourceListener<>() {
          @Override
          public void onAdd(Sandbox sandbox) {
            schedule(sandbox);
          }
        });
  }

  /**
   * Starts simulating for every namespace, on a scheduler thread of its own.
   *
   * @param agents the client whose shared Sandbox informer is watched and which writes
   * @param readyAfter the time from a sandbox's appearance to its readiness
   * @return the running simulation; close it to stop
   * @throws ValidationException naming the argument when null or negative
   */
  public static SimulatedSandboxRuntime start(AgentsClient agents, Duration readyAfter) {
    check(agents, readyAfter);
    ScheduledExecutorService own = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "simulated-sandbox-runtime");
      t.setDaemon(true);
      return t;
    });
    return new SimulatedSandboxRuntime(agents, InformerScope.allNamespaces(), readyAfter, own,
        true, Clock.systemUTC());
  }

  /**
   * Starts simulating for one informer scope on a given scheduler (tests pass one they drive).
   *
   * @param agents the client whose shared Sandbox informer is watched and which writes
   * @param scope the Sandbox informer scope to watch
   * @param readyAfter the time from a sandbox's appearance to its readiness
   * @param scheduler runs the delayed writes; not shut down by {@link #close()}
   * @param clock the time written as the condition's transition time
   * @return the running simulation; close it to stop
   * @throws ValidationException naming the argument when null or negative
   */
  public static SimulatedSandboxRuntime start(AgentsClient agents, InformerScope scope,
      Duration readyAfter, ScheduledExecutorService scheduler, Clock clock) {
    check(agents, readyAfter);
    if (scope == null) {
      throw ValidationException.forField("scope", "Required", "must not be null");
    }
    if (scheduler == null) {
      throw ValidationException.forField("scheduler", "Required", "must not be null");
    }
    if (clock == null) {
      throw ValidationException.forField("clock", "Required", "must not be null");
    }
    return new SimulatedSandboxRuntime(agents, scope, readyAfter, scheduler, false, clock);
  }

  /** @return how many sandboxes this runtime has made ready */
  public long markedReady() {
    return markedReady.sum();
  }

  /** Stops listening (and its own scheduler); writes already due may still finish. */
  @Override
  public void close() {
    registration.close();
    if (ownsScheduler) {
      scheduler.shutdownNow();
    }
  }

  /** New sandboxes whose pod would be starting now. */
  static boolean starting(Sandbox s) {
    if (s.getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    SandboxStatus status = s.getStatus();
    return status == null || status.getPhase() == null || status.getPhase().isEmpty()
        || status.getPhaseEnum() == SandboxPhase.PENDING;
  }

  private void schedule(Sandbox sandbox) {
    String namespace = sandbox.getMetadata().getNamespace();
    String name = sandbox.getMetadata().getName();
    String uid = sandbox.getMetadata().getUid();
    if (!scheduled.add(namespace + "/" + name + "/" + uid)) {
      return;
    }
    try {
      scheduler.schedule(() -> markReady(namespace, name, uid), readyAfter.toNanos(),
          TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      LOG.debug("closed: {}/{} is not made ready", namespace, name);
    }
  }

  private void markReady(String namespace, String name, String uid) {
    java.util.concurrent.atomic.AtomicBoolean wrote = new java.util.concurrent.atomic.AtomicBoolean();
    try {
      agents.sandboxes(namespace).modifySandboxStatus(name, s -> {
        // each retry decides anew; only the last attempt's answer counts
        wrote.set(false);
        if (!Objects.equals(uid, s.getMetadata().getUid()) || !starting(s)) {
          return s; // another object of that name, or its life went on meanwhile: leave it
        }
        wrote.set(true);
        SandboxStatus status = StatusConditions.withCondition(s.getStatus(),
            StatusConditions.condition(ConditionTypes.READY, ConditionTypes.STATUS_TRUE,
                ConditionReasons.Ready.POD_READY, "simulated runtime",
                s.getMetadata().getGeneration()), clock.instant());
        status.setPhase(SandboxPhase.RUNNING.value());
        s.setStatus(status);
        return s;
      }, namespace);
      if (wrote.get()) {
        markedReady.increment();
      }
    } catch (SandboxNotFoundException e) {
      LOG.debug("{}/{} was deleted before it became ready", namespace, name);
    } catch (AgentsApiException e) {
      LOG.warn("simulated runtime could not make {}/{} ready: {}", namespace, name,
          e.getMessage());
    } finally {
      scheduled.remove(namespace + "/" + name + "/" + uid);
    }
  }

  private static void check(AgentsClient agents, Duration readyAfter) {
    if (agents == null) {
      throw ValidationException.forField("agents", "Required", "must not be null");
    }
    if (readyAfter == null || readyAfter.isNegative()) {
      throw ValidationException.forField("readyAfter", "Invalid",
          "must not be negative, was " + readyAfter);
    }
  }
}
