package io.kruise.agents.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SandboxStatesTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final String PAST = "2025-06-01T11:59:59Z";
  private static final String FUTURE = "2025-06-01T12:00:01Z";

  /** Small builder so each row of the rule table reads as one line. */
  static final class S {
    private final Sandbox sandbox = Sandbox.of("ns", "sbx", new SandboxSpec());

    static S sandbox() {
      return new S();
    }

    S phase(String phase) {
      status().setPhase(phase);
      return this;
    }

    S ready(String status) {
      status().addCondition(TestSupport.condition(ConditionTypes.READY, status, "r", "", "2025-01-01T00:00:00Z", null));
      return this;
    }

    S paused() {
      sandbox.getSpec().setPaused(true);
      return this;
    }

    S shutdownAt(String time) {
      sandbox.getSpec().setShutdownTime(time);
      return this;
    }

    S deleting() {
      sandbox.getMetadata().setDeletionTimestamp("2025-06-01T11:00:00Z");
      return this;
    }

    S owner(OwnerReference ref) {
      List<OwnerReference> refs = sandbox.getMetadata().getOwnerReferences() == null
          ? new ArrayList<>()
          : new ArrayList<>(sandbox.getMetadata().getOwnerReferences());
      refs.add(ref);
      sandbox.getMetadata().setOwnerReferences(refs);
      return this;
    }

    S pooled() {
      return owner(sandboxSetOwner(AgentsApi.API_VERSION, AgentsApi.SANDBOXSET_KIND, true));
    }

    S noStatus() {
      sandbox.setStatus(null);
      return this;
    }

    S noSpec() {
      sandbox.setSpec(null);
      return this;
    }

    private SandboxStatus status() {
      if (sandbox.getStatus() == null) {
        sandbox.setStatus(new SandboxStatus());
      }
      return sandbox.getStatus();
    }

    Sandbox build() {
      return sandbox;
    }

    @Override
    public String toString() {
      return "Sandbox(phase=" + (sandbox.getStatus() == null ? "<no status>" : sandbox.getStatus().getPhase())
          + ", conditions=" + (sandbox.getStatus() == null ? null : sandbox.getStatus().getConditions())
          + ", spec=" + sandbox.getSpec() + ", owners=" + sandbox.getMetadata().getOwnerReferences()
          + ", deletion=" + sandbox.getMetadata().getDeletionTimestamp() + ")";
    }
  }

  static OwnerReference sandboxSetOwner(String apiVersion, String kind, Boolean controller) {
    return new OwnerReferenceBuilder().withApiVersion(apiVersion).withKind(kind).withName("pool")
        .withUid("uid").withController(controller).build();
  }

  static Stream<Arguments> ruleTable() {
    return Stream.of(
        // 1. deletion timestamp wins over everything
        row("deleted running ready", S.sandbox().deleting().phase("Running").ready("True"),
            SandboxState.DEAD, SandboxStates.REASON_RESOURCE_DELETED),
        row("deletion beats Pending", S.sandbox().deleting().phase("Pending"),
            SandboxState.DEAD, SandboxStates.REASON_RESOURCE_DELETED),
        row("deletion beats pooled ready", S.sandbox().deleting().pooled().phase("Running").ready("True"),
            SandboxState.DEAD, SandboxStates.REASON_RESOURCE_DELETED),
        row("deletion beats past shutdown", S.sandbox().deleting().shutdownAt(PAST),
            SandboxState.DEAD, SandboxStates.REASON_RESOURCE_DELETED),
        // 2. shutdown time
        row("past shutdown beats running ready", S.sandbox().shutdownAt(PAST).phase("Running").ready("True"),
            SandboxState.DEAD, SandboxStates.REASON_SHUTDOWN_TIME_REACHED),
        row("past shutdown beats Pending", S.sandbox().shutdownAt(PAST).phase("Pending"),
            SandboxState.DEAD, SandboxStates.REASON_SHUTDOWN_TIME_REACHED),
        row("past shutdown with offset", S.sandbox().shutdownAt("2025-06-01T13:59:00+02:00").phase("Running").ready("True"),
            SandboxState.DEAD, SandboxStates.REASON_SHUTDOWN_TIME_REACHED),
        row("future shutdown ignored", S.sandbox().shutdownAt(FUTURE).phase("Running").ready("True"),
            SandboxState.RUNNING, SandboxStates.REASON_RUNNING_CLAIMED_AND_READY),
        row("shutdown exactly now is not reached", S.sandbox().shutdownAt("2025-06-01T12:00:00Z").phase("Running").ready("True"),
            SandboxState.RUNNING, SandboxStates.REASON_RUNNING_CLAIMED_AND_READY),
        row("malformed shutdown ignored", S.sandbox().shutdownAt("yesterday").phase("Running").ready("True"),
            SandboxState.RUNNING, SandboxStates.REASON_RUNNING_CLAIMED_AND_READY),
        row("empty shutdown ignored", S.sandbox().shutdownAt("").phase("Running").ready("True"),
            SandboxState.RUNNING, SandboxStates.REASON_RUNNING_CLAIMED_AND_READY),
        // 3. Pending
        row("Pending", S.sandbox().phase("Pending"), SandboxState.CREATING, SandboxStates.REASON_RESOURCE_PENDING),
        row("Pending beats pooled ready", S.sandbox().pooled().phase("Pending").ready("True"),
            SandboxState.CREATING, SandboxStates.REASON_RESOURCE_PENDING),
        // 4. finished phases
        row("Succeeded", S.sandbox().phase("Succeeded"), SandboxState.DEAD, SandboxStates.REASON_RESOURCE_SUCCEEDED),
        row("Failed", S.sandbox().phase("Failed"), SandboxState.DEAD, SandboxStates.REASON_RESOURCE_FAILED),
        row("Terminating", S.sandbox().phase("Terminating"), SandboxState.DEAD,
            SandboxStates.REASON_RESOURCE_TERMINATING),
        row("Failed beats pooled ready", S.sandbox().pooled().phase("Failed").ready("True"),
            SandboxState.DEAD, SandboxStates.REASON_RESOURCE_FAILED),
        // 5. controlled by a SandboxSet
        row("pooled ready", S.sandbox().pooled().phase("Running").ready("True"),
            SandboxState.AVAILABLE, SandboxStates.REASON_CONTROLLED_BY_SBS_AND_READY),
        row("pooled not ready", S.sandbox().pooled().phase("Running").ready("False"),
            SandboxState.CREATING, SandboxStates.REASON_CONTROLLED_BY_SBS_BUT_NOT_READY),
        row("pooled ready unknown", S.sandbox().pooled().phase("Running").ready("Unknown"),
            SandboxState.CREATING, SandboxStates.REASON_CONTROLLED_BY_SBS_BUT_NOT_READY),
        row("pooled without conditions", S.sandbox().pooled().phase("Running"),
            SandboxState.CREATING, SandboxStates.REASON_CONTROLLED_BY_SBS_BUT_NOT_READY),
        row("pooled without status", S.sandbox().pooled().noStatus(),
            SandboxState.CREATING, SandboxStates.REASON_CONTROLLED_BY_SBS_BUT_NOT_READY),
        row("pooled paused flag ignored", S.sandbox().pooled().paused().phase("Running").ready("True"),
            SandboxState.AVAILABLE, SandboxStates.REASON_CONTROLLED_BY_SBS_AND_READY),
        row("pooled in phase Paused and ready", S.sandbox().pooled().phase("Paused").ready("True"),
            SandboxState.AVAILABLE, SandboxStates.REASON_CONTROLLED_BY_SBS_AND_READY),
        row("lower-case true is not ready", S.sandbox().pooled().phase("Running").ready("true"),
            SandboxState.CREATING, SandboxStates.REASON_CONTROLLED_BY_SBS_BUT_NOT_READY),
        // 5b. owner references that do not count as SandboxSet control
        row("owner with wrong apiVersion", S.sandbox()
                .owner(sandboxSetOwner("agents.kruise.io/v1beta1", "SandboxSet", true)).phase("Running").ready("True"),
            SandboxState.RUNNING, SandboxStates.REASON_RUNNING_CLAIMED_AND_READY),
        row("owner with controller=false", S.sandbox()
                .owner(sandboxSetOwner(AgentsApi.API_VERSION, "SandboxSet", false)).phase("Running").ready("True"),
            SandboxState.RUNNING, SandboxStates.REASON_RUNNING_CLAIMED_AND_READY),
        row("owner with controller unset", S.sandbox()
                .owner(sandboxSetOwner(AgentsApi.API_VERSION, "SandboxSet", null)).phase("Running").ready("True"),
            SandboxState.RUNNING, SandboxStates.REASON_RUNNING_CLAIMED_AND_READY),
        row("owner of another kind", S.sandbox()
                .owner(sandboxSetOwner(AgentsApi.API_VERSION, "SandboxClaim", true)).phase("Running").ready("True"),
            SandboxState.RUNNING, SandboxStates.REASON_RUNNING_CLAIMED_AND_READY),
        row("first controller decides", S.sandbox()
                .owner(sandboxSetOwner("apps/v1", "ReplicaSet", true)).pooled().phase("Running").ready("True"),
            SandboxState.RUNNING, SandboxStates.REASON_RUNNING_CLAIMED_AND_READY),
        row("non-controller owner before controller", S.sandbox()
                .owner(sandboxSetOwner("v1", "ConfigMap", false)).pooled().phase("Running").ready("True"),
            SandboxState.AVAILABLE, SandboxStates.REASON_CONTROLLED_BY_SBS_AND_READY),
        // 6. claimed / standalone, Running
        row("running paused", S.sandbox().phase("Running").paused().ready("True"),
            SandboxState.PAUSED, SandboxStates.REASON_RUNNING_CLAIMED_AND_PAUSED),
        row("running paused not ready", S.sandbox().phase("Running").paused(),
            SandboxState.PAUSED, SandboxStates.REASON_RUNNING_CLAIMED_AND_PAUSED),
        row("running ready", S.sandbox().phase("Running").ready("True"),
            SandboxState.RUNNING, SandboxStates.REASON_RUNNING_CLAIMED_AND_READY),
        row("running not ready", S.sandbox().phase("Running").ready("False"),
            SandboxState.DEAD, SandboxStates.REASON_RUNNING_CLAIMED_BUT_NOT_READY),
        row("running without conditions", S.sandbox().phase("Running"),
            SandboxState.DEAD, SandboxStates.REASON_RUNNING_CLAIMED_BUT_NOT_READY),
        row("running without spec", S.sandbox().noSpec().phase("Running").ready("True"),
            SandboxState.RUNNING, SandboxStates.REASON_RUNNING_CLAIMED_AND_READY),
        // 7. anything else
        row("Paused", S.sandbox().phase("Paused"), SandboxState.PAUSED, SandboxStates.REASON_NOT_RUNNING_CLAIMED),
        row("Resuming", S.sandbox().phase("Resuming").ready("True"),
            SandboxState.PAUSED, SandboxStates.REASON_NOT_RUNNING_CLAIMED),
        row("Upgrading", S.sandbox().phase("Upgrading"), SandboxState.PAUSED, SandboxStates.REASON_NOT_RUNNING_CLAIMED),
        row("Recycling", S.sandbox().phase("Recycling"), SandboxState.PAUSED, SandboxStates.REASON_NOT_RUNNING_CLAIMED),
        row("unknown phase", S.sandbox().phase("Migrating").ready("True"),
            SandboxState.PAUSED, SandboxStates.REASON_NOT_RUNNING_CLAIMED),
        row("empty phase", S.sandbox().phase(""), SandboxState.PAUSED, SandboxStates.REASON_NOT_RUNNING_CLAIMED),
        row("status without phase", S.sandbox().ready("True"),
            SandboxState.PAUSED, SandboxStates.REASON_NOT_RUNNING_CLAIMED),
        row("no status", S.sandbox().noStatus(), SandboxState.PAUSED, SandboxStates.REASON_NOT_RUNNING_CLAIMED),
        row("no spec no status", S.sandbox().noSpec().noStatus(),
            SandboxState.PAUSED, SandboxStates.REASON_NOT_RUNNING_CLAIMED));
  }

  private static Arguments row(String name, S sandbox, SandboxState state, String reason) {
    return Arguments.of(name, sandbox, state, reason);
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("ruleTable")
  void derivesStateAndReason(String name, S sandbox, SandboxState state, String reason) {
    DerivedState derived = SandboxStates.derive(sandbox.build(), NOW);
    assertThat(derived.state()).as("state").isEqualTo(state);
    assertThat(derived.reason()).as("reason").isEqualTo(reason);
    assertThat(SandboxStates.of(sandbox.build(), NOW)).isEqualTo(state);
    assertThat(SandboxStates.reason(sandbox.build(), NOW)).isEqualTo(reason);
  }

  @Test
  void ofWithoutTimeUsesTheCurrentClock() {
    Sandbox expired = S.sandbox().shutdownAt(Times.format(Instant.now().minus(Duration.ofHours(1))))
        .phase("Running").ready("True").build();
    Sandbox notYet = S.sandbox().shutdownAt(Times.format(Instant.now().plus(Duration.ofHours(1))))
        .phase("Running").ready("True").build();
    assertThat(SandboxStates.of(expired)).isEqualTo(SandboxState.DEAD);
    assertThat(SandboxStates.of(notYet)).isEqualTo(SandboxState.RUNNING);
  }

  @Test
  void derivingDoesNotModifyTheSandbox() {
    Sandbox sandbox = S.sandbox().pooled().phase("Running").ready("True").shutdownAt("garbage").build();
    Sandbox before = sandbox.deepCopy();
    SandboxStates.derive(sandbox, NOW);
    assertThat(sandbox).isEqualTo(before);
  }

  @Test
  void nullArgumentsAreRejected() {
    assertThatNullPointerException().isThrownBy(() -> SandboxStates.of(null, NOW));
    assertThatNullPointerException().isThrownBy(() -> SandboxStates.derive(new Sandbox(), null));
    assertThatNullPointerException().isThrownBy(() -> SandboxStates.sandboxId(null));
    assertThatNullPointerException().isThrownBy(() -> new DerivedState(null, "r"));
    assertThatNullPointerException().isThrownBy(() -> new DerivedState(SandboxState.DEAD, null));
  }

  @Test
  void derivedStateIsAValue() {
    assertThat(new DerivedState(SandboxState.DEAD, "x")).isEqualTo(new DerivedState(SandboxState.DEAD, "x"))
        .isNotEqualTo(new DerivedState(SandboxState.DEAD, "y"));
  }

  @Nested
  class ControlledBySandboxSet {
    @Test
    void trueOnlyForAControllerSandboxSetOfThisVersion() {
      assertThat(SandboxStates.isControlledBySandboxSet(S.sandbox().pooled().build())).isTrue();
      assertThat(SandboxStates.isControlledBySandboxSet(S.sandbox().build())).isFalse();
      assertThat(SandboxStates.isControlledBySandboxSet(
          S.sandbox().owner(sandboxSetOwner("agents.kruise.io/v1beta1", "SandboxSet", true)).build())).isFalse();
      assertThat(SandboxStates.isControlledBySandboxSet(
          S.sandbox().owner(sandboxSetOwner(AgentsApi.API_VERSION, "SandboxSet", false)).build())).isFalse();
    }

    @Test
    void nullSafe() {
      assertThat(SandboxStates.isControlledBySandboxSet(null)).isFalse();
      Sandbox noMeta = new Sandbox();
      noMeta.setMetadata(null);
      assertThat(SandboxStates.isControlledBySandboxSet(noMeta)).isFalse();
      Sandbox nullRef = S.sandbox().build();
      List<OwnerReference> refs = new ArrayList<>();
      refs.add(null);
      refs.add(sandboxSetOwner(AgentsApi.API_VERSION, "SandboxSet", true));
      nullRef.getMetadata().setOwnerReferences(refs);
      assertThat(SandboxStates.isControlledBySandboxSet(nullRef)).isTrue();
    }
  }

  @Nested
  class Identity {
    private Sandbox withLabels(Map<String, String> labels) {
      Sandbox sandbox = Sandbox.of("team-a", "sbx-1", new SandboxSpec());
      sandbox.getMetadata().setLabels(new HashMap<>(labels));
      return sandbox;
    }

    @Test
    void poolPrefersTheTemplateLabel() {
      assertThat(SandboxStates.poolOf(withLabels(Map.of(SandboxLabels.SANDBOX_TEMPLATE, "tpl",
          SandboxLabels.SANDBOX_POOL, "pool")))).isEqualTo("tpl");
    }

    @Test
    void poolFallsBackToThePoolLabel() {
      assertThat(SandboxStates.poolOf(withLabels(Map.of(SandboxLabels.SANDBOX_POOL, "pool")))).isEqualTo("pool");
      assertThat(SandboxStates.poolOf(withLabels(Map.of(SandboxLabels.SANDBOX_TEMPLATE, "",
          SandboxLabels.SANDBOX_POOL, "pool")))).isEqualTo("pool");
    }

    @Test
    void poolIsNullWithoutLabels() {
      assertThat(SandboxStates.poolOf(withLabels(Map.of()))).isNull();
      assertThat(SandboxStates.poolOf(withLabels(Map.of(SandboxLabels.SANDBOX_POOL, "")))).isNull();
      assertThat(SandboxStates.poolOf(Sandbox.of("ns", "n", null))).isNull();
      assertThat(SandboxStates.poolOf(null)).isNull();
    }

    @Test
    void claimableMeansAvailableAndUnlocked() {
      Sandbox available = S.sandbox().pooled().phase("Running").ready("True").build();
      assertThat(SandboxStates.isClaimable(available)).isTrue();
      available.getMetadata().setAnnotations(Map.of(SandboxAnnotations.LOCK, "x"));
      assertThat(SandboxStates.isClaimable(available)).as("locked by a claimer").isFalse();
      assertThat(SandboxStates.isClaimable(S.sandbox().pooled().phase("Running").build()))
          .as("still creating").isFalse();
    }

    @Test
    void aSetsPoolKeyIsItsTemplateRefElseItsName() {
      SandboxSet inline = SandboxSet.of("ns", "set-a", new SandboxSetSpec());
      assertThat(SandboxStates.poolKey(inline)).isEqualTo("set-a");
      assertThat(SandboxStates.poolKey(SandboxSet.of("ns", "set-b", null))).isEqualTo("set-b");
      SandboxSet fromTemplate = SandboxSet.of("ns", "set-c",
          new SandboxSetSpec().withTemplateRef(TemplateRef.of("python")));
      assertThat(SandboxStates.poolKey(fromTemplate)).isEqualTo("python");
      SandboxSet emptyRef = SandboxSet.of("ns", "set-d",
          new SandboxSetSpec().withTemplateRef(TemplateRef.of("")));
      assertThat(SandboxStates.poolKey(emptyRef)).isEqualTo("set-d");
    }

    @Test
    void sandboxIdPrefersTheLabel() {
      assertThat(SandboxStates.sandboxId(withLabels(Map.of(SandboxLabels.SANDBOX_ID, "abc123")))).isEqualTo("abc123");
    }

    @Test
    void sandboxIdFallsBackToNamespaceAndName() {
      assertThat(SandboxStates.sandboxId(withLabels(Map.of()))).isEqualTo("team-a--sbx-1");
      assertThat(SandboxStates.sandboxId(withLabels(Map.of(SandboxLabels.SANDBOX_ID, "")))).isEqualTo("team-a--sbx-1");
      assertThat(SandboxStates.sandboxId(Sandbox.of(null, "sbx-1", null))).isEqualTo("--sbx-1");
      Sandbox noMeta = new Sandbox();
      noMeta.setMetadata(null);
      assertThat(SandboxStates.sandboxId(noMeta)).isEqualTo("--");
    }

    @Test
    void claimedLabel() {
      assertThat(SandboxStates.isClaimed(withLabels(Map.of(SandboxLabels.SANDBOX_CLAIMED, "true")))).isTrue();
      assertThat(SandboxStates.isClaimed(withLabels(Map.of(SandboxLabels.SANDBOX_CLAIMED, "false")))).isFalse();
      assertThat(SandboxStates.isClaimed(withLabels(Map.of()))).isFalse();
      assertThat(SandboxStates.isClaimed(null)).isFalse();
    }
  }

  @Test
  void readyMeansReadyConditionTrue() {
    assertThat(SandboxStates.isReady(S.sandbox().ready("True").build())).isTrue();
    assertThat(SandboxStates.isReady(S.sandbox().ready("False").build())).isFalse();
    assertThat(SandboxStates.isReady(S.sandbox().build())).isFalse();
    assertThat(SandboxStates.isReady(null)).isFalse();
  }

  @Nested
  class StateEnum {
    @ParameterizedTest
    @ValueSource(strings = {"creating", "available", "running", "paused", "dead"})
    void valuesRoundTrip(String value) {
      SandboxState state = SandboxState.fromValue(value);
      assertThat(state).isNotNull();
      assertThat(state.value()).isEqualTo(value);
      assertThat(state.name().toLowerCase(java.util.Locale.ROOT)).isEqualTo(value);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "Running", "gone"})
    void unknownValues(String value) {
      assertThat(SandboxState.fromValue(value)).isNull();
    }
  }

  @Test
  void metadataWithoutLabelsIsFine() {
    Sandbox sandbox = new Sandbox();
    sandbox.setMetadata(new ObjectMeta());
    sandbox.getMetadata().setLabels(null);
    assertThat(SandboxStates.poolOf(sandbox)).isNull();
    assertThat(SandboxStates.sandboxId(sandbox)).isEqualTo("--");
  }
}
