package io.kruise.agents.informers;

import static io.kruise.agents.informers.ListenerQueueTest.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kruise.agents.model.Sandbox;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Seeding listeners from what the informer's events have delivered: the interleavings of issue 7
 * (a re-created object, an initial list slower than the old 10 s window, resync updates), driven
 * on a {@link ManualExecutor}, and a randomized check that every listener sees each object's
 * history as one consistent sequence.
 */
class ListenerFanOutTest {

  private final ManualExecutor executor = new ManualExecutor();
  private final AtomicLong nanos = new AtomicLong();
  private final ListenerFanOut<Sandbox> fanOut =
      new ListenerFanOut<>(executor, new ManualScheduler(), InformerOptions.DEFAULTS,
          nanos::get);

  @Test
  void aLateListenerStartsFromWhatWasDeliveredAndContinuesWithTheNextEvent() {
    fanOut.added(version("a", 1));
    fanOut.added(version("b", 2));
    fanOut.updated(version("a", 3));
    HistoryRecorder<Sandbox> late = new HistoryRecorder<>();
    fanOut.add(ListenerOptions.named("late"), late);
    executor.runAll();
    fanOut.updated(version("b", 4));
    executor.runAll();
    assertThat(late.events).containsExactlyInAnyOrder("add a@3", "add b@2", "update b@2>4");
    assertThat(late.events).endsWith("update b@2>4");
  }

  @Test
  void aReCreatedObjectWhoseOldDeleteArrivesAfterTheSeedIsDeletedThenAddedAgain() {
    // The store already holds the new incarnation (a@10); the events still in flight are the
    // old one's delete and the new one's add. The seed is what was delivered: a@5.
    fanOut.added(version("a", 5, "old", Map.of()));
    HistoryRecorder<Sandbox> late = new HistoryRecorder<>();
    fanOut.add(ListenerOptions.named("late"), late);
    executor.runAll();
    fanOut.deleted(version("a", 5, "old", Map.of()), false);
    fanOut.added(version("a", 10, "new", Map.of()));
    executor.runAll();
    assertThat(late.events).containsExactly("add a@5", "delete a@5", "add a@10");
  }

  @Test
  void aListenerAddedDuringALongInitialListGetsEachObjectOnce() {
    // Registered before the informer delivered anything (its initial list still running):
    // there is no window to expire, however long the list takes.
    HistoryRecorder<Sandbox> early = new HistoryRecorder<>();
    fanOut.add(ListenerOptions.named("early"), early);
    executor.runAll();
    nanos.addAndGet(60_000_000_000L);
    fanOut.added(version("a", 1));
    fanOut.added(version("b", 2));
    executor.runAll();
    assertThat(early.events).containsExactly("add a@1", "add b@2");
  }

  @Test
  void resyncUpdatesRightAfterTheSeedAreDelivered() {
    Sandbox a = version("a", 1);
    fanOut.added(a);
    HistoryRecorder<Sandbox> late = new HistoryRecorder<>();
    fanOut.add(ListenerOptions.named("late"), late);
    executor.runAll();
    fanOut.updated(a); // a resync repeats the same object
    executor.runAll();
    assertThat(late.events).containsExactly("add a@1", "update a@1>1");
  }

  @Test
  void eventsBeforeTheSeedIsTakenAreCoveredByIt() {
    HistoryRecorder<Sandbox> late = new HistoryRecorder<>();
    fanOut.add(ListenerOptions.named("late"), late);
    // its first drain has not run yet
    fanOut.added(version("a", 1));
    fanOut.updated(version("a", 2));
    fanOut.added(version("b", 3));
    fanOut.deleted(version("b", 3), false);
    executor.runAll();
    assertThat(late.events).containsExactly("add a@2");
  }

  @Test
  void theSeedAppliesTheFilterOnTheQueue() {
    fanOut.added(version("a", 1));
    fanOut.added(version("b", 2, "uid-b", Map.of("tier", "web")));
    HistoryRecorder<Sandbox> web = new HistoryRecorder<>();
    fanOut.add(ListenerOptions.<Sandbox>named("web").withLabelSelector("tier=web"), web);
    executor.runAll();
    assertThat(web.events).containsExactly("add b@2");
  }

  @Test
  void closeAllClosesEveryListenerAndRefusesNewOnes() {
    ListenerRegistration one = fanOut.add(ListenerOptions.named("one"), new HistoryRecorder<>());
    executor.runAll();
    fanOut.closeAll();
    assertThat(one.isClosed()).isTrue();
    assertThat(fanOut.queues()).isEmpty();
    assertThatThrownBy(() -> fanOut.add(ListenerOptions.named("two"), new HistoryRecorder<>()))
        .isInstanceOf(io.kruise.agents.client.exceptions.ClientClosedException.class)
        .hasMessageContaining("'two'");
  }

  /**
   * Random events on a few names (updates, deletes, re-creations, moves in and out of a filter),
   * listeners added at random points, drained at random points, some with a tiny backlog limit:
   * each listener's callbacks, replayed, form a valid history per object and end at exactly the
   * delivered objects in its filter.
   */
  @Test
  void everyListenerSeesEachObjectsHistoryAsOneConsistentSequence() {
    long[] totals = new long[3];
    for (int seed = 0; seed < 300; seed++) {
      for (ListenerQueue<Sandbox> q : runRandomHistory(new Random(seed), seed)) {
        assertThat(q.failures()).isZero();
        totals[0] += q.delivered();
        totals[1] += q.coalesced();
        totals[2] += q.reseeds();
      }
    }
    // the runs went through every path: deliveries, coalescing and re-seeds
    assertThat(totals[0]).as("callbacks").isGreaterThan(1000);
    assertThat(totals[1]).as("coalesced").isGreaterThan(100);
    assertThat(totals[2]).as("re-seeds").isGreaterThan(100);
  }

  private List<ListenerQueue<Sandbox>> runRandomHistory(Random random, int seed) {
    ManualExecutor exec = new ManualExecutor();
    boolean tinyLimit = random.nextBoolean();
    ListenerFanOut<Sandbox> f = new ListenerFanOut<>(exec, new ManualScheduler(), InformerOptions.builder()
        .listenerBacklogLimit(tinyLimit ? 2 : 100).build(), () -> 0);
    Map<String, Sandbox> live = new HashMap<>();
    List<Replay> listeners = new ArrayList<>();
    int rv = 0;
    int uid = 0;
    for (int step = 0; step < 120; step++) {
      int action = random.nextInt(10);
      String name = "o" + random.nextInt(4);
      Sandbox current = live.get(name);
      if (action == 0 && listeners.size() < 4) {
        boolean filtered = random.nextBoolean();
        Replay replay = new Replay(filtered);
        f.add(filtered ? ListenerOptions.<Sandbox>named("red").withLabelSelector("color=red")
            : ListenerOptions.named("all"), replay);
        listeners.add(replay);
      } else if (action <= 2) {
        exec.runNext();
      } else if (action == 3 && current != null) {
        f.deleted(current, random.nextInt(4) == 0);
        live.remove(name);
      } else {
        String color = random.nextBoolean() ? "red" : "blue";
        String id = current == null ? "u" + uid++ : current.getMetadata().getUid();
        Sandbox next = version(name, ++rv, id, Map.of("color", color));
        if (current == null) {
          f.added(next);
        } else if (random.nextInt(8) == 0) {
          f.updated(current); // a resync
          continue;
        } else {
          f.updated(next);
        }
        live.put(name, next);
      }
    }
    exec.runAll();
    for (Replay replay : listeners) {
      Map<String, Sandbox> expected = new HashMap<>();
      live.forEach((name, obj) -> {
        if (!replay.filtered || "red".equals(obj.getMetadata().getLabels().get("color"))) {
          expected.put(name, obj);
        }
      });
      assertThat(replay.violations).as("seed %d: callbacks", seed).isEmpty();
      assertThat(replay.view).as("seed %d: listener's final view", seed).isEqualTo(expected);
    }
    return f.queues();
  }

  /**
   * Replays callbacks into a view, noting every callback that does not follow from the view (the
   * queue catches what a callback throws, so violations are collected, not thrown).
   */
  private static final class Replay implements ResourceListener<Sandbox> {
    final Map<String, Sandbox> view = new HashMap<>();
    final List<String> violations = new ArrayList<>();
    final boolean filtered;

    Replay(boolean filtered) {
      this.filtered = filtered;
    }

    @Override
    public void onAdd(Sandbox obj) {
      String name = obj.getMetadata().getName();
      check(!view.containsKey(name), "add of an object it has: " + name);
      inFilter(obj);
      view.put(name, obj);
    }

    @Override
    public void onUpdate(Sandbox oldObj, Sandbox newObj) {
      String name = newObj.getMetadata().getName();
      check(view.get(name) == oldObj, "update whose old is not what it was given: " + name);
      check(newObj.getMetadata().getUid().equals(oldObj.getMetadata().getUid()),
          "update across incarnations: " + name);
      check(Integer.parseInt(newObj.getMetadata().getResourceVersion())
          >= Integer.parseInt(oldObj.getMetadata().getResourceVersion()),
          "an older state after a newer one: " + name);
      inFilter(newObj);
      view.put(name, newObj);
    }

    @Override
    public void onDelete(Sandbox obj, boolean finalStateUnknown) {
      Sandbox had = view.remove(obj.getMetadata().getName());
      check(had != null, "delete of an object it does not have: " + obj.getMetadata().getName());
      check(had == null || obj.getMetadata().getUid().equals(had.getMetadata().getUid()),
          "delete of another incarnation: " + obj.getMetadata().getName());
    }

    private void inFilter(Sandbox obj) {
      check(!filtered || "red".equals(obj.getMetadata().getLabels().get("color")),
          "outside its filter: " + obj.getMetadata().getName());
    }

    private void check(boolean condition, String violation) {
      if (!condition) {
        violations.add(violation);
      }
    }
  }
}
