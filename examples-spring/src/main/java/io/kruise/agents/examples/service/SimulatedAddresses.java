package io.kruise.agents.examples.service;

import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.client.exceptions.SandboxNotFoundException;
import io.kruise.agents.informers.ListenerOptions;
import io.kruise.agents.informers.ListenerRegistration;
import io.kruise.agents.informers.ResourceListener;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.model.PodInfo;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxStatus;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one part of a pod's start the kit's {@code SimulatedSandboxRuntime} leaves out: an IP
 * address, which a claim hands out. A new sandbox without an address gets one in its status
 * ({@code sandboxIp} and {@code podInfo.podIP}), with a read-modify-write that keeps everything
 * else of the status (retried on conflicts, so it neither undoes nor is undone by the runtime's
 * readiness write).
 *
 * <p>The writes run on the runtime's own single scheduler thread ({@link KitPools}), submitted
 * when the sandbox appears, while the runtime's readiness write is scheduled the start-up delay
 * later on that thread: so a sandbox has its address before it becomes available for claims.
 */
final class SimulatedAddresses implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatedAddresses.class);

  private final AgentsClient agents;
  private final Executor thread;
  private final AtomicInteger next = new AtomicInteger();
  private final ListenerRegistration registration;

  SimulatedAddresses(AgentsClient agents, SharedInformer<Sandbox> sandboxes, Executor thread) {
    this.agents = agents;
    this.thread = thread;
    this.registration = sandboxes.addListener(ListenerOptions.<Sandbox>named(
        "simulated-addresses").filter(s -> address(s) == null
            && s.getMetadata().getDeletionTimestamp() == null),
        new ResourceListener<>() {
          @Override
          public void onAdd(Sandbox s) {
            assign(s.getMetadata().getNamespace(), s.getMetadata().getName());
          }
        });
  }

  /**
   * @param s a sandbox
   * @return its address as the service reports it (pod IP first), or null
   */
  static String address(Sandbox s) {
    SandboxStatus status = s.getStatus();
    if (status == null) {
      return null;
    }
    if (status.getPodInfo() != null && status.getPodInfo().getPodIP() != null) {
      return status.getPodInfo().getPodIP();
    }
    return status.getSandboxIp();
  }

  /**
   * @param n the n-th address handed out, from 1
   * @return a distinct address in 10.0.0.0/16
   */
  static String nth(int n) {
    return "10.0." + (n / 250) + "." + (n % 250 + 1);
  }

  private void assign(String namespace, String name) {
    try {
      thread.execute(() -> write(namespace, name));
    } catch (RejectedExecutionException e) {
      LOG.debug("closed: {}/{} gets no address", namespace, name);
    }
  }

  private void write(String namespace, String name) {
    try {
      agents.sandboxes(namespace).modifySandboxStatus(name, s -> {
        if (address(s) != null) {
          return s; // given one meanwhile
        }
        String ip = nth(next.incrementAndGet());
        SandboxStatus status = s.getStatus() == null ? new SandboxStatus() : s.getStatus();
        status.setSandboxIp(ip);
        status.setPodInfo((status.getPodInfo() == null ? new PodInfo() : status.getPodInfo())
            .withPodIP(ip).withNodeName("simulated-node"));
        s.setStatus(status);
        return s;
      }, namespace);
    } catch (SandboxNotFoundException e) {
      LOG.debug("{}/{} was deleted before it got an address", namespace, name);
    } catch (AgentsApiException e) {
      LOG.warn("no address for {}/{}: {}", namespace, name, e.getMessage());
    }
  }

  @Override
  public void close() {
    registration.close();
  }
}
