package io.kruise.agents.informers;

import io.kruise.agents.client.LeanObjects;
import static io.kruise.agents.informers.InformerFixtures.running;
import static io.kruise.agents.informers.InformerFixtures.sandbox;
import static io.kruise.agents.informers.InformerFixtures.sandboxSetController;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.kruise.agents.client.Fixtures;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the compactor does to objects entering the cache. */
class ObjectCompactorTest {

  private static final InformerOptions LEAN = InformerOptions.builder().lean().build();

  /** A Sandbox with everything the compactor touches, all in mutable collections. */
  private static Sandbox full(String name) {
    Sandbox s = sandbox("ns", name, new HashMap<>(Map.of("k", "v")));
    s.getMetadata().setAnnotations(new HashMap<>(Map.of("a", "b")));
    s.getMetadata().setFinalizers(new ArrayList<>(List.of("f")));
    s.getMetadata().setOwnerReferences(new ArrayList<>(List.of(sandboxSetController("pool"))));
    s.getMetadata().setManagedFields(new ArrayList<>(List.of(new ManagedFieldsEntryBuilder()
        .withManager("kubectl").withOperation("Update").build())));
    s.getSpec().setVolumeClaimTemplates(new ArrayList<>(List.of(new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName("data").endMetadata().build())));
    s.setStatus(running(true));
    return s;
  }

  @Test
  void sharedCollectionsBecomeUnmodifiable() {
    Sandbox s = new ObjectCompactor<Sandbox>(InformerOptions.DEFAULTS).compact(full("a"));
    var meta = s.getMetadata();
    assertThatThrownBy(() -> meta.getLabels().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> meta.getAnnotations().remove("a"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> meta.getFinalizers().add("g"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> meta.getOwnerReferences().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.getStatus().getConditions().add(Fixtures.condition("X", "True")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> meta.getManagedFields().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void contentIsUnchangedByDefault() {
    Sandbox original = full("a");
    Sandbox expected = original.deepCopy();
    Sandbox compacted = new ObjectCompactor<Sandbox>(InformerOptions.DEFAULTS)
        .compact(original);
    assertThat(compacted).isEqualTo(expected);
    assertThat(LeanObjects.isPartial(compacted)).isFalse();
    assertThat(LeanObjects.strippedFields(compacted)).isNull();
  }

  @Test
  void leanStripsManagedFieldsAndTemplatesAndMarksTheObjectPartial() {
    Sandbox s = new ObjectCompactor<Sandbox>(LEAN).compact(full("a"));
    assertThat(s.getMetadata().getManagedFields()).isNull();
    assertThat(s.getSpec().getTemplate()).isNull();
    assertThat(s.getSpec().getVolumeClaimTemplates()).isNull();
    assertThat(LeanObjects.isPartial(s)).isTrue();
    assertThat(LeanObjects.strippedFields(s))
        .isEqualTo("managedFields,template,volumeClaimTemplates");
    assertThat(s.getMetadata().getAnnotations()).containsEntry("a", "b");
    assertThat(s.getMetadata().getLabels()).containsEntry("k", "v");
    assertThat(s.getStatus().getConditions()).hasSize(1);
  }

  @Test
  void strippingOnlyManagedFieldsKeepsTemplates() {
    Sandbox s = new ObjectCompactor<Sandbox>(
        InformerOptions.builder().stripManagedFields(true).build()).compact(full("a"));
    assertThat(s.getMetadata().getManagedFields()).isNull();
    assertThat(s.getSpec().getTemplate()).isNotNull();
    assertThat(s.getSpec().getVolumeClaimTemplates()).hasSize(1);
    assertThat(LeanObjects.strippedFields(s)).isEqualTo("managedFields");
  }

  @Test
  void leanMarksObjectsWithoutAnnotationsToo() {
    Sandbox s = sandbox("ns", "bare");
    s.getMetadata().setAnnotations(null);
    new ObjectCompactor<Sandbox>(LEAN).compact(s);
    assertThat(LeanObjects.isPartial(s)).isTrue();
  }

  @Test
  void leanSandboxSetsLoseTheirTemplatesToo() {
    SandboxSet set = Fixtures.sandboxSet("set", 2);
    SandboxSetStatus status = new SandboxSetStatus();
    status.setConditions(new ArrayList<>(List.of(Fixtures.condition("Ready", "True"))));
    set.setStatus(status);
    SandboxSet compacted = new ObjectCompactor<SandboxSet>(LEAN).compact(set);
    assertThat(compacted.getSpec().getTemplate()).isNull();
    assertThat(LeanObjects.isPartial(compacted)).isTrue();
    assertThatThrownBy(() -> compacted.getStatus().getConditions().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void equalPodTemplatesAreSharedAcrossObjectsAndReleased() {
    ObjectCompactor<Sandbox> compactor =
        new ObjectCompactor<>(InformerOptions.DEFAULTS);
    Sandbox a = full("a");
    Sandbox b = full("b");
    assertThat(a.getSpec().getTemplate()).isNotSameAs(b.getSpec().getTemplate())
        .isEqualTo(b.getSpec().getTemplate());
    compactor.compact(a);
    compactor.compact(b);
    assertThat(b.getSpec().getTemplate()).isSameAs(a.getSpec().getTemplate());
    assertThat(compactor.distinctTemplates()).isEqualTo(1);

    compactor.release(a);
    assertThat(compactor.distinctTemplates()).isEqualTo(1);
    compactor.release(b);
    assertThat(compactor.distinctTemplates()).isZero();
  }

  @Test
  void equalManagedFieldSetsAreSharedThoughTheirTimesDiffer() {
    ObjectCompactor<Sandbox> compactor =
        new ObjectCompactor<>(InformerOptions.DEFAULTS);
    Sandbox a = withFields(full("a"), "2025-01-01T00:00:00Z");
    Sandbox b = withFields(full("b"), "2025-01-01T00:00:07Z");
    compactor.compact(a);
    compactor.compact(b);
    var fa = a.getMetadata().getManagedFields().get(0);
    var fb = b.getMetadata().getManagedFields().get(0);
    assertThat(fb.getFieldsV1()).isSameAs(fa.getFieldsV1());
    assertThat(fb.getTime()).isNotEqualTo(fa.getTime());
    assertThat(compactor.distinctManagedFieldSets()).isEqualTo(1);
    compactor.release(a);
    compactor.release(b);
    assertThat(compactor.distinctManagedFieldSets()).isZero();
  }

  private static Sandbox withFields(Sandbox s, String time) {
    s.getMetadata().setManagedFields(new ArrayList<>(List.of(new ManagedFieldsEntryBuilder()
        .withManager("kubectl").withOperation("Update").withTime(time)
        .withNewFieldsV1().addToAdditionalProperties("f:spec",
            new HashMap<>(Map.of("f:paused", Map.of()))).endFieldsV1().build())));
    return s;
  }

  @Test
  void differentPodTemplatesStayDistinct() {
    ObjectCompactor<Sandbox> compactor =
        new ObjectCompactor<>(InformerOptions.DEFAULTS);
    Sandbox a = compactor.compact(full("a"));
    Sandbox b = full("b");
    b.getSpec().setTemplate(new PodTemplateSpecBuilder().withNewSpec().addNewContainer()
        .withName("app").withImage("busybox").endContainer().endSpec().build());
    compactor.compact(b);
    assertThat(b.getSpec().getTemplate()).isNotSameAs(a.getSpec().getTemplate());
    assertThat(compactor.distinctTemplates()).isEqualTo(2);
  }

  @Test
  void aCompactorThatSharesNothingStillFreezesAndStrips() {
    ObjectCompactor<Sandbox> detached = new ObjectCompactor<>(LEAN, false);
    Sandbox s = detached.compact(full("a"));
    assertThat(s.getSpec().getTemplate()).isNull();
    assertThat(LeanObjects.isPartial(s)).isTrue();
    assertThatThrownBy(() -> s.getMetadata().getLabels().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);

    ObjectCompactor<Sandbox> full = new ObjectCompactor<>(InformerOptions.DEFAULTS, false);
    Sandbox a = full.compact(full("a"));
    Sandbox b = full.compact(full("b"));
    assertThat(a.getSpec().getTemplate()).isNotSameAs(b.getSpec().getTemplate());
    assertThat(full.distinctTemplates()).isZero();
    assertThatThrownBy(() -> a.getMetadata().getManagedFields().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aStoreReplacingAnObjectReleasesItsTemplate() {
    ObjectCompactor<Sandbox> compactor =
        new ObjectCompactor<>(InformerOptions.DEFAULTS);
    IndexedStore<Sandbox> store = new IndexedStore<>(Map.of(), compactor);
    store.put("ns/a", full("a"));
    Sandbox other = full("a");
    other.getSpec().setTemplate(new PodTemplateSpecBuilder().withNewSpec().addNewContainer()
        .withName("app").withImage("busybox").endContainer().endSpec().build());
    store.put("ns/a", other);
    assertThat(compactor.distinctTemplates()).isEqualTo(1);
    store.remove("ns/a");
    assertThat(compactor.distinctTemplates()).isZero();
  }

  @Test
  void ownerReferencesKeepTheirContent() {
    Sandbox s = new ObjectCompactor<Sandbox>(InformerOptions.DEFAULTS).compact(full("a"));
    OwnerReference ref = s.getMetadata().getOwnerReferences().get(0);
    assertThat(ref.getKind()).isEqualTo("SandboxSet");
    assertThat(ref.getController()).isTrue();
  }

  @Test
  void objectsWithoutMetadataCollectionsOrStatusAreFine() {
    Sandbox s = Sandbox.of("ns", "bare", null);
    Sandbox compacted = new ObjectCompactor<Sandbox>(LEAN).compact(s);
    assertThat(compacted.getMetadata().getLabels()).isNullOrEmpty();
    assertThat(compacted.getSpec()).isNull();
    assertThat(LeanObjects.isPartial(compacted)).isTrue();
  }

  @Test
  void anUpdateTakesOverThePreviousVersionsUnchangedParts() {
    ObjectCompactor<Sandbox> compactor =
        new ObjectCompactor<>(InformerOptions.DEFAULTS);
    Sandbox before = compactor.compact(withFields(full("a"), "2025-01-01T00:00:00Z"));
    Sandbox after = withFields(full("a"), "2025-01-01T00:00:00Z");
    after.getMetadata().setResourceVersion("2");
    // equal conditions (the fixture stamps its transition time with the clock)
    after.getStatus().setConditions(new ArrayList<>(before.getStatus().getConditions().stream()
        .map(c -> new io.fabric8.kubernetes.api.model.ConditionBuilder(c).build()).toList()));
    compactor.compact(after, before);
    var meta = after.getMetadata();
    assertThat(meta.getLabels()).isSameAs(before.getMetadata().getLabels());
    assertThat(meta.getAnnotations()).isSameAs(before.getMetadata().getAnnotations());
    assertThat(meta.getFinalizers()).isSameAs(before.getMetadata().getFinalizers());
    assertThat(meta.getOwnerReferences()).isSameAs(before.getMetadata().getOwnerReferences());
    assertThat(meta.getManagedFields()).isSameAs(before.getMetadata().getManagedFields());
    assertThat(after.getStatus().getConditions()).isSameAs(before.getStatus().getConditions());
    assertThat(after.getStatus().getPhase()).isSameAs(before.getStatus().getPhase());
    // The shared field set is referenced by both versions now: releasing one keeps it.
    compactor.release(before);
    assertThat(compactor.distinctManagedFieldSets()).isEqualTo(1);
    compactor.release(after);
    assertThat(compactor.distinctManagedFieldSets()).isZero();
  }

  @Test
  void anUpdateCompactsWhatChangedAfresh() {
    ObjectCompactor<Sandbox> compactor =
        new ObjectCompactor<>(InformerOptions.DEFAULTS);
    Sandbox before = compactor.compact(withFields(full("a"), "2025-01-01T00:00:00Z"));
    Sandbox after = withFields(full("a"), "2025-01-01T00:00:09Z");
    after.getMetadata().getLabels().put("k", "changed");
    after.getMetadata().getAnnotations().put("new", "x");
    after.getMetadata().setFinalizers(new ArrayList<>(List.of("f", "g")));
    after.getStatus().setConditions(new ArrayList<>(List.of(Fixtures.condition("Ready", "False"))));
    compactor.compact(after, before);
    var meta = after.getMetadata();
    assertThat(meta.getLabels()).containsEntry("k", "changed")
        .isNotSameAs(before.getMetadata().getLabels());
    assertThat(meta.getAnnotations()).containsEntry("new", "x").containsEntry("a", "b");
    assertThat(meta.getFinalizers()).containsExactly("f", "g");
    assertThatThrownBy(() -> meta.getFinalizers().add("h"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(meta.getManagedFields()).isNotSameAs(before.getMetadata().getManagedFields());
    assertThat(meta.getManagedFields().get(0).getTime()).isEqualTo("2025-01-01T00:00:09Z");
    // Another time, the same field set: still one canonical instance.
    assertThat(meta.getManagedFields().get(0).getFieldsV1())
        .isSameAs(before.getMetadata().getManagedFields().get(0).getFieldsV1());
    assertThat(after.getStatus().getConditions()).hasSize(1)
        .isNotSameAs(before.getStatus().getConditions());
    assertThat(meta.getOwnerReferences()).isSameAs(before.getMetadata().getOwnerReferences());
    compactor.release(before);
    compactor.release(after);
    assertThat(compactor.distinctManagedFieldSets()).isZero();
  }

  @Test
  void aLeanUpdateKeepsItsPartialMarker() {
    ObjectCompactor<Sandbox> compactor = new ObjectCompactor<>(LEAN);
    Sandbox before = compactor.compact(full("a"));
    Sandbox after = compactor.compact(full("a"), before);
    assertThat(after.getMetadata().getAnnotations()).isSameAs(before.getMetadata().getAnnotations());
    assertThat(LeanObjects.isPartial(after)).isTrue();
    Sandbox changed = full("a");
    changed.getMetadata().getAnnotations().put("a", "c");
    compactor.compact(changed, after);
    assertThat(changed.getMetadata().getAnnotations()).containsEntry("a", "c");
    assertThat(LeanObjects.isPartial(changed)).isTrue();
  }

  @Test
  void aStoreUpdatingAnObjectKeepsItsSharedFieldSetsCounted() {
    ObjectCompactor<Sandbox> compactor =
        new ObjectCompactor<>(InformerOptions.DEFAULTS);
    IndexedStore<Sandbox> store = new IndexedStore<>(Map.of(), compactor);
    for (int version = 1; version <= 3; version++) {
      Sandbox s = withFields(full("a"), "2025-01-01T00:00:00Z");
      s.getMetadata().setResourceVersion(String.valueOf(version));
      store.put("ns/a", s);
    }
    assertThat(compactor.distinctManagedFieldSets()).isEqualTo(1);
    assertThat(store.get("ns/a").getMetadata().getResourceVersion()).isEqualTo("3");
    store.remove("ns/a");
    assertThat(compactor.distinctManagedFieldSets()).isZero();
    assertThat(compactor.knownInstances()).isZero();
  }
}
