package io.kruise.agents.informers;

import static io.kruise.agents.informers.InformerFixtures.sandbox;
import static org.assertj.core.api.Assertions.assertThat;

import io.kruise.agents.model.Sandbox;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The read-your-writes overlay on its own. */
class WriteOverlayTest {

  private final FakeTicker ticker = new FakeTicker();
  private final WriteOverlay<Sandbox> overlay = new WriteOverlay<>(InformerOptions.DEFAULTS,
      ticker);

  private static Sandbox version(String name, int rv) {
    return incarnation(name, "uid-1", rv);
  }

  private static Sandbox incarnation(String name, String uid, int rv) {
    Sandbox s = sandbox("ns", name);
    s.getMetadata().setResourceVersion(String.valueOf(rv));
    s.getMetadata().setUid(uid);
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
    overlay.deleted("ns", "a", null);
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
    overlay.deleted("ns", "a", null);
    overlay.observedDelete(version("a", 5));
    assertThat(overlay.isEmpty()).isTrue();
    Sandbox recreated = version("a", 8);
    assertThat(overlay.resolve("ns/a", recreated)).isSameAs(recreated);
  }

  @Test
  void aDeleteWhoseEventArrivedFirstLeavesNoTombstone() {
    // the watch delivered the delete before the DELETE request returned
    overlay.observedDelete(version("a", 5));
    overlay.deleted("ns", "a", null);
    assertThat(overlay.isEmpty()).isTrue();
    Sandbox recreatedByOthers = version("a", 9);
    assertThat(overlay.resolve("ns/a", recreatedByOthers)).isSameAs(recreatedByOthers);
  }

  @Test
  void aDeleteWhoseEventArrivedFirstAlsoDropsAPendingWrite() {
    overlay.written(version("a", 5));
    overlay.observed(version("a", 4));
    overlay.observedDelete(version("a", 5));
    overlay.deleted("ns", "a", null);
    assertThat(overlay.isEmpty()).isTrue();
    assertThat(overlay.resolve("ns/a", null)).isNull();
  }

  @Test
  void laterEventsOrWritesOfTheKeyRearmTheTombstone() {
    overlay.observedDelete(version("a", 5));
    overlay.observed(incarnation("a", "uid-2", 8)); // re-created, and the informer has seen it
    overlay.deleted("ns", "a", "uid-2");
    assertThat(overlay.resolve("ns/a", incarnation("a", "uid-2", 8))).isNull();

    overlay.observedDelete(version("b", 5));
    overlay.written(incarnation("b", "uid-2", 9)); // re-created by this process, not yet seen
    overlay.deleted("ns", "b", "uid-2");
    assertThat(overlay.resolve("ns/b", null)).isNull();
    assertThat(overlay.resolve("ns/b", incarnation("b", "uid-2", 9))).as("its add arrives late")
        .isNull();
  }

  @Test
  void pendingEntriesListWritesAndTombstones() {
    overlay.written(version("a", 5));
    overlay.deleted("ns", "b", null);
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
        InformerOptions.builder().overlayTtl(Duration.ofSeconds(30)).build(), ticker);
    shortLived.written(version("a", 5));
    shortLived.deleted("ns", "b", null);
    Sandbox cached = version("a", 4);
    Sandbox b = version("b", 1);
    ticker.advance(Duration.ofSeconds(29));
    assertThat(shortLived.resolve("ns/a", cached)).isNotSameAs(cached);
    assertThat(shortLived.resolve("ns/b", b)).isNull();
    ticker.advance(Duration.ofSeconds(2));
    assertThat(shortLived.resolve("ns/a", cached)).isSameAs(cached);
    assertThat(shortLived.resolve("ns/b", b)).isSameAs(b);
    shortLived.cleanUp();
    assertThat(shortLived.isEmpty()).isTrue();
  }

  @Test
  void aStaleDeleteOfTheOldIncarnationKeepsTheRecreatedObjectsWrite() {
    // this process deleted "a" (uid-1) and created it again (uid-2); the watch is behind and now
    // delivers the old incarnation's delete
    overlay.written(incarnation("a", "uid-2", 20));
    overlay.observedDelete(incarnation("a", "uid-1", 15));
    assertThat(overlay.resolve("ns/a", null)).as("the new incarnation stays visible")
        .isNotNull().extracting(s -> s.getMetadata().getUid()).isEqualTo("uid-2");
    overlay.observed(incarnation("a", "uid-2", 20));
    assertThat(overlay.isEmpty()).isTrue();
  }

  @Test
  void aStaleDeleteOfTheOldIncarnationKeepsTheNewTombstoneSemantics() {
    // "a" uid-2 deleted by this process; the old incarnation's delete arrives first
    overlay.deleted("ns", "a", "uid-2");
    overlay.observedDelete(incarnation("a", "uid-1", 15));
    assertThat(overlay.resolve("ns/a", incarnation("a", "uid-2", 18))).isNull();
    overlay.observedDelete(incarnation("a", "uid-2", 21));
    assertThat(overlay.isEmpty()).isTrue();
  }

  @Test
  void aLateWriteAnswerDoesNotResurrectAnObjectTheInformerSawDeleted() {
    // another process deleted "a" and the informer delivered it before this write's answer
    overlay.observedDelete(incarnation("a", "uid-1", 30));
    overlay.written(incarnation("a", "uid-1", 25));
    assertThat(overlay.isEmpty()).isTrue();
    assertThat(overlay.resolve("ns/a", null)).isNull();
    // a write of a new incarnation after that delete is kept
    overlay.written(incarnation("a", "uid-2", 40));
    assertThat(overlay.resolve("ns/a", null).getMetadata().getUid()).isEqualTo("uid-2");
  }

  @Test
  void aTombstoneDoesNotHideAnObjectRecreatedByOthers() {
    overlay.deleted("ns", "a", "uid-1");
    Sandbox recreated = incarnation("a", "uid-2", 50);
    assertThat(overlay.resolve("ns/a", recreated)).isSameAs(recreated);
    // an in-flight update of the deleted incarnation stays hidden
    assertThat(overlay.resolve("ns/a", incarnation("a", "uid-1", 12))).isNull();
    overlay.observed(recreated);
    assertThat(overlay.isEmpty()).isTrue();
  }

  @Test
  void theOverlayIsBounded() {
    WriteOverlay<Sandbox> small = new WriteOverlay<>(
        InformerOptions.builder().overlayMaxSize(3).build(), ticker);
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
