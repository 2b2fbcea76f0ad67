package io.kruise.agents.examples.service;

import io.javaoperatorsdk.operator.Operator;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.controller.josdk.JosdkSharing;
import io.kruise.agents.controller.pool.PoolControllerOptions;
import io.kruise.agents.controller.pool.PoolControllerStats;
import io.kruise.agents.controller.pool.SandboxSetPoolController;
import io.kruise.agents.controller.pool.SimulatedSandboxRuntime;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.SharedInformers;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.context.SmartLifecycle;

/**
 * The embedded warm pools: the kit's {@link SandboxSetPoolController} on java-operator-sdk over
 * the shared informers keeps every SandboxSet of the namespace at {@code spec.replicas}
 * unclaimed sandboxes (a claim takes a sandbox out of its pool, and the controller replaces
 * it), and the kit's {@link SimulatedSandboxRuntime} plays the Sandbox controller and its pods:
 * new sandboxes become Running and Ready after the start-up delay, with an address from
 * {@link SimulatedAddresses}. Only where no controller runs (embedded, or a bare API server).
 *
 * <p>Order matters twice. The controller is created with this bean, which the starter's
 * {@code AgentsCache} depends on ({@link ServiceConfiguration}): the first use of an informer
 * from the cache starts it, and the controller must add its index to the shared Sandbox informer
 * before that. The operator starts in this bean's own phase, right after the starter's informers
 * (a {@link SmartLifecycle} of the phase below), and stops before them.
 *
 * <p>What the starter's recovery does not reach: the controller, the runtime and JOSDK read
 * {@code SharedInformers.of(agents)} directly, not the starter's {@code AgentsCache}. When an
 * informer of the namespace dies (a missing CRD, revoked permissions) the cache replaces it for
 * the service's reads and claims, but the pool controller stays on the dead one and stops
 * refilling until the service restarts; JOSDK reports it stopped. For a sample that is
 * acceptable; an application that needs both should restart on that event, or run the
 * controller in a process of its own.
 */
final class KitPools implements WarmPools, SmartLifecycle {

  /** Right after the starter's informers start (their phase), and so stopped before them. */
  static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096 + 1;

  private final AgentsClient agents;
  private final SharedInformers informers;
  private final InformerScope scope;
  private final Duration startupDelay;
  private final SandboxSetPoolController controller;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
      r -> {
        Thread t = new Thread(r, "simulated-runtime");
        t.setDaemon(true);
        return t;
      });
  private Operator operator;
  private SimulatedSandboxRuntime runtime;
  private SimulatedAddresses addresses;
  private boolean running;
  private boolean closed;

  /**
   * Creates the controller at once, so it can add its index before the informers start.
   *
   * @param agents the starter's client
   * @param informers its shared informers ({@code SharedInformers.of(agents)}, which the
   *     controller reads)
   * @param startupDelay how long a simulated sandbox takes to become ready
   */
  KitPools(AgentsClient agents, SharedInformers informers, Duration startupDelay) {
    this.agents = agents;
    this.informers = informers;
    this.scope = InformerScope.namespace(agents.namespace());
    this.startupDelay = startupDelay;
    this.controller = SandboxSetPoolController.create(agents,
        PoolControllerOptions.builder().namespace(agents.namespace()).build());
  }

  @Override
  public synchronized void start() {
    if (running || closed) {
      return;
    }
    // the address is submitted to the runtime's thread before the readiness it schedules
    addresses = new SimulatedAddresses(agents, informers.sandboxes(scope),
        thread);
    runtime = SimulatedSandboxRuntime.start(agents, scope, startupDelay, thread,
        Clock.systemUTC());
    // JOSDK's SandboxSet informer is the shared one: no second watch
    operator = new Operator(JosdkSharing.sharing(agents));
    controller.registerWith(operator);
    operator.start();
    running = true;
  }

  /** @return what the pool controller has done so far */
  PoolControllerStats stats() {
    return controller.stats();
  }

  @Override
  public synchronized void stop() {
    close();
  }

  @Override
  public synchronized void close() {
    running = false;
    closed = true;
    if (operator != null) {
      operator.stop();
      operator = null;
    }
    controller.close();
    if (runtime != null) {
      runtime.close();
    }
    if (addresses != null) {
      addresses.close();
    }
    thread.shutdownNow();
  }

  @Override
  public synchronized boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
