package io.kruise.agents.informers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Comparisons of resourceVersions. */
class ResourceVersionsTest {

  @Test
  void equalVersionsAreAtLeastEachOther() {
    assertThat(ResourceVersions.isAtLeast("42", "42")).isTrue();
    assertThat(ResourceVersions.isAtLeast("opaque", "opaque")).isTrue();
  }

  @Test
  void numericVersionsCompareByValueNotText() {
    assertThat(ResourceVersions.isAtLeast("100", "99")).isTrue();
    assertThat(ResourceVersions.isAtLeast("99", "100")).isFalse();
    assertThat(ResourceVersions.isAtLeast("10", "9")).isTrue();
  }

  @Test
  void differentOpaqueVersionsAreNeverProvablyNewer() {
    assertThat(ResourceVersions.isAtLeast("b", "a")).isFalse();
    assertThat(ResourceVersions.isAtLeast("12", "a")).isFalse();
    assertThat(ResourceVersions.isAtLeast("a", "12")).isFalse();
    assertThat(ResourceVersions.isAtLeast("-5", "-6")).isFalse();
  }

  @Test
  void missingVersionsAreNeverAtLeast() {
    assertThat(ResourceVersions.isAtLeast(null, "1")).isFalse();
    assertThat(ResourceVersions.isAtLeast("1", null)).isFalse();
    assertThat(ResourceVersions.isAtLeast(null, null)).isFalse();
  }

  @Test
  void parseAcceptsOnlyPlainNonNegativeNumbers() {
    assertThat(ResourceVersions.parse("0")).isZero();
    assertThat(ResourceVersions.parse("123456789012345678")).isEqualTo(123456789012345678L);
    assertThat(ResourceVersions.parse("1234567890123456789")).isEqualTo(-1);
    assertThat(ResourceVersions.parse("")).isEqualTo(-1);
    assertThat(ResourceVersions.parse(null)).isEqualTo(-1);
    assertThat(ResourceVersions.parse("1a")).isEqualTo(-1);
    assertThat(ResourceVersions.parse("+1")).isEqualTo(-1);
  }
}
