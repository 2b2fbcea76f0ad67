package io.kruise.agents.model;

import static io.kruise.agents.model.TestSupport.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

  private static final Condition READY = condition("Ready", "True", "PodReady", "", "2025-01-01T00:00:00Z", 1L);
  private static final Condition PAUSED = condition("SandboxPaused", "False", "Pending", "", "2025-01-01T00:00:00Z", 1L);

  @Test
  void findIsNullSafe() {
    assertThat(Conditions.find((List<Condition>) null, "Ready")).isEmpty();
    assertThat(Conditions.find(List.of(), "Ready")).isEmpty();
    assertThat(Conditions.find(Arrays.asList(null, READY), "Ready")).contains(READY);
    assertThat(Conditions.find(List.of(READY), null)).isEmpty();
  }

  @Test
  void findReturnsTheFirstConditionOfTheType() {
    Condition second = condition("Ready", "False", "X", "", "2025-01-01T00:00:00Z", 2L);
    assertThat(Conditions.find(List.of(PAUSED, READY, second), "Ready")).containsSame(READY);
    assertThat(Conditions.find(List.of(PAUSED, READY), "SandboxPaused")).containsSame(PAUSED);
    assertThat(Conditions.find(List.of(PAUSED, READY), "Upgrading")).isEmpty();
  }

  @Test
  void isTrueNeedsExactlyTrue() {
    assertThat(Conditions.isTrue(List.of(READY), "Ready")).isTrue();
    assertThat(Conditions.isTrue(List.of(PAUSED), "SandboxPaused")).isFalse();
    assertThat(Conditions.isTrue(List.of(condition("Ready", "true", "r", "", null, null)), "Ready")).isFalse();
    assertThat(Conditions.isTrue(List.of(condition("Ready", null, "r", "", null, null)), "Ready")).isFalse();
    assertThat(Conditions.isTrue(List.of(READY), "Missing")).isFalse();
    assertThat(Conditions.isTrue((List<Condition>) null, "Ready")).isFalse();
  }

  @Test
  void hasStatusComparesExactly() {
    assertThat(Conditions.hasStatus(List.of(PAUSED), "SandboxPaused", "False")).isTrue();
    assertThat(Conditions.hasStatus(List.of(PAUSED), "SandboxPaused", "True")).isFalse();
    assertThat(Conditions.hasStatus(List.of(PAUSED), "SandboxPaused", "false")).isFalse();
    assertThat(Conditions.hasStatus(List.of(PAUSED), "Ready", "False")).isFalse();
    assertThat(Conditions.hasStatus(List.of(condition("Ready", null, "r", "", null, null)), "Ready", null)).isTrue();
    assertThat(Conditions.hasStatus((List<Condition>) null, "Ready", "True")).isFalse();
  }

  @Test
  void sandboxOverloadsAreNullSafe() {
    Sandbox sandbox = Sandbox.of("ns", "n", new SandboxSpec());
    assertThat(Conditions.find((Sandbox) null, "Ready")).isEmpty();
    assertThat(Conditions.isTrue((Sandbox) null, "Ready")).isFalse();
    assertThat(Conditions.hasStatus((Sandbox) null, "Ready", "True")).isFalse();
    assertThat(Conditions.isTrue(sandbox, "Ready")).isFalse();
    sandbox.setStatus(new SandboxStatus());
    assertThat(Conditions.isTrue(sandbox, "Ready")).isFalse();
    sandbox.getStatus().setConditions(new ArrayList<>(List.of(READY, PAUSED)));
    assertThat(Conditions.isTrue(sandbox, "Ready")).isTrue();
    assertThat(Conditions.find(sandbox, "SandboxPaused")).containsSame(PAUSED);
    assertThat(Conditions.hasStatus(sandbox, "SandboxPaused", "False")).isTrue();
    assertThat(Conditions.hasStatus(sandbox, "SandboxPaused", "True")).isFalse();
  }

  @Test
  void sandboxSetOverloadsAreNullSafe() {
    SandboxSet set = SandboxSet.of("ns", "pool", new SandboxSetSpec().withReplicas(1));
    assertThat(Conditions.find((SandboxSet) null, "Ready")).isEmpty();
    assertThat(Conditions.isTrue((SandboxSet) null, "Ready")).isFalse();
    assertThat(Conditions.hasStatus((SandboxSet) null, "Ready", "True")).isFalse();
    assertThat(Conditions.isTrue(set, "Ready")).isFalse();
    set.setStatus(new SandboxSetStatus());
    assertThat(Conditions.find(set, "Ready")).isEmpty();
    set.getStatus().setConditions(List.of(READY));
    assertThat(Conditions.isTrue(set, "Ready")).isTrue();
    assertThat(Conditions.find(set, "Ready")).containsSame(READY);
    assertThat(Conditions.hasStatus(set, "Ready", "Unknown")).isFalse();
  }

  @Test
  void setAddsANewConditionAndFillsTheTransitionTime() {
    Instant now = Instant.parse("2025-02-03T04:05:06.789Z");
    List<Condition> list = Conditions.set(null, condition("Ready", "False", "PodCreateFailed", "boom", null, 4L), now);
    assertThat(list).hasSize(1);
    Condition added = list.get(0);
    assertThat(added.getLastTransitionTime()).isEqualTo("2025-02-03T04:05:06Z");
    assertThat(added.getReason()).isEqualTo("PodCreateFailed");
    assertThat(added.getMessage()).isEqualTo("boom");
    assertThat(added.getObservedGeneration()).isEqualTo(4L);
    assertThat(added.getStatus()).isEqualTo("False");
  }

  @Test
  void setKeepsTheTransitionTimeWhenTheStatusDoesNotChange() {
    List<Condition> list = new ArrayList<>(List.of(condition("Ready", "True", "PodReady", "a", "2025-01-01T00:00:00Z", 1L)));
    List<Condition> result = Conditions.set(list,
        condition("Ready", "True", "InplaceUpdating", "b", null, 2L), Instant.parse("2025-03-01T00:00:00Z"));
    assertThat(result).isSameAs(list).hasSize(1);
    assertThat(list.get(0).getLastTransitionTime()).isEqualTo("2025-01-01T00:00:00Z");
    assertThat(list.get(0).getReason()).isEqualTo("InplaceUpdating");
    assertThat(list.get(0).getMessage()).isEqualTo("b");
    assertThat(list.get(0).getObservedGeneration()).isEqualTo(2L);
  }

  @Test
  void setMovesTheTransitionTimeWhenTheStatusChanges() {
    List<Condition> list = new ArrayList<>(List.of(PAUSED.toBuilder().build(), READY.toBuilder().build()));
    Conditions.set(list, condition("Ready", "False", "Upgrading", "", null, 3L), Instant.parse("2025-03-01T00:00:00Z"));
    assertThat(list).hasSize(2);
    assertThat(list.get(1).getStatus()).isEqualTo("False");
    assertThat(list.get(1).getLastTransitionTime()).isEqualTo("2025-03-01T00:00:00Z");
    Conditions.set(list, condition("Ready", "True", "PodReady", "", "2025-04-01T00:00:00Z", 3L));
    assertThat(list.get(1).getLastTransitionTime()).isEqualTo("2025-04-01T00:00:00Z");
    assertThat(list.get(0)).isEqualTo(PAUSED);
  }

  @Test
  void setRejectsConditionsWithoutType() {
    assertThatNullPointerException().isThrownBy(() -> Conditions.set(new ArrayList<>(), null));
    assertThatNullPointerException()
        .isThrownBy(() -> Conditions.set(new ArrayList<>(), condition(null, "True", "r", "", null, null)));
  }
}
