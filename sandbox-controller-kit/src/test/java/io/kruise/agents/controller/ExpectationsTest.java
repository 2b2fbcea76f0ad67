package io.kruise.agents.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kruise.agents.client.exceptions.ValidationException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExpectationsTest {

  private final FakeTicker ticker = new FakeTicker();
  private final Expectations expectations = new Expectations(ticker, Duration.ofMinutes(1));

  @Test
  void nothingExpectedIsSatisfied() {
    assertThat(expectations.pending("ns/pool")).isEqualTo(Expectations.Pending.NONE);
    assertThat(expectations.pending("ns/pool").isSatisfied()).isTrue();
    assertThat(expectations.owners()).isZero();
  }

  @Test
  void creationsArePendingUntilObserved() {
    expectations.expectCreation("ns/pool", "a");
    expectations.expectCreation("ns/pool", "b");
    expectations.expectCreation("ns/other", "c");
    assertThat(expectations.pending("ns/pool").creations()).containsExactlyInAnyOrder("a", "b");
    assertThat(expectations.pending("ns/pool").isSatisfied()).isFalse();

    expectations.observeCreation("ns/pool", "a");
    expectations.observeCreation("ns/pool", "unknown");
    expectations.observeCreation("ns/missing", "a");
    assertThat(expectations.pending("ns/pool").creations()).containsExactly("b");
    expectations.observeCreation("ns/pool", "b");
    assertThat(expectations.pending("ns/pool").isSatisfied()).isTrue();
    assertThat(expectations.owners()).as("an owner without entries leaves no trace").isOne();
    assertThat(expectations.pending("ns/other").creations()).containsExactly("c");
  }

  @Test
  void deletionsArePendingUntilObserved() {
    expectations.expectDeletion("ns/pool", "a");
    assertThat(expectations.pending("ns/pool").deletions()).containsExactly("a");
    expectations.observeCreation("ns/pool", "a");
    assertThat(expectations.pending("ns/pool").deletions()).as("a creation is not a deletion")
        .containsExactly("a");
    expectations.observeDeletion("ns/pool", "a");
    assertThat(expectations.pending("ns/pool").isSatisfied()).isTrue();
  }

  @Test
  void whatTheCacheShowsSatisfiesCreationsSeenAndDeletionsGone() {
    expectations.expectCreation("ns/pool", "new-seen");
    expectations.expectCreation("ns/pool", "new-unseen");
    expectations.expectDeletion("ns/pool", "old-gone");
    expectations.expectDeletion("ns/pool", "old-still-there");

    Expectations.Pending pending = expectations.satisfy("ns/pool",
        List.of("new-seen", "old-still-there", "unrelated"));

    assertThat(pending.creations()).containsExactly("new-unseen");
    assertThat(pending.deletions()).containsExactly("old-still-there");
    assertThat(expectations.pending("ns/pool")).isEqualTo(pending);
  }

  @Test
  void entriesExpireOnTheTickerOneByOne() {
    expectations.expectCreation("ns/pool", "early");
    ticker.advance(Duration.ofSeconds(40));
    expectations.expectDeletion("ns/pool", "late");
    assertThat(expectations.pending("ns/pool").expiresIn()).isEqualTo(Duration.ofSeconds(20));

    ticker.advance(Duration.ofSeconds(20));
    Expectations.Pending pending = expectations.pending("ns/pool");
    assertThat(pending.creations()).isEmpty();
    assertThat(pending.deletions()).containsExactly("late");
    assertThat(pending.expiresIn()).isEqualTo(Duration.ofSeconds(40));

    ticker.advance(Duration.ofSeconds(40));
    assertThat(expectations.pending("ns/pool").isSatisfied()).isTrue();
    assertThat(expectations.owners()).isZero();
  }

  @Test
  void purgeDropsExpiredEntriesOfOwnersNobodyAsksAbout() {
    expectations.expectCreation("ns/gone", "a");
    expectations.expectCreation("ns/live", "b");
    ticker.advance(Duration.ofSeconds(30));
    expectations.expectCreation("ns/live", "c");
    ticker.advance(Duration.ofSeconds(31));
    expectations.purgeExpired();
    assertThat(expectations.owners()).isOne();
    assertThat(expectations.pending("ns/live").creations()).containsExactly("c");
  }

  @Test
  void forgetDropsAnOwner() {
    expectations.expectCreation("ns/pool", "a");
    expectations.expectDeletion("ns/pool", "b");
    expectations.forget("ns/pool");
    assertThat(expectations.pending("ns/pool").isSatisfied()).isTrue();
    assertThat(expectations.owners()).isZero();
  }

  @Test
  void badArgumentsAreRefusedNamingThem() {
    assertThatThrownBy(() -> new Expectations(null, Duration.ofSeconds(1)))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).fields()).containsExactly("ticker"));
    assertThatThrownBy(() -> new Expectations(ticker, Duration.ZERO))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).fields()).containsExactly("timeout"));
    assertThatThrownBy(() -> expectations.expectCreation(null, "a"))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).fields()).containsExactly("owner"));
    assertThatThrownBy(() -> expectations.expectDeletion("o", null))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).fields()).containsExactly("name"));
    assertThatThrownBy(() -> expectations.satisfy(null, Set.of()))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).fields()).containsExactly("owner"));
  }
}
