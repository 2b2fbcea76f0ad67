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
import io.kruise.agents.model.SandboxStates;
import io.kruise.agents.model.Times;
import io.kruise.agents.model.UpdatedMetadataInClaim;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims sandboxes from warm pools, the high-traffic path: candidates come from the shared
 * informer's cache (no request), and one optimistic update per attempt takes a sandbox.
 *
 * <p>A claim takes a random available, unlocked sandbox of the pool and updates it with the
 * cached resourceVersion (a JSON merge patch): the {@code agents.kruise.io/lock} and
 * {@code owner} annotations, the claim timestamp, the {@code sandbox-claimed=true} label, and
 * without its SandboxSet controller reference (so the pool replaces it). Candidates are read
 * through the lister, which shows this process's own writes at once, so a sandbox this process
 * has just written is tried at its newest version (or skipped as locked), never with a stale one.
 * A 409 means another claimer (another process) won: a fresh random candidate is tried.
 *
 * <p>Claimers do not stampede. Within one process a candidate is reserved by the claimer that
 * took it, so no two claimers of the process try the same sandbox at once; one that lost a race
 * stays out until the cache shows a newer version of it. With no candidate, a claim waits (not by
 * polling) until its deadline; each sandbox that becomes claimable wakes one waiting claim, not
 * all of them ({@link #wakeUps()}, {@link #wakeUpSignals()}). Claims from other processes are
 * kept apart by the resourceVersion precondition alone, as before.
 *
 * <p>A claim can stamp more on the sandbox in the same patch ({@link ClaimStamp}: the claim-name
 * label, labels, annotations, shutdown time, init-runtime request), which is how the
 * SandboxClaim controller claims; {@link #tryClaim} is the form that never waits. Every form
 * uses the one protocol above, so they can all claim from one pool at once.
 *
 * <p>Create one per process (it is thread-safe) and close it when done: it registers a listener
 * on the informer to learn of pool changes. It keeps a set of candidate names per pool claimed
 * from (built from the pool index at the first claim).
 */
public final class SandboxPool implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SandboxPool.class);

  private final AgentsClient agents;
  private final SharedInformer<Sandbox> informer;
  private final Map<String, PoolCandidates> pools = new ConcurrentHashMap<>();
  private final LongAdder claims = new LongAdder();
  private final LongAdder conflicts = new LongAdder();
  private final LongAdder timeouts = new LongAdder();
  private final LongAdder wakeUps = new LongAdder();
  private final LongAdder signals = new LongAdder();
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
        changed(obj);
      }

      @Override
      public void onUpdate(Sandbox oldObj, Sandbox newObj) {
        changed(oldObj);
        if (!Objects.equals(SandboxStates.poolOf(oldObj), SandboxStates.poolOf(newObj))) {
          changed(newObj);
        }
      }

      @Override
      public void onDelete(Sandbox obj, boolean finalStateUnknown) {
        changed(obj);
      }
    });
  }

  /** Routes an event to the candidates of its pool, when a claim has asked for that pool. */
  private void changed(Sandbox obj) {
    String pool = SandboxStates.poolOf(obj);
    if (pool == null || pool.isEmpty()) {
      return;
    }
    PoolCandidates candidates = pools.get(poolKey(obj.getMetadata().getNamespace(), pool));
    if (candidates != null) {
      candidates.update(obj.getMetadata().getName());
    }
  }

  private static String poolKey(String namespace, String pool) {
    return namespace + "/" + pool;
  }

  /** The candidates of a pool; registered before they are first read (register, then look). */
  private PoolCandidates candidates(String namespace, String poolName) {
    return pools.computeIfAbsent(poolKey(namespace, poolName), k -> new PoolCandidates(
        name -> claimableVersion(namespace, poolName, name),
        () -> informer.lister().byIndex(SandboxIndexes.POOL, poolName).stream()
            .filter(s -> namespace.equals(s.getMetadata().getNamespace()))
            .map(s -> s.getMetadata().getName()).toList(),
        wakeUps, signals));
  }

  /** The cached resourceVersion of a sandbox that can be claimed from the pool now, else null. */
  private String claimableVersion(String namespace, String poolName, String name) {
    Sandbox s = informer.lister().get(namespace, name);
    return s != null && claimable(s, poolName) ? s.getMetadata().getResourceVersion() : null;
  }

  private static boolean claimable(Sandbox s, String poolName) {
    return poolName.equals(SandboxStates.poolOf(s)) && SandboxStates.isClaimable(s);
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
    return claim(namespace, poolName, owner, timeout, ClaimStamp.NONE);
  }

  /**
   * Claims one available sandbox of a pool and stamps it, in the same optimistic merge patch,
   * with what {@code stamp} says (a claim name label, labels, annotations, a shutdown time, an
   * init-runtime request): the protocol is the one of {@link #claim(String, String, String,
   * Duration)}, so both forms can claim from one pool at once without double claims.
   *
   * @param namespace the pool's namespace
   * @param poolName the pool (the sandbox-template or sandbox-pool label of its sandboxes)
   * @param owner who claims it, written to the {@code agents.kruise.io/owner} annotation
   * @param timeout how long to wait for a candidate
   * @param stamp what else to write on the claimed sandbox ({@link ClaimStamp#NONE} for nothing)
   * @return the claimed sandbox as the server stored it
   * @throws ValidationException naming the argument when one is missing or invalid, before any
   *     request; or the server's causes when it refused the stamped sandbox
   * @throws TimeoutException when no sandbox could be claimed in time
   */
  public Sandbox claim(String namespace, String poolName, String owner, Duration timeout,
      ClaimStamp stamp) {
    validate(poolName, owner, stamp);
    if (timeout == null || timeout.isNegative()) {
      throw ValidationException.forField("timeout", "Invalid", "must not be negative");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    if (!informer.awaitSynced(timeout)) {
      throw new TimeoutException("claim from pool " + namespace + "/" + poolName
          + ": the Sandbox informer did not sync within " + timeout, null, null);
    }
    Attempt attempt = attempt(namespace, poolName, owner, stamp, deadline, false);
    if (attempt.claimed != null) {
      return attempt.claimed;
    }
    timeouts.increment();
    throw new TimeoutException("no sandbox of pool " + namespace + "/" + poolName
        + " could be claimed within " + timeout + " (" + attempt.attempts + " attempts)", null,
        null);
  }

  /**
   * Claims one available sandbox of a pool if the cache shows one now, without waiting: the
   * form for a controller that claims once per reconcile and is woken by pool changes. A lost
   * race (409) is followed by another candidate while there are any; none left is an empty
   * answer, not an error. Before the informer has synced the answer is empty.
   *
   * @param namespace the pool's namespace
   * @param poolName the pool (the sandbox-template or sandbox-pool label of its sandboxes)
   * @param owner who claims it, written to the {@code agents.kruise.io/owner} annotation
   * @param stamp what else to write on the claimed sandbox ({@link ClaimStamp#NONE} for nothing)
   * @return the claimed sandbox as the server stored it, or empty when none could be claimed now
   * @throws ValidationException naming the argument when one is missing or invalid, before any
   *     request; or the server's causes when it refused the stamped sandbox
   */
  public Optional<Sandbox> tryClaim(String namespace, String poolName, String owner,
      ClaimStamp stamp) {
    validate(poolName, owner, stamp);
    if (!informer.synced().isDone()) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        attempt(namespace, poolName, owner, stamp, System.nanoTime(), true).claimed);
  }

  private static void validate(String poolName, String owner, ClaimStamp stamp) {
    if (poolName == null || poolName.isBlank()) {
      throw ValidationException.forField("poolName", "Required", "must not be blank");
    }
    if (owner == null || owner.isBlank()) {
      throw ValidationException.forField("owner", "Required", "must not be blank");
    }
    if (stamp == null) {
      throw ValidationException.forField("stamp", "Required", "must not be null");
    }
  }

  /** The sandbox one claim got (or null) and the patches it sent. */
  private record Attempt(Sandbox claimed, int attempts) {}

  /**
   * Tries candidates until one is claimed. With {@code untilEmpty} it never waits: it stops when
   * no candidate is left; otherwise it waits for one until the deadline.
   */
  private Attempt attempt(String namespace, String poolName, String owner, ClaimStamp stamp,
      long deadline, boolean untilEmpty) {
    SandboxClient sandboxes = agents.sandboxes(namespace);
    PoolCandidates candidates = candidates(namespace, poolName);
    if (untilEmpty) {
      candidates.rereadIfEmpty();
    }
    int attempts = 0;
    while (untilEmpty || attempts == 0 || System.nanoTime() < deadline) {
      String name;
      try {
        name = candidates.take(deadline);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TimeoutException("interrupted while claiming from pool " + poolName, null, e);
      }
      if (name == null) {
        break;
      }
      String lostWith = null;
      try {
        Sandbox candidate = informer.lister().get(namespace, name);
        if (candidate == null || !claimable(candidate, poolName)) {
          continue;
        }
        attempts++;
        try {
          Sandbox claimed = sandboxes.patchSandbox(name,
              claimPatch(candidate, owner, stamp, Instant.now()));
          claims.increment();
          return new Attempt(claimed, attempts);
        } catch (ConflictException | SandboxNotFoundException e) {
          conflicts.increment();
          lostWith = candidate.getMetadata().getResourceVersion();
          LOG.debug("claim of {} lost a race: {}", name, e.getMessage());
        }
      } finally {
        candidates.release(name, lostWith);
      }
    }
    return new Attempt(null, attempts);
  }

  /**
   * The claim as a JSON merge patch that carries the cached resourceVersion, so it fails with 409
   * when the sandbox changed since (another claimer won). A patch rather than an update: it works
   * on lean cached objects too and sends only what changes.
   */
  static String claimPatch(Sandbox cached, String owner) {
    return claimPatch(cached, owner, ClaimStamp.NONE, Instant.now());
  }

  /**
   * The claim with a stamp: the stamp's labels and annotations first, then the protocol's own
   * keys (the stamp cannot hold those), and the shutdown time in {@code spec}.
   */
  static String claimPatch(Sandbox cached, String owner, ClaimStamp stamp, Instant now) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("resourceVersion", cached.getMetadata().getResourceVersion());
    Map<String, String> labels = new LinkedHashMap<>(stamp.labels());
    if (stamp.claimName() != null) {
      labels.put(SandboxLabels.CLAIM_NAME, stamp.claimName());
    }
    labels.put(SandboxLabels.SANDBOX_CLAIMED, SandboxLabels.TRUE);
    metadata.put("labels", labels);
    Map<String, String> annotations = new LinkedHashMap<>(stamp.annotations());
    if (!stamp.labels().isEmpty() || !stamp.annotations().isEmpty()) {
      // which keys the claim set, so that a recycle can take them off again (upstream's record)
      annotations.put(SandboxAnnotations.UPDATED_METADATA_IN_CLAIM, Serialization.asJson(
          new UpdatedMetadataInClaim()
              .withLabels(stamp.labels().isEmpty() ? null : List.copyOf(stamp.labels().keySet()))
              .withAnnotations(stamp.annotations().isEmpty() ? null
                  : List.copyOf(stamp.annotations().keySet()))));
    }
    if (stamp.initRuntimeEnv() != null) {
      String token = UUID.randomUUID().toString();
      Map<String, Object> request = new LinkedHashMap<>();
      if (!stamp.initRuntimeEnv().isEmpty()) {
        request.put("envVars", stamp.initRuntimeEnv());
      }
      request.put("accessToken", token);
      annotations.put(SandboxAnnotations.INIT_RUNTIME_REQUEST, Serialization.asJson(request));
      annotations.put(SandboxAnnotations.RUNTIME_ACCESS_TOKEN, token);
    }
    annotations.put(SandboxAnnotations.LOCK, UUID.randomUUID().toString());
    annotations.put(SandboxAnnotations.OWNER, owner);
    annotations.put(SandboxAnnotations.CLAIM_TIMESTAMP, Times.format(now));
    metadata.put("annotations", annotations);
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
    Map<String, Object> patch = new LinkedHashMap<>();
    patch.put("metadata", metadata);
    if (stamp.shutdownTime() != null) {
      patch.put("spec", Map.of("shutdownTime", Times.format(stamp.shutdownTime())));
    }
    return Serialization.asJson(patch);
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
    int n = 0;
    for (PoolCandidates c : pools.values()) {
      n += c.waiting();
    }
    return n;
  }

  /**
   * @return waiting claims woken before their deadline so far: at most one per sandbox that
   *     became claimable while claims waited (see {@link #wakeUpSignals()})
   */
  public long wakeUps() {
    return wakeUps.sum();
  }

  /** @return wake-up signals sent so far: one per sandbox that became claimable while claims waited */
  public long wakeUpSignals() {
    return signals.sum();
  }

  /** @return claims that timed out so far */
  public long timeouts() {
    return timeouts.sum();
  }
}
