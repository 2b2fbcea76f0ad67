package io.kruise.agents.faults;

import io.kruise.agents.client.SandboxSetClient;
import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.client.exceptions.ConflictException;
import io.kruise.agents.client.exceptions.NotFoundException;
import io.kruise.agents.model.SandboxSet;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;

/**
 * The SandboxSet side of the churn: a few pools created, scaled, given a status and deleted, on
 * the same gate as the Sandbox churners.
 */
final class SetChurner implements Runnable {

  private final String id;
  private final SandboxSetClient client;
  private final Gate gate;
  private final Random random;
  private final int budget;
  private final SandboxSet[] current;
  private final boolean[] uncertain;
  final LongAdder ok = new LongAdder();
  final LongAdder failed = new LongAdder();
  /** Exceptions that are not AgentsApiException: the client let a raw one escape. */
  final java.util.Queue<String> untyped = new java.util.concurrent.ConcurrentLinkedQueue<>();

  SetChurner(String id, SandboxSetClient client, Gate gate, long seed, int slotCount, int budget) {
    this.id = id;
    this.client = client;
    this.gate = gate;
    this.random = new Random(seed);
    this.budget = budget;
    this.current = new SandboxSet[slotCount];
    this.uncertain = new boolean[slotCount];
  }

  @Override
  public void run() {
    for (int op = 0; op < budget && gate.pass(); op++) {
      int i = random.nextInt(current.length);
      String name = id + "-s" + i;
      try {
        if (uncertain[i]) {
          uncertain[i] = false;
          try {
            current[i] = client.getSandboxSet(name);
          } catch (NotFoundException e) {
            current[i] = null;
          }
        } else if (current[i] == null) {
          try {
            current[i] = client.createSandboxSet(
                io.kruise.agents.client.Fixtures.sandboxSet(name, random.nextInt(4)));
          } catch (ConflictException e) {
            uncertain[i] = true;
          }
        } else {
          int dice = random.nextInt(100);
          if (dice < 40) {
            current[i] = client.scaleSandboxSet(name, random.nextInt(6));
          } else if (dice < 80) {
            int replicas = random.nextInt(6);
            current[i] = client.updateSandboxSetStatus(name, io.kruise.agents.client.Fixtures
                .withCounts(current[i], replicas, random.nextInt(replicas + 1)));
          } else {
            client.deleteSandboxSet(name);
            current[i] = null;
          }
        }
        ok.increment();
      } catch (AgentsApiException e) {
        failed.increment();
        uncertain[i] = true;
        gate.backOff(Duration.ofMillis(50));
      } catch (RuntimeException e) {
        failed.increment();
        uncertain[i] = true;
        if (untyped.size() < 10) {
          untyped.add(id + ": " + e);
        }
        gate.backOff(Duration.ofMillis(50));
      }
    }
  }
}
