package io.kruise.agents.controller;

import static io.kruise.agents.controller.ControllerFixtures.frozen;
import static io.kruise.agents.controller.ControllerFixtures.sandbox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.Sandbox;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataEditsTest {

  private static Sandbox cached() {
    Sandbox s = sandbox("ns", "s");
    s.getMetadata().setResourceVersion("12");
    s.getMetadata().setLabels(Map.of("tier", "gold"));
    s.getMetadata().setAnnotations(Map.of("note", "x"));
    s.getMetadata().setFinalizers(List.of("example.com/a"));
    return frozen(s);
  }

  private static void refused(Runnable call, String field) {
    assertThatThrownBy(call::run).isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).fields()).containsExactly(field));
  }

  @Test
  void labelsAreSetAndRemovedOnCopies() {
    Sandbox cached = cached();
    Sandbox labelled = MetadataEdits.withLabel(cached, "example.com/zone", "a").orElseThrow();
    assertThat(labelled.getMetadata().getLabels())
        .containsExactlyInAnyOrderEntriesOf(Map.of("tier", "gold", "example.com/zone", "a"));
    assertThat(labelled.getMetadata().getResourceVersion()).isEqualTo("12");
    assertThat(cached.getMetadata().getLabels()).containsOnlyKeys("tier");

    assertThat(MetadataEdits.withLabel(cached, "tier", "gold")).isEmpty();
    assertThat(MetadataEdits.withLabel(cached, "tier", "silver").orElseThrow().getMetadata()
        .getLabels()).containsEntry("tier", "silver");
    assertThat(MetadataEdits.withoutLabel(cached, "tier").orElseThrow().getMetadata().getLabels())
        .isEmpty();
    assertThat(MetadataEdits.withoutLabel(cached, "absent")).isEmpty();
    assertThat(MetadataEdits.withLabel(sandbox("ns", "bare"), "k", "").orElseThrow()
        .getMetadata().getLabels()).containsEntry("k", "");
  }

  @Test
  void annotationsAreSetAndRemovedOnCopies() {
    Sandbox cached = cached();
    assertThat(MetadataEdits.withAnnotation(cached, "note", "x")).isEmpty();
    assertThat(MetadataEdits.withAnnotation(cached, "note", "a long value: anything goes")
        .orElseThrow().getMetadata().getAnnotations()).containsEntry("note",
        "a long value: anything goes");
    assertThat(MetadataEdits.withoutAnnotation(cached, "note").orElseThrow().getMetadata()
        .getAnnotations()).isEmpty();
    assertThat(MetadataEdits.withoutAnnotation(cached, "other")).isEmpty();
    assertThat(cached.getMetadata().getAnnotations()).containsEntry("note", "x");
  }

  @Test
  void finalizersAreAddedOnceAndRemoved() {
    Sandbox cached = cached();
    assertThat(MetadataEdits.withFinalizer(cached, "example.com/a")).isEmpty();
    assertThat(MetadataEdits.withFinalizer(cached, "example.com/b").orElseThrow().getMetadata()
        .getFinalizers()).containsExactly("example.com/a", "example.com/b");
    assertThat(MetadataEdits.withoutFinalizer(cached, "example.com/a").orElseThrow()
        .getMetadata().getFinalizers()).isEmpty();
    assertThat(MetadataEdits.withoutFinalizer(cached, "example.com/b")).isEmpty();
    assertThat(cached.getMetadata().getFinalizers()).containsExactly("example.com/a");
  }

  @Test
  void whatTheServerWouldRefuseIsRefusedBeforeAnyRequest() {
    Sandbox cached = cached();
    refused(() -> MetadataEdits.withLabel(cached, "bad key!", "v"), "key");
    refused(() -> MetadataEdits.withLabel(cached, "Example.com/x", "v"), "key");
    refused(() -> MetadataEdits.withLabel(cached, "k", "not valid"), "value");
    refused(() -> MetadataEdits.withLabel(cached, "k", "x".repeat(64)), "value");
    refused(() -> MetadataEdits.withLabel(cached, "k", null), "value");
    refused(() -> MetadataEdits.withAnnotation(cached, "/x", "v"), "key");
    refused(() -> MetadataEdits.withFinalizer(cached, "has space"), "finalizer");
    refused(() -> MetadataEdits.withoutFinalizer(cached, null), "finalizer");
    refused(() -> MetadataEdits.withLabel(null, "k", "v"), "obj");
  }
}
