package io.kruise.agents.informers;

import static io.kruise.agents.informers.InformerFixtures.names;
import static io.kruise.agents.informers.InformerFixtures.sandbox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kruise.agents.model.Sandbox;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The informer's store: objects by namespace/name and indexes that follow every change. */
class IndexedStoreTest {

  private IndexedStore<Sandbox> store;

  @BeforeEach
  void newStore() {
    Map<String, IndexFunction<? super Sandbox>> indexers = new LinkedHashMap<>();
    indexers.put("app", s -> s.getMetadata().getLabels().containsKey("app")
        ? List.of(s.getMetadata().getLabels().get("app")) : List.of());
    // several keys per object
    indexers.put("tags", s -> s.getMetadata().getLabels().containsKey("tags")
        ? Arrays.asList(s.getMetadata().getLabels().get("tags").split("\\.")) : List.of());
    store = new IndexedStore<>(indexers,
        new ObjectCompactor<Sandbox>(InformerOptions.DEFAULTS));
  }

  private Sandbox put(String ns, String name, Map<String, String> labels) {
    Sandbox s = sandbox(ns, name, labels);
    store.put(store.getKey(s), s);
    return s;
  }

  @Test
  void keysAreNamespaceSlashName() {
    Sandbox s = put("a", "one", Map.of());
    assertThat(store.getKey(s)).isEqualTo("a/one");
    assertThat(IndexedStore.key("a", "one")).isEqualTo("a/one");
    assertThat(IndexedStore.key("", "one")).isEqualTo("one");
    assertThat(IndexedStore.key(null, "one")).isEqualTo("one");
  }

  @Test
  void putThenGetByKeyAndByNamespaceAndName() {
    Sandbox s = put("a", "one", Map.of());
    put("b", "one", Map.of());
    assertThat(store.get("a/one")).isSameAs(s);
    assertThat(store.get("a", "one")).isSameAs(s);
    assertThat(store.get("b/one")).isNotSameAs(s).isNotNull();
    assertThat(store.get("c/one")).isNull();
    assertThat(store.get("a", "two")).isNull();
    assertThat(store.keySet()).containsExactlyInAnyOrder("a/one", "b/one");
    assertThat(store.values()).hasSize(2);
    assertThat(store.size()).isEqualTo(2);
  }

  @Test
  void replacingAnObjectKeepsTheSizeAndReturnsTheOldOne() {
    Sandbox first = put("a", "one", Map.of());
    Sandbox second = sandbox("a", "one", Map.of("v", "2"));
    assertThat(store.put("a/one", second)).isSameAs(first);
    assertThat(store.size()).isEqualTo(1);
    assertThat(store.get("a/one")).isSameAs(second);
  }

  @Test
  void removeReturnsTheOldObjectAndForgetsIt() {
    Sandbox s = put("a", "one", Map.of());
    assertThat(store.remove("a/one")).isSameAs(s);
    assertThat(store.remove("a/one")).isNull();
    assertThat(store.size()).isZero();
    assertThat(store.get("a/one")).isNull();
    assertThat(store.keySet()).isEmpty();
    assertThat(store.list("a")).isEmpty();
  }

  @Test
  void listsOneNamespaceOrAll() {
    put("a", "one", Map.of());
    put("a", "two", Map.of());
    put("b", "three", Map.of());
    assertThat(names(store.list("a"))).containsExactlyInAnyOrder("one", "two");
    assertThat(names(store.list(""))).containsExactlyInAnyOrder("one", "two", "three");
    assertThat(names(store.list(null))).containsExactlyInAnyOrder("one", "two", "three");
    assertThat(store.list("c")).isEmpty();
  }

  @Test
  void listsAreNewListsAndIndexLookupsUnmodifiableSnapshots() {
    Sandbox s = put("a", "one", Map.of("app", "demo"));
    List<Sandbox> list = store.list("a");
    list.clear();
    assertThat(store.list("a")).containsExactly(s);
    List<Sandbox> byIndex = store.byIndex("app", "demo");
    assertThatThrownBy(byIndex::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> store.byIndex("app", "none").add(s))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(store.byIndex("app", "demo")).containsExactly(s);
  }

  @Test
  void anUnchangedBucketServesTheSameSnapshotUntilItChanges() {
    put("a", "one", Map.of("app", "x"));
    List<Sandbox> first = store.byIndex("app", "x");
    assertThat(store.byIndex("app", "x")).as("no change: no copy").isSameAs(first);
    put("a", "other", Map.of("app", "y"));
    assertThat(store.byIndex("app", "x")).as("another bucket changed").isSameAs(first);

    put("a", "two", Map.of("app", "x"));
    List<Sandbox> second = store.byIndex("app", "x");
    assertThat(names(second)).containsExactlyInAnyOrder("one", "two");
    assertThat(names(first)).as("a served snapshot never changes").containsExactly("one");

    Sandbox newer = put("a", "one", Map.of("app", "x", "v", "2"));
    List<Sandbox> third = store.byIndex("app", "x");
    assertThat(third).isNotSameAs(second).contains(newer);

    store.remove("a/two");
    assertThat(names(store.byIndex("app", "x"))).containsExactly("one");
    assertThat(names(third)).containsExactlyInAnyOrder("one", "two");
    store.remove("a/one");
    assertThat(store.byIndex("app", "x")).isEmpty();
    put("a", "three", Map.of("app", "x"));
    assertThat(names(store.byIndex("app", "x"))).containsExactly("three");
  }

  /**
   * One writer moves a window of objects through a bucket while readers look it up: every list a
   * reader gets is exactly a state the bucket passed through (never a mix of two), and never one
   * older than the last write that had returned before the lookup began.
   */
  @Test
  void everySnapshotIsAStateTheBucketPassedThroughAndNoneIsStale() throws Exception {
    int writes = 5_000;
    int window = 4;
    // the bucket's state after each write, and the number of that write
    Map<String, Integer> states = new HashMap<>();
    java.util.TreeSet<Integer> members = new java.util.TreeSet<>();
    states.put(state(members), 0);
    int[][] plan = new int[writes][];
    for (int n = 0, w = 0; w < writes; n++) {
      plan[w++] = new int[] {1, n};
      members.add(n);
      states.put(state(members), w);
      if (n >= window && w < writes) {
        plan[w++] = new int[] {0, n - window};
        members.remove(n - window);
        states.put(state(members), w);
      }
    }
    java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicReference<String> failure =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
    Thread writer = new Thread(() -> {
      for (int[] step : plan) {
        if (step[0] == 1) {
          put("a", "s" + step[1], Map.of("app", "x"));
        } else {
          store.remove("a/s" + step[1]);
        }
        done.incrementAndGet();
      }
    });
    Runnable reader = () -> {
      while (done.get() < writes && failure.get() == null) {
        int before = done.get();
        List<Sandbox> seen = store.byIndex("app", "x");
        int after = done.get();
        java.util.TreeSet<Integer> got = new java.util.TreeSet<>();
        for (Sandbox s : seen) {
          got.add(Integer.parseInt(s.getMetadata().getName().substring(1)));
        }
        Integer at = states.get(state(got));
        if (at == null || at < before || at > after + 1) {
          failure.compareAndSet(null, "read " + got + " (state " + at + ") between writes "
              + before + " and " + after);
        }
        reads.incrementAndGet();
      }
    };
    Thread r1 = new Thread(reader);
    Thread r2 = new Thread(reader);
    r1.start();
    r2.start();
    writer.start();
    writer.join();
    r1.join();
    r2.join();
    assertThat(failure.get()).isNull();
    assertThat(reads.get()).isPositive();
  }

  private static String state(java.util.SortedSet<Integer> members) {
    return members.toString();
  }

  @Test
  void indexesFollowLabelChanges() {
    put("a", "one", Map.of("app", "x"));
    put("a", "two", Map.of("app", "x"));
    assertThat(names(store.byIndex("app", "x"))).containsExactlyInAnyOrder("one", "two");

    put("a", "one", Map.of("app", "y"));
    assertThat(names(store.byIndex("app", "x"))).containsExactly("two");
    assertThat(names(store.byIndex("app", "y"))).containsExactly("one");
    assertThat(store.indexKeys("app")).containsExactlyInAnyOrder("x", "y");
  }

  @Test
  void indexBucketsHoldTheNewestVersion() {
    put("a", "one", Map.of("app", "x"));
    Sandbox newer = put("a", "one", Map.of("app", "x", "v", "2"));
    assertThat(store.byIndex("app", "x")).singleElement().isSameAs(newer);
  }

  @Test
  void emptiedBucketsAreRemoved() {
    put("a", "one", Map.of("app", "x"));
    put("a", "one", Map.of("app", "y"));
    assertThat(store.indexKeys("app")).containsExactly("y");
    store.remove("a/one");
    assertThat(store.indexKeys("app")).isEmpty();
    assertThat(store.byIndex("app", "y")).isEmpty();
  }

  @Test
  void anObjectCanHaveSeveralIndexKeys() {
    put("a", "one", Map.of("tags", "gpu.large"));
    put("a", "two", Map.of("tags", "gpu"));
    assertThat(names(store.byIndex("tags", "gpu"))).containsExactlyInAnyOrder("one", "two");
    assertThat(names(store.byIndex("tags", "large"))).containsExactly("one");
    put("a", "one", Map.of("tags", "small"));
    assertThat(names(store.byIndex("tags", "gpu"))).containsExactly("two");
    assertThat(store.indexKeys("tags")).containsExactlyInAnyOrder("gpu", "small");
  }

  @Test
  void indexKeysAreAnUnmodifiableSnapshot() {
    put("a", "one", Map.of("app", "x"));
    var keys = store.indexKeys("app");
    put("a", "two", Map.of("app", "z"));
    assertThat(keys).containsExactly("x");
    assertThatThrownBy(() -> keys.add("q")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void unknownIndexIsAValidationErrorNamingTheKnownOnes() {
    assertThatThrownBy(() -> store.byIndex("nope", "x"))
        .isInstanceOf(io.kruise.agents.client.exceptions.ValidationException.class)
        .hasMessageContaining("indexName").hasMessageContaining("nope");
    assertThatThrownBy(() -> store.indexKeys("nope"))
        .isInstanceOf(io.kruise.agents.client.exceptions.ValidationException.class);
  }

  /** Throws for objects labelled {@code bad}, else indexes by the {@code app} label. */
  private static final IndexFunction<Sandbox> FRAGILE = s -> {
    if (s.getMetadata().getLabels().containsKey("bad")) {
      throw new IllegalStateException("cannot index " + s.getMetadata().getName());
    }
    return List.of(s.getMetadata().getLabels().get("app"));
  };

  /** app, fragile, tags: the failing index sits between two good ones. */
  private IndexedStore<Sandbox> storeWith(IndexFunction<? super Sandbox> fragile) {
    Map<String, IndexFunction<? super Sandbox>> indexers = new LinkedHashMap<>();
    indexers.put("app", s -> List.of(s.getMetadata().getLabels().get("app")));
    indexers.put("fragile", fragile);
    indexers.put("tags", s -> s.getMetadata().getLabels().containsKey("tags")
        ? List.of(s.getMetadata().getLabels().get("tags")) : List.of());
    return new IndexedStore<>(indexers,
        new ObjectCompactor<Sandbox>(InformerOptions.DEFAULTS));
  }

  @Test
  void aThrowingIndexFunctionLeavesTheObjectOutOfThatIndexOnly() {
    IndexedStore<Sandbox> s = storeWith(FRAGILE);
    Sandbox bad = sandbox("a", "one", Map.of("bad", "1", "tags", "gpu"));

    s.put(s.getKey(bad), bad);

    assertThat(s.get("a", "one")).isSameAs(bad);
    assertThat(s.size()).isEqualTo(1);
    assertThat(s.byIndex("app", "demo")).containsExactly(bad);
    assertThat(s.byIndex("tags", "gpu")).containsExactly(bad);
    assertThat(s.indexKeys("fragile")).isEmpty();
    assertThat(s.indexFailures()).containsExactly(Map.entry("fragile", 1L));
  }

  @Test
  void nullKeysOrANullKeyAreAFailureOfThatIndex() {
    IndexedStore<Sandbox> s = storeWith(o -> o.getMetadata().getName().equals("one")
        ? null : Arrays.asList("k", null));
    s.put("a/one", sandbox("a", "one", Map.of("tags", "gpu")));
    s.put("a/two", sandbox("a", "two", Map.of("tags", "gpu")));

    assertThat(names(s.byIndex("tags", "gpu"))).containsExactlyInAnyOrder("one", "two");
    assertThat(s.indexKeys("fragile")).isEmpty();
    assertThat(s.indexFailures()).containsEntry("fragile", 2L);
  }

  @Test
  void aVersionThatIndexesAgainIsIndexedAndRemovedNormally() {
    IndexedStore<Sandbox> s = storeWith(FRAGILE);
    s.put("a/one", sandbox("a", "one", Map.of("bad", "1")));
    Sandbox good = sandbox("a", "one", Map.of("tags", "gpu"));

    s.put("a/one", good);
    assertThat(s.byIndex("fragile", "demo")).containsExactly(good);

    s.put("a/one", sandbox("a", "one", Map.of("bad", "1")));
    assertThat(s.indexKeys("fragile")).as("the failed version is in no bucket").isEmpty();
    assertThat(s.byIndex("tags", "gpu")).isEmpty();
    assertThat(s.remove("a/one")).isNotNull();
    assertThat(s.indexKeys("app")).isEmpty();
    assertThat(s.indexFailures()).containsEntry("fragile", 2L);
  }

  @Test
  void aFunctionThatStartsThrowingOnTheStoredVersionLeavesNoStaleBucket() {
    AtomicBoolean broken = new AtomicBoolean();
    IndexedStore<Sandbox> s = storeWith(o -> {
      if (broken.get()) {
        throw new IllegalStateException("broken");
      }
      return List.of(o.getMetadata().getName());
    });
    s.put("a/one", sandbox("a", "one", Map.of()));
    assertThat(s.indexKeys("fragile")).containsExactly("one");

    broken.set(true);
    s.put("a/one", sandbox("a", "one", Map.of("v", "2")));
    assertThat(s.indexKeys("fragile")).isEmpty();

    broken.set(false);
    s.put("a/one", sandbox("a", "one", Map.of("v", "3")));
    broken.set(true);
    s.remove("a/one");
    assertThat(s.indexKeys("fragile")).isEmpty();
    assertThat(s.indexKeys("app")).isEmpty();
  }

  @Test
  void aThrowingIndexFunctionLeaksNoSharedTemplate() {
    ObjectCompactor<Sandbox> compactor =
        new ObjectCompactor<>(InformerOptions.DEFAULTS);
    IndexedStore<Sandbox> s = new IndexedStore<>(Map.of("fragile", FRAGILE), compactor);
    s.put("a/one", sandbox("a", "one", Map.of()));
    Sandbox other = sandbox("a", "one", Map.of("bad", "1"));
    other.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("other:1");

    s.put("a/one", other);
    assertThat(compactor.distinctTemplates()).as("the replaced version's template is released")
        .isEqualTo(1);
    s.remove("a/one");
    assertThat(compactor.distinctTemplates()).isZero();
  }

  @Test
  void indexFailuresAreLoggedWithTheIndexAndTheObject() {
    IndexedStore<Sandbox> s = storeWith(FRAGILE);
    String log = InformerFixtures.stderrOf(
        () -> s.put("a/one", sandbox("a", "one", Map.of("bad", "1"))),
        text -> text.contains("cannot index one"));
    assertThat(log).contains("ERROR", "index 'fragile'", "a/one");
  }

  @Test
  void objectsAreCompactedAsTheyEnter() {
    Sandbox s = sandbox("a", "one", new HashMap<>(Map.of("app", "x")));
    store.put("a/one", s);
    assertThatThrownBy(() -> store.get("a/one").getMetadata().getLabels().put("k", "v"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
