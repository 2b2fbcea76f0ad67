package io.kruise.agents.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TimesTest {

  @ParameterizedTest
  @CsvSource({
      "2025-01-02T03:04:05Z, 2025-01-02T03:04:05Z",
      "2025-01-02T11:04:05+08:00, 2025-01-02T03:04:05Z",
      "2025-01-02T03:04:05.250Z, 2025-01-02T03:04:05.250Z",
      "2025-01-01T23:04:05-04:00, 2025-01-02T03:04:05Z"})
  void parsesRfc3339(String text, String expected) {
    assertThat(Times.parse(text)).contains(Instant.parse(expected));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  ", "tomorrow", "2025-01-02", "2025-01-02T03:04:05", "2025-13-02T03:04:05Z", "1735787045"})
  void rejectsEverythingElseWithoutThrowing(String text) {
    assertThat(Times.parse(text)).isEmpty();
  }

  @Test
  void formatsLikeMetav1Time() {
    assertThat(Times.format(Instant.parse("2025-01-02T03:04:05.999Z"))).isEqualTo("2025-01-02T03:04:05Z");
    assertThat(Times.format(Instant.parse("2025-01-02T03:04:00Z"))).isEqualTo("2025-01-02T03:04:00Z");
    assertThat(Times.parse(Times.format(Instant.parse("2030-06-01T00:00:00Z")))).contains(Instant.parse("2030-06-01T00:00:00Z"));
  }
}
