package io.kruise.agents.controller.pool;

import static io.kruise.agents.controller.ControllerFixtures.sandboxSet;
import static io.kruise.agents.controller.ControllerFixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.SandboxSetReplicas;
import io.kruise.agents.client.exceptions.TimeoutException;
import io.kruise.agents.controller.Expectations;
import io.kruise.agents.controller.FakeTicker;
import io.kruise.agents.controller.OwnerReferences;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.ListenerOptions;
import io.kruise.agents.informers.ListenerRegistration;
import io.kruise.agents.informers.ResourceListener;
import io.kruise.agents.informers.SandboxPool;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxAnnotations;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetStatus;
import io.kruise.agents.model.SandboxStates;
import io.kruise.agents.testkit.TestCluster;
import io.kruise.agents.testkit.WithRealApiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The pool controller against a real API server: {@code /scale} up and down with exact counts,
 * 16 threads claiming while it refills (and scales down once), and the lock that makes a claim
 * and a scale-down never both win. A simulated runtime stands in for the Sandbox controller.
 */
@WithRealApiServer
class PoolControllerRealServerTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  /** The operator, the controller and the simulated runtime of one test. */
  private static final class Running implements AutoCloseable {
    final SandboxSetPoolController controller;
    final Operator operator;
    final SimulatedSandboxRuntime runtime;

    Running(AgentsClient agents, String namespace, Duration readyAfter) {
      controller = SandboxSetPoolController.create(agents,
          PoolControllerOptions.builder().namespace(namespace).build());
      operator = new Operator(o -> o.withKubernetesClient(agents.kubernetesClient())
          .withCloseClientOnStop(false));
      controller.registerWith(operator);
      runtime = SimulatedSandboxRuntime.start(agents, readyAfter);
      operator.start();
    }

    @Override
    public void close() {
      operator.stop();
      runtime.close();
      controller.close();
    }
  }

  /** Watches one pool through a client of its own: what really reached the server. */
  private static final class PoolWatcher implements ResourceListener<Sandbox>, AutoCloseable {
    final Set<String> added = ConcurrentHashMap.newKeySet();
    final Set<String> deleted = ConcurrentHashMap.newKeySet();
    final Set<String> unclaimed = ConcurrentHashMap.newKeySet();
    final AtomicInteger maxUnclaimed = new AtomicInteger();
    final ListenerRegistration registration;

    PoolWatcher(AgentsClient observer, String namespace, String pool) {
      registration = SharedInformers.of(observer).sandboxes(InformerScope.namespace(namespace))
          .addListener(ListenerOptions.<Sandbox>named("pool-watcher")
              .withLabelSelector(SandboxLabels.SANDBOX_POOL + "=" + pool), this);
    }

    @Override
    public void onAdd(Sandbox s) {
      added.add(s.getMetadata().getName());
      track(s);
    }

    @Override
    public void onUpdate(Sandbox oldSandbox, Sandbox s) {
      track(s);
    }

    @Override
    public void onDelete(Sandbox s, boolean finalStateUnknown) {
      deleted.add(s.getMetadata().getName());
      unclaimed.remove(s.getMetadata().getName());
    }

    private void track(Sandbox s) {
      if (SandboxStates.isControlledBySandboxSet(s)) {
        unclaimed.add(s.getMetadata().getName());
        maxUnclaimed.accumulateAndGet(unclaimed.size(), Math::max);
      } else {
        unclaimed.remove(s.getMetadata().getName());
      }
    }

    @Override
    public void close() {
      registration.close();
    }
  }

  private static List<Sandbox> unclaimed(AgentsClient agents, SandboxSet set) {
    return agents.sandboxes().listSandboxes(null, SandboxLabels.SANDBOX_POOL + "="
        + set.getMetadata().getName(), null).getItems().stream()
        .filter(s -> OwnerReferences.isControlledBy(s, set)).toList();
  }

  /** Everything at rest: the server holds exactly {@code replicas} ready, unclaimed members. */
  private static boolean full(AgentsClient agents, SandboxSet set, int replicas) {
    SandboxSetStatus status = agents.sandboxSets().getSandboxSet(set.getMetadata().getName())
        .getStatus();
    List<Sandbox> members = unclaimed(agents, set);
    return status != null && status.getReplicas() == replicas
        && status.getAvailableReplicas() == replicas && members.size() == replicas
        && members.stream().allMatch(SandboxStates::isReady);
  }

  @Test
  void scaleThreeToFiftyToFiveConvergesWithExactCounts(AgentsClient agents,
      TestCluster cluster) {
    String ns = agents.namespace();
    try (KubernetesClient observerClient = cluster.newAdminClient();
        AgentsClient observer = AgentsClient.create(observerClient);
        Running running = new Running(agents, ns, Duration.ofMillis(20))) {
      String name = uniqueName("scale");
      PoolWatcher watcher = new PoolWatcher(observer, ns, name);
      SandboxSet set = agents.sandboxSets().createSandboxSet(sandboxSet(null, name, 3));
      await().atMost(WAIT).until(() -> full(agents, set, 3));

      agents.sandboxSets().scaleSandboxSet(name, 50);
      await().atMost(WAIT).until(() -> full(agents, set, 50));
      assertThat(running.controller.stats().created()).isEqualTo(50);
      await().atMost(WAIT).until(() -> watcher.added.size() == 50);
      assertThat(watcher.maxUnclaimed.get()).as("never more than spec.replicas").isEqualTo(50);

      agents.sandboxSets().scaleSandboxSet(name, 5);
      await().atMost(WAIT).until(() -> full(agents, set, 5));
      assertThat(running.controller.stats().deleted()).isEqualTo(45);
      assertThat(running.controller.stats().created()).isEqualTo(50);
      await().atMost(WAIT).until(() -> watcher.deleted.size() == 45);
      assertThat(watcher.added).hasSize(50);

      // the /scale subresource reads what the controller reports, with its selector
      SandboxSetReplicas counts = agents.sandboxSets().getSandboxSetReplicaCounts(name);
      assertThat(counts.desired()).isEqualTo(5);
      assertThat(counts.current()).isEqualTo(5);
      assertThat(counts.available()).isEqualTo(5);
      assertThat(counts.observedGeneration()).isEqualTo(counts.generation());
      Scale scale = agents.kubernetesClient().resources(SandboxSet.class).inNamespace(ns)
          .withName(name).scale();
      assertThat(scale.getStatus().getReplicas()).isEqualTo(5);
      assertThat(scale.getStatus().getSelector()).isEqualTo(PoolSandboxes.selector(name));
      assertThat(agents.sandboxes().listSandboxes(null, scale.getStatus().getSelector(), null)
          .getItems()).hasSize(5);

      // at rest: another reconcile changes nothing and writes nothing (JOSDK stopped first,
      // so it is the only one)
      running.operator.stop();
      long writes = running.controller.stats().statusWrites();
      SandboxSet current = agents.sandboxSets().getSandboxSet(name);
      String version = current.getMetadata().getResourceVersion();
      running.controller.reconcileOnce(current);
      assertThat(running.controller.stats().statusWrites()).isEqualTo(writes);
      assertThat(agents.sandboxSets().getSandboxSet(name).getMetadata().getResourceVersion())
          .isEqualTo(version);
      assertThat(unclaimed(agents, set)).hasSize(5);
      assertThat(running.controller.stats().created()).isEqualTo(50);
      watcher.close();
    }
  }

  @Test
  void sixteenClaimersNeverShareASandboxAndThePoolRefills(AgentsClient agents,
      TestCluster cluster) throws Exception {
    String ns = agents.namespace();
    int replicas = 20;
    try (KubernetesClient claimerClient = cluster.newAdminClient();
        AgentsClient claimers = AgentsClient.create(claimerClient);
        Running running = new Running(agents, ns, Duration.ofMillis(10));
        SandboxPool pool = new SandboxPool(claimers,
            SharedInformers.of(claimers).sandboxes(InformerScope.namespace(ns)))) {
      String name = uniqueName("claims");
      SandboxSet set = agents.sandboxSets().createSandboxSet(sandboxSet(null, name, replicas));
      await().atMost(WAIT).until(() -> full(agents, set, replicas));

      Map<String, String> ownerBySandbox = new ConcurrentHashMap<>();
      AtomicInteger doubleClaims = new AtomicInteger();
      AtomicLong claims = new AtomicLong();
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService threads = Executors.newFixedThreadPool(16);
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        int thread = t;
        workers.add(threads.submit(() -> {
          for (int i = 0; !stop.get(); i++) {
            String owner = "claimer-" + thread + "-" + i;
            try {
              Sandbox claimed = pool.claim(ns, name, owner, Duration.ofSeconds(2));
              claims.incrementAndGet();
              if (ownerBySandbox.putIfAbsent(claimed.getMetadata().getName(), owner) != null) {
                doubleClaims.incrementAndGet();
              }
            } catch (TimeoutException e) {
              // drained faster than refilled for a moment: try again
            }
          }
          return null;
        }));
      }
      // claim while the controller refills, scale down and up once in the middle
      await().atMost(WAIT).until(() -> claims.get() >= 80);
      agents.sandboxSets().scaleSandboxSet(name, 8);
      await().atMost(WAIT).until(() -> claims.get() >= 140);
      agents.sandboxSets().scaleSandboxSet(name, replicas);
      await().atMost(WAIT).until(() -> claims.get() >= 200);
      stop.set(true);
      for (Future<?> w : workers) {
        w.get(30, TimeUnit.SECONDS);
      }
      threads.shutdown();

      assertThat(doubleClaims.get()).isZero();
      assertThat(ownerBySandbox).hasSize((int) claims.get());
      // every claim holds on the server: its owner, claimed, out of the pool, not deleted
      Map<String, Sandbox> stored = new ConcurrentHashMap<>();
      agents.sandboxes().listSandboxes(null, SandboxLabels.SANDBOX_POOL + "=" + name, null)
          .getItems().forEach(s -> stored.put(s.getMetadata().getName(), s));
      ownerBySandbox.forEach((sandbox, owner) -> {
        assertThat(stored).as("claimed %s was not deleted", sandbox).containsKey(sandbox);
        Sandbox s = stored.get(sandbox);
        assertThat(s.getMetadata().getAnnotations()).containsEntry(SandboxAnnotations.OWNER,
            owner);
        assertThat(s.getMetadata().getLabels()).containsEntry(SandboxLabels.SANDBOX_CLAIMED,
            "true");
        assertThat(OwnerReferences.isControlledBy(s, set)).isFalse();
      });

      await().atMost(WAIT).until(() -> full(agents, set, replicas));
      assertThat(running.controller.stats().created()).as("every claim replaced, scale down"
          + " deletions replaced after the scale up, nothing more").isEqualTo(
          replicas + claims.get() + running.controller.stats().deleted());
    }
  }

  @Test
  void aVictimChangedSinceItWasPlannedIsLeftAlone(AgentsClient agents) {
    SandboxSet set = agents.sandboxSets().createSandboxSet(sandboxSet(null, uniqueName("race"),
        0));
    Sandbox planned = agents.sandboxes().createSandbox(PoolSandboxes.newSandbox(set, null, "rev"));
    String victim = planned.getMetadata().getName();
    // someone writes first, as a claim would (any write moves the resourceVersion)
    agents.sandboxes().patchSandbox(victim, "{\"metadata\":{\"labels\":{\"seen\":\"yes\"}}}");

    Expectations expectations = new Expectations(new FakeTicker(), Duration.ofMinutes(1));
    PlanExecutor.Counters counters = new PlanExecutor.Counters();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      PlanExecutor executor = new PlanExecutor(agents, expectations, pool, 4, counters);
      PoolPlan plan = new PoolPlan(0, null, List.of(new PoolPlan.Deletion(planned,
          PoolPlan.Reason.SCALE_DOWN)), new SandboxSetStatus(), null);
      PlanExecutor.Outcome outcome = executor.execute(agents.namespace(), "ns/race", plan);

      assertThat(outcome.lostRaces()).isOne();
      assertThat(outcome.deleted()).isZero();
      assertThat(outcome.failures()).isEmpty();
      Sandbox kept = agents.sandboxes().getSandbox(victim);
      assertThat(kept.getMetadata().getLabels()).containsEntry("seen", "yes");
      assertThat(kept.getMetadata().getAnnotations() == null ? Map.<String, String>of()
          : kept.getMetadata().getAnnotations()).as("not locked")
          .doesNotContainKey(SandboxAnnotations.LOCK);
      assertThat(expectations.pending("ns/race").isSatisfied()).as("no deletion awaited")
          .isTrue();

      // planned from the current version, the lock holds and the victim goes
      PoolPlan fresh = new PoolPlan(0, null, List.of(new PoolPlan.Deletion(kept,
          PoolPlan.Reason.SCALE_DOWN)), new SandboxSetStatus(), null);
      assertThat(executor.execute(agents.namespace(), "ns/race", fresh).deleted()).isOne();
      assertThat(agents.sandboxes().listSandboxes(null, null, "metadata.name=" + victim)
          .getItems()).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }
}
