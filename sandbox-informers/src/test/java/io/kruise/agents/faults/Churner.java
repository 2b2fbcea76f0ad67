package io.kruise.agents.faults;

import io.kruise.agents.client.SandboxClient;
import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.client.exceptions.ConflictException;
import io.kruise.agents.client.exceptions.NotFoundException;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * One churn thread: owns a few Sandbox names (slots) and, until the gate stops it or its
 * operation budget is spent, creates, updates, patches, writes the status of and deletes them,
 * re-creating deleted names (new incarnations). Before a status write it registers a wait for
 * that write; before some deletes, a wait that only the delete can end. Requests that fail (the
 * API server may be down) leave the slot uncertain; the next operation on it reads it first.
 */
final class Churner implements Runnable {

  /** Waits should end long before this; it only keeps a lost wait from ending by timing out. */
  static final Duration WAIT_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration BACK_OFF = Duration.ofMillis(50);

  private static final class Slot {
    final String name;
    Sandbox current;
    boolean uncertain;
    long createdAt;
    long step;

    Slot(String name) {
      this.name = name;
    }
  }

  private final String id;
  private final String via;
  private final SandboxClient client;
  private final Gate gate;
  private final WaitLedger ledger;
  private final Random random;
  private final int budget;
  private final Slot[] slots;
  final LongAdder ok = new LongAdder();
  final LongAdder failed = new LongAdder();
  /** Exceptions that are not AgentsApiException: the client let a raw one escape. */
  final Queue<String> untyped = new ConcurrentLinkedQueue<>();

  /**
   * @param via how its waits are served, for the report: "cache" when its client runs the
   *     informers, "watch" otherwise
   */
  Churner(String id, String via, SandboxClient client, Gate gate, WaitLedger ledger, long seed,
      int slotCount, int budget) {
    this.id = id;
    this.via = via;
    this.client = client;
    this.gate = gate;
    this.ledger = ledger;
    this.random = new Random(seed);
    this.budget = budget;
    this.slots = new Slot[slotCount];
    for (int i = 0; i < slotCount; i++) {
      slots[i] = new Slot(id + "-s" + i);
    }
  }

  /** @return the step a status write recorded (in status.observedGeneration), or -1 */
  static long step(Sandbox s) {
    SandboxStatus status = s.getStatus();
    return status == null || status.getObservedGeneration() == null ? -1
        : status.getObservedGeneration();
  }

  @Override
  public void run() {
    for (int op = 0; op < budget && gate.pass(); op++) {
      Slot slot = slots[random.nextInt(slots.length)];
      try {
        if (slot.uncertain) {
          refresh(slot);
        } else if (slot.current == null) {
          create(slot);
        } else {
          int dice = random.nextInt(100);
          if (dice < 35) {
            writeStatus(slot);
          } else if (dice < 60) {
            update(slot);
          } else if (dice < 80) {
            patch(slot);
          } else {
            delete(slot);
          }
        }
        ok.increment();
      } catch (AgentsApiException e) {
        failed.increment();
        slot.uncertain = true;
        gate.backOff(BACK_OFF);
      } catch (RuntimeException e) {
        failed.increment();
        slot.uncertain = true;
        if (untyped.size() < 10) {
          untyped.add(id + ": " + e);
        }
        gate.backOff(BACK_OFF);
      }
    }
  }

  private void refresh(Slot slot) {
    try {
      slot.current = client.getSandbox(slot.name);
    } catch (NotFoundException e) {
      slot.current = null;
    }
    slot.uncertain = false;
  }

  private void create(Slot slot) {
    slot.createdAt = ledger.tick();
    Sandbox body = io.kruise.agents.client.Fixtures.sandbox(slot.name, "churn");
    body.getMetadata().setLabels(Map.of("app", "churn", "churner", id));
    try {
      slot.current = client.createSandbox(body);
    } catch (ConflictException e) {
      slot.uncertain = true; // an earlier create whose answer was lost did land
    }
  }

  private void writeStatus(Slot slot) {
    long step = ++slot.step;
    CompletableFuture<Sandbox> wait = client.waitForSandbox(slot.name, null,
        s -> step(s) >= step, WAIT_TIMEOUT);
    WaitLedger.Entry entry = ledger.register(WaitLedger.Purpose.STEP, via, slot.name,
        slot.current.getMetadata().getUid(), slot.createdAt, step, wait);
    Sandbox body = slot.current.deepCopy();
    body.setStatus(new SandboxStatus().withPhase("Running").withObservedGeneration(step)
        .withConditions(List.of(io.kruise.agents.client.Fixtures.condition("Ready",
            step % 2 == 0 ? "True" : "False"))));
    try {
      slot.current = client.updateSandboxStatus(slot.name, body);
    } catch (RuntimeException e) {
      ledger.writeFailed(entry);
      throw e;
    }
  }

  private void update(Slot slot) {
    Sandbox body = slot.current.deepCopy();
    Map<String, String> labels = new HashMap<>(body.getMetadata().getLabels());
    labels.put("update", String.valueOf(random.nextInt(1000)));
    body.getMetadata().setLabels(labels);
    slot.current = client.updateSandbox(slot.name, body);
  }

  private void patch(Slot slot) {
    slot.current = client.patchSandbox(slot.name,
        "{\"metadata\":{\"annotations\":{\"churn/patch\":\"" + random.nextInt(1000) + "\"}}}");
  }

  private void delete(Slot slot) {
    WaitLedger.Entry entry = null;
    if (random.nextBoolean()) {
      CompletableFuture<Sandbox> wait = client.waitForSandbox(slot.name, null, s -> false,
          WAIT_TIMEOUT);
      entry = ledger.register(WaitLedger.Purpose.GONE, via, slot.name,
          slot.current.getMetadata().getUid(), slot.createdAt, 0, wait);
    }
    ledger.deleting(slot.name);
    try {
      client.deleteSandbox(slot.name);
    } catch (NotFoundException e) {
      // already gone (deleted behind the API server's back): the wait must still end NotFound
    } catch (RuntimeException e) {
      ledger.writeFailed(entry);
      throw e;
    }
    slot.current = null;
  }
}
