package io.kruise.agents.controller.claim;

import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.exceptions.SandboxClaimNotFoundException;
import io.kruise.agents.client.exceptions.SandboxNotFoundException;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.informers.ClaimStamp;
import io.kruise.agents.informers.SandboxPool;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxClaim;
import io.kruise.agents.model.SandboxStates;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the writes a {@link ClaimPlan} asks for, other than the status: claims from the
 * pool through {@link SandboxPool#tryClaim} (the one claim protocol), deletes the held sandboxes
 * it releases, and deletes a claim whose time to live is over. Thread-safe; one reconcile of a
 * claim runs at a time.
 */
final class ClaimExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(ClaimExecutor.class);

  /**
   * What the claims of one reconcile got.
   *
   * @param ready sandboxes claimed that are Ready (they count at once)
   * @param claimed every sandbox claimed
   * @param rejection why the claim cannot be carried out, or null
   */
  record Outcome(int ready, int claimed, String rejection) {}

  /** What the executor has done, for {@link ClaimControllerStats}. */
  static final class Counters {
    final LongAdder claimed = new LongAdder();
    final LongAdder released = new LongAdder();
    final LongAdder deleted = new LongAdder();
  }

  private final AgentsClient agents;
  private final Supplier<SandboxPool> pool;
  private final Counters counters;

  ClaimExecutor(AgentsClient agents, Supplier<SandboxPool> pool, Counters counters) {
    this.agents = agents;
    this.pool = pool;
    this.counters = counters;
  }

  /**
   * Claims up to {@code count} sandboxes for the claim, stopping when the pool has none now.
   *
   * @param claim the claim (its UID is the owner)
   * @param pool the pool key to claim from (see {@code SandboxStates.poolKey(SandboxSet)})
   * @param count how many to claim
   * @param stamp what to write on each, built lazily (it may refuse the claim's spec)
   * @return what was claimed, and why the claim cannot be carried out if so
   */
  Outcome claim(SandboxClaim claim, String pool, int count, Supplier<ClaimStamp> stamp) {
    String namespace = claim.getMetadata().getNamespace();
    int ready = 0;
    int claimed = 0;
    try {
      ClaimStamp s = stamp.get();
      SandboxPool claimer = this.pool.get();
      while (claimed < count) {
        Optional<Sandbox> sandbox = claimer.tryClaim(namespace, pool,
            claim.getMetadata().getUid(), s);
        if (sandbox.isEmpty()) {
          break;
        }
        claimed++;
        counters.claimed.increment();
        if (SandboxStates.isReady(sandbox.get())) {
          ready++;
        }
      }
      return new Outcome(ready, claimed, null);
    } catch (ValidationException e) {
      LOG.info("{}/{}: the claim cannot be carried out: {}", namespace,
          claim.getMetadata().getName(), e.getMessage());
      return new Outcome(ready, claimed, e.getMessage());
    }
  }

  /**
   * Gives up held sandboxes that missed their ready deadline: deleted, as upstream does, unless
   * the claim reserves failed sandboxes (then they stay, no longer counted).
   */
  void release(SandboxClaim claim, List<String> names) {
    boolean reserve = claim.getSpec() != null
        && Boolean.TRUE.equals(claim.getSpec().getReserveFailedSandbox());
    for (String sandbox : names) {
      counters.released.increment();
      if (reserve) {
        continue;
      }
      try {
        agents.sandboxes(claim.getMetadata().getNamespace()).deleteSandbox(sandbox);
        LOG.info("{}/{}: deleted {}, not ready within waitReadyTimeout",
            claim.getMetadata().getNamespace(), claim.getMetadata().getName(), sandbox);
      } catch (SandboxNotFoundException e) {
        // already gone
      }
    }
  }

  /** Deletes a claim whose time to live after completion is over (not its sandboxes). */
  void deleteClaim(String namespace, String name) {
    try {
      agents.sandboxClaims(namespace).deleteSandboxClaim(name);
      counters.deleted.increment();
      LOG.debug("{}/{}: deleted after its ttlAfterCompleted", namespace, name);
    } catch (SandboxClaimNotFoundException e) {
      // already gone
    }
  }
}
