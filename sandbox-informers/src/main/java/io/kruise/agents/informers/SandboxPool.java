package io.kruise.agents.informers;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.SandboxClient;
import io.kruise.agents.client.exceptions.ConflictException;
import io.kruise.agents.client.exceptions.SandboxNotFoundException;
import io.kruise.agents.client.exceptions.TimeoutException;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxAnnotations;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxState;
import io.kruise.agents.model.SandboxStates;
import io.kruise.agents.model.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims sandboxes from warm pools, the high-traffic path: candidates come from the shared
 * informer's pool index (no request), and one optimistic update per attempt takes a sandbox.
 *
 * <p>A claim picks an available sandbox of the pool starting at a random position (so concurrent
 * claimers spread out), skips ones that are locked or that this process has written more recently
 * than the cache shows, and updates it with the cached resourceVersion: the
 * {@code agents.kruise.io/lock} and {@code owner} annotations, the claim timestamp, the
 * {@code sandbox-claimed=true} label, and without its SandboxSet controller reference (so the pool
 * replaces it). Candidates are read through the lister, which shows this process's own writes at
 * once, so a sandbox this process has just written is tried at its newest version (or skipped as
 * locked), never with a stale one. A 409 means another claimer won: the next candidate is tried. With no candidate,
 * the claim waits for the pool's next change, not by polling, until its deadline.
 *
 * <p>Create one per process (it is thread-safe) and close it when done: it registers a listener
 * on the informer to learn of pool changes.
 */
public final class SandboxPool implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SandboxPool.class);

  private final AgentsClient agents;
  private final SharedInformer<Sandbox> informer;
  private final AtomicReference<CompletableFuture<Void>> poolChanged =
      new AtomicReference<>(new CompletableFuture<>());
  private final LongAdder claims = new LongAdder();
  private final LongAdder conflicts = new LongAdder();
  private final LongAdder timeouts = new LongAdder();
  private final java.util.concurrent.atomic.AtomicInteger waiting =
      new java.util.concurrent.atomic.AtomicInteger();
  private final ListenerRegistration wakeUp;

  /**
   * Claims from the all-namespaces Sandbox informer of {@code agents}.
   *
   * @param agents the client to write with; its informers provide the candidates
   */
  public SandboxPool(AgentsClient agents) {
    this(agents, SharedInformers.of(agents).sandboxes());
  }

  /**
   * Claims from a given Sandbox informer (it must cover the namespaces claimed from).
   *
   * @param agents the client to write with
   * @param informer the informer whose pool index provides candidates
   */
  public SandboxPool(AgentsClient agents, SharedInformer<Sandbox> informer) {
    this.agents = agents;
    this.informer = informer;
    this.wakeUp = informer.addListener(ListenerOptions.named("sandbox-pool-wakeup"),
        new ResourceListener<>() {
      @Override
      public void onAdd(Sandbox obj) {
        signal();
      }

      @Override
      public void onUpdate(Sandbox oldObj, Sandbox newObj) {
        signal();
      }
    });
  }

  private void signal() {
    CompletableFuture<Void> current = poolChanged.getAndSet(new CompletableFuture<>());
    current.complete(null);
  }

  /**
   * Claims one available sandbox of a pool.
   *
   * @param namespace the pool's namespace
   * @param poolName the pool (the sandbox-template or sandbox-pool label of its sandboxes)
   * @param owner who claims it, written to the {@code agents.kruise.io/owner} annotation
   * @param timeout how long to wait for a candidate
   * @return the claimed sandbox as the server stored it
   * @throws TimeoutException when no sandbox could be claimed in time
   */
  public Sandbox claim(String namespace, String poolName, String owner, Duration timeout) {
    if (poolName == null || poolName.isBlank()) {
      throw ValidationException.forField("poolName", "Required", "must not be blank");
    }
    if (owner == null || owner.isBlank()) {
      throw ValidationException.forField("owner", "Required", "must not be blank");
    }
    if (timeout == null || timeout.isNegative()) {
      throw ValidationException.forField("timeout", "Invalid", "must not be negative");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    if (!informer.awaitSynced(timeout)) {
      throw new TimeoutException("claim from pool " + namespace + "/" + poolName
          + ": the Sandbox informer did not sync within " + timeout, null, null);
    }
    SandboxClient sandboxes = agents.sandboxes(namespace);
    int attempts = 0;
    while (true) {
      // Taken before reading the candidates: a change after this read completes it.
      CompletableFuture<Void> changed = poolChanged.get();
      List<Sandbox> candidates = candidates(namespace, poolName);
      int n = candidates.size();
      int start = n == 0 ? 0 : ThreadLocalRandom.current().nextInt(n);
      for (int i = 0; i < n; i++) {
        Sandbox candidate = candidates.get((start + i) % n);
        attempts++;
        try {
          Sandbox claimed = sandboxes.patchSandbox(candidate.getMetadata().getName(),
              claimPatch(candidate, owner));
          claims.increment();
          return claimed;
        } catch (ConflictException | SandboxNotFoundException e) {
          conflicts.increment();
          LOG.debug("claim of {} lost a race: {}", candidate.getMetadata().getName(),
              e.getMessage());
        }
        if (System.nanoTime() >= deadline) {
          break;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        timeouts.increment();
        throw new TimeoutException("no sandbox of pool " + namespace + "/" + poolName
            + " could be claimed within " + timeout + " (" + attempts + " attempts)", null, null);
      }
      waiting.incrementAndGet();
      try {
        changed.get(left, TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        // the loop checks the deadline
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TimeoutException("interrupted while claiming from pool " + poolName, null, e);
      } finally {
        waiting.decrementAndGet();
      }
    }
  }

  /** Available, unlocked sandboxes of the pool whose cached version is the newest we know. */
  private List<Sandbox> candidates(String namespace, String poolName) {
    List<Sandbox> candidates = new ArrayList<>();
    for (Sandbox s : informer.lister().byIndex(SandboxIndexes.POOL, poolName)) {
      if (!namespace.equals(s.getMetadata().getNamespace())
          || SandboxStates.of(s) != SandboxState.AVAILABLE) {
        continue;
      }
      Map<String, String> annotations = s.getMetadata().getAnnotations();
      if (annotations != null && annotations.containsKey(SandboxAnnotations.LOCK)) {
        continue;
      }
      candidates.add(s);
    }
    return candidates;
  }

  /**
   * The claim as a JSON merge patch that carries the cached resourceVersion, so it fails with 409
   * when the sandbox changed since (another claimer won). A patch rather than an update: it works
   * on lean cached objects too and sends only what changes.
   */
  static String claimPatch(Sandbox cached, String owner) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("resourceVersion", cached.getMetadata().getResourceVersion());
    metadata.put("labels", Map.of(SandboxLabels.SANDBOX_CLAIMED, SandboxLabels.TRUE));
    metadata.put("annotations", Map.of(SandboxAnnotations.LOCK, UUID.randomUUID().toString(),
        SandboxAnnotations.OWNER, owner,
        SandboxAnnotations.CLAIM_TIMESTAMP, Times.format(Instant.now())));
    List<OwnerReference> refs = cached.getMetadata().getOwnerReferences();
    if (refs != null && refs.stream().anyMatch(r -> Boolean.TRUE.equals(r.getController()))) {
      List<OwnerReference> kept = new ArrayList<>();
      for (OwnerReference ref : refs) {
        if (!Boolean.TRUE.equals(ref.getController())) {
          kept.add(ref);
        }
      }
      // a merge patch replaces a list whole; null removes the field (an empty list would do the
      // same on a real server, but some servers, fabric8's mock among them, keep the old list)
      metadata.put("ownerReferences", kept.isEmpty() ? null : kept);
    }
    return Serialization.asJson(Map.of("metadata", metadata));
  }

  /** Removes this pool's listener from the informer; claims in progress end at their deadline. */
  @Override
  public void close() {
    wakeUp.close();
  }

  /** @return successful claims so far */
  public long claims() {
    return claims.sum();
  }

  /** @return claim attempts that lost a race (409) so far */
  public long conflicts() {
    return conflicts.sum();
  }

  /** @return claims waiting now for the pool to change (no candidate was available) */
  public int waitingClaims() {
    return waiting.get();
  }

  /** @return claims that timed out so far */
  public long timeouts() {
    return timeouts.sum();
  }
}
