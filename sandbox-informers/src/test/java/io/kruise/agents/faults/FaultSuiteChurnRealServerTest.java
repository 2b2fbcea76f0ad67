package io.kruise.agents.faults;

import io.kruise.agents.informers.SharedInformers;
import static org.assertj.core.api.Assertions.assertThat;
import static io.kruise.agents.faults.FaultSuite.difference;
import static io.kruise.agents.faults.FaultSuite.millisUntil;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.Fixtures;
import io.kruise.agents.faults.FaultSuite.ServerState;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.ListenerOptions;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxStatus;
import io.kruise.agents.testkit.RealApiServer;
import io.kruise.agents.testkit.TestCluster;
import io.kruise.agents.testkit.WithRealApiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Churn from several threads for the whole run (see {@link Churn}) while the API server is
 * restarted six times and etcd is compacted twice, once while the API server is down so that the
 * informers' resume hits 410 Gone and they must relist. After each restart and at the end: the
 * shared caches equal a fresh LIST (names and resourceVersions) within 5 s; every listener's
 * history is consistent and its replayed view equals the LIST; and at the end every wait the churn
 * registered has ended correctly (judged by the {@link WaitLedger}).
 *
 * <p>Three clients: the writer runs the informers and the listeners (two from the start, one of
 * them slow, and one added during the churn) and churns through them (its writes go through the
 * read-your-writes overlay, its waits are served by the cache); the plain one churns without
 * informers (its waits watch the one object); the observer only caches, so its cache sees no
 * overlay at all.
 */
@WithRealApiServer
class FaultSuiteChurnRealServerTest {

  private static final int RESTARTS = 6;
  /** The round whose compaction happens while the API server runs. */
  private static final int COMPACT_WHILE_UP = 2;
  /** The round whose compaction happens while the API server is down: the resume must relist. */
  private static final int COMPACT_WHILE_DOWN = 4;
  /** The round after which a listener is added while the churn runs (it is seeded). */
  private static final int LATE_LISTENER = 3;
  /** The step of the re-created phoenix; the churn's own steps stay far below it. */
  private static final long REBORN_STEP = 1_000_000;
  private static final Duration CONVERGENCE = Duration.ofSeconds(5);
  private static final Duration LISTENER_CATCH_UP = Duration.ofSeconds(30);
  private static final Duration STEP = Duration.ofSeconds(30);
  private static final String SANDBOXES = "agents.kruise.io/sandboxes";

  private final List<String> problems = new ArrayList<>();
  private final WaitLedger ledger = new WaitLedger();
  private final List<HistoryListener<Sandbox>> sandboxListeners = new ArrayList<>();
  private String ns;
  private RealApiServer server;
  private KubernetesClient admin;
  private AgentsClient writer;
  private AgentsClient plain;
  private List<SharedInformer<Sandbox>> sandboxCaches;
  private List<SharedInformer<SandboxSet>> setCaches;
  private HistoryListener<SandboxSet> setListener;
  private Churn churn;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void cachesListenersAndWaitsStayExactThroughRestartsAndCompactions(TestCluster cluster,
      RealApiServer realServer) throws Exception {
    ns = cluster.namespace();
    server = realServer;
    try (KubernetesClient adminClient = cluster.newAdminClient();
        // the writer keeps fabric8's request retries (its writes ride out short outages);
        // the others fail fast
        KubernetesClient kcWriter = FaultSuite.restartFriendlyClient(adminClient, 10);
        KubernetesClient kcPlain = FaultSuite.restartFriendlyClient(adminClient, 0);
        KubernetesClient kcObserver = FaultSuite.restartFriendlyClient(adminClient, 0);
        AgentsClient writerClient = AgentsClient.create(kcWriter);
        AgentsClient plainClient = AgentsClient.create(kcPlain);
        AgentsClient observer = AgentsClient.create(kcObserver)) {
      admin = adminClient;
      writer = writerClient;
      plain = plainClient;
      startCaches(observer);
      churn = new Churn(ns, writer, plain, ledger, 7L);
      churn.start();
      for (int round = 1; round <= RESTARTS; round++) {
        round(round);
      }
      awaitProgress("the end", 100);
      churn.stop();
      check("end", "churn stopped", false);
      report();
    } finally {
      if (churn != null) {
        churn.close();
      }
      server.startApiServer();
      ledger.cancelPending();
    }
  }

  private void startCaches(AgentsClient observer) {
    InformerScope scope = InformerScope.namespace(ns);
    sandboxCaches = List.of(SharedInformers.of(writer).sandboxes(scope),
        SharedInformers.of(observer).sandboxes(scope));
    setCaches = List.of(SharedInformers.of(writer).sandboxSets(scope),
        SharedInformers.of(observer).sandboxSets(scope));
    SharedInformer<Sandbox> listened = sandboxCaches.get(0);
    HistoryListener<Sandbox> fast = new HistoryListener<>("fast", 0);
    HistoryListener<Sandbox> slow = new HistoryListener<>("slow", 3_000);
    setListener = new HistoryListener<>("sets", 0);
    listened.addListener(ListenerOptions.named("fast"), fast);
    listened.addListener(ListenerOptions.<Sandbox>named("slow").inNamespace(ns), slow);
    setCaches.get(0).addListener(ListenerOptions.named("sets"), setListener);
    sandboxListeners.add(fast);
    sandboxListeners.add(slow);
    for (SharedInformer<?> informer : informers()) {
      assertThat(informer.awaitSynced(STEP)).as("%s synced", informer.scope()).isTrue();
    }
  }

  private List<SharedInformer<?>> informers() {
    List<SharedInformer<?>> all = new ArrayList<>(sandboxCaches);
    all.addAll(setCaches);
    return all;
  }

  /** One restart of the API server, with the churn running across it. */
  private void round(int round) throws Exception {
    awaitProgress("round " + round, 150);
    if (round == COMPACT_WHILE_UP) {
      FaultSuite.figure("churn: etcd compacted to revision %d while the API server runs",
          server.compactEtcd());
    }
    // A Sandbox the caches hold, deleted behind the API server's back during the outage: only a
    // relist (or the replay of the delete) can tell them. Waits on it must end NotFound.
    String victim = "victim-" + round;
    String victimUid = plant(victim);
    // In the round whose resume must relist: a Sandbox re-created behind the API server's back
    // (same name, new UID, a step no write of the churn reaches). Waits on the old incarnation
    // must end NotFound, never complete with the new one; listeners must get a delete and an
    // add, not an update across incarnations.
    String phoenix = round == COMPACT_WHILE_DOWN ? "phoenix" : null;
    if (phoenix != null) {
      plant(phoenix);
    }

    server.stopApiServer();
    awaitOrNote("round " + round + ": the informers still report watching=true with the API"
        + " server down", () -> informers().stream().noneMatch(i -> i.health().watching()));
    long failures = churn.failedFast();
    awaitOrNote("round " + round + ": no churn request failed during the outage",
        () -> churn.failedFast() > failures);
    ledger.deleting(victim);
    assertThat(server.deleteFromEtcd(SANDBOXES, ns, victim)).as(victim + " in etcd")
        .isEqualTo(1);
    if (phoenix != null) {
      ledger.deleting(phoenix);
      assertThat(server.rewriteInEtcd(SANDBOXES, ns, phoenix, this::reborn))
          .as(phoenix + " in etcd").isTrue();
    }
    if (round == COMPACT_WHILE_DOWN) {
      FaultSuite.figure("churn: etcd compacted to revision %d while the API server is down",
          server.compactEtcd());
    }
    server.startApiServer();
    long reconnectMs = millisUntil(Duration.ofSeconds(60),
        () -> informers().stream().allMatch(i -> i.health().watching()));
    if (reconnectMs < 0) {
      problems.add("round " + round + ": the informers did not watch again within 60 s");
    }
    awaitProgress("round " + round + " after the restart", 100);
    if (round == LATE_LISTENER) {
      // added while the churn runs: its seed and the live events must make one history
      HistoryListener<Sandbox> late = new HistoryListener<>("late", 0);
      sandboxCaches.get(0).addListener(ListenerOptions.named("late"), late);
      sandboxListeners.add(late);
      awaitProgress("round " + round + " after the late listener", 100);
    }
    check("restart " + round + "/" + RESTARTS, "watching again "
        + (reconnectMs < 0 ? "never" : reconnectMs + " ms") + " after the restart", true);
    if (phoenix != null) {
      for (HistoryListener<Sandbox> l : sandboxListeners.subList(0, 2)) {
        if (!l.finalStateUnknownDeletes().contains(ns + "/" + victim)) {
          problems.add("listener '" + l.name() + "' got no relist delete (final state unknown)"
              + " of " + victim + " (uid " + victimUid + "): no relist after 410");
        }
        if (!l.finalStateUnknownDeletes().contains(ns + "/" + phoenix)) {
          problems.add("listener '" + l.name() + "' got no delete of the old " + phoenix
              + " after the relist: its re-creation came as an update across UIDs");
        }
      }
    }
    churn.gate.resume();
  }

  /**
   * Creates a Sandbox outside the churn, waits until the caches and a listener hold it, and
   * registers waits on it through both clients: one that only its deletion ends, and one that
   * only a step no churn write reaches satisfies.
   *
   * @return its UID
   */
  private String plant(String name) {
    long createdAt = ledger.tick();
    String uid = plain.sandboxes(ns).createSandbox(Fixtures.sandbox(name, "planted"))
        .getMetadata().getUid();
    await().atMost(STEP).until(() -> sandboxCaches.stream()
        .allMatch(c -> c.lister().get(ns, name) != null)
        && sandboxListeners.get(0).view().containsKey(ns + "/" + name));
    for (AgentsClient via : List.of(writer, plain)) {
      String how = via == writer ? "cache" : "watch";
      ledger.register(WaitLedger.Purpose.GONE, how, name, uid, createdAt, 0,
          via.sandboxes(ns).waitForSandbox(name, null, s -> false, Churner.WAIT_TIMEOUT));
      ledger.register(WaitLedger.Purpose.STEP, how, name, uid, createdAt, REBORN_STEP,
          via.sandboxes(ns).waitForSandbox(name, null, s -> Churner.step(s) >= REBORN_STEP,
              Churner.WAIT_TIMEOUT));
    }
    return uid;
  }

  /** The stored JSON of a Sandbox as if deleted and created again: a new UID, a new status. */
  private String reborn(String json) {
    Sandbox s = admin.getKubernetesSerialization().unmarshal(json, Sandbox.class);
    s.getMetadata().setUid(UUID.randomUUID().toString());
    s.setStatus(new SandboxStatus().withPhase("Running").withObservedGeneration(REBORN_STEP));
    return admin.getKubernetesSerialization().asJson(s);
  }

  /**
   * Stops the churn (when it still runs), takes a LIST and measures how long the caches take to
   * equal it (bound: 5 s) and how long the listeners take to replay it.
   */
  private void check(String when, String reconnect, boolean pause) {
    if (pause && !churn.gate.pause(Churn.threads(), STEP)) {
      problems.add(when + ": the churners did not pause");
    }
    ServerState state = ServerState.list(admin, ns);
    long convergedMs = millisUntil(CONVERGENCE, () -> cachesDiffer(state).isEmpty());
    if (convergedMs < 0) {
      problems.add(when + ": the caches did not equal a fresh LIST within " + CONVERGENCE + ": "
          + cachesDiffer(state));
    }
    long listenersMs = millisUntil(LISTENER_CATCH_UP,
        () -> setListener.view().equals(state.sandboxSets())
            && sandboxListeners.stream().allMatch(l -> l.view().equals(state.sandboxes())));
    if (listenersMs < 0) {
      for (HistoryListener<?> l : sandboxListeners) {
        problems.add(when + ": listener '" + l.name() + "' view differs from the LIST after "
            + LISTENER_CATCH_UP + ": " + difference(state.sandboxes(), l.view()));
      }
    }
    FaultSuite.figure("churn %s: %s; caches equal a fresh LIST of %d objects after %s (bound %d"
            + " ms); %d listeners replayed it after %s", when, reconnect, state.size(),
        convergedMs < 0 ? "never" : convergedMs + " ms", CONVERGENCE.toMillis(),
        sandboxListeners.size() + 1, listenersMs < 0 ? "never" : listenersMs + " ms");
  }

  /** @return per cache, what differs from the LIST; empty when every cache equals it */
  private Map<String, Map<String, String>> cachesDiffer(ServerState state) {
    Map<String, Map<String, String>> differ = new TreeMap<>();
    String[] who = {"writer", "observer"};
    for (int i = 0; i < 2; i++) {
      Map<String, String> diff = new TreeMap<>(difference(state.sandboxes(),
          cached(sandboxCaches.get(i))));
      diff.putAll(difference(state.sandboxSets(), cached(setCaches.get(i))));
      if (!diff.isEmpty()) {
        differ.put(who[i], diff);
      }
    }
    return differ;
  }

  private Map<String, String> cached(SharedInformer<? extends HasMetadata> informer) {
    return FaultSuite.versions(informer.lister().list(ns));
  }

  /** Prints the figures of the run and asserts them. */
  private void report() {
    FaultSuite.figure("churn: %d operations succeeded, %d failed (API server down) over %d"
        + " restarts", churn.succeeded(), churn.failed(), RESTARTS);
    churn.untyped().forEach(u -> problems.add("untyped exception from the client: " + u));
    ServerState last = ServerState.list(admin, ns);
    long lostEvents = 0;
    long duplicateEvents = 0;
    long otherBreaks = 0;
    List<HistoryListener<?>> all = new ArrayList<>(sandboxListeners);
    all.add(setListener);
    for (HistoryListener<?> l : all) {
      Map<String, String> lost = difference(l == setListener ? last.sandboxSets()
          : last.sandboxes(), l.view());
      long duplicates = l.anomalies(HistoryListener.Anomaly.DUPLICATE);
      lostEvents += lost.size();
      duplicateEvents += duplicates;
      otherBreaks += l.anomalyCount() - duplicates;
      FaultSuite.figure("churn: listener '%s': %d events, lost %d, duplicate %d, out of order %d,"
              + " re-creation passed off as an update %d, concurrent callbacks %d", l.name(),
          l.events(), lost.size(), duplicates, l.anomalies(HistoryListener.Anomaly.OUT_OF_ORDER),
          l.anomalies(HistoryListener.Anomaly.OTHER_INCARNATION),
          l.anomalies(HistoryListener.Anomaly.CONCURRENT));
      l.anomalies().forEach(x -> problems.add("listener '" + l.name() + "': " + x));
      if (!lost.isEmpty()) {
        problems.add("listener '" + l.name() + "' view differs from the LIST: " + lost);
      }
    }
    FaultSuite.figure("churn: listener events lost %d, duplicate %d, other history breaks %d",
        lostEvents, duplicateEvents, otherBreaks);

    // every wait ends once the caches hold the final state; a lost one never does
    millisUntil(STEP, () -> ledger.pending() == 0);
    WaitLedger.Verdict verdict = ledger.verdict(name -> {
      Sandbox now = admin.resources(Sandbox.class).inNamespace(ns).withName(name).get();
      return now == null ? "absent" : "uid " + now.getMetadata().getUid();
    });
    FaultSuite.figure("churn: waits registered %d %s, completed %d, NotFound %d, abandoned with"
            + " their failed write %d, wrong %d", verdict.registered(), verdict.byVia(),
        verdict.completed(), verdict.notFound(), verdict.abandoned(), verdict.wrong());
    FaultSuite.figure("churn: lost waits %d", verdict.lost());
    problems.addAll(verdict.problems());

    assertThat(problems).as("fault-suite churn problems").isEmpty();
    assertThat(lostEvents).isZero();
    assertThat(duplicateEvents).isZero();
    assertThat(otherBreaks).isZero();
    assertThat(verdict.lost()).isZero();
    assertThat(verdict.wrong()).isZero();
  }

  private void awaitProgress(String when, int operations) {
    long from = churn.succeeded();
    awaitOrNote(when + ": the churn made no progress",
        () -> churn.succeeded() >= from + operations);
  }

  private void awaitOrNote(String problem, BooleanSupplier condition) {
    if (millisUntil(STEP, condition) < 0) {
      problems.add(problem);
    }
  }
}
