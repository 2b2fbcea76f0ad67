package io.kruise.agents.informers;

import io.kruise.agents.client.LeanObjects;
import static io.kruise.agents.client.Fixtures.sandbox;
import static io.kruise.agents.client.Fixtures.sandboxSet;
import static io.kruise.agents.client.Fixtures.uniqueName;
import static io.kruise.agents.client.Fixtures.withReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.SandboxClient;
import io.kruise.agents.client.exceptions.SandboxNotFoundException;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.testkit.RealApiServer;
import io.kruise.agents.testkit.TestCluster;
import io.kruise.agents.testkit.WithRealApiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The shared informers against a real API server: sync, relist after a dropped watch and after
 * 410, waits racing writes, listener isolation, health across an API server restart, read your
 * writes, and claim contention between two processes' worth of clients.
 */
@WithRealApiServer
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InformerRealServerTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  @Order(1)
  void syncsInPagesAndServesReadsFromTheCache(TestCluster cluster) {
    String ns = cluster.namespace() + "-sync";
    try (KubernetesClient kc = cluster.newAdminClient();
        AgentsClient agents = AgentsClient.create(kc)) {
      SandboxClient sandboxes = agents.sandboxes(ns);
      for (int i = 0; i < 120; i++) {
        sandboxes.createSandbox(sandbox("s-" + i, i % 2 == 0 ? "even" : "odd"));
      }
      SharedInformers informers = SharedInformers.of(agents, InformerOptions.builder().listPageSize(25)
          .build());
      SharedInformer<Sandbox> informer = informers.sandboxes(InformerScope.namespace(ns));
      assertThat(informer.awaitSynced(WAIT)).isTrue();
      assertThat(informer.lister().list(ns)).hasSize(120);
      assertThat(informer.lister().list(ns, "app=even")).hasSize(60);
      assertThat(informer.lister().get(ns, "s-7").getMetadata().getLabels())
          .containsEntry("app", "odd");
      assertThat(informer.health().isHealthy()).isTrue();
      assertThat(informers.isHealthy()).isTrue();
    }
  }

  @Test
  @Order(2)
  void readYourWritesRaceNeverShowsAnOlderVersion(AgentsClient agents, TestCluster cluster) {
    SharedInformer<Sandbox> informer = SharedInformers.of(agents).sandboxes(
        InformerScope.namespace(cluster.namespace()));
    assertThat(informer.awaitSynced(WAIT)).isTrue();
    SandboxClient sandboxes = agents.sandboxes();
    String name = uniqueName("ryw");
    Sandbox current = sandboxes.createSandbox(sandbox(name, "ryw"));
    assertThat(informer.lister().get(cluster.namespace(), name)).isNotNull();
    for (int i = 0; i < 100; i++) {
      Sandbox next = current.deepCopy();
      next.getMetadata().setLabels(Map.of("app", "ryw", "round", String.valueOf(i)));
      current = sandboxes.updateSandbox(name, next);
      Sandbox read = informer.lister().get(cluster.namespace(), name);
      assertThat(ResourceVersions.isAtLeast(read.getMetadata().getResourceVersion(),
          current.getMetadata().getResourceVersion())).as("round %d", i).isTrue();
      assertThat(read.getMetadata().getLabels()).containsEntry("round", String.valueOf(i));
    }
    sandboxes.deleteSandbox(name);
    assertThat(informer.lister().get(cluster.namespace(), name)).isNull();
    await().atMost(WAIT).until(() -> informer.lister().list(cluster.namespace(), "app=ryw")
        .isEmpty());
  }

  @Test
  @Order(3)
  void waitsRacingWritesAreNeverLostAndDeletesFailThem(AgentsClient agents, TestCluster cluster)
      throws Exception {
    SharedInformer<Sandbox> informer = SharedInformers.of(agents).sandboxes(
        InformerScope.namespace(cluster.namespace()));
    assertThat(informer.awaitSynced(WAIT)).isTrue();
    SandboxClient sandboxes = agents.sandboxes();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<CompletableFuture<Sandbox>> waits = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String name = uniqueName("race");
        Sandbox created = sandboxes.createSandbox(sandbox(name, "race"));
        CountDownLatch go = new CountDownLatch(1);
        Future<?> writer = pool.submit(() -> {
          go.await();
          return sandboxes.updateSandboxStatus(name, withReady(created, "True"));
        });
        go.countDown();
        waits.add(sandboxes.waitForSandboxConditionAsync(name, "Ready", "True", WAIT, null));
        writer.get(10, TimeUnit.SECONDS);
      }
      for (CompletableFuture<Sandbox> w : waits) {
        assertThat(w.get(30, TimeUnit.SECONDS).getStatus().getPhase()).isEqualTo("Running");
      }
    } finally {
      pool.shutdownNow();
    }
    String doomed = uniqueName("doomed");
    sandboxes.createSandbox(sandbox(doomed, "race"));
    CompletableFuture<Sandbox> wait = informer.waitFor(cluster.namespace(), doomed,
        s -> false, WAIT);
    sandboxes.deleteSandbox(doomed);
    assertThatThrownBy(() -> wait.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).cause()
        .isInstanceOf(SandboxNotFoundException.class).hasMessageContaining("deleted while waiting");
  }

  @Test
  @Order(4)
  void aSlowListenerDelaysNoOtherListener(AgentsClient agents, TestCluster cluster) {
    SharedInformer<Sandbox> informer = SharedInformers.of(agents).sandboxes(
        InformerScope.namespace(cluster.namespace()));
    assertThat(informer.awaitSynced(WAIT)).isTrue();
    CountDownLatch release = new CountDownLatch(1);
    List<String> fast = new CopyOnWriteArrayList<>();
    String app = uniqueName("iso");
    try (ListenerRegistration slow = informer.addListener(
            ListenerOptions.<Sandbox>named("slow").withLabelSelector("app=" + app),
            new ResourceListener<>() {
              @Override
              public void onAdd(Sandbox obj) {
                try {
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            });
        ListenerRegistration quick = informer.addListener(
            ListenerOptions.<Sandbox>named("fast").withLabelSelector("app=" + app),
            new ResourceListener<>() {
              @Override
              public void onAdd(Sandbox obj) {
                fast.add(obj.getMetadata().getName());
              }
            })) {
      for (int i = 0; i < 30; i++) {
        agents.sandboxes().createSandbox(sandbox(uniqueName("iso"), app));
      }
      await().atMost(WAIT).until(() -> fast.size() == 30);
      assertThat(slow.delivered()).isZero();
      assertThat(slow.backlog()).isGreaterThanOrEqualTo(29);
      assertThat(quick.failures()).isZero();
      release.countDown();
      await().atMost(WAIT).until(() -> slow.backlog() == 0 && slow.delivered() == 30);
    }
  }

  @Test
  @Order(5)
  void claimsFromTwoClientsNeverTakeTheSameSandboxTwice(TestCluster cluster) throws Exception {
    String ns = cluster.namespace() + "-claims";
    String poolName = "warm";
    int poolSize = 48;
    try (KubernetesClient kc1 = cluster.newAdminClient();
        KubernetesClient kc2 = cluster.newAdminClient();
        AgentsClient a1 = AgentsClient.create(kc1);
        AgentsClient a2 = AgentsClient.create(kc2)) {
      SandboxSet owner = a1.sandboxSets(ns).createSandboxSet(sandboxSet(poolName, poolSize));
      for (int i = 0; i < poolSize; i++) {
        Sandbox s = sandbox(poolName + "-" + i, "pool");
        s.getMetadata().setLabels(Map.of(SandboxLabels.SANDBOX_POOL, poolName));
        s.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder()
            .withApiVersion("agents.kruise.io/v1alpha1").withKind("SandboxSet")
            .withName(poolName).withUid(owner.getMetadata().getUid()).withController(true)
            .build()));
        Sandbox created = a1.sandboxes(ns).createSandbox(s);
        a1.sandboxes(ns).updateSandboxStatus(created.getMetadata().getName(),
            withReady(created, "True"));
      }
      SandboxPool p1 = new SandboxPool(a1);
      SandboxPool p2 = new SandboxPool(a2);
      await().atMost(WAIT).until(() -> SharedInformers.of(a1).sandboxes().lister()
          .byIndex(SandboxIndexes.POOL, poolName).size() == poolSize
          && SharedInformers.of(a2).sandboxes().lister().byIndex(SandboxIndexes.POOL, poolName).size()
          == poolSize);

      Set<String> claimed = ConcurrentHashMap.newKeySet();
      List<String> duplicates = new CopyOnWriteArrayList<>();
      AtomicBoolean empty = new AtomicBoolean();
      ExecutorService threads = Executors.newFixedThreadPool(16);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        SandboxPool pool = t % 2 == 0 ? p1 : p2;
        String who = "user-" + t;
        futures.add(threads.submit(() -> {
          while (!empty.get()) {
            try {
              Sandbox s = pool.claim(ns, poolName, who, Duration.ofSeconds(2));
              if (!claimed.add(s.getMetadata().getName())) {
                duplicates.add(s.getMetadata().getName());
              }
            } catch (io.kruise.agents.client.exceptions.TimeoutException e) {
              empty.set(true);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
      threads.shutdownNow();
      assertThat(duplicates).isEmpty();
      assertThat(claimed).hasSize(poolSize);
      assertThat(p1.claims() + p2.claims()).isEqualTo(poolSize);
      for (AgentsClient agents : List.of(a1, a2)) {
        Lister<Sandbox> lister = SharedInformers.of(agents).sandboxes().lister();
        await().atMost(WAIT).untilAsserted(() -> {
          assertThat(lister.byIndex(SandboxIndexes.POOL, poolName)).isEmpty();
          for (String name : claimed) {
            Sandbox s = lister.get(ns, name);
            assertThat(s.getMetadata().getLabels())
                .containsEntry(SandboxLabels.SANDBOX_CLAIMED, "true");
            assertThat(lister.byIndex(SandboxIndexes.CLAIMED_SANDBOX_ID, ns + "--" + name))
                .hasSize(1);
          }
        });
      }
    }
  }

  @Test
  @Order(6)
  void leanStoreDropsManagedFieldsAndTemplates(TestCluster cluster) {
    String ns = cluster.namespace() + "-lean";
    try (KubernetesClient kc = cluster.newAdminClient();
        AgentsClient agents = AgentsClient.create(kc)) {
      Sandbox full = agents.sandboxes(ns).createSandbox(sandbox("lean-1", "lean"));
      assertThat(full.getMetadata().getManagedFields()).isNotEmpty();
      SharedInformer<Sandbox> informer = SharedInformers.of(agents, InformerOptions.builder().lean()
          .build()).sandboxes(InformerScope.namespace(ns));
      assertThat(informer.awaitSynced(WAIT)).isTrue();
      Sandbox cached = informer.lister().get(ns, "lean-1");
      assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
      assertThat(cached.getSpec().getTemplate()).isNull();
      assertThat(LeanObjects.isPartial(cached)).isTrue();
      assertThatThrownBy(() -> agents.sandboxes(ns).updateSandbox("lean-1", cached.deepCopy()))
          .isInstanceOf(io.kruise.agents.client.exceptions.ValidationException.class)
          .hasMessageContaining("lean informer cache");
      assertThat(agents.sandboxes(ns).getSandbox("lean-1").getSpec().getTemplate()).isNotNull();
    }
  }

  @Test
  @Order(7)
  void anUnauthorizedInformerDiesVisibly(TestCluster cluster) throws Exception {
    try (KubernetesClient anonymous = cluster.newUnauthenticatedClient();
        AgentsClient agents = AgentsClient.create(anonymous)) {
      CompletableFuture<InformerHealth> died = new CompletableFuture<>();
      SharedInformers.of(agents).onInformerDead(died::complete);
      SharedInformer<Sandbox> informer = SharedInformers.of(agents).sandboxes();
      informer.start();
      InformerHealth health = died.get(30, TimeUnit.SECONDS);
      assertThat(health.dead()).isTrue();
      assertThat(health.lastError()).contains("401");
      assertThat(informer.health().isHealthy()).isFalse();
      assertThat(SharedInformers.of(agents).isHealthy()).isFalse();
      assertThat(informer.awaitSynced(Duration.ofMillis(100))).isFalse();
    }
  }

  /** Last: it stops and restarts the shared API server. */
  @Test
  @Order(100)
  void relistsAfterADroppedWatchAnd410WithHealthFollowing(TestCluster cluster,
      RealApiServer server) {
    String ns = cluster.namespace() + "-relist";
    try (KubernetesClient kc = cluster.newAdminClient();
        AgentsClient agents = AgentsClient.create(kc)) {
      SandboxClient sandboxes = agents.sandboxes(ns);
      sandboxes.createSandbox(sandbox("keep", "relist"));
      sandboxes.createSandbox(sandbox("vanish", "relist"));
      SharedInformer<Sandbox> informer = SharedInformers.of(agents).sandboxes(InformerScope.namespace(ns));
      List<String> deletes = new CopyOnWriteArrayList<>();
      informer.addListener(ListenerOptions.named("deletes"), new ResourceListener<>() {
        @Override
        public void onDelete(Sandbox obj, boolean finalStateUnknown) {
          deletes.add(obj.getMetadata().getName() + ":" + finalStateUnknown);
        }
      });
      assertThat(informer.awaitSynced(WAIT)).isTrue();
      await().atMost(WAIT).until(() -> informer.health().watching());

      server.stopApiServer();
      await().atMost(WAIT).until(() -> !informer.health().watching());
      assertThat(informer.health().isHealthy()).isFalse();
      // behind the API server's back, then compacted: the informer's resourceVersion is gone
      assertThat(server.deleteFromEtcd("agents.kruise.io/sandboxes", ns, "vanish")).isEqualTo(1);
      server.compactEtcd();
      server.startApiServer();

      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertThat(informer.lister().get(ns, "vanish")).isNull();
        assertThat(informer.health().watching()).isTrue();
      });
      assertThat(deletes).containsExactly("vanish:true");
      assertThat(informer.lister().get(ns, "keep")).isNotNull();
      assertThat(informer.health().isHealthy()).isTrue();
      sandboxes.createSandbox(sandbox("after", "relist"));
      await().atMost(WAIT).until(() -> informer.lister().get(ns, "after") != null);
    } finally {
      server.startApiServer();
    }
  }
}
