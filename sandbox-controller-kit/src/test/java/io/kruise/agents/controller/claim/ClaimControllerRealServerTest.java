package io.kruise.agents.controller.claim;

import static io.kruise.agents.controller.ControllerFixtures.sandbox;
import static io.kruise.agents.controller.ControllerFixtures.sandboxSet;
import static io.kruise.agents.controller.ControllerFixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.exceptions.TimeoutException;
import io.kruise.agents.controller.OwnerReferences;
import io.kruise.agents.controller.josdk.JosdkSharing;
import io.kruise.agents.controller.pool.SimulatedSandboxRuntime;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.SandboxIndexes;
import io.kruise.agents.informers.SandboxPool;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.model.ConditionReasons;
import io.kruise.agents.model.ConditionTypes;
import io.kruise.agents.model.Conditions;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxAnnotations;
import io.kruise.agents.model.SandboxClaim;
import io.kruise.agents.model.SandboxClaimPhase;
import io.kruise.agents.model.SandboxClaimSpec;
import io.kruise.agents.model.SandboxClaimStatus;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxStates;
import io.kruise.agents.model.Times;
import io.kruise.agents.testkit.TestCluster;
import io.kruise.agents.testkit.WithRealApiServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The claim controller against a real API server (real resourceVersion conflicts, real merge
 * patches, the CRD's defaults and validation): the race of 20 SandboxClaims of 5
 * replicas against 8 threads of direct {@code SandboxPool.claim} calls from another client on
 * one pool of 100 sandboxes, and a claim larger than its pool. No pool controller runs: the pool
 * is exactly the 100 sandboxes made here (a simulated runtime makes them Ready), so what is
 * claimed is not replaced.
 */
@WithRealApiServer
class ClaimControllerRealServerTest {

  private static final Duration WAIT = Duration.ofSeconds(40);

  /** The claim controller on an operator of its own, and the runtime that readies the pool. */
  private static final class Running implements AutoCloseable {
    final SandboxClaimController controller;
    final Operator operator;
    final SimulatedSandboxRuntime runtime;

    Running(AgentsClient agents, String namespace) {
      controller = SandboxClaimController.create(agents,
          ClaimControllerOptions.builder().namespace(namespace).build());
      operator = new Operator(JosdkSharing.sharing(agents));
      controller.registerWith(operator);
      runtime = SimulatedSandboxRuntime.start(agents, Duration.ZERO);
      operator.start();
    }

    @Override
    public void close() {
      operator.stop();
      runtime.close();
      controller.close();
    }
  }

  /** A pool of {@code size} sandboxes that the SandboxSet controls, made Ready by the runtime. */
  private static SandboxSet pool(AgentsClient agents, String ns, String name, int size)
      throws Exception {
    SandboxSet set = agents.sandboxSets().createSandboxSet(sandboxSet(null, name, 0));
    ExecutorService creators = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> created = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        Sandbox s = sandbox(null, name + "-" + i);
        Map<String, String> labels = new HashMap<>();
        labels.put(SandboxLabels.SANDBOX_POOL, name);
        labels.put(SandboxLabels.SANDBOX_TEMPLATE, name);
        labels.put(SandboxLabels.SANDBOX_CLAIMED, SandboxLabels.FALSE);
        s.getMetadata().setLabels(labels);
        s.getMetadata().setOwnerReferences(
            new ArrayList<>(List.of(OwnerReferences.controllerReference(set))));
        created.add(creators.submit(() -> agents.sandboxes().createSandbox(s)));
      }
      for (Future<?> f : created) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      creators.shutdownNow();
    }
    await().atMost(WAIT).until(() -> SharedInformers.of(agents)
        .sandboxes(InformerScope.namespace(ns)).lister().byIndex(SandboxIndexes.POOL, name)
        .stream().filter(s -> SandboxStates.isReady(s)).count() == size);
    return set;
  }

  private static SandboxClaim claim(String name, String pool, int replicas, Duration timeout) {
    return SandboxClaim.of(null, name, new SandboxClaimSpec().withTemplateName(pool)
        .withReplicas(replicas).withClaimTimeout(timeout));
  }

  @Test
  void twentyClaimsAndEightDirectClaimersNeverShareASandbox(AgentsClient agents,
      TestCluster cluster) throws Exception {
    String ns = agents.namespace();
    String poolName = uniqueName("race");
    Duration claimTimeout = Duration.ofSeconds(10);
    try (KubernetesClient otherClient = cluster.newAdminClient();
        AgentsClient other = AgentsClient.create(otherClient);
        Running running = new Running(agents, ns);
        SandboxPool direct = new SandboxPool(other,
            SharedInformers.of(other).sandboxes(InformerScope.namespace(ns)))) {
      pool(agents, ns, poolName, 100);
      assertThat(SharedInformers.of(other).sandboxes(InformerScope.namespace(ns))
          .awaitSynced(WAIT)).isTrue();

      // 8 threads of another client (another process, as far as the caches go) take up to 6
      // each, while 20 claims of 5 want 100: 148 wanted of 100, so the pool runs dry
      Map<String, String> directOwner = new ConcurrentHashMap<>();
      AtomicInteger directTwice = new AtomicInteger();
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService threads = Executors.newFixedThreadPool(8);
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        workers.add(threads.submit(() -> {
          go.await();
          for (int i = 0; i < 6; i++) {
            String owner = "direct-" + thread + "-" + i;
            try {
              Sandbox s = direct.claim(ns, poolName, owner, Duration.ofSeconds(3));
              if (directOwner.putIfAbsent(s.getMetadata().getName(), owner) != null) {
                directTwice.incrementAndGet();
              }
            } catch (TimeoutException e) {
              return null; // the pool is dry
            }
          }
          return null;
        }));
      }
      List<String> claimNames = new ArrayList<>();
      go.countDown();
      for (int c = 0; c < 20; c++) {
        String name = "race-claim-" + c;
        claimNames.add(name);
        agents.sandboxClaims().createSandboxClaim(claim(name, poolName, 5, claimTimeout));
      }
      for (Future<?> w : workers) {
        w.get(60, TimeUnit.SECONDS);
      }
      threads.shutdown();
      Map<String, SandboxClaim> done = new HashMap<>();
      for (String name : claimNames) {
        agents.sandboxClaims().waitForSandboxClaimCompleted(name, WAIT);
        done.put(name, agents.sandboxClaims().getSandboxClaim(name));
      }

      // a fresh LIST from the server: who holds what
      List<Sandbox> all = agents.sandboxes().listSandboxes(null,
          SandboxLabels.SANDBOX_POOL + "=" + poolName, null).getItems();
      assertThat(all).hasSize(100);
      Map<String, String> ownerByName = new HashMap<>();
      for (Sandbox s : all) {
        Map<String, String> a = s.getMetadata().getAnnotations();
        String owner = a == null ? null : a.get(SandboxAnnotations.OWNER);
        if (owner != null) {
          ownerByName.put(s.getMetadata().getName(), owner);
          assertThat(s.getMetadata().getLabels())
              .containsEntry(SandboxLabels.SANDBOX_CLAIMED, "true");
          assertThat(SandboxStates.isControlledBySandboxSet(s)).isFalse();
        }
      }
      assertThat(directTwice.get()).as("a direct claimer got a sandbox twice").isZero();
      // every sandbox a direct claimer was given is still held by that claimer
      directOwner.forEach((sandbox, owner) ->
          assertThat(ownerByName).containsEntry(sandbox, owner));
      int claimedByClaims = 0;
      Set<String> heldByClaims = new HashSet<>();
      for (SandboxClaim c : done.values()) {
        String uid = c.getMetadata().getUid();
        SandboxClaimStatus status = c.getStatus();
        List<String> held = ownerByName.entrySet().stream()
            .filter(e -> e.getValue().equals(uid)).map(Map.Entry::getKey).toList();
        assertThat(held).as("%s holds as many as it counts", c.getMetadata().getName())
            .hasSize(status.getClaimedReplicas());
        for (String h : held) {
          Sandbox s = all.stream().filter(x -> x.getMetadata().getName().equals(h)).findFirst()
              .orElseThrow();
          assertThat(s.getMetadata().getLabels())
              .containsEntry(SandboxLabels.CLAIM_NAME, c.getMetadata().getName());
          assertThat(heldByClaims.add(h)).isTrue();
          assertThat(directOwner).doesNotContainKey(h);
        }
        claimedByClaims += status.getClaimedReplicas();
        assertThat(status.getPhaseEnum()).isEqualTo(SandboxClaimPhase.COMPLETED);
        Instant start = Times.parse(status.getClaimStartTime()).orElseThrow();
        Instant end = Times.parse(status.getCompletionTime()).orElseThrow();
        if (status.getClaimedReplicas() == 5) {
          assertThat(Conditions.find(status.getConditions(), ConditionTypes.TIMED_OUT)).isEmpty();
          assertThat(Conditions.find(status.getConditions(), ConditionTypes.COMPLETED)
              .orElseThrow().getReason())
              .isEqualTo(ConditionReasons.Completed.ALL_REPLICAS_CLAIMED);
        } else {
          assertThat(Conditions.isTrue(status.getConditions(), ConditionTypes.TIMED_OUT))
              .as(c.getMetadata().getName() + ": " + status.getMessage()).isTrue();
          assertThat(Duration.between(start, end)).as("not before its claimTimeout")
              .isGreaterThanOrEqualTo(claimTimeout.minusSeconds(1)); // times are whole seconds
          assertThat(status.getMessage()).endsWith("claimed " + status.getClaimedReplicas()
              + "/5 sandboxes");
        }
      }
      // no owner counted twice, nothing lost: demand exceeded the pool, so all 100 are taken
      assertThat(claimedByClaims + directOwner.size()).isEqualTo(ownerByName.size())
          .isEqualTo(100);
      assertThat(running.controller.stats().claimed()).isEqualTo(claimedByClaims);
      assertThat(claimedByClaims).as("the direct claimers can take 48 at most")
          .isGreaterThanOrEqualTo(52);
      long complete = done.values().stream()
          .filter(c -> c.getStatus().getClaimedReplicas() == 5).count();
      System.out.printf("race: claims took %d (%d claims complete, %d timed out), direct claimers"
          + " %d, direct lost races %d%n", claimedByClaims, complete, 20 - complete,
          directOwner.size(), direct.conflicts());
    }
  }

  @Test
  void aClaimLargerThanItsPoolTimesOutTellingHowManyItGot(AgentsClient agents) throws Exception {
    String ns = agents.namespace();
    String poolName = uniqueName("small");
    try (Running running = new Running(agents, ns)) {
      pool(agents, ns, poolName, 3);
      agents.sandboxClaims().createSandboxClaim(claim("too-big", poolName, 5,
          Duration.ofSeconds(2)));
      List<Sandbox> got = agents.sandboxClaims().waitForSandboxClaimCompleted("too-big", WAIT);
      assertThat(got).hasSize(3);
      SandboxClaim c = agents.sandboxClaims().getSandboxClaim("too-big");
      SandboxClaimStatus status = c.getStatus();
      assertThat(status.getClaimedReplicas()).isEqualTo(3);
      assertThat(status.getObservedGeneration()).isEqualTo(c.getMetadata().getGeneration());
      assertThat(Conditions.isTrue(status.getConditions(), ConditionTypes.TIMED_OUT)).isTrue();
      assertThat(Conditions.find(status.getConditions(), ConditionTypes.COMPLETED).orElseThrow()
          .getReason()).isEqualTo(ConditionReasons.Completed.TIMEOUT_REACHED);
      assertThat(status.getMessage()).endsWith("claimed 3/5 sandboxes");
      // the server applied the CRD default: the claim stays 60m after completion
      assertThat(c.getSpec().getTtlAfterCompleted()).isEqualTo("60m");
      assertThat(running.controller.stats().timedOut()).isEqualTo(1);
    }
  }
}
