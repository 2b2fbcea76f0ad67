package io.kruise.agents.examples.service;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.model.ConditionTypes;
import io.kruise.agents.model.PodInfo;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxPhase;
import io.kruise.agents.model.SandboxStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node would do for a new sandbox, simulated: after a start-up delay its pod is running and
 * ready, with an IP. Writes the status with the resourceVersion it read, so a sandbox that changed
 * meanwhile is simply looked at again on its next event.
 */
final class SimulatedRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatedRuntime.class);

  private final AgentsClient agents;
  private final ScheduledExecutorService timer;
  private final Duration startupDelay;
  private final AtomicInteger ips = new AtomicInteger();

  SimulatedRuntime(AgentsClient agents, ScheduledExecutorService timer, Duration startupDelay) {
    this.agents = agents;
    this.timer = timer;
    this.startupDelay = startupDelay;
  }

  /** @return true for a sandbox no runtime has reported on yet */
  static boolean isNew(Sandbox s) {
    return s.getStatus() == null || s.getStatus().getPhase() == null;
  }

  /**
   * @param s a sandbox with no status yet
   * @param ip the address its pod gets
   * @return its status once the pod runs: Running, Ready=True
   */
  static SandboxStatus running(Sandbox s, String ip) {
    return new SandboxStatus().withPhase(SandboxPhase.RUNNING).withSandboxIp(ip)
        .withPodInfo(new PodInfo().withPodIP(ip).withNodeName("simulated-node"))
        .addCondition(new ConditionBuilder().withType(ConditionTypes.READY).withStatus("True")
            .withReason("PodReady").withMessage("simulated: the pod is ready")
            .withLastTransitionTime(Instant.now().toString()).build());
  }

  /**
   * Schedules the start of a new sandbox.
   *
   * @param s a sandbox with no status yet
   */
  void started(Sandbox s) {
    timer.schedule(() -> markRunning(s), startupDelay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void markRunning(Sandbox s) {
    int n = ips.incrementAndGet();
    Sandbox copy = s.deepCopy();
    copy.setStatus(running(s, "10.0." + (n / 250) + "." + (n % 250 + 1)));
    try {
      agents.sandboxes(s.getMetadata().getNamespace())
          .updateSandboxStatus(s.getMetadata().getName(), copy);
    } catch (RuntimeException e) {
      LOG.debug("sandbox {} not started: {}", s.getMetadata().getName(), e.toString());
    }
  }
}
