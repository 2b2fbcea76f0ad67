package io.kruise.agents.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SandboxPhaseTest {

  @ParameterizedTest
  @CsvSource({
      "PENDING, Pending",
      "RUNNING, Running",
      "PAUSED, Paused",
      "RESUMING, Resuming",
      "UPGRADING, Upgrading",
      "SUCCEEDED, Succeeded",
      "FAILED, Failed",
      "RECYCLING, Recycling",
      "TERMINATING, Terminating"})
  void wireValuesMatchUpstream(SandboxPhase phase, String wire) {
    assertThat(phase.value()).isEqualTo(wire);
    assertThat(SandboxPhase.parse(wire)).isEqualTo(phase);
  }

  @ParameterizedTest
  @EnumSource(value = SandboxPhase.class, mode = EnumSource.Mode.EXCLUDE, names = "UNKNOWN")
  void everyKnownPhaseParsesBack(SandboxPhase phase) {
    assertThat(SandboxPhase.parse(phase.value())).isSameAs(phase);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"Migrating", "running", "RUNNING", " Running", "Unknown"})
  void anythingElseIsUnknown(String wire) {
    assertThat(SandboxPhase.parse(wire)).isEqualTo(SandboxPhase.UNKNOWN);
  }

  @Test
  void unknownHasNoWireValueAndTheSetIsComplete() {
    assertThat(SandboxPhase.UNKNOWN.value()).isNull();
    assertThat(Arrays.stream(SandboxPhase.values()).map(Enum::name)).containsExactly(
        "PENDING", "RUNNING", "PAUSED", "RESUMING", "UPGRADING", "SUCCEEDED", "FAILED", "RECYCLING", "TERMINATING",
        "UNKNOWN");
  }
}
