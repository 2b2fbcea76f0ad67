package io.kruise.agents.informers;

import static io.kruise.agents.informers.InformerFixtures.running;
import static io.kruise.agents.informers.InformerFixtures.sandbox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.client.exceptions.SandboxNotFoundException;
import io.kruise.agents.client.exceptions.TimeoutException;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxStates;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/**
 * Event-driven waits on a cache, without a server. Completions run on a {@link ManualExecutor}
 * and deadlines on a {@link ManualScheduler}: the test decides when each runs, nothing sleeps.
 */
class WaitRegistryTest {

  private static final Duration LONG = Duration.ofHours(1);
  private static final Predicate<Sandbox> READY = SandboxStates::isReady;

  private final ManualScheduler scheduler = new ManualScheduler();
  private final ManualExecutor completions = new ManualExecutor();
  private final IndexedStore<Sandbox> store = new IndexedStore<>(Map.of(),
      new ObjectCompactor<Sandbox>(InformerOptions.DEFAULTS));
  private final WriteOverlay<Sandbox> overlay = new WriteOverlay<>(InformerOptions.DEFAULTS, new FakeTicker());
  private final CacheLister<Sandbox> lister =
      new CacheLister<>(store, overlay, InformerScope.allNamespaces(), () -> { });
  private final WaitRegistry<Sandbox> waits =
      registry(lister, CompletableFuture.completedFuture(null), scheduler);

  private WaitRegistry<Sandbox> registry(Lister<Sandbox> lister, CompletableFuture<Void> synced,
      ScheduledExecutorService timer) {
    return new WaitRegistry<>(lister, "Sandbox", InformerScope.allNamespaces(),
        (ns, name, detail) -> new SandboxNotFoundException(ns, name, detail, null), synced, timer,
        completions);
  }

  private static Sandbox version(String name, int rv, boolean ready) {
    return version(name, "uid-" + name, rv, ready);
  }

  private static Sandbox version(String name, String uid, int rv, boolean ready) {
    Sandbox s = sandbox("ns", name);
    s.getMetadata().setUid(uid);
    s.getMetadata().setResourceVersion(String.valueOf(rv));
    s.setStatus(running(ready));
    return s;
  }

  /** What the informer does: the store first, then the event. */
  private void informerDelivers(Sandbox s) {
    store.put(store.getKey(s), s);
    waits.changed(s);
  }

  /** What the informer does on a delete: the store first, then the event. */
  private void informerDeletes(Sandbox s) {
    store.remove(store.getKey(s));
    waits.deleted(s);
  }

  private static String rv(CompletableFuture<Sandbox> wait) {
    return wait.join().getMetadata().getResourceVersion();
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> failure(
      CompletableFuture<?> wait) {
    assertThat(wait).isCompletedExceptionally();
    try {
      wait.join();
      throw new AssertionError("not failed");
    } catch (CompletionException e) {
      return assertThat(e.getCause());
    }
  }

  @Test
  void anAlreadySatisfiedWaitCompletesWithoutAnEvent() {
    store.put("ns/a", version("a", 1, true));
    CompletableFuture<Sandbox> wait = waits.waitFor("ns", "a", READY, "Ready", LONG);
    completions.runAll();
    assertThat(rv(wait)).isEqualTo("1");
    assertThat(waits.active()).isZero();
    assertThat(waits.completed()).isEqualTo(1);
  }

  @Test
  void aWaitCompletesOnTheFirstSatisfyingEvent() {
    store.put("ns/a", version("a", 1, false));
    CompletableFuture<Sandbox> wait = waits.waitFor("ns", "a", READY, "Ready", LONG);
    informerDelivers(version("a", 2, false));
    completions.runAll();
    assertThat(wait).isNotDone();
    informerDelivers(version("a", 3, true));
    informerDelivers(version("a", 4, true));
    completions.runAll();
    assertThat(rv(wait)).isEqualTo("3");
  }

  @Test
  void eventsOfOtherObjectsDoNotCompleteAWait() {
    store.put("ns/a", version("a", 1, false));
    CompletableFuture<Sandbox> wait = waits.waitFor("ns", "a", READY, "Ready", LONG);
    informerDelivers(version("b", 2, true));
    assertThat(completions.queued()).as("completions scheduled").isZero();
    completions.runAll();
    assertThat(wait).isNotDone();
    assertThat(waits.active()).isEqualTo(1);
  }

  @Test
  void aMissingObjectIsNotFound() {
    CompletableFuture<Sandbox> wait = waits.waitFor("ns", "nope", READY, "Ready", LONG);
    completions.runAll();
    failure(wait).isInstanceOf(SandboxNotFoundException.class);
  }

  @Test
  void aDeleteFailsTheWaitWithNotFound() {
    store.put("ns/a", version("a", 1, false));
    CompletableFuture<Sandbox> wait = waits.waitFor("ns", "a", READY, "Ready", LONG);
    informerDeletes(version("a", 2, false));
    completions.runAll();
    failure(wait).isInstanceOf(SandboxNotFoundException.class)
        .hasMessageContaining("deleted while waiting for Ready");
  }

  /**
   * The caller wrote version 10 (the overlay has it) before the informer delivered version 9:
   * the in-flight 9 says nothing about the object any more, even when it satisfies the wait.
   */
  @Test
  void anInFlightEventOlderThanWhatTheWaitSawIsIgnored() {
    store.put("ns/a", version("a", 8, false));
    overlay.written(version("a", 10, false));
    CompletableFuture<Sandbox> wait = waits.waitFor("ns", "a", READY, "Ready", LONG);

    informerDelivers(version("a", 9, true));
    completions.runAll();
    assertThat(wait).as("completed by the stale version 9").isNotDone();

    informerDelivers(version("a", 10, false));
    informerDelivers(version("a", 11, true));
    completions.runAll();
    assertThat(rv(wait)).isEqualTo("11");
  }

  @Test
  void eachOfferedVersionRaisesWhatTheWaitHasSeen() {
    store.put("ns/a", version("a", 1, false));
    CompletableFuture<Sandbox> wait = waits.waitFor("ns", "a", READY, "Ready", LONG);
    waits.changed(version("a", 5, false));
    waits.changed(version("a", 4, true)); // older than 5: a replay, not news
    completions.runAll();
    assertThat(wait).isNotDone();
  }

  @Test
  void theDeleteOfAnOldIncarnationIsIgnored() {
    // the caller re-created the object (uid-2); the old incarnation's delete is still in flight
    store.put("ns/a", version("a", "uid-1", 5, false));
    overlay.written(version("a", "uid-2", 7, false));
    CompletableFuture<Sandbox> wait = waits.waitFor("ns", "a", READY, "Ready", LONG);

    informerDeletes(version("a", "uid-1", 6, false));
    completions.runAll();
    assertThat(wait).as("failed by the old incarnation's delete").isNotDone();

    informerDelivers(version("a", "uid-2", 7, false));
    informerDeletes(version("a", "uid-2", 8, false));
    completions.runAll();
    failure(wait).isInstanceOf(SandboxNotFoundException.class);
  }

  @Test
  void anotherIncarnationNeverCompletesTheWait() {
    // the object waited for (uid-1) was deleted and re-created without its delete reaching the
    // wait; the new one satisfies the predicate but is not the object waited for
    store.put("ns/a", version("a", "uid-1", 5, false));
    CompletableFuture<Sandbox> wait = waits.waitFor("ns", "a", READY, "Ready", LONG);
    informerDelivers(version("a", "uid-2", 9, true));
    completions.runAll();
    failure(wait).isInstanceOf(SandboxNotFoundException.class)
        .hasMessageContaining("created again");
  }

  @Test
  void theDeadlineFailsWithTheLastStateSeen() {
    store.put("ns/a", version("a", 1, false));
    CompletableFuture<Sandbox> wait = waits.waitFor("ns", "a", READY, "condition Ready=True",
        Duration.ofSeconds(30));
    informerDelivers(version("a", 2, false));
    store.remove("ns/a"); // gone from the cache, its delete not delivered yet

    scheduler.advance(Duration.ofSeconds(29));
    completions.runAll();
    assertThat(wait).isNotDone();
    scheduler.advance(Duration.ofSeconds(1));
    completions.runAll();
    failure(wait).isInstanceOfSatisfying(TimeoutException.class, e -> {
      assertThat(e.getMessage()).contains("Sandbox ns/a", "condition Ready=True", "PT30S",
          "resourceVersion=2", "Ready=False");
      assertThat(e.<Sandbox>lastSeen().getMetadata().getResourceVersion()).isEqualTo("2");
    });
    assertThat(waits.timedOut()).isEqualTo(1);
    assertThat(waits.active()).isZero();
  }

  @Test
  void theDeadlineLooksAtTheCacheOnceMore() {
    store.put("ns/a", version("a", 1, false));
    CompletableFuture<Sandbox> wait = waits.waitFor("ns", "a", READY, "Ready",
        Duration.ofSeconds(30));
    // the cache changes but the event never reaches the registry
    store.put("ns/a", version("a", 2, true));
    scheduler.advance(Duration.ofSeconds(30));
    completions.runAll();
    assertThat(rv(wait)).isEqualTo("2");
    assertThat(waits.timedOut()).isZero();
  }

  @Test
  void aCompletedWaitLeavesNoTimerBehind() {
    store.put("ns/a", version("a", 1, false));
    List<CompletableFuture<Sandbox>> all = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      all.add(waits.waitFor("ns", "a", READY, "Ready", LONG));
    }
    assertThat(scheduler.queued()).isEqualTo(100);
    informerDelivers(version("a", 2, true));
    completions.runAll();
    assertThat(all).allMatch(w -> !w.isCompletedExceptionally() && w.isDone());
    assertThat(scheduler.queued()).as("timers left").isZero();
  }

  /**
   * With the informers' real timer: finished waits leave its queue at once, and with it the
   * last reference to their predicate (and so to the wait and its last object).
   */
  @Test
  void finishedWaitsLeaveNothingInTheInformersTimer() {
    ScheduledThreadPoolExecutor timer = InformerExecutors.timer();
    try {
      WaitRegistry<Sandbox> registry =
          registry(lister, CompletableFuture.completedFuture(null), timer);
      store.put("ns/a", version("a", 1, false));
      Object captured = new Object(); // a capturing lambda: a new instance, collectable
      Predicate<Sandbox> ready = s -> captured != null && SandboxStates.isReady(s);
      WeakReference<Predicate<Sandbox>> predicate = new WeakReference<>(ready);
      List<CompletableFuture<Sandbox>> all = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        all.add(registry.waitFor("ns", "a", ready, "Ready", LONG));
      }
      assertThat(timer.getQueue()).hasSize(100);

      Sandbox v2 = version("a", 2, true);
      store.put("ns/a", v2);
      registry.changed(v2);
      completions.runAll();
      assertThat(all).allMatch(CompletableFuture::isDone);
      assertThat(timer.getQueue()).as("deadlines of finished waits").isEmpty();

      ready = null;
      all.clear();
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        System.gc();
        return predicate.get() == null;
      });
    } finally {
      timer.shutdownNow();
    }
  }

  @Test
  void cancellingAWaitRemovesItsRegistrationAndTimer() {
    store.put("ns/a", version("a", 1, false));
    List<Sandbox> tested = new ArrayList<>();
    CompletableFuture<Sandbox> wait = waits.waitFor("ns", "a", s -> {
      tested.add(s);
      return false;
    }, "never", LONG);
    assertThat(waits.active()).isEqualTo(1);
    assertThat(wait.cancel(true)).isTrue();
    assertThat(waits.active()).isZero();
    assertThat(scheduler.queued()).isZero();
    int before = tested.size();
    informerDelivers(version("a", 2, false));
    assertThat(tested).hasSize(before);
  }

  @Test
  void aThrowingPredicateFailsTheWait() {
    store.put("ns/a", version("a", 1, false));
    CompletableFuture<Sandbox> wait = waits.waitFor("ns", "a", s -> {
      throw new IllegalStateException("boom");
    }, "p", LONG);
    completions.runAll();
    failure(wait).isInstanceOf(AgentsApiException.class).hasMessageContaining("boom");
  }

  @Test
  void manyWaitsOnOneObjectAllComplete() {
    store.put("ns/a", version("a", 1, false));
    List<CompletableFuture<Sandbox>> all = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      all.add(waits.waitFor("ns", "a", READY, "Ready", LONG));
    }
    informerDelivers(version("a", 2, true));
    completions.runAll();
    assertThat(all).allSatisfy(w -> assertThat(rv(w)).isEqualTo("2"));
    assertThat(waits.active()).isZero();
  }

  /** One event deciding a thousand waits is one task for the pool, not a thousand. */
  @Test
  void oneEventSatisfyingAThousandWaitsIsOneCompletionTaskInRegistrationOrder() {
    store.put("ns/a", version("a", 1, false));
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      int index = i;
      waits.waitFor("ns", "a", READY, "Ready", LONG).thenRun(() -> order.add(index));
    }
    int before = completions.submitted();
    informerDelivers(version("a", 2, true));
    assertThat(completions.submitted() - before).as("tasks submitted").isEqualTo(1);
    completions.runAll();
    assertThat(order).hasSize(1000).isSorted();
  }

  /**
   * The waits of one object complete in the order of the events that decided them, even when
   * the pool runs its tasks in another order.
   */
  @Test
  void waitsOnOneObjectCompleteInEventOrderWhateverThePoolRunsFirst() {
    store.put("ns/a", version("a", 1, false));
    List<String> order = new ArrayList<>();
    waits.waitFor("ns", "a", s -> rv(s) >= 2, "v2", LONG).thenRun(() -> order.add("v2"));
    waits.waitFor("ns", "a", s -> rv(s) >= 3, "v3", LONG).thenRun(() -> order.add("v3"));
    waits.waitFor("ns", "a", s -> false, "never", LONG);
    informerDelivers(version("a", 2, false));
    informerDelivers(version("a", 3, false));
    informerDeletes(version("a", 4, false));
    completions.runAllNewestFirst();
    assertThat(order).containsExactly("v2", "v3");
  }

  private static int rv(Sandbox s) {
    return Integer.parseInt(s.getMetadata().getResourceVersion());
  }

  /** The informers' real completion pool: events on many objects use at most its threads. */
  @Test
  void theCompletionPoolIsBounded() {
    ExecutorService pool = InformerExecutors.completions(2);
    try {
      WaitRegistry<Sandbox> registry = new WaitRegistry<>(lister, "Sandbox",
          InformerScope.allNamespaces(),
          (ns, name, detail) -> new SandboxNotFoundException(ns, name, detail, null),
          CompletableFuture.completedFuture(null), scheduler, pool);
      List<CompletableFuture<Sandbox>> all = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        store.put("ns/s" + i, version("s" + i, 1, false));
        all.add(registry.waitFor("ns", "s" + i, READY, "Ready", LONG));
      }
      for (int i = 0; i < 500; i++) {
        Sandbox ready = version("s" + i, 2, true);
        store.put("ns/s" + i, ready);
        registry.changed(ready);
      }
      assertThat(CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)))
          .succeedsWithin(Duration.ofSeconds(10));
      assertThat(((java.util.concurrent.ThreadPoolExecutor) pool).getLargestPoolSize())
          .as("threads used").isLessThanOrEqualTo(2);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aWaitBeforeTheSyncLooksAtTheCacheWhenTheInformerSyncs() {
    CompletableFuture<Void> synced = new CompletableFuture<>();
    WaitRegistry<Sandbox> registry = registry(lister, synced, scheduler);
    CompletableFuture<Sandbox> present = registry.waitFor("ns", "a", READY, "Ready", LONG);
    CompletableFuture<Sandbox> missing = registry.waitFor("ns", "b", READY, "Ready", LONG);
    store.put("ns/a", version("a", 1, true)); // the initial list, before the sync completes
    completions.runAll();
    assertThat(present).isNotDone();
    assertThat(missing).as("not found before the cache could know").isNotDone();

    synced.complete(null);
    completions.runAll();
    assertThat(rv(present)).isEqualTo("1");
    failure(missing).isInstanceOf(SandboxNotFoundException.class);
  }

  @Test
  void theSyncCountsAgainstTheWaitsDeadline() {
    CompletableFuture<Void> synced = new CompletableFuture<>();
    WaitRegistry<Sandbox> registry = registry(lister, synced, scheduler);
    CompletableFuture<Sandbox> wait = registry.waitFor("ns", "a", READY, "Ready",
        Duration.ofSeconds(30));
    assertThat(scheduler.delays()).containsExactly(Duration.ofSeconds(30));

    scheduler.advance(Duration.ofSeconds(30));
    completions.runAll();
    failure(wait).isInstanceOf(TimeoutException.class)
        .hasMessageContaining("did not sync within PT30S");
    synced.complete(null);
    assertThat(registry.active()).isZero();
  }

  @Test
  void aZeroTimeoutLooksAtTheCacheOnceMore() {
    store.put("ns/a", version("a", 1, false));
    CompletableFuture<Sandbox> wait = waits.waitFor("ns", "a", READY, "Ready", Duration.ZERO);
    scheduler.advance(Duration.ZERO);
    completions.runAll();
    failure(wait).isInstanceOf(TimeoutException.class);
  }

  /** A dead or stopped informer: pending waits fail now, on the calling thread; new ones too. */
  @Test
  void terminateFailsPendingAndNewWaitsAtOnce() {
    store.put("ns/a", version("a", 1, false));
    CompletableFuture<Sandbox> first = waits.waitFor("ns", "a", READY, "Ready", LONG);
    CompletableFuture<Sandbox> second = waits.waitFor("ns", "b", READY, "Ready", LONG);
    completions.runAll(); // b: NotFound
    AgentsApiException dead = new AgentsApiException("the Sandbox informer is dead", 403, null);

    waits.terminate(dead);
    failure(first).isSameAs(dead);
    failure(second).isInstanceOf(SandboxNotFoundException.class);
    assertThat(scheduler.queued()).as("deadlines left").isZero();
    assertThat(waits.active()).isZero();

    failure(waits.waitFor("ns", "a", READY, "Ready", LONG)).isSameAs(dead);
    assertThat(waits.active()).isZero();
    assertThat(scheduler.queued()).isZero();
  }

  @Test
  void aFailedSyncFailsThePendingWaits() {
    CompletableFuture<Void> synced = new CompletableFuture<>();
    WaitRegistry<Sandbox> registry = registry(lister, synced, scheduler);
    CompletableFuture<Sandbox> wait = registry.waitFor("ns", "a", READY, "Ready", LONG);
    AgentsApiException dead = new AgentsApiException("forbidden", 403, null);
    synced.completeExceptionally(dead);
    failure(wait).isSameAs(dead);
    failure(registry.waitFor("ns", "a", READY, "Ready", LONG)).isSameAs(dead);
  }

  @Test
  void badArgumentsAreRefusedNamingTheArgumentBeforeAnythingIsRegistered() {
    assertThat(refused(() -> waits.waitFor(null, "a", READY, "r", LONG))).isEqualTo("namespace");
    assertThat(refused(() -> waits.waitFor(" ", "a", READY, "r", LONG))).isEqualTo("namespace");
    assertThat(refused(() -> waits.waitFor("ns", null, READY, "r", LONG))).isEqualTo("name");
    assertThat(refused(() -> waits.waitFor("ns", "", READY, "r", LONG))).isEqualTo("name");
    assertThat(refused(() -> waits.waitFor("ns", "a", null, "r", LONG))).isEqualTo("predicate");
    assertThat(refused(() -> waits.waitFor("ns", "a", READY, "r", null))).isEqualTo("timeout");
    assertThat(refused(() -> waits.waitFor("ns", "a", READY, "r", Duration.ofSeconds(-1))))
        .isEqualTo("timeout");
    assertThat(waits.started()).isZero();
    assertThat(scheduler.queued()).isZero();
  }

  /** @return the one field the ValidationException names */
  static String refused(Runnable call) {
    try {
      call.run();
    } catch (ValidationException e) {
      assertThat(e.fields()).hasSize(1);
      assertThat(e.getMessage()).startsWith(e.fields().get(0) + ": ");
      return e.fields().get(0);
    }
    throw new AssertionError("not refused");
  }

  /**
   * The wake-up race, driven: the change lands in the store and its event is delivered after the
   * wait registered but before it looked at the cache. It must complete, once.
   */
  @Test
  void aChangeBetweenTheRegistrationAndTheLookIsNotLost() {
    store.put("ns/a", version("a", 1, false));
    WaitRegistry<Sandbox>[] registry = newRegistryHolder();
    Lister<Sandbox> racing = new ForwardingLister(lister) {
      @Override
      public Sandbox get(String namespace, String name) {
        Sandbox v2 = version("a", 2, true);
        store.put("ns/a", v2);
        registry[0].changed(v2);
        return lister.get(namespace, name);
      }
    };
    registry[0] = registry(racing, CompletableFuture.completedFuture(null), scheduler);

    CompletableFuture<Sandbox> wait = registry[0].waitFor("ns", "a", READY, "Ready", LONG);
    completions.runAll();
    assertThat(rv(wait)).isEqualTo("2");
    assertThat(registry[0].completed()).isEqualTo(1);
    assertThat(registry[0].active()).isZero();
  }

  @SuppressWarnings("unchecked")
  private static WaitRegistry<Sandbox>[] newRegistryHolder() {
    return (WaitRegistry<Sandbox>[]) new WaitRegistry<?>[1];
  }

  /** The same race on two threads, many times: whichever wins, no wake-up is lost. */
  @Test
  void aChangeRacingWithTheRegistrationIsNeverLost() throws Exception {
    ExecutorService racers = Executors.newFixedThreadPool(2);
    try {
      for (int i = 0; i < 2000; i++) {
        String name = "race-" + i;
        store.put("ns/" + name, version(name, 1, false));
        CyclicBarrier start = new CyclicBarrier(2);
        Future<CompletableFuture<Sandbox>> registered = racers.submit(() -> {
          start.await();
          return waits.waitFor("ns", name, READY, "Ready", LONG);
        });
        Future<?> changed = racers.submit(() -> {
          start.await();
          informerDelivers(version(name, 2, true));
          return null;
        });
        changed.get(5, TimeUnit.SECONDS);
        CompletableFuture<Sandbox> wait = registered.get(5, TimeUnit.SECONDS);
        completions.runAll();
        assertThat(wait).as("wait %d", i).isCompleted();
      }
    } finally {
      racers.shutdownNow();
    }
    assertThat(waits.active()).isZero();
    assertThat(waits.started()).isEqualTo(2000);
    assertThat(waits.completed()).isEqualTo(2000);
  }

  /** A lister that forwards to another; tests override what they intercept. */
  private static class ForwardingLister implements Lister<Sandbox> {
    private final Lister<Sandbox> delegate;

    ForwardingLister(Lister<Sandbox> delegate) {
      this.delegate = delegate;
    }

    @Override
    public Sandbox get(String namespace, String name) {
      return delegate.get(namespace, name);
    }

    @Override
    public List<Sandbox> list(String namespace) {
      return delegate.list(namespace);
    }

    @Override
    public List<Sandbox> list(String namespace, String labelSelector) {
      return delegate.list(namespace, labelSelector);
    }

    @Override
    public List<Sandbox> byIndex(String indexName, String key) {
      return delegate.byIndex(indexName, key);
    }

    @Override
    public java.util.Set<String> indexKeys(String indexName) {
      return delegate.indexKeys(indexName);
    }

    @Override
    public int size() {
      return delegate.size();
    }
  }
}
