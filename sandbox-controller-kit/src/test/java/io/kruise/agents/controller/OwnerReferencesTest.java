package io.kruise.agents.controller;

import static io.kruise.agents.controller.ControllerFixtures.frozen;
import static io.kruise.agents.controller.ControllerFixtures.sandbox;
import static io.kruise.agents.controller.ControllerFixtures.sandboxSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxStates;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwnerReferencesTest {

  private static SandboxSet owner(String name) {
    SandboxSet set = sandboxSet("ns", name, 1);
    set.getMetadata().setUid("uid-" + name);
    return set;
  }

  private static OwnerReference plainReference(SandboxSet owner) {
    return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind()).withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid()).build();
  }

  private static Sandbox withRefs(OwnerReference... refs) {
    Sandbox s = sandbox("ns", "s");
    s.getMetadata().setResourceVersion("7");
    s.getMetadata().setOwnerReferences(new ArrayList<>(List.of(refs)));
    return frozen(s);
  }

  @Test
  void aControllerReferenceNamesTheOwnerAndBlocksItsDeletion() {
    OwnerReference ref = OwnerReferences.controllerReference(owner("pool"));
    assertThat(ref.getApiVersion()).isEqualTo("agents.kruise.io/v1alpha1");
    assertThat(ref.getKind()).isEqualTo("SandboxSet");
    assertThat(ref.getName()).isEqualTo("pool");
    assertThat(ref.getUid()).isEqualTo("uid-pool");
    assertThat(ref.getController()).isTrue();
    assertThat(ref.getBlockOwnerDeletion()).isTrue();
  }

  @Test
  void adoptionAddsTheControllerReferenceToACopy() {
    SandboxSet pool = owner("pool");
    SandboxSet other = owner("other");
    Sandbox cached = withRefs(plainReference(other));

    Sandbox adopted = OwnerReferences.adopt(cached, pool).orElseThrow();

    assertThat(OwnerReferences.isControlledBy(adopted, pool)).isTrue();
    assertThat(SandboxStates.isControlledBySandboxSet(adopted)).isTrue();
    assertThat(adopted.getMetadata().getOwnerReferences()).hasSize(2);
    assertThat(adopted.getMetadata().getResourceVersion()).as("written with the version read")
        .isEqualTo("7");
    assertThat(cached.getMetadata().getOwnerReferences()).hasSize(1);
    assertThat(OwnerReferences.controllerOf(cached)).isEmpty();
  }

  @Test
  void adoptionReplacesAPlainReferenceToTheSameOwner() {
    SandboxSet pool = owner("pool");
    Sandbox adopted = OwnerReferences.adopt(withRefs(plainReference(pool)), pool).orElseThrow();
    assertThat(adopted.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(r -> assertThat(r.getController()).isTrue());
  }

  @Test
  void nothingToWriteWhenTheOwnerAlreadyControlsIt() {
    SandboxSet pool = owner("pool");
    Sandbox controlled = withRefs(OwnerReferences.controllerReference(pool));
    assertThat(OwnerReferences.adopt(controlled, pool)).isEmpty();
  }

  @Test
  void anObjectControlledByAnotherOwnerCannotBeAdopted() {
    Sandbox controlled = withRefs(OwnerReferences.controllerReference(owner("other")));
    assertThatThrownBy(() -> OwnerReferences.adopt(controlled, owner("pool")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("already controlled by SandboxSet other")
        .satisfies(e -> assertThat(((ValidationException) e).fields()).containsExactly("obj"));
  }

  @Test
  void anOwnerBeingDeletedOrWithoutUidCannotAdopt() {
    SandboxSet deleting = owner("pool");
    deleting.getMetadata().setDeletionTimestamp("2025-01-01T00:00:00Z");
    assertThatThrownBy(() -> OwnerReferences.adopt(withRefs(), deleting))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).fields()).containsExactly("owner"));
    SandboxSet unsaved = sandboxSet("ns", "unsaved", 1);
    assertThatThrownBy(() -> OwnerReferences.controllerReference(unsaved))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).fields()).containsExactly("owner"));
    assertThatThrownBy(() -> OwnerReferences.adopt(null, owner("pool")))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).fields()).containsExactly("obj"));
  }

  @Test
  void orphaningRemovesOnlyTheOwnersControllerReference() {
    SandboxSet pool = owner("pool");
    SandboxSet other = owner("other");
    Sandbox cached = withRefs(OwnerReferences.controllerReference(pool), plainReference(other));

    Sandbox orphan = OwnerReferences.orphan(cached, pool).orElseThrow();

    assertThat(orphan.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(r -> assertThat(r.getName()).isEqualTo("other"));
    assertThat(SandboxStates.isControlledBySandboxSet(orphan)).isFalse();
    assertThat(OwnerReferences.isControlledBy(cached, pool)).isTrue();
    assertThat(OwnerReferences.orphan(orphan, pool)).as("not controlled: nothing to write")
        .isEmpty();
    assertThat(OwnerReferences.orphan(withRefs(OwnerReferences.controllerReference(other)), pool))
        .isEmpty();
  }
}
