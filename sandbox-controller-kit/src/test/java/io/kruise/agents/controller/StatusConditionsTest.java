package io.kruise.agents.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Condition;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.ConditionReasons;
import io.kruise.agents.model.ConditionTypes;
import io.kruise.agents.model.SandboxSetStatus;
import io.kruise.agents.model.SandboxStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusConditionsTest {

  private static final Instant T1 = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant T2 = Instant.parse("2025-01-01T00:05:00Z");

  private static Condition ready(String status, String reason, long generation) {
    return StatusConditions.condition(ConditionTypes.READY, status, reason, "msg " + reason,
        generation);
  }

  @Test
  void aNewConditionGetsTheGivenTimeAsTransitionTime() {
    List<Condition> set = StatusConditions.set(null,
        ready("True", ConditionReasons.Ready.POD_READY, 3), T1);
    assertThat(set).singleElement().satisfies(c -> {
      assertThat(c.getType()).isEqualTo("Ready");
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("PodReady");
      assertThat(c.getMessage()).isEqualTo("msg PodReady");
      assertThat(c.getObservedGeneration()).isEqualTo(3L);
      assertThat(c.getLastTransitionTime()).isEqualTo("2025-01-01T00:00:00Z");
    });
  }

  @Test
  void theTransitionTimeMovesOnlyWhenTheStatusChanges() {
    List<Condition> first = StatusConditions.set(null, ready("False", "Starting", 1), T1);
    List<Condition> sameStatus = StatusConditions.set(first, ready("False", "StillStarting", 2), T2);
    assertThat(sameStatus.get(0).getLastTransitionTime()).isEqualTo("2025-01-01T00:00:00Z");
    assertThat(sameStatus.get(0).getReason()).isEqualTo("StillStarting");
    assertThat(sameStatus.get(0).getObservedGeneration()).isEqualTo(2L);

    List<Condition> changed = StatusConditions.set(sameStatus, ready("True", "PodReady", 2), T2);
    assertThat(changed.get(0).getLastTransitionTime()).isEqualTo("2025-01-01T00:05:00Z");
    assertThat(changed.get(0).getStatus()).isEqualTo("True");
  }

  @Test
  void settingTheSameConditionAgainGivesAnEqualStatus() {
    SandboxSetStatus once = StatusConditions.withCondition(new SandboxSetStatus(),
        ready("True", "PodReady", 1), T1);
    SandboxSetStatus twice = StatusConditions.withCondition(once, ready("True", "PodReady", 1), T2);
    assertThat(twice).isEqualTo(once).isNotSameAs(once);
  }

  @Test
  void theGivenListAndConditionsAreNotChanged() {
    Condition original = ready("False", "Starting", 1);
    original.setLastTransitionTime("2024-12-31T00:00:00Z");
    List<Condition> cached = List.of(original); // unmodifiable, as the cache hands it out
    List<Condition> result = StatusConditions.set(cached, ready("True", "PodReady", 2), T2);
    assertThat(result.get(0).getStatus()).isEqualTo("True");
    assertThat(original.getStatus()).isEqualTo("False");
    assertThat(original.getReason()).isEqualTo("Starting");
    assertThat(original.getLastTransitionTime()).isEqualTo("2024-12-31T00:00:00Z");

    SandboxStatus status = new SandboxStatus().withConditions(cached);
    SandboxStatus updated = StatusConditions.withCondition(status, ready("True", "PodReady", 2), T2);
    assertThat(updated.getConditions().get(0).getStatus()).isEqualTo("True");
    assertThat(status.getConditions()).containsExactly(original);
    assertThat(original.getStatus()).isEqualTo("False");
  }

  @Test
  void otherTypesAreKept() {
    List<Condition> two = StatusConditions.set(
        StatusConditions.set(null, ready("True", "PodReady", 1), T1),
        StatusConditions.condition("Paused", "False", "Running", null, null), T1);
    assertThat(two).extracting(Condition::getType).containsExactly("Ready", "Paused");
    assertThat(two.get(1).getMessage()).as("a null message is written empty").isEmpty();
  }

  @Test
  void removeDropsOneTypeAndLeavesNullWhenNoneRemain() {
    SandboxSetStatus status = StatusConditions.withCondition(new SandboxSetStatus(),
        ready("True", "PodReady", 1), T1);
    status = StatusConditions.withCondition(status,
        StatusConditions.condition("Other", "True", "Fine", "", 1L), T1);
    SandboxSetStatus one = StatusConditions.withoutCondition(status, "Other");
    assertThat(one.getConditions()).extracting(Condition::getType).containsExactly("Ready");
    assertThat(status.getConditions()).hasSize(2);
    assertThat(StatusConditions.withoutCondition(one, "Ready").getConditions()).isNull();
    assertThat(StatusConditions.withoutCondition(one, "Missing")).isEqualTo(one);
    assertThat(StatusConditions.withoutCondition((SandboxStatus) null, "Ready").getConditions()).isNull();
  }

  @Test
  void invalidConditionsAreRefusedNamingTheArgument() {
    assertThatThrownBy(() -> StatusConditions.condition("Ready", "yes", "PodReady", "", 1L))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).fields()).containsExactly("status"));
    assertThatThrownBy(() -> StatusConditions.condition("Ready", "True", "not a reason", "", 1L))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).fields()).containsExactly("reason"));
    assertThatThrownBy(() -> StatusConditions.condition(" ", "True", "PodReady", "", 1L))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).fields()).containsExactly("type"));
    assertThatThrownBy(() -> StatusConditions.condition("Ready", "True", "PodReady", "", -1L))
        .isInstanceOf(ValidationException.class).satisfies(e -> assertThat(
            ((ValidationException) e).fields()).containsExactly("observedGeneration"));
    assertThatThrownBy(() -> StatusConditions.set((List<Condition>) null, null, T1))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).fields()).containsExactly("desired"));
    assertThatThrownBy(() -> StatusConditions.set((List<Condition>) null,
        ready("True", "PodReady", 1), null))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).fields()).containsExactly("now"));
    assertThatThrownBy(() -> StatusConditions.remove((List<Condition>) null, null))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).fields()).containsExactly("type"));
  }
}
