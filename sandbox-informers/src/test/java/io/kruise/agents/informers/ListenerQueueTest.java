package io.kruise.agents.informers;

import static io.kruise.agents.informers.InformerFixtures.sandbox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kruise.agents.model.Sandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One listener's queue: order, filters, isolation, failures, backlog, seeding and close. */
class ListenerQueueTest {

  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() {
    release.countDown();
    pool.shutdownNow();
  }

  private static Sandbox version(String name, int rv, Map<String, String> labels) {
    Sandbox s = sandbox("ns", name, labels);
    s.getMetadata().setResourceVersion(String.valueOf(rv));
    return s;
  }

  private static Sandbox version(String name, int rv) {
    return version(name, rv, Map.of());
  }

  private ListenerQueue<Sandbox> queue(ListenerOptions<Sandbox> options,
      ResourceListener<Sandbox> listener, Runnable onClose) {
    return new ListenerQueue<>(options, listener, pool, 10_000, onClose);
  }

  private ListenerQueue<Sandbox> queue(ResourceListener<Sandbox> listener) {
    return queue(ListenerOptions.named("test"), listener, () -> { });
  }

  @Test
  void deliversEveryEventInOrder() {
    List<String> seen = new CopyOnWriteArrayList<>();
    ListenerQueue<Sandbox> q = queue(new ResourceListener<>() {
      @Override
      public void onUpdate(Sandbox oldObj, Sandbox newObj) {
        seen.add(oldObj.getMetadata().getResourceVersion() + ">"
            + newObj.getMetadata().getResourceVersion());
      }
    });
    List<String> expected = new ArrayList<>();
    // more than one drain batch
    for (int i = 1; i <= 1000; i++) {
      q.updated(version("a", i), version("a", i + 1));
      expected.add(i + ">" + (i + 1));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1000);
    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(q.delivered()).isEqualTo(1000);
    assertThat(q.backlog()).isZero();
  }

  @Test
  void addsUpdatesAndDeletesReachTheirCallbacks() {
    RecordingListener<Sandbox> listener = new RecordingListener<>();
    List<Boolean> finalStateUnknown = new CopyOnWriteArrayList<>();
    ListenerQueue<Sandbox> q = queue(new ResourceListener<>() {
      @Override
      public void onAdd(Sandbox obj) {
        listener.onAdd(obj);
      }

      @Override
      public void onUpdate(Sandbox oldObj, Sandbox newObj) {
        listener.onUpdate(oldObj, newObj);
      }

      @Override
      public void onDelete(Sandbox obj, boolean unknown) {
        listener.onDelete(obj, unknown);
        finalStateUnknown.add(unknown);
      }
    });
    q.added(version("a", 1));
    q.updated(version("a", 1), version("a", 2));
    q.deleted(version("a", 2), false);
    q.deleted(version("b", 3), true);
    await().until(() -> listener.events.size() == 4);
    assertThat(listener.events).containsExactly("add ns/a", "update ns/a", "delete ns/a",
        "delete ns/b");
    assertThat(finalStateUnknown).containsExactly(false, true);
  }

  @Test
  void filteredQueueTurnsMovesIntoAddsAndMovesOutIntoDeletes() {
    RecordingListener<Sandbox> listener = new RecordingListener<>();
    ListenerQueue<Sandbox> q = queue(ListenerOptions.<Sandbox>named("f")
        .withLabelSelector("tier=web"), listener, () -> { });
    Sandbox outside = version("a", 1);
    Sandbox inside = version("a", 2, Map.of("tier", "web"));
    Sandbox insideToo = version("a", 3, Map.of("tier", "web", "x", "y"));
    Sandbox outsideAgain = version("a", 4, Map.of("tier", "db"));
    q.added(outside);                       // nothing
    q.updated(outside, inside);             // moves in: add
    q.updated(inside, insideToo);           // stays in: update
    q.updated(insideToo, outsideAgain);     // moves out: delete
    q.updated(outsideAgain, outside);       // stays out: nothing
    q.deleted(outside, false);              // nothing
    q.added(version("b", 5, Map.of("tier", "web")));
    await().until(() -> listener.events.size() == 4);
    assertThat(listener.events).containsExactly("add ns/a", "update ns/a", "delete ns/a",
        "add ns/b");
  }

  @Test
  void namespaceAndPredicateFiltersCombine() {
    RecordingListener<Sandbox> listener = new RecordingListener<>();
    ListenerQueue<Sandbox> q = queue(ListenerOptions.<Sandbox>named("f").inNamespace("ns")
        .filter(s -> s.getMetadata().getName().startsWith("keep")), listener, () -> { });
    Sandbox otherNamespace = sandbox("other", "keep-1");
    q.added(otherNamespace);
    q.added(version("drop-1", 1));
    q.added(version("keep-2", 2));
    await().until(() -> listener.events.size() == 1);
    assertThat(listener.events).containsExactly("add ns/keep-2");
  }

  @Test
  void aThrowingListenerIsCountedAndKeepsReceiving() {
    List<String> seen = new CopyOnWriteArrayList<>();
    ListenerQueue<Sandbox> q = queue(new ResourceListener<>() {
      @Override
      public void onAdd(Sandbox obj) {
        seen.add(obj.getMetadata().getName());
        if (obj.getMetadata().getName().startsWith("bad")) {
          throw new IllegalStateException("listener bug");
        }
      }
    });
    String log = InformerFixtures.stderrOf(() -> {
      q.added(version("bad-1", 1));
      q.added(version("good-1", 2));
      q.added(version("bad-2", 3));
      q.added(version("good-2", 4));
    }, text -> q.delivered() == 4 && text.contains("bad-2"));
    assertThat(seen).containsExactly("bad-1", "good-1", "bad-2", "good-2");
    assertThat(q.failures()).isEqualTo(2);
    assertThat(log).contains("listener 'test' threw on ADD of ns/bad-1", "listener bug",
        "ns/bad-2");
  }

  @Test
  void aBlockedListenerDelaysOnlyItselfAndItsBacklogIsMeasured() throws Exception {
    CountDownLatch slowStarted = new CountDownLatch(1);
    ListenerQueue<Sandbox> slow = queue(new ResourceListener<>() {
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
    ListenerQueue<Sandbox> fast = queue(new ResourceListener<>() {
      @Override
      public void onAdd(Sandbox obj) {
        fastAdds.incrementAndGet();
      }
    });
    for (int i = 0; i < 100; i++) {
      Sandbox s = version("s" + i, i + 1);
      slow.added(s);
      fast.added(s);
    }
    assertThat(slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
    await().until(() -> fastAdds.get() == 100);
    // the slow one holds the first event; the other 99 wait in its queue
    assertThat(slow.backlog()).isEqualTo(99);
    assertThat(slow.delivered()).isZero();
    assertThat(fast.backlog()).isZero();

    release.countDown();
    await().until(() -> slow.delivered() == 100);
    assertThat(slow.backlog()).isZero();
    assertThat(slow.lastLagNanos()).isPositive();
  }

  @Test
  void closeDropsQueuedEventsStopsDeliveryAndIsIdempotent() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger closes = new AtomicInteger();
    ListenerQueue<Sandbox> q = queue(ListenerOptions.named("closing"), new ResourceListener<>() {
      @Override
      public void onAdd(Sandbox obj) {
        calls.incrementAndGet();
        started.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }, closes::incrementAndGet);
    for (int i = 0; i < 10; i++) {
      q.added(version("s" + i, i + 1));
    }
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    q.close();
    q.close();
    assertThat(closes).hasValue(1);
    assertThat(q.backlog()).isZero();
    q.added(version("late", 99));
    assertThat(q.backlog()).isZero();
    release.countDown();
    Thread.sleep(200); // shows that nothing more is delivered
    assertThat(calls).hasValue(1);
  }

  @Test
  void seededObjectsArriveAsAddsAndTheirInFlightEventsAreNotRepeated() {
    RecordingListener<Sandbox> listener = new RecordingListener<>();
    ListenerQueue<Sandbox> q = queue(listener);
    q.seed(List.of(version("a", 5), version("b", 7)));
    // events that were on their way when the snapshot was taken
    q.added(version("a", 5));
    q.updated(version("b", 6), version("b", 7));
    // a real change afterwards
    q.updated(version("a", 5), version("a", 8));
    q.added(version("c", 9));
    await().until(() -> listener.events.size() == 4);
    assertThat(listener.events).containsExactly("add ns/a", "add ns/b", "update ns/a",
        "add ns/c");
  }

  @Test
  void eventsOlderThanTheSeededVersionAreNotRepeated() throws InterruptedException {
    RecordingListener<Sandbox> listener = new RecordingListener<>();
    ListenerQueue<Sandbox> q = queue(listener);
    // the store was already at version 7 when the listener registered; the events for
    // versions 6 and 7 were still queued for delivery
    q.seed(List.of(version("a", 7)));
    q.added(version("a", 6));
    q.updated(version("a", 6), version("a", 7));
    q.updated(version("a", 7), version("a", 8));
    await().until(() -> listener.events.size() >= 2);
    Thread.sleep(200); // shows that no third event arrives
    assertThat(listener.events).containsExactly("add ns/a", "update ns/a");
  }

  @Test
  void seedingAppliesTheFilter() {
    RecordingListener<Sandbox> listener = new RecordingListener<>();
    ListenerQueue<Sandbox> q = queue(ListenerOptions.<Sandbox>named("f")
        .withLabelSelector("tier=web"), listener, () -> { });
    q.seed(List.of(version("a", 1), version("b", 2, Map.of("tier", "web"))));
    await().until(() -> listener.events.size() == 1);
    assertThat(listener.events).containsExactly("add ns/b");
  }

  @Test
  void describesItself() {
    ListenerQueue<Sandbox> q = queue(ListenerOptions.named("me"), new RecordingListener<>(),
        () -> { });
    assertThat(q.name()).isEqualTo("me");
    assertThat(q.toString()).contains("me", "backlog");
  }
}
