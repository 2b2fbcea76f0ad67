package io.kruise.agents.informers;

import static io.kruise.agents.informers.InformerFixtures.names;
import static io.kruise.agents.informers.InformerFixtures.sandbox;
import static org.assertj.core.api.Assertions.assertThat;

import io.kruise.agents.model.Sandbox;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lister's merge of the cache with pending writes, without a server. */
class CacheListerTest {

  private final IndexedStore<Sandbox> store = new IndexedStore<>(
      Map.of("app", s -> s.getMetadata().getLabels() == null
          || !s.getMetadata().getLabels().containsKey("app") ? java.util.List.of()
          : java.util.List.of(s.getMetadata().getLabels().get("app"))),
      new ObjectCompactor<Sandbox>(InformerOptions.DEFAULTS));
  private final WriteOverlay<Sandbox> overlay = new WriteOverlay<>(InformerOptions.DEFAULTS, new FakeTicker());

  private static Sandbox version(String ns, String name, int rv, String app) {
    Sandbox s = sandbox(ns, name, Map.of("app", app));
    s.getMetadata().setResourceVersion(String.valueOf(rv));
    return s;
  }

  private void cache(Sandbox s) {
    store.put(store.getKey(s), s);
  }

  private CacheLister<Sandbox> lister(InformerScope scope) {
    return new CacheLister<>(store, overlay, scope, () -> { });
  }

  @Test
  void withoutPendingWritesTheCacheIsReadAsIs() {
    cache(version("a", "one", 1, "x"));
    CacheLister<Sandbox> lister = lister(InformerScope.allNamespaces());
    assertThat(lister.get("a", "one")).isSameAs(store.get("a/one"));
    assertThat(lister.find("a", "two")).isEmpty();
    assertThat(names(lister.list(""))).containsExactly("one");
    assertThat(names(lister.byIndex("app", "x"))).containsExactly("one");
    assertThat(lister.size()).isEqualTo(1);
  }

  @Test
  void aNewerWriteReplacesTheCachedObjectEverywhere() {
    cache(version("a", "one", 1, "x"));
    overlay.written(version("a", "one", 2, "y"));
    CacheLister<Sandbox> lister = lister(InformerScope.allNamespaces());
    assertThat(lister.get("a", "one").getMetadata().getResourceVersion()).isEqualTo("2");
    assertThat(lister.list("a")).singleElement()
        .extracting(s -> s.getMetadata().getResourceVersion()).isEqualTo("2");
    assertThat(lister.list("", "app=y")).hasSize(1);
    assertThat(lister.list("", "app=x")).isEmpty();
    assertThat(lister.byIndex("app", "x")).as("left the old key").isEmpty();
    assertThat(names(lister.byIndex("app", "y"))).as("joined the new key").containsExactly("one");
  }

  @Test
  void aCreatedObjectIsListedBeforeTheInformerHasIt() {
    overlay.written(version("a", "new", 3, "x"));
    CacheLister<Sandbox> lister = lister(InformerScope.allNamespaces());
    assertThat(lister.get("a", "new")).isNotNull();
    assertThat(names(lister.list("a"))).containsExactly("new");
    assertThat(lister.list("b")).isEmpty();
    assertThat(names(lister.byIndex("app", "x"))).containsExactly("new");
  }

  @Test
  void aTombstoneHidesTheCachedObjectEverywhere() {
    cache(version("a", "one", 1, "x"));
    cache(version("a", "two", 2, "x"));
    overlay.deleted("a", "one", null);
    CacheLister<Sandbox> lister = lister(InformerScope.allNamespaces());
    assertThat(lister.get("a", "one")).isNull();
    assertThat(names(lister.list("a"))).containsExactly("two");
    assertThat(names(lister.list(""))).containsExactly("two");
    assertThat(names(lister.byIndex("app", "x"))).containsExactly("two");
  }

  @Test
  void theCachedObjectWinsOnceItIsAsNew() {
    overlay.written(version("a", "one", 2, "y"));
    cache(version("a", "one", 3, "z"));
    CacheLister<Sandbox> lister = lister(InformerScope.allNamespaces());
    assertThat(lister.get("a", "one").getMetadata().getResourceVersion()).isEqualTo("3");
    assertThat(names(lister.byIndex("app", "z"))).containsExactly("one");
    assertThat(lister.byIndex("app", "y")).isEmpty();
  }

  @Test
  void writesOutsideTheInformersNamespaceAreNotShown() {
    overlay.written(version("b", "elsewhere", 3, "x"));
    CacheLister<Sandbox> lister = lister(InformerScope.namespace("a"));
    assertThat(lister.get("b", "elsewhere")).isNull();
    assertThat(lister.list("")).isEmpty();
    assertThat(lister.byIndex("app", "x")).isEmpty();
  }

  @Test
  void aWriteThatLeavesTheInformersSelectorLeavesItsLister() {
    cache(version("a", "one", 1, "x"));
    CacheLister<Sandbox> lister = lister(InformerScope.allNamespaces().withLabelSelector("app=x"));
    overlay.written(version("a", "one", 2, "y"));
    assertThat(lister.list("a")).isEmpty();
    assertThat(lister.byIndex("app", "x")).isEmpty();
    assertThat(lister.get("a", "one")).as("no longer in this informer's scope").isNull();
  }

  @Test
  void aWriteThatEntersTheInformersSelectorJoinsItsLister() {
    CacheLister<Sandbox> lister = lister(InformerScope.allNamespaces().withLabelSelector("app=x"));
    overlay.written(version("a", "one", 2, "x"));
    assertThat(lister.get("a", "one")).isNotNull();
    assertThat(names(lister.list("a"))).containsExactly("one");
  }

  @Test
  void getReadsTheStoreAloneOnlyWhileNothingIsPending() {
    cache(version("a", "one", 1, "x"));
    CacheLister<Sandbox> lister = lister(InformerScope.allNamespaces());
    assertThat(overlay.isEmpty()).isTrue();
    assertThat(lister.get("a", "one")).isSameAs(store.get("a/one"));
    Sandbox written = version("a", "one", 2, "x");
    overlay.written(written);
    assertThat(lister.get("a", "one")).as("pending: the write").isSameAs(written);
    Sandbox delivered = version("a", "one", 2, "x");
    cache(delivered);
    overlay.observed(delivered);
    assertThat(overlay.isEmpty()).isTrue();
    assertThat(lister.get("a", "one")).as("caught up: the store again").isSameAs(delivered);
    overlay.deleted("a", "one", null);
    assertThat(lister.get("a", "one")).as("a tombstone is pending").isNull();
  }

  /**
   * A client thread writes versions 1..n of one object; the informer delivers each version later
   * (its store first, then the event that clears the overlay, as {@link InformerEventHandler}
   * does), sometimes before the write's answer arrives. A reader never sees an older version than
   * the last write that had returned before its read began, whether the overlay holds an entry
   * or has just been emptied (the path that skips it).
   */
  @Test
  void readYourWritesHoldsWhileTheOverlayFillsAndEmpties() throws Exception {
    int versions = 5_000;
    CacheLister<Sandbox> lister = lister(InformerScope.allNamespaces());
    java.util.concurrent.BlockingQueue<Sandbox> events =
        new java.util.concurrent.LinkedBlockingQueue<>();
    java.util.concurrent.atomic.AtomicInteger lastWritten =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicReference<String> failure =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicInteger emptyReads =
        new java.util.concurrent.atomic.AtomicInteger();
    Thread informer = new Thread(() -> {
      try {
        for (int rv = 1; rv <= versions; rv++) {
          Sandbox event = events.take();
          cache(event);
          overlay.observed(event);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Thread client = new Thread(() -> {
      for (int rv = 1; rv <= versions; rv++) {
        if (rv % 3 == 0) {
          events.add(version("a", "one", rv, "x")); // the event before the write's answer
          overlay.written(version("a", "one", rv, "x"));
        } else {
          overlay.written(version("a", "one", rv, "x"));
          events.add(version("a", "one", rv, "x"));
        }
        lastWritten.set(rv);
        if (rv % 10 == 0) {
          // let the informer catch up now and then, so the overlay empties between writes
          // (null until the informer thread has cached the first version)
          while (store.get("a/one") == null
              || !String.valueOf(rv).equals(store.get("a/one").getMetadata().getResourceVersion())) {
            Thread.onSpinWait();
          }
        }
      }
    });
    Thread reader = new Thread(() -> {
      while (lastWritten.get() < versions && failure.get() == null) {
        int before = lastWritten.get();
        boolean empty = overlay.isEmpty();
        Sandbox seen = lister.get("a", "one");
        int rv = seen == null ? 0 : Integer.parseInt(seen.getMetadata().getResourceVersion());
        if (rv < before) {
          failure.compareAndSet(null, "read version " + rv + " after write " + before
              + " had returned");
        }
        if (empty) {
          emptyReads.incrementAndGet();
        }
      }
    });
    informer.start();
    reader.start();
    client.start();
    client.join();
    reader.join();
    informer.join();
    assertThat(failure.get()).isNull();
    assertThat(lister.get("a", "one").getMetadata().getResourceVersion())
        .isEqualTo(String.valueOf(versions));
    assertThat(overlay.isEmpty()).isTrue();
  }
}
