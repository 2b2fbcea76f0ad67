package io.kruise.agents.informers;

import static io.kruise.agents.informers.InformerFixtures.SYNC;
import static io.kruise.agents.informers.InformerFixtures.createWithStatus;
import static io.kruise.agents.informers.InformerFixtures.names;
import static io.kruise.agents.informers.InformerFixtures.poolSandbox;
import static io.kruise.agents.informers.InformerFixtures.running;
import static io.kruise.agents.informers.InformerFixtures.syncedSandboxes;
import static io.kruise.agents.informers.InformerFixtures.uniqueNamespace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.Fixtures;
import io.kruise.agents.client.exceptions.ConflictException;
import io.kruise.agents.client.exceptions.TimeoutException;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxAnnotations;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.Times;
import io.kruise.agents.testkit.MockApiServer;
import io.kruise.agents.testkit.WithMockApiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Claims from warm pools on the mock server. Its merge patch cannot remove list items, so the
 * claim's removal of the SandboxSet controller reference is checked in
 * {@link SandboxPoolClaimPatchTest}; everything else is checked here.
 */
@WithMockApiServer
class SandboxPoolMockServerTest {

  private static final Duration SHORT = Duration.ofMillis(500);

  /** Creates available pool members through a client without informers. */
  private static void available(KubernetesClient writerClient, String ns, String pool,
      String... names) {
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      for (String name : names) {
        createWithStatus(writer, poolSandbox(ns, name, pool), running(true));
      }
    }
  }

  private static void awaitPool(AgentsClient agents, String pool, int size) {
    await().atMost(SYNC).until(() -> SharedInformers.of(agents).sandboxes().lister()
        .byIndex(SandboxIndexes.POOL, pool).size() == size);
  }

  @Test
  void aClaimTakesAnAvailableSandboxOfThePool(AgentsClient agents,
      KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    String otherNs = uniqueNamespace();
    String pool = Fixtures.uniqueName("pool");
    String owner = Fixtures.uniqueName("owner");
    Lister<Sandbox> lister = syncedSandboxes(agents).lister();
    SandboxPool sandboxPool = new SandboxPool(agents);
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      createWithStatus(writer, poolSandbox(ns, "ready", pool), running(true));
      createWithStatus(writer, poolSandbox(ns, "warming", pool), running(false));
      createWithStatus(writer, poolSandbox(ns, "elsewhere", pool + "-x"), running(true));
      createWithStatus(writer, poolSandbox(otherNs, "ready", pool), running(true));
    }
    awaitPool(agents, pool, 3);

    Sandbox claimed = sandboxPool.claim(ns, pool, owner, SYNC);
    assertThat(claimed.getMetadata().getName()).isEqualTo("ready");
    assertThat(claimed.getMetadata().getNamespace()).isEqualTo(ns);
    Map<String, String> annotations = claimed.getMetadata().getAnnotations();
    assertThat(annotations.get(SandboxAnnotations.LOCK)).isNotBlank();
    assertThat(annotations).containsEntry(SandboxAnnotations.OWNER, owner);
    assertThat(Times.parse(annotations.get(SandboxAnnotations.CLAIM_TIMESTAMP))).isPresent();
    assertThat(claimed.getMetadata().getLabels())
        .containsEntry(SandboxLabels.SANDBOX_CLAIMED, "true");
    assertThat(sandboxPool.claims()).isEqualTo(1);

    // read your writes: the claim shows in the indexes at once
    assertThat(names(lister.byIndex(SandboxIndexes.CLAIMED_SANDBOX_ID, ns + "--ready")))
        .containsExactly("ready");
    assertThat(names(lister.byIndex(SandboxIndexes.OWNER, owner))).containsExactly("ready");
    assertThat(lister.get(ns, "ready").getMetadata().getAnnotations())
        .containsEntry(SandboxAnnotations.OWNER, owner);
    // and it is what the server stored
    Sandbox stored = agents.sandboxes(ns).getSandbox("ready");
    assertThat(stored.getMetadata().getAnnotations()).containsAllEntriesOf(
        Map.of(SandboxAnnotations.OWNER, owner,
            SandboxAnnotations.LOCK, annotations.get(SandboxAnnotations.LOCK)));
    assertThat(io.kruise.agents.model.SandboxStates.isControlledBySandboxSet(stored))
        .as("the claim took the sandbox out of its SandboxSet").isFalse();
    // the other candidates are untouched
    assertThat(agents.sandboxes(otherNs).getSandbox("ready").getMetadata().getAnnotations())
        .doesNotContainKey(SandboxAnnotations.OWNER);
    assertThat(agents.sandboxes(ns).getSandbox("warming").getMetadata().getAnnotations())
        .doesNotContainKey(SandboxAnnotations.OWNER);
  }

  @Test
  void lockedSandboxesAreSkipped(AgentsClient agents, KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    String pool = Fixtures.uniqueName("pool");
    syncedSandboxes(agents);
    SandboxPool sandboxPool = new SandboxPool(agents);
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      Sandbox locked = poolSandbox(ns, "locked", pool);
      locked.getMetadata().setAnnotations(new HashMap<>(Map.of(SandboxAnnotations.LOCK, "x")));
      createWithStatus(writer, locked, running(true));
      createWithStatus(writer, poolSandbox(ns, "free", pool), running(true));
    }
    awaitPool(agents, pool, 2);
    assertThat(sandboxPool.claim(ns, pool, "me", SYNC).getMetadata().getName())
        .isEqualTo("free");
    assertThatThrownBy(() -> sandboxPool.claim(ns, pool, "me", SHORT))
        .isInstanceOf(TimeoutException.class);
    assertThat(agents.sandboxes(ns).getSandbox("locked").getMetadata().getAnnotations())
        .containsEntry(SandboxAnnotations.LOCK, "x").doesNotContainKey(SandboxAnnotations.OWNER);
  }

  @Test
  void sequentialClaimsGetDifferentSandboxes(AgentsClient agents,
      KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    String pool = Fixtures.uniqueName("pool");
    syncedSandboxes(agents);
    SandboxPool sandboxPool = new SandboxPool(agents);
    available(writerClient, ns, pool, "a", "b", "c");
    awaitPool(agents, pool, 3);
    Set<String> claimed = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      claimed.add(sandboxPool.claim(ns, pool, "owner-" + i, SYNC).getMetadata().getName());
    }
    assertThat(claimed).containsExactlyInAnyOrder("a", "b", "c");
    assertThatThrownBy(() -> sandboxPool.claim(ns, pool, "owner-x", SHORT))
        .isInstanceOf(TimeoutException.class);
  }

  @Test
  void anEmptyPoolTimesOutAtTheDeadline(AgentsClient agents) {
    String ns = uniqueNamespace();
    String pool = Fixtures.uniqueName("pool");
    SandboxPool sandboxPool = new SandboxPool(agents);
    assertThatThrownBy(() -> sandboxPool.claim(ns, pool, "me", SHORT))
        .isInstanceOfSatisfying(TimeoutException.class,
            e -> assertThat(e.getMessage()).contains(ns + "/" + pool, "PT0.5S"));
    assertThat(sandboxPool.timeouts()).isEqualTo(1);
    assertThat(sandboxPool.claims()).isZero();
  }

  @Test
  void aWaitingClaimTakesASandboxThatBecomesAvailable(AgentsClient agents,
      KubernetesClient writerClient) throws Exception {
    String ns = uniqueNamespace();
    String pool = Fixtures.uniqueName("pool");
    syncedSandboxes(agents);
    SandboxPool sandboxPool = new SandboxPool(agents);
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      // a creating sandbox is in the pool index but cannot be claimed yet
      writer.sandboxes(ns).createSandbox(poolSandbox(ns, "warming", pool));
      awaitPool(agents, pool, 1);
      CompletableFuture<Sandbox> claim = CompletableFuture.supplyAsync(
          () -> sandboxPool.claim(ns, pool, "patient", Duration.ofSeconds(30)));
      await().atMost(SYNC).until(() -> sandboxPool.waitingClaims() == 1);
      assertThat(claim).isNotDone();
      CompletableFuture.runAsync(
          () -> InformerFixtures.writeStatus(writer, ns, "warming", running(true))).get();
      assertThat(claim).succeedsWithin(SYNC).satisfies(s -> {
        assertThat(s.getMetadata().getName()).isEqualTo("warming");
        assertThat(s.getMetadata().getAnnotations())
            .containsEntry(SandboxAnnotations.OWNER, "patient");
      });
    }
  }

  @Test
  void aWaitingClaimTakesANewlyCreatedSandbox(AgentsClient agents,
      KubernetesClient writerClient) throws Exception {
    String ns = uniqueNamespace();
    String pool = Fixtures.uniqueName("pool");
    syncedSandboxes(agents);
    SandboxPool sandboxPool = new SandboxPool(agents);
    CompletableFuture<Sandbox> claim = CompletableFuture.supplyAsync(
        () -> sandboxPool.claim(ns, pool, "patient", Duration.ofSeconds(30)));
    await().atMost(SYNC).until(() -> sandboxPool.waitingClaims() == 1);
    assertThat(claim).isNotDone();
    CompletableFuture.runAsync(() -> available(writerClient, ns, pool, "fresh")).get();
    assertThat(claim).succeedsWithin(SYNC)
        .extracting(s -> s.getMetadata().getName()).isEqualTo("fresh");
  }

  @Test
  void oneNewSandboxWakesOneOfManyWaitingClaims(AgentsClient agents,
      KubernetesClient writerClient) throws Exception {
    String ns = uniqueNamespace();
    String pool = Fixtures.uniqueName("pool");
    syncedSandboxes(agents);
    SandboxPool sandboxPool = new SandboxPool(agents);
    ExecutorService claimers = Executors.newFixedThreadPool(6);
    try {
      List<Future<Sandbox>> claims = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String owner = "patient-" + i;
        claims.add(claimers.submit(() -> sandboxPool.claim(ns, pool, owner,
            Duration.ofSeconds(30))));
      }
      await().atMost(SYNC).until(() -> sandboxPool.waitingClaims() == 6);
      CompletableFuture.runAsync(() -> available(writerClient, ns, pool, "fresh")).get();

      await().atMost(SYNC).until(() -> claims.stream().filter(Future::isDone).count() == 1);
      assertThat(claims.stream().filter(Future::isDone).findFirst().orElseThrow().get()
          .getMetadata().getName()).isEqualTo("fresh");
      // the claim's own write is an event too: it must wake no one
      await().atMost(SYNC).until(() -> SharedInformers.of(agents).sandboxes().lister()
          .get(ns, "fresh").getMetadata().getAnnotations() != null);
      assertThat(sandboxPool.waitingClaims()).isEqualTo(5);
      assertThat(sandboxPool.wakeUps()).isEqualTo(1);
      assertThat(sandboxPool.wakeUpSignals()).isEqualTo(1);
      assertThat(sandboxPool.conflicts()).isZero();
    } finally {
      claimers.shutdownNow();
    }
  }

  @Test
  void claimArgumentsAreValidatedBeforeAnyRequest(AgentsClient agents, MockApiServer server) {
    SandboxPool sandboxPool = new SandboxPool(agents);
    syncedSandboxes(agents);
    int before = server.requestCount();
    assertField(() -> sandboxPool.claim("ns", " ", "me", SHORT), "poolName");
    assertField(() -> sandboxPool.claim("ns", null, "me", SHORT), "poolName");
    assertField(() -> sandboxPool.claim("ns", "pool", "", SHORT), "owner");
    assertField(() -> sandboxPool.claim("ns", "pool", null, SHORT), "owner");
    assertField(() -> sandboxPool.claim("ns", "pool", "me", Duration.ofSeconds(-1)), "timeout");
    assertField(() -> sandboxPool.claim("ns", "pool", "me", null), "timeout");
    assertThat(server.requestCount()).isEqualTo(before);
  }

  private static void assertField(Runnable claim, String field) {
    assertThatThrownBy(claim::run).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.fields()).containsExactly(field));
  }

  @Test
  void aClaimBasedOnAStaleVersionIsAConflict(AgentsClient agents,
      KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    String pool = Fixtures.uniqueName("pool");
    Lister<Sandbox> lister = syncedSandboxes(agents).lister();
    available(writerClient, ns, pool, "contested");
    awaitPool(agents, pool, 1);
    Sandbox cached = lister.get(ns, "contested");
    try (AgentsClient other = AgentsClient.create(writerClient)) {
      other.sandboxes(ns).patchSandbox("contested", "{\"metadata\":{\"annotations\":{\""
          + SandboxAnnotations.OWNER + "\":\"winner\"}}}");
    }
    assertThatThrownBy(() -> agents.sandboxes(ns).patchSandbox("contested",
        SandboxPool.claimPatch(cached, "loser"))).isInstanceOf(ConflictException.class);
    assertThat(agents.sandboxes(ns).getSandbox("contested").getMetadata().getAnnotations())
        .containsEntry(SandboxAnnotations.OWNER, "winner");
  }

  @Test
  void concurrentClaimersNeverClaimTheSameSandboxTwice(MockApiServer server,
      KubernetesClient writerClient) throws Exception {
    String ns = uniqueNamespace();
    String pool = Fixtures.uniqueName("pool");
    int sandboxes = 12;
    List<String> all = new ArrayList<>();
    for (int i = 0; i < sandboxes; i++) {
      all.add("s" + i);
    }
    available(writerClient, ns, pool, all.toArray(String[]::new));
    List<KubernetesClient> fabric8 = new ArrayList<>();
    List<AgentsClient> processes = new ArrayList<>();
    ExecutorService claimers = Executors.newFixedThreadPool(sandboxes);
    try {
      List<SandboxPool> pools = new ArrayList<>();
      for (int p = 0; p < 3; p++) {
        KubernetesClient kc = server.createClient();
        fabric8.add(kc);
        AgentsClient agents = AgentsClient.create(kc);
        processes.add(agents);
        syncedSandboxes(agents);
        awaitPool(agents, pool, sandboxes);
        pools.add(new SandboxPool(agents));
      }
      Map<String, String> owners = new ConcurrentHashMap<>();
      List<Future<Sandbox>> claims = new ArrayList<>();
      for (int i = 0; i < sandboxes; i++) {
        SandboxPool claimer = pools.get(i % pools.size());
        String owner = "owner-" + i;
        claims.add(claimers.submit(() -> {
          Sandbox s = claimer.claim(ns, pool, owner, SYNC);
          owners.put(owner, s.getMetadata().getName());
          return s;
        }));
      }
      for (Future<Sandbox> claim : claims) {
        claim.get();
      }
      assertThat(new HashSet<>(owners.values())).containsExactlyInAnyOrderElementsOf(all);
      // the server agrees: each sandbox has the owner whose claim returned it
      try (AgentsClient reader = AgentsClient.create(writerClient)) {
        owners.forEach((owner, name) -> assertThat(reader.sandboxes(ns).getSandbox(name)
            .getMetadata().getAnnotations()).containsEntry(SandboxAnnotations.OWNER, owner));
      }
    } finally {
      claimers.shutdownNow();
      processes.forEach(AgentsClient::close);
      fabric8.forEach(KubernetesClient::close);
    }
  }

  @Test
  void closingThePoolRemovesItsListener(AgentsClient agents) {
    DefaultSharedInformer<?, ?> informer =
        (DefaultSharedInformer<?, ?>) SharedInformers.of(agents).sandboxes();
    informer.start();
    int before = informer.listeners().size();
    SandboxPool pool = new SandboxPool(agents);
    assertThat(informer.listeners()).hasSize(before + 1);
    pool.close();
    pool.close();
    assertThat(informer.listeners()).hasSize(before);
  }

  @Test
  void tryClaimTakesWhatIsThereStampsItAndAnswersEmptyWithoutWaiting(AgentsClient agents,
      KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    String pool = Fixtures.uniqueName("pool");
    syncedSandboxes(agents);
    SandboxPool sandboxPool = new SandboxPool(agents);
    available(writerClient, ns, pool, "a", "b");
    awaitPool(agents, pool, 2);
    ClaimStamp stamp = ClaimStamp.builder().claimName("claim-1").labels(Map.of("team", "x"))
        .annotations(Map.of("note", "y")).build();

    Set<String> got = new HashSet<>();
    for (int i = 0; i < 2; i++) {
      Sandbox s = sandboxPool.tryClaim(ns, pool, "uid-1", stamp).orElseThrow();
      got.add(s.getMetadata().getName());
      assertThat(s.getMetadata().getLabels()).containsEntry("team", "x")
          .containsEntry(SandboxLabels.CLAIM_NAME, "claim-1")
          .containsEntry(SandboxLabels.SANDBOX_CLAIMED, "true");
      assertThat(s.getMetadata().getAnnotations()).containsEntry("note", "y")
          .containsEntry(SandboxAnnotations.OWNER, "uid-1");
    }
    assertThat(got).containsExactlyInAnyOrder("a", "b");
    long before = System.nanoTime();
    assertThat(sandboxPool.tryClaim(ns, pool, "uid-1", stamp)).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(SHORT);
    assertThat(sandboxPool.waitingClaims()).isZero();
    // the claim-name label is what the CLAIM index finds held sandboxes by
    assertThat(names(SharedInformers.of(agents).sandboxes().lister()
        .byIndex(SandboxIndexes.CLAIM, "claim-1"))).containsExactlyInAnyOrder("a", "b");
    assertThatThrownBy(() -> sandboxPool.tryClaim(ns, pool, "uid-1", null))
        .isInstanceOf(ValidationException.class).hasMessageContaining("stamp");
  }
}
