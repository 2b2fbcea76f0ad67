package io.kruise.agents.informers;

import static io.kruise.agents.informers.InformerFixtures.sandbox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kruise.agents.model.Sandbox;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The read-your-writes overlay on its own. */
class WriteOverlayTest {

  private final WriteOverlay<Sandbox> overlay = new WriteOverlay<>(InformerOptions.DEFAULTS);

  private static Sandbox version(String name, int rv) {
    Sandbox s = sandbox("ns", name);
    s.getMetadata().setResourceVersion(String.valueOf(rv));
    return s;
  }

  @Test
  void anEmptyOverlayPassesTheCachedObjectThrough() {
    Sandbox cached = version("a", 1);
    assertThat(overlay.isEmpty()).isTrue();
    assertThat(overlay.resolve("ns/a", cached)).isSameAs(cached);
    assertThat(overlay.resolve("ns/a", null)).isNull();
  }

  @Test
  void aWriteIsNewerThanAnOlderCachedVersion() {
    overlay.written(version("a", 5));
    assertThat(overlay.isEmpty()).isFalse();
    assertThat(overlay.size()).isEqualTo(1);
    assertThat(overlay.resolve("ns/a", version("a", 4)).getMetadata().getResourceVersion())
        .isEqualTo("5");
    assertThat(overlay.resolve("ns/a", null).getMetadata().getResourceVersion()).isEqualTo("5");
  }

  @Test
  void theCacheWinsOnceItHasTheWrittenVersionOrNewer() {
    overlay.written(version("a", 5));
    Sandbox same = version("a", 5);
    Sandbox newer = version("a", 6);
    assertThat(overlay.resolve("ns/a", same)).isSameAs(same);
    assertThat(overlay.resolve("ns/a", newer)).isSameAs(newer);
  }

  @Test
  void otherKeysAreUnaffected() {
    overlay.written(version("a", 5));
    Sandbox b = version("b", 1);
    assertThat(overlay.resolve("ns/b", b)).isSameAs(b);
  }

  @Test
  void observingTheWrittenVersionDropsTheEntry() {
    overlay.written(version("a", 5));
    overlay.observed(version("a", 4));
    assertThat(overlay.isEmpty()).as("an older event keeps the entry").isFalse();
    overlay.observed(version("a", 5));
    assertThat(overlay.isEmpty()).isTrue();
    assertThat(overlay.size()).isZero();
  }

  @Test
  void observingANewerVersionDropsTheEntryToo() {
    overlay.written(version("a", 5));
    overlay.observed(version("a", 9));
    assertThat(overlay.isEmpty()).isTrue();
  }

  @Test
  void aLaterWriteReplacesTheEarlierOne() {
    overlay.written(version("a", 5));
    overlay.written(version("a", 6));
    assertThat(overlay.size()).isEqualTo(1);
    overlay.observed(version("a", 5));
    assertThat(overlay.resolve("ns/a", version("a", 5)).getMetadata().getResourceVersion())
        .isEqualTo("6");
    overlay.observed(version("a", 6));
    assertThat(overlay.isEmpty()).isTrue();
  }

  @Test
  void aDeleteLeavesATombstoneThatHidesTheCachedObject() {
    overlay.written(version("a", 5));
    overlay.deleted("ns", "a");
    assertThat(overlay.size()).isEqualTo(1);
    assertThat(overlay.resolve("ns/a", version("a", 5))).isNull();
    assertThat(overlay.resolve("ns/a", null)).isNull();
    // an update that was in flight before the delete cannot bring the object back
    overlay.observed(version("a", 7));
    assertThat(overlay.resolve("ns/a", version("a", 7))).isNull();
    assertThat(overlay.isEmpty()).isFalse();
  }

  @Test
  void theInformersDeleteRemovesTheTombstone() {
    overlay.deleted("ns", "a");
    overlay.observedDelete(version("a", 5));
    assertThat(overlay.isEmpty()).isTrue();
    Sandbox recreated = version("a", 8);
    assertThat(overlay.resolve("ns/a", recreated)).isSameAs(recreated);
  }

  @Test
  void aDeleteWhoseEventArrivedFirstLeavesNoTombstone() {
    // the watch delivered the delete before the DELETE request returned
    overlay.observedDelete(version("a", 5));
    overlay.deleted("ns", "a");
    assertThat(overlay.isEmpty()).isTrue();
    Sandbox recreatedByOthers = version("a", 9);
    assertThat(overlay.resolve("ns/a", recreatedByOthers)).isSameAs(recreatedByOthers);
  }

  @Test
  void aDeleteWhoseEventArrivedFirstAlsoDropsAPendingWrite() {
    overlay.written(version("a", 5));
    overlay.observed(version("a", 4));
    overlay.observedDelete(version("a", 5));
    overlay.deleted("ns", "a");
    assertThat(overlay.isEmpty()).isTrue();
    assertThat(overlay.resolve("ns/a", null)).isNull();
  }

  @Test
  void laterEventsOrWritesOfTheKeyRearmTheTombstone() {
    overlay.observedDelete(version("a", 5));
    overlay.observed(version("a", 8)); // re-created, and the informer has seen it
    overlay.deleted("ns", "a");
    assertThat(overlay.resolve("ns/a", version("a", 8))).isNull();

    overlay.observedDelete(version("b", 5));
    overlay.written(version("b", 9)); // re-created by this process, not yet seen
    overlay.deleted("ns", "b");
    assertThat(overlay.resolve("ns/b", null)).isNull();
    assertThat(overlay.resolve("ns/b", version("b", 9))).as("its add arrives late").isNull();
  }

  @Test
  void pendingEntriesListWritesAndTombstones() {
    overlay.written(version("a", 5));
    overlay.deleted("ns", "b");
    assertThat(overlay.pendingEntries()).hasSize(2)
        .anySatisfy(e -> {
          assertThat(e.getKey()).isEqualTo("ns/a");
          assertThat(e.getValue().isTombstone()).isFalse();
          assertThat(e.getValue().resourceVersion()).isEqualTo("5");
        })
        .anySatisfy(e -> {
          assertThat(e.getKey()).isEqualTo("ns/b");
          assertThat(e.getValue().isTombstone()).isTrue();
        });
  }

  @Test
  void entriesTheInformerNeverDeliversExpire() {
    WriteOverlay<Sandbox> shortLived = new WriteOverlay<>(
        InformerOptions.builder().overlayTtl(Duration.ofMillis(100)).build());
    shortLived.written(version("a", 5));
    shortLived.deleted("ns", "b");
    Sandbox cached = version("a", 4);
    Sandbox b = version("b", 1);
    await().atMost(Duration.ofSeconds(5)).until(() -> shortLived.resolve("ns/a", cached) == cached
        && shortLived.resolve("ns/b", b) == b);
    await().atMost(Duration.ofSeconds(5)).until(() -> {
      shortLived.cleanUp();
      return shortLived.isEmpty();
    });
  }

  @Test
  void theOverlayIsBounded() {
    WriteOverlay<Sandbox> small = new WriteOverlay<>(
        InformerOptions.builder().overlayMaxSize(3).build());
    for (int i = 0; i < 50; i++) {
      small.written(version("s" + i, i + 1));
    }
    small.cleanUp();
    assertThat(small.size()).isLessThanOrEqualTo(3);
    assertThat(small.pendingEntries()).hasSizeLessThanOrEqualTo(3);
    // the count of pending entries stays right through evictions
    for (var e : java.util.List.copyOf(small.pendingEntries())) {
      small.observed(e.getValue().object());
    }
    assertThat(small.isEmpty()).isTrue();
  }
}
