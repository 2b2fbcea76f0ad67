package io.kruise.agents.informers;

import static io.kruise.agents.informers.InformerFixtures.sandbox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kruise.agents.model.Sandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One listener's queue, driven through a {@link ListenerFanOut} on a {@link ManualExecutor}: the
 * test decides when a listener runs, so "behind" and "stuck" are states, not timing. Order,
 * filters, failures, coalescing, the backlog limit, lag and close.
 */
class ListenerQueueTest {

  private final ManualExecutor executor = new ManualExecutor();
  private final AtomicLong nanos = new AtomicLong(1_000);
  private final ManualScheduler scheduler = new ManualScheduler();
  private final ListenerFanOut<Sandbox> fanOut = fanOut(InformerOptions.DEFAULTS);
  private ExecutorService pool;
  private ScheduledExecutorService timer;

  @AfterEach
  void stop() {
    if (pool != null) {
      pool.shutdownNow();
    }
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  private ListenerFanOut<Sandbox> fanOut(InformerOptions options) {
    return new ListenerFanOut<>(executor, scheduler, options, nanos::get);
  }

  static Sandbox version(String name, int rv, String uid, Map<String, String> labels) {
    Sandbox s = sandbox("ns", name, labels);
    s.getMetadata().setResourceVersion(String.valueOf(rv));
    s.getMetadata().setUid(uid);
    return s;
  }

  static Sandbox version(String name, int rv) {
    return version(name, rv, "uid-" + name, Map.of());
  }

  private ListenerQueue<Sandbox> add(ListenerFanOut<Sandbox> f, ListenerOptions<Sandbox> options,
      ResourceListener<Sandbox> listener) {
    ListenerQueue<Sandbox> q = (ListenerQueue<Sandbox>) f.add(options, listener);
    executor.runAll(); // its seed
    return q;
  }

  private ListenerQueue<Sandbox> add(ResourceListener<Sandbox> listener) {
    return add(fanOut, ListenerOptions.named("test"), listener);
  }

  @Test
  void deliversInOrderAndTakesTurnsWithTheOtherListenersAfterEachBatch() {
    List<String> turns = new ArrayList<>();
    HistoryRecorder<Sandbox> first = new HistoryRecorder<>() {
      @Override
      public void onAdd(Sandbox obj) {
        super.onAdd(obj);
        turns.add("first");
      }
    };
    HistoryRecorder<Sandbox> second = new HistoryRecorder<>() {
      @Override
      public void onAdd(Sandbox obj) {
        super.onAdd(obj);
        turns.add("second");
      }
    };
    ListenerQueue<Sandbox> q = add(first);
    add(fanOut, ListenerOptions.named("second"), second);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      fanOut.added(version("s" + i, i + 1));
      expected.add("add s" + i + "@" + (i + 1));
    }
    // both queues were idle: one task for both
    assertThat(executor.queued()).isOne();
    assertThat(executor.runNext()).isTrue();
    assertThat(executor.queued()).isZero();
    assertThat(first.events).containsExactlyElementsOf(expected);
    assertThat(second.events).containsExactlyElementsOf(expected);
    assertThat(q.delivered()).isEqualTo(1000);
    assertThat(q.backlog()).isZero();
    // a turn delivers a batch of 256, then the other queue has its turn
    assertThat(turns.subList(0, 256)).containsOnly("first");
    assertThat(turns.subList(256, 512)).containsOnly("second");
    assertThat(turns.subList(512, 768)).containsOnly("first");
  }

  @Test
  void addsUpdatesAndDeletesReachTheirCallbacks() {
    HistoryRecorder<Sandbox> listener = new HistoryRecorder<>();
    add(listener);
    fanOut.added(version("a", 1));
    executor.runAll();
    fanOut.updated(version("a", 2));
    executor.runAll();
    fanOut.deleted(version("a", 2), false);
    executor.runAll();
    fanOut.added(version("b", 3));
    executor.runAll();
    fanOut.deleted(version("b", 3), true);
    executor.runAll();
    assertThat(listener.events).containsExactly("add a@1", "update a@1>2", "delete a@2",
        "add b@3", "delete? b@3");
  }

  @Test
  void filteredQueueTurnsMovesIntoAddsAndMovesOutIntoDeletes() {
    HistoryRecorder<Sandbox> listener = new HistoryRecorder<>();
    add(fanOut, ListenerOptions.<Sandbox>named("f").withLabelSelector("tier=web"), listener);
    Sandbox outside = version("a", 1, "u", Map.of());
    Sandbox inside = version("a", 2, "u", Map.of("tier", "web"));
    Sandbox insideToo = version("a", 3, "u", Map.of("tier", "web", "x", "y"));
    Sandbox outsideAgain = version("a", 4, "u", Map.of("tier", "db"));
    Sandbox stillOutside = version("a", 5, "u", Map.of());
    for (Sandbox s : List.of(outside, inside, insideToo, outsideAgain, stillOutside)) {
      fanOut.updated(s); // the first is an add: the fan-out had not seen it
      executor.runAll();
    }
    fanOut.deleted(stillOutside, false);
    fanOut.added(version("b", 6, "u", Map.of("tier", "web")));
    executor.runAll();
    // moves in: add; stays in: update; moves out: delete of the last state it had
    assertThat(listener.events).containsExactly("add a@2", "update a@2>3", "delete a@3",
        "add b@6");
  }

  @Test
  void namespaceAndPredicateFiltersCombine() {
    HistoryRecorder<Sandbox> listener = new HistoryRecorder<>();
    ListenerQueue<Sandbox> q = add(fanOut, ListenerOptions.<Sandbox>named("f").inNamespace("ns")
        .filter(s -> s.getMetadata().getName().startsWith("keep")), listener);
    Sandbox otherNamespace = sandbox("other", "keep-1");
    otherNamespace.getMetadata().setResourceVersion("1");
    fanOut.added(otherNamespace);
    // another namespace's change is not even queued
    assertThat(q.backlog()).isZero();
    fanOut.added(version("drop-1", 2));
    fanOut.added(version("keep-2", 3));
    executor.runAll();
    assertThat(listener.events).containsExactly("add keep-2@3");
  }

  @Test
  void aThrowingListenerIsCountedAndKeepsReceiving() {
    List<String> seen = new ArrayList<>();
    ListenerQueue<Sandbox> q = add(new ResourceListener<>() {
      @Override
      public void onAdd(Sandbox obj) {
        seen.add(obj.getMetadata().getName());
        if (obj.getMetadata().getName().startsWith("bad")) {
          throw new IllegalStateException("listener bug");
        }
      }
    });
    String log = InformerFixtures.stderrOf(() -> {
      fanOut.added(version("bad-1", 1));
      fanOut.added(version("good-1", 2));
      fanOut.added(version("bad-2", 3));
      fanOut.added(version("good-2", 4));
      executor.runAll();
    }, text -> text.contains("ns/bad-2"));
    assertThat(seen).containsExactly("bad-1", "good-1", "bad-2", "good-2");
    assertThat(q.delivered()).isEqualTo(4);
    assertThat(q.failures()).isEqualTo(2);
    assertThat(log).contains("listener 'test' threw on ADD of ns/bad-1", "listener bug",
        "ns/bad-2");
  }

  @Test
  void theFilterRunsOnTheListenersQueueNotOnTheEventThread() {
    AtomicInteger filterCalls = new AtomicInteger();
    HistoryRecorder<Sandbox> listener = new HistoryRecorder<>();
    add(fanOut, ListenerOptions.<Sandbox>named("f").filter(s -> {
      filterCalls.incrementAndGet();
      return true;
    }), listener);
    fanOut.added(version("a", 1));
    fanOut.updated(version("a", 2));
    // the event thread only recorded the change
    assertThat(filterCalls).hasValue(0);
    executor.runAll();
    assertThat(filterCalls).hasValue(1);
    assertThat(listener.events).containsExactly("add a@2");
  }

  @Test
  void aThrowingFilterIsAFailureOfItsOwnListenerOnly() {
    HistoryRecorder<Sandbox> broken = new HistoryRecorder<>();
    ListenerQueue<Sandbox> brokenQueue = add(fanOut, ListenerOptions.<Sandbox>named("broken")
        .filter(s -> {
          if (s.getMetadata().getName().startsWith("bad")) {
            throw new IllegalStateException("filter bug");
          }
          return true;
        }), broken);
    HistoryRecorder<Sandbox> healthy = new HistoryRecorder<>();
    ListenerQueue<Sandbox> healthyQueue = add(fanOut, ListenerOptions.named("healthy"), healthy);
    String log = InformerFixtures.stderrOf(() -> {
      fanOut.added(version("bad-1", 1)); // does not throw here, on the event thread
      fanOut.added(version("good-1", 2));
      executor.runAll();
    }, text -> text.contains("filter bug"));
    assertThat(healthy.events).containsExactly("add bad-1@1", "add good-1@2");
    assertThat(healthyQueue.failures()).isZero();
    // the change the filter threw on is not delivered; the next ones are
    assertThat(broken.events).containsExactly("add good-1@2");
    assertThat(brokenQueue.failures()).isOne();
    assertThat(log).contains("the filter of listener 'broken' threw on ns/bad-1");
  }

  @Test
  void pendingChangesOfOneObjectCoalesceToTheLatestState() {
    HistoryRecorder<Sandbox> listener = new HistoryRecorder<>();
    ListenerQueue<Sandbox> q = add(listener);
    fanOut.added(version("a", 1));
    executor.runAll();
    // the listener does not run while 1,000 updates arrive: one entry, not 1,000 pairs
    for (int rv = 2; rv <= 1001; rv++) {
      fanOut.updated(version("a", rv));
    }
    assertThat(q.backlog()).isOne();
    assertThat(q.coalesced()).isEqualTo(999);
    executor.runAll();
    // old is the state this listener was given, new the latest
    assertThat(listener.events).containsExactly("add a@1", "update a@1>1001");
  }

  @Test
  void anObjectCreatedAndDeletedWhileTheListenerIsBehindIsNotReported() {
    HistoryRecorder<Sandbox> listener = new HistoryRecorder<>();
    ListenerQueue<Sandbox> q = add(listener);
    fanOut.added(version("a", 1));
    fanOut.updated(version("a", 2));
    fanOut.deleted(version("a", 2), false);
    fanOut.added(version("b", 3));
    assertThat(q.backlog()).isOne();
    executor.runAll();
    assertThat(listener.events).containsExactly("add b@3");
  }

  @Test
  void anObjectDeletedAndReCreatedWhileTheListenerIsBehindIsDeletedThenAddedAgain() {
    HistoryRecorder<Sandbox> listener = new HistoryRecorder<>();
    add(listener);
    fanOut.added(version("a", 1, "first", Map.of()));
    executor.runAll();
    fanOut.updated(version("a", 2, "first", Map.of()));
    fanOut.deleted(version("a", 3, "first", Map.of()), false);
    fanOut.added(version("a", 4, "second", Map.of()));
    fanOut.deleted(version("a", 5, "second", Map.of()), false);
    fanOut.added(version("a", 6, "third", Map.of()));
    executor.runAll();
    // the delete of the incarnation it had, then the current one; never an update across them
    assertThat(listener.events).containsExactly("add a@1", "delete a@3", "add a@6");
  }

  @Test
  void pastTheBacklogLimitTheQueueIsDroppedAndReSeeded() {
    ListenerFanOut<Sandbox> f = fanOut(InformerOptions.builder().listenerBacklogLimit(3).build());
    for (String name : List.of("a", "b", "c", "d")) {
      f.added(version(name, 1));
    }
    HistoryRecorder<Sandbox> listener = new HistoryRecorder<>();
    ListenerQueue<Sandbox> q = add(f, ListenerOptions.named("behind"), listener);
    assertThat(listener.events).hasSize(4);
    listener.events.clear();
    // now the listener falls behind
    List<Integer> backlogs = new ArrayList<>();
    f.updated(version("a", 2));
    backlogs.add(q.backlog());
    f.deleted(version("b", 1), false);
    backlogs.add(q.backlog());
    f.added(version("e", 3));
    backlogs.add(q.backlog());
    f.added(version("f", 4)); // a fourth object: past the limit
    backlogs.add(q.backlog());
    f.updated(version("c", 5)); // covered by the re-seed
    backlogs.add(q.backlog());
    assertThat(backlogs).containsExactly(1, 2, 3, 0, 0);
    assertThat(q.reseeds()).isOne();

    executor.runAll();
    // the difference between what it had (a1 b1 c1 d1) and what was delivered (a2 c5 d1 e3 f4)
    assertThat(listener.events).containsExactlyInAnyOrder("update a@1>2", "update c@1>5",
        "delete? b@1", "add e@3", "add f@4");
    assertThat(q.isClosed()).isFalse();
    f.updated(version("d", 6));
    executor.runAll();
    assertThat(listener.events).endsWith("update d@1>6");
  }

  @Test
  void pastTheBacklogLimitWithPolicyCloseTheRegistrationClosesWithItsCause() {
    ListenerFanOut<Sandbox> f = fanOut(InformerOptions.builder().listenerBacklogLimit(2)
        .listenerBacklogPolicy(ListenerBacklogPolicy.CLOSE).build());
    HistoryRecorder<Sandbox> listener = new HistoryRecorder<>();
    ListenerQueue<Sandbox> q = add(f, ListenerOptions.named("strict"), listener);
    f.added(version("a", 1));
    f.added(version("b", 2));
    assertThat(q.closedCause()).isEmpty();
    f.added(version("c", 3));
    assertThat(q.isClosed()).isTrue();
    assertThat(q.closedCause()).get().isInstanceOf(ListenerBacklogExceededException.class)
        .extracting(Throwable::getMessage).asString()
        .contains("listener 'strict'", "more than 2 objects", "listenerBacklogLimit");
    assertThat(f.queues()).doesNotContain(q);
    assertThat(q.backlog()).isZero();
    f.added(version("d", 4));
    executor.runAll();
    // nothing of what was queued; told once why it was closed
    assertThat(listener.events).containsExactly("closed");
    assertThat(q.delivered()).isZero();
  }

  @Test
  void lagIsMeasuredWithTheInjectedClockFromTheOldestQueuedChange() {
    ListenerQueue<Sandbox> q = add(new HistoryRecorder<>());
    nanos.set(10_000);
    fanOut.added(version("a", 1));
    nanos.set(25_000);
    fanOut.updated(version("a", 2));
    nanos.set(40_000);
    executor.runAll();
    assertThat(q.lastLagNanos()).isEqualTo(30_000);
  }

  @Test
  void aBlockedListenerDelaysOnlyItselfAndItsBacklogIsMeasured() throws Exception {
    pool = Executors.newCachedThreadPool();
    timer = InformerExecutors.timer();
    ListenerFanOut<Sandbox> f = new ListenerFanOut<>(pool, timer, InformerOptions.DEFAULTS,
        System::nanoTime);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch slowStarted = new CountDownLatch(1);
    ListenerRegistration slow = f.add(ListenerOptions.named("slow"), new ResourceListener<>() {
      @Override
      public void onAdd(Sandbox obj) {
        slowStarted.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    AtomicInteger fastAdds = new AtomicInteger();
    f.add(ListenerOptions.named("fast"), new ResourceListener<>() {
      @Override
      public void onAdd(Sandbox obj) {
        fastAdds.incrementAndGet();
      }
    });
    try {
      for (int i = 0; i < 100; i++) {
        f.added(version("s" + i, i + 1));
      }
      assertThat(slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
      await().atMost(Duration.ofSeconds(10)).until(() -> fastAdds.get() == 100);
      // the slow one holds the first object; the other 99 wait in its queue
      assertThat(slow.backlog()).isEqualTo(99);
      assertThat(slow.delivered()).isZero();
    } finally {
      release.countDown();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> slow.delivered() == 100);
    assertThat(slow.backlog()).isZero();
  }

  @Test
  void closeDropsQueuedChangesStartsNoCallbackAndIsIdempotent() {
    AtomicInteger calls = new AtomicInteger();
    ListenerQueue<Sandbox>[] self = new ListenerQueue[1];
    self[0] = add(fanOut, ListenerOptions.named("closing"), new ResourceListener<>() {
      @Override
      public void onAdd(Sandbox obj) {
        calls.incrementAndGet();
        self[0].close(); // closed while this callback runs
        self[0].close();
      }
    });
    for (int i = 0; i < 10; i++) {
      fanOut.added(version("s" + i, i + 1));
    }
    executor.runAll();
    assertThat(calls).hasValue(1);
    assertThat(self[0].isClosed()).isTrue();
    assertThat(self[0].closedCause()).isEmpty();
    assertThat(self[0].backlog()).isZero();
    assertThat(fanOut.queues()).isEmpty();
    fanOut.added(version("late", 99));
    assertThat(executor.queued()).isZero();
    assertThat(calls).hasValue(1);
  }

  @Test
  void describesItself() {
    ListenerQueue<Sandbox> q = add(fanOut, ListenerOptions.named("me"), new HistoryRecorder<>());
    assertThat(q.name()).isEqualTo("me");
    assertThat(q.toString()).contains("me", "backlog", "coalesced", "reseeds");
  }

  @Test
  void noCallbackStartsAfterCloseReturnedEvenWhenTheDrainWasAlreadyUnderWay() throws Exception {
    // The drain task is inside the listener's filter (on another thread) when close() is called;
    // once close() has returned, the filter lets the change through: no callback may start.
    CountDownLatch inFilter = new CountDownLatch(1);
    CountDownLatch closedNow = new CountDownLatch(1);
    HistoryRecorder<Sandbox> listener = new HistoryRecorder<>();
    ListenerQueue<Sandbox> q = add(fanOut, ListenerOptions.<Sandbox>named("closing")
        .filter(obj -> {
          inFilter.countDown();
          try {
            closedNow.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return true;
        }), listener);
    fanOut.added(version("a", 1));
    pool = Executors.newSingleThreadExecutor();
    Future<?> drain = pool.submit(() -> executor.runAll());
    assertThat(inFilter.await(10, TimeUnit.SECONDS)).isTrue();
    q.close();
    closedNow.countDown();
    drain.get(10, TimeUnit.SECONDS);
    assertThat(listener.events).isEmpty();
    assertThat(q.delivered()).isZero();
  }
}
