package io.kruise.agents.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class GoDurationsTest {

  /** Expected values are what Go's time.ParseDuration returns, in nanoseconds. */
  @ParameterizedTest
  @CsvSource({
      "0, 0",
      "-0, 0",
      "+0, 0",
      "0s, 0",
      "1m, 60000000000",
      "30s, 30000000000",
      "60m, 3600000000000",
      "-1s, -1000000000",
      "+5s, 5000000000",
      "1h30m, 5400000000000",
      "1h0m0s, 3600000000000",
      "1.5h, 5400000000000",
      ".5s, 500000000",
      "1.s, 1000000000",
      "200ms, 200000000",
      "3us, 3000",
      "3\u00b5s, 3000",
      "3\u03bcs, 3000",
      "7ns, 7",
      "1.0000000005s, 1000000000",
      "2h45m10.5s, 9910500000000",
      "1m1m, 120000000000"})
  void parsesWhatGoParses(String value, long nanos) {
    assertThat(GoDurations.parse(value)).contains(Duration.ofNanos(nanos));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"1", "10", "s", "-", "+", "1x", "1 s", " 1s", "1s ", "1.2.3s", ".s", "1d", "1S",
      "3000000h", "one minute", "PT1M"})
  void rejectsWhatGoRejects(String value) {
    assertThat(GoDurations.parse(value)).isEmpty();
  }

  /** Expected strings are Go's time.Duration.String() of the same value. */
  @ParameterizedTest
  @CsvSource({
      "0, 0s",
      "1, 1ns",
      "1500, 1.5\u00b5s",
      "2000000, 2ms",
      "1500000, 1.5ms",
      "1000000000, 1s",
      "1500000000, 1.5s",
      "30000000000, 30s",
      "60000000000, 1m0s",
      "90000000000, 1m30s",
      "3600000000000, 1h0m0s",
      "5400000000000, 1h30m0s",
      "9910500000000, 2h45m10.5s",
      "-1000000000, -1s",
      "-90000000000, -1m30s",
      "360000000000000, 100h0m0s"})
  void formatsLikeGo(long nanos, String expected) {
    assertThat(GoDurations.format(Duration.ofNanos(nanos))).isEqualTo(expected);
    assertThat(GoDurations.parse(expected)).contains(Duration.ofNanos(nanos));
  }

  @Test
  void formatRefusesDurationsBeyondGosRange() {
    assertThatThrownBy(() -> GoDurations.format(Duration.ofDays(365L * 300)))
        .isInstanceOf(ArithmeticException.class);
    assertThat(GoDurations.format(Duration.ofNanos(Long.MIN_VALUE))).isEqualTo("-2562047h47m16.854775808s");
    assertThat(GoDurations.format(Duration.ofNanos(Long.MAX_VALUE))).isEqualTo("2562047h47m16.854775807s");
  }
}
