package io.kruise.agents.examples;

import io.javaoperatorsdk.operator.Operator;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.SandboxSetClient;
import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.client.exceptions.NotFoundException;
import io.kruise.agents.controller.claim.ClaimControllerOptions;
import io.kruise.agents.controller.claim.SandboxClaimController;
import io.kruise.agents.controller.josdk.JosdkSharing;
import io.kruise.agents.controller.pool.PoolControllerOptions;
import io.kruise.agents.controller.pool.SandboxSetPoolController;
import io.kruise.agents.controller.pool.SimulatedSandboxRuntime;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.ListenerOptions;
import io.kruise.agents.informers.ListenerRegistration;
import io.kruise.agents.informers.Lister;
import io.kruise.agents.informers.ResourceListener;
import io.kruise.agents.informers.SandboxIndexes;
import io.kruise.agents.informers.SandboxPool;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxClaim;
import io.kruise.agents.model.SandboxClaimSpec;
import io.kruise.agents.model.SandboxClaimStatus;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;

/**
 * The demo's second part, the library's main job: one shared cache of Sandboxes and SandboxSets
 * (listers and an index lookup, no request), a listener, waits that wake on events, and the
 * SandboxSet pool controller keeping a warm pool full while claims drain it, and a SandboxClaim
 * served by the library's SandboxClaim controller.
 *
 * <p>On the embedded server and the real API server no OpenKruise controller runs: this part
 * starts the library's own pool and claim controllers (on java-operator-sdk) and a
 * {@link SimulatedSandboxRuntime} that marks new sandboxes Running and Ready, as the Sandbox
 * controller and its pods would. On a configured cluster the cluster's controllers do that, so
 * neither is started there.
 */
final class PoolDemo {

  static final String WARM_POOL = "demo-warm-pool";
  static final int INITIAL_REPLICAS = 3;
  static final int CLAIMS = 2;
  static final int SCALED_REPLICAS = 5;
  static final int LISTER_READS = 1_000;
  static final String CLAIM = "demo-claim";
  static final int CLAIM_REPLICAS = 2;

  private PoolDemo() {}

  /**
   * Plays the second part of the timeline.
   *
   * @param t the timeline
   * @param agents the client
   * @param hasScale whether the server serves /scale (the mock does not)
   * @param runController whether to start the library's pool controller and the simulated
   *     runtime (false on a cluster, whose own controllers fill the pool)
   * @param requests the server's request count so far, or null when it cannot be counted
   * @param timeout how long each wait may take
   */
  static void run(Demo.Timeline t, AgentsClient agents, boolean hasScale, boolean runController,
      IntSupplier requests, Duration timeout) {
    String ns = agents.namespace();
    InformerScope scope = InformerScope.namespace(ns);
    Operator operator = null;
    SandboxSetPoolController controller = null;
    SandboxClaimController claimController = null;
    SimulatedSandboxRuntime runtime = null;
    SandboxSetClient sets = agents.sandboxSets();
    boolean created = false;
    try {
      if (runController) {
        // created before anything starts the shared Sandbox informer, so it can add its index
        controller = SandboxSetPoolController.create(agents,
            PoolControllerOptions.builder().namespace(ns).build());
        claimController = SandboxClaimController.create(agents,
            ClaimControllerOptions.builder().namespace(ns).build());
        // java-operator-sdk on the shared informers: its SandboxSet and SandboxClaim watches are
        // the cache's
        operator = new Operator(JosdkSharing.sharing(agents));
        controller.registerWith(operator);
        claimController.registerWith(operator);
      }
      SharedInformers informers = SharedInformers.of(agents);
      SharedInformer<Sandbox> sandboxes = informers.sandboxes(scope);
      SharedInformer<SandboxSet> pools = informers.sandboxSets(scope);
      if (!sandboxes.awaitSynced(timeout) || !pools.awaitSynced(timeout)) {
        throw new IllegalStateException("the shared informers did not sync within " + timeout);
      }
      t.log("shared informers synced: Sandboxes and SandboxSets of namespace " + ns
          + " (one list and one watch each, shared by every read, listener and wait below)");

      Counts counts = new Counts();
      ListenerRegistration listener = sandboxes.addListener(
          ListenerOptions.<Sandbox>named("demo-events").withLabelSelector(
              SandboxLabels.SANDBOX_POOL + "=" + WARM_POOL), counts);
      t.log("listener 'demo-events' registered on pool " + WARM_POOL
          + " (its own queue: a slow listener would delay only itself)");

      if (runController) {
        runtime = SimulatedSandboxRuntime.start(agents, Duration.ofMillis(200));
        operator.start();
        t.log("started the library's SandboxSet pool controller and SandboxClaim controller"
            + " (java-operator-sdk) and a simulated sandbox runtime that marks new sandboxes"
            + " Ready after 200 ms");
      } else {
        t.log("the cluster's controllers fill the pool (the library's pool controller is not"
            + " started here)");
      }

      sets.createSandboxSet(warmPool(INITIAL_REPLICAS));
      created = true;
      t.log("created SandboxSet " + ns + "/" + WARM_POOL + " with " + INITIAL_REPLICAS
          + " replicas");
      Lister<Sandbox> lister = sandboxes.lister();
      SandboxSet full = awaitAvailable(pools, lister, ns, INITIAL_REPLICAS, null, timeout);
      t.log("wait woke up on an event: " + WARM_POOL + " has " + INITIAL_REPLICAS
          + " available sandboxes (status written by the controller, resourceVersion "
          + full.getMetadata().getResourceVersion() + ")");

      int before = requests == null ? -1 : requests.getAsInt();
      List<Sandbox> available = List.of();
      for (int i = 0; i < LISTER_READS; i++) {
        available = lister.byIndex(SandboxIndexes.POOL, WARM_POOL);
      }
      t.log("index lookup POOL=" + WARM_POOL + ": " + names(available) + "; "
          + String.format("%,d", LISTER_READS) + " lookups"
          + (requests == null ? "" : " sent " + (requests.getAsInt() - before)
              + " requests to the API server"));

      List<String> claimed = new ArrayList<>();
      try (SandboxPool claimer = new SandboxPool(agents, sandboxes)) {
        for (int i = 0; i < CLAIMS; i++) {
          Sandbox s = claimer.claim(ns, WARM_POOL, "demo-user-" + i, timeout);
          claimed.add(s.getMetadata().getName());
        }
      }
      t.log("claimed " + claimed + " from the pool (optimistic merge patch each; they leave the"
          + " pool and the SandboxSet)");
      SandboxSet refilled = awaitAvailable(pools, lister, ns, INITIAL_REPLICAS,
          full.getMetadata().getResourceVersion(), timeout);
      t.log("the controller refilled the pool: " + INITIAL_REPLICAS + " available again"
          + " (status resourceVersion " + refilled.getMetadata().getResourceVersion() + ", "
          + names(lister.byIndex(SandboxIndexes.POOL, WARM_POOL)) + ")");

      if (hasScale) {
        sets.scaleSandboxSet(WARM_POOL, SCALED_REPLICAS);
        t.log("scaled " + WARM_POOL + " to " + SCALED_REPLICAS + " with scaleSandboxSet"
            + " (/scale subresource)");
      } else {
        sets.patchSandboxSet(WARM_POOL, "{\"spec\":{\"replicas\":" + SCALED_REPLICAS + "}}");
        t.log("scaled " + WARM_POOL + " to " + SCALED_REPLICAS + " by a merge patch of"
            + " spec.replicas (the embedded server has no /scale subresource)");
      }
      awaitAvailable(pools, lister, ns, SCALED_REPLICAS, null, timeout);
      t.log("the pool has " + SCALED_REPLICAS + " available sandboxes");

      if (runController) {
        claimWithSandboxClaim(t, agents, timeout);
      }

      listener.close();
      t.log("listener 'demo-events' saw " + counts.adds.sum() + " adds, " + counts.updates.sum()
          + " updates and " + counts.deletes.sum() + " deletes, " + listener.failures()
          + " failures");
    } finally {
      if (operator != null) {
        operator.stop();
      }
      if (controller != null) {
        controller.close();
      }
      if (claimController != null) {
        claimController.close();
      }
      if (runtime != null) {
        runtime.close();
      }
      if (created) {
        cleanUp(t, agents, sets);
      }
    }
  }

  /**
   * A SandboxClaim against the warm pool, served by the library's SandboxClaim controller: it
   * takes the replicas with the same protocol as {@link SandboxPool}, stamps the claim's labels,
   * and completes; the wait returns the sandboxes it holds.
   */
  private static void claimWithSandboxClaim(Demo.Timeline t, AgentsClient agents,
      Duration timeout) {
    agents.sandboxClaims().createSandboxClaim(SandboxClaim.of(null, CLAIM, new SandboxClaimSpec()
        .withTemplateName(WARM_POOL).withReplicas(CLAIM_REPLICAS)
        .withClaimTimeout(Duration.ofSeconds(30)).withLabels(Map.of("demo", "claimed"))));
    t.log("created SandboxClaim " + CLAIM + " for " + CLAIM_REPLICAS + " sandboxes of "
        + WARM_POOL);
    List<Sandbox> held = agents.sandboxClaims().waitForSandboxClaimCompleted(CLAIM, timeout);
    SandboxClaimStatus status = agents.sandboxClaims().getSandboxClaim(CLAIM).getStatus();
    t.log("waitForSandboxClaimCompleted(" + CLAIM + ") returned " + names(held) + " (labels "
        + held.stream().map(s -> "demo=" + s.getMetadata().getLabels().get("demo"))
            .distinct().toList() + "); status: phase " + status.getPhase() + ", claimedReplicas "
        + status.getClaimedReplicas() + ", \"" + status.getMessage() + "\"");
    agents.sandboxClaims().deleteSandboxClaim(CLAIM);
  }

  /**
   * A wait on the shared cache (no request, no watch of its own, woken by the SandboxSet's
   * events) until the pool's status and its members in the POOL index both say {@code replicas}
   * available; with {@code after}, only a status written since that resourceVersion counts.
   */
  private static SandboxSet awaitAvailable(SharedInformer<SandboxSet> pools,
      Lister<Sandbox> members, String ns, int replicas, String after, Duration timeout) {
    try {
      return pools.waitFor(ns, WARM_POOL, s -> s.getStatus() != null
          && s.getStatus().getAvailableReplicas() == replicas
          && Integer.valueOf(replicas).equals(s.getSpec().getReplicas())
          && !s.getMetadata().getResourceVersion().equals(after)
          && members.byIndex(SandboxIndexes.POOL, WARM_POOL).size() == replicas, timeout)
          .get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof AgentsApiException api) {
        throw api;
      }
      throw new IllegalStateException(e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("no answer from the wait", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The SandboxSet and the sandboxes it made (no garbage collector runs on a test server). */
  private static void cleanUp(Demo.Timeline t, AgentsClient agents, SandboxSetClient sets) {
    try {
      sets.deleteSandboxSet(WARM_POOL);
      agents.sandboxes().deleteCollectionSandboxes(null,
          SandboxLabels.SANDBOX_POOL + "=" + WARM_POOL, null);
      t.log("deleted SandboxSet " + WARM_POOL + " and its sandboxes");
    } catch (NotFoundException e) {
      // already gone
    } catch (AgentsApiException e) {
      t.log("could not clean up " + WARM_POOL + ": " + e.getMessage());
    }
  }

  static SandboxSet warmPool(int replicas) {
    SandboxSet set = SandboxSet.of(null, WARM_POOL, new SandboxSetSpec().withReplicas(replicas)
        .withTemplate(Demo.nginxTemplate()));
    set.getMetadata().setLabels(Map.of("app", "demo-pool"));
    return set;
  }

  private static List<String> names(List<Sandbox> sandboxes) {
    return sandboxes.stream().map(s -> s.getMetadata().getName()).sorted()
        .collect(Collectors.toList());
  }

  /** Counts what the listener receives (its callbacks run on its own queue). */
  private static final class Counts implements ResourceListener<Sandbox> {
    final LongAdder adds = new LongAdder();
    final LongAdder updates = new LongAdder();
    final LongAdder deletes = new LongAdder();

    @Override
    public void onAdd(Sandbox obj) {
      adds.increment();
    }

    @Override
    public void onUpdate(Sandbox oldObj, Sandbox newObj) {
      updates.increment();
    }

    @Override
    public void onDelete(Sandbox obj, boolean finalStateUnknown) {
      deletes.increment();
    }
  }
}
