package io.kruise.agents.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SandboxClaimPhaseTest {

  @ParameterizedTest
  @CsvSource({"CLAIMING, Claiming", "COMPLETED, Completed"})
  void wireValuesMatchUpstream(SandboxClaimPhase phase, String wire) {
    assertThat(phase.value()).isEqualTo(wire);
    assertThat(SandboxClaimPhase.parse(wire)).isSameAs(phase);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"Pending", "TimedOut", "completed", "COMPLETED", " Claiming"})
  void anythingElseIsUnknown(String wire) {
    assertThat(SandboxClaimPhase.parse(wire)).isEqualTo(SandboxClaimPhase.UNKNOWN);
  }

  @Test
  void unknownHasNoWireValueAndTheSetIsComplete() {
    assertThat(SandboxClaimPhase.UNKNOWN.value()).isNull();
    assertThat(Arrays.stream(SandboxClaimPhase.values()).map(Enum::name))
        .containsExactly("CLAIMING", "COMPLETED", "UNKNOWN");
  }
}
