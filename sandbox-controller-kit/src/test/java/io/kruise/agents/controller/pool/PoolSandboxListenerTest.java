package io.kruise.agents.controller.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kruise.agents.controller.ControllerFixtures;
import io.kruise.agents.controller.Expectations;
import io.kruise.agents.controller.FakeTicker;
import io.kruise.agents.controller.OwnerReferences;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolSandboxListenerTest {

  private final List<ResourceID> triggered = new ArrayList<>();
  private final Expectations expectations = new Expectations(new FakeTicker(),
      Duration.ofMinutes(1));
  private final PoolSandboxListener listener = new PoolSandboxListener(expectations,
      triggered::add, Clock.systemUTC());

  private static SandboxSet set(String name) {
    SandboxSet set = ControllerFixtures.sandboxSet("ns", name, 1);
    set.getMetadata().setUid("uid-" + name);
    return set;
  }

  private static Sandbox member(SandboxSet owner, String name) {
    Sandbox s = ControllerFixtures.sandbox("ns", name);
    if (owner != null) {
      s.getMetadata().setOwnerReferences(List.of(OwnerReferences.controllerReference(owner)));
    }
    return s;
  }

  private static Sandbox ready(Sandbox s) {
    Sandbox copy = s.deepCopy();
    copy.setStatus(new SandboxStatus().withPhase("Running").withConditions(List.of(
        new Condition("2025-01-01T00:00:00Z", "", null, "PodReady", "True", "Ready"))));
    return copy;
  }

  @Test
  void anAddSatisfiesTheCreationAndTriggersTheOwner() {
    expectations.expectCreation("ns/pool", "a");
    listener.onAdd(member(set("pool"), "a"));
    assertThat(expectations.pending("ns/pool").isSatisfied()).isTrue();
    assertThat(triggered).containsExactly(new ResourceID("pool", "ns"));
  }

  @Test
  void aDeleteSatisfiesTheDeletionAndTriggersTheOwner() {
    expectations.expectDeletion("ns/pool", "a");
    listener.onDelete(member(set("pool"), "a"), false);
    assertThat(expectations.pending("ns/pool").isSatisfied()).isTrue();
    assertThat(triggered).containsExactly(new ResourceID("pool", "ns"));
  }

  @Test
  void anUpdateTriggersOnlyWhenTheStateChanges() {
    Sandbox creating = member(set("pool"), "a");
    Sandbox available = ready(creating);
    listener.onUpdate(creating, creating);
    assertThat(triggered).isEmpty();
    listener.onUpdate(creating, available);
    assertThat(triggered).containsExactly(new ResourceID("pool", "ns"));
  }

  @Test
  void aClaimTriggersTheOwnerItLeft() {
    Sandbox available = ready(member(set("pool"), "a"));
    Sandbox claimed = available.deepCopy();
    claimed.getMetadata().setOwnerReferences(List.of());
    listener.onUpdate(available, claimed);
    assertThat(triggered).containsExactly(new ResourceID("pool", "ns"));
  }

  @Test
  void anAdoptionTriggersBothOwners() {
    Sandbox a = member(set("one"), "a");
    Sandbox b = member(set("two"), "a");
    listener.onUpdate(a, b);
    assertThat(triggered).containsExactly(new ResourceID("one", "ns"), new ResourceID("two", "ns"));
  }

  @Test
  void sandboxesWithoutASandboxSetControllerAreIgnored() {
    listener.onAdd(member(null, "free"));
    listener.onDelete(member(null, "free"), true);
    assertThat(triggered).isEmpty();
  }
}
