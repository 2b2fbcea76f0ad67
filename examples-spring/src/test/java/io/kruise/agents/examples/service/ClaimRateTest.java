package io.kruise.agents.examples.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Claims per second on a clock the test moves. */
class ClaimRateTest {

  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-01-01T00:00:00.500Z"));
  private final ClaimRate rate = new ClaimRate(new Clock() {
    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  });

  @Test
  void ratesCountWholeSecondsOfTheLastTenAndTheMinuteSlidesAlong() {
    rate.record("python");
    rate.record("python");
    rate.record("node");
    assertThat(rate.perSecond("python")).as("the current second is not whole yet").isZero();
    assertThat(rate.lastMinute()).hasSize(ClaimRate.SECONDS).endsWith(3L);

    tick(1);
    assertThat(rate.perSecond("python")).isEqualTo(0.2);
    assertThat(rate.perSecond("node")).isEqualTo(0.1);
    assertThat(rate.perSecond("ruby")).isZero();
    assertThat(rate.lastMinute()).endsWith(3L, 0L);

    tick(10);
    assertThat(rate.perSecond("python")).as("older than ten seconds").isZero();
    assertThat(rate.lastMinute()).contains(3L);

    tick(50);
    assertThat(rate.lastMinute()).as("older than a minute").containsOnly(0L);
    rate.record("python");
    assertThat(rate.lastMinute()).endsWith(1L).as("a reused slot starts at zero")
        .doesNotContain(3L, 4L);
    assertThat(rate.total()).isEqualTo(4);
  }

  private void tick(int seconds) {
    now.set(now.get().plusSeconds(seconds));
  }
}
