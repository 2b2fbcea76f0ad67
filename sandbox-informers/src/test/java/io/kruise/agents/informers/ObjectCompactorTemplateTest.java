package io.kruise.agents.informers;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.kruise.agents.client.LeanObjects;
import io.kruise.agents.model.PauseStrategy;
import io.kruise.agents.model.SandboxTemplate;
import io.kruise.agents.model.SandboxTemplateSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the compactor does to SandboxTemplates: the pod template is their bulk. */
class ObjectCompactorTemplateTest {

  private static PodTemplateSpec pod(String image) {
    return new PodTemplateSpecBuilder().withNewSpec().addNewContainer().withName("main")
        .withImage(image).endContainer().endSpec().build();
  }

  private static SandboxTemplate template(String name, String image) {
    SandboxTemplate t = SandboxTemplate.of("ns", name, new SandboxTemplateSpec()
        .withTemplate(pod(image))
        .withVolumeClaimTemplates(new ArrayList<>(List.of(new PersistentVolumeClaimBuilder()
            .withNewMetadata().withName("data").endMetadata().build())))
        .withPauseStrategy(new PauseStrategy().withType(PauseStrategy.STOP)));
    t.getMetadata().setLabels(new HashMap<>(Map.of("app", "agent")));
    return t;
  }

  @Test
  void leanDropsThePodAndVolumeTemplatesAndMarksTheTemplatePartial() {
    SandboxTemplate t = new ObjectCompactor<SandboxTemplate>(
        InformerOptions.builder().lean().build()).compact(template("a", "python:3.12"));
    assertThat(t.getSpec().getTemplate()).isNull();
    assertThat(t.getSpec().getVolumeClaimTemplates()).isNull();
    assertThat(t.getSpec().getPauseStrategy().getType()).isEqualTo(PauseStrategy.STOP);
    assertThat(LeanObjects.isPartial(t)).isTrue();
    assertThat(LeanObjects.strippedFields(t)).contains("template", "volumeClaimTemplates");
  }

  @Test
  void fullKeepsEverythingAndSharesEqualPodTemplates() {
    ObjectCompactor<SandboxTemplate> compactor =
        new ObjectCompactor<>(InformerOptions.DEFAULTS);
    SandboxTemplate a = template("a", "python:3.12");
    SandboxTemplate expected = a.deepCopy();
    SandboxTemplate b = template("b", "python:3.12");
    SandboxTemplate other = template("c", "node:22");
    compactor.compact(a);
    compactor.compact(b);
    compactor.compact(other);

    assertThat(a).isEqualTo(expected);
    assertThat(LeanObjects.isPartial(a)).isFalse();
    assertThat(b.getSpec().getTemplate()).isSameAs(a.getSpec().getTemplate());
    assertThat(other.getSpec().getTemplate()).isNotSameAs(a.getSpec().getTemplate());
    assertThat(compactor.distinctTemplates()).isEqualTo(2);

    compactor.release(a);
    compactor.release(b);
    assertThat(compactor.distinctTemplates()).isEqualTo(1);
    compactor.release(other);
    assertThat(compactor.distinctTemplates()).isZero();
  }

  @Test
  void aTemplateWithoutSpecIsFine() {
    SandboxTemplate t = SandboxTemplate.of("ns", "empty", null);
    ObjectCompactor<SandboxTemplate> compactor =
        new ObjectCompactor<>(InformerOptions.DEFAULTS);
    assertThat(compactor.compact(t).getSpec()).isNull();
    compactor.release(t);
    assertThat(compactor.distinctTemplates()).isZero();
  }
}
