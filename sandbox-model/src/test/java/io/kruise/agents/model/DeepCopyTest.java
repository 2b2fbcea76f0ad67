package io.kruise.agents.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeepCopyTest {

  @Test
  void sandboxCopyIsEqualButIndependent() {
    Sandbox original = TestSupport.fullSandbox();
    Sandbox pristine = TestSupport.fullSandbox();
    Sandbox copy = original.deepCopy();

    assertThat(copy).isEqualTo(original).isNotSameAs(original).hasSameHashCodeAs(original);
    assertThat(copy.getMetadata()).isNotSameAs(original.getMetadata());
    assertThat(copy.getSpec()).isNotSameAs(original.getSpec());
    assertThat(copy.getStatus()).isNotSameAs(original.getStatus());
    assertThat(copy.getSpec().getTemplate()).isNotSameAs(original.getSpec().getTemplate());

    copy.getMetadata().getLabels().put(SandboxLabels.SANDBOX_CLAIMED, "false");
    copy.getMetadata().getAnnotations().put(SandboxAnnotations.LOCK, "me");
    copy.getSpec().setPaused(true);
    copy.getSpec().getPauseStrategy().setType(PauseStrategy.STOP);
    copy.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("other");
    copy.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getRequests()
        .put("cpu", new Quantity("2"));
    copy.getSpec().getVolumeClaimTemplates().get(0).getMetadata().setName("renamed");
    copy.getStatus().setPhase("Paused");
    copy.getStatus().getConditions().get(0).setStatus("False");
    copy.getStatus().getPodInfo().setNodeName("node-2");

    assertThat(original).isEqualTo(pristine);
    assertThat(copy).isNotEqualTo(original);
  }

  @Test
  void sandboxSetCopyIsEqualButIndependent() {
    SandboxSet original = TestSupport.fullSandboxSet();
    SandboxSet copy = original.deepCopy();
    assertThat(copy).isEqualTo(original).isNotSameAs(original);

    copy.getMetadata().getLabels().put("tier", "cold");
    copy.getSpec().setReplicas(50);
    copy.getSpec().getUpdateStrategy().setMaxUnavailable(new IntOrString(1));
    copy.getStatus().setAvailableReplicas(0);
    copy.getStatus().getConditions().get(0).setReason("Changed");

    assertThat(original).isEqualTo(TestSupport.fullSandboxSet());
    assertThat(original.getSpec().getReplicas()).isEqualTo(5);
    assertThat(original.getMetadata().getLabels()).containsEntry("tier", "warm");
  }

  @Test
  void sandboxClaimCopyIsEqualButIndependent() {
    SandboxClaim original = TestSupport.fullSandboxClaim();
    SandboxClaim copy = original.deepCopy();
    assertThat(copy).isEqualTo(original).isNotSameAs(original).hasSameHashCodeAs(original);
    assertThat(copy.getSpec()).isNotSameAs(original.getSpec());
    assertThat(copy.getStatus()).isNotSameAs(original.getStatus());

    copy.getMetadata().getLabels().put("app", "other");
    copy.getSpec().setClaimTimeout("5m");
    copy.getSpec().getInplaceUpdate().getResources().setLimits(Map.of("cpu", new Quantity("4")));
    copy.getSpec().getDynamicVolumesMount().get(0).setReadOnly(false);
    copy.getSpec().getDynamicVolumesMount().get(0).getAttributes().put("bucket", "other");
    copy.getSpec().getRuntimes().get(0).setName(SandboxRuntime.CSI);
    copy.getStatus().setClaimedReplicas(5);
    copy.getStatus().getConditions().get(0).setStatus("False");

    assertThat(original).isEqualTo(TestSupport.fullSandboxClaim());
    assertThat(copy).isNotEqualTo(original);
  }

  @Test
  void sandboxTemplateCopyIsEqualButIndependent() {
    SandboxTemplate original = TestSupport.fullSandboxTemplate();
    SandboxTemplate copy = original.deepCopy();
    assertThat(copy).isEqualTo(original).isNotSameAs(original).hasSameHashCodeAs(original);
    assertThat(copy.getSpec().getTemplate()).isNotSameAs(original.getSpec().getTemplate());

    copy.getMetadata().getLabels().put("lang", "go");
    copy.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("golang:1.23");
    copy.getSpec().getVolumeClaimTemplates().get(0).getMetadata().setName("renamed");
    copy.getSpec().getPauseStrategy().setType(PauseStrategy.STOP);
    copy.getSpec().getPersistentContents().set(0, PersistentContents.MEMORY);

    assertThat(original).isEqualTo(TestSupport.fullSandboxTemplate());
    assertThat(copy).isNotEqualTo(original);
  }

  @Test
  void copiesOfSparseObjectsWork() {
    Sandbox empty = new Sandbox();
    assertThat(empty.deepCopy()).isEqualTo(empty);
    SandboxSet set = SandboxSet.of("ns", "pool", new SandboxSetSpec().withReplicas(0));
    assertThat(set.deepCopy()).isEqualTo(set);
    assertThat(set.deepCopy().getStatus()).isNull();
    SandboxClaim claim = SandboxClaim.of("ns", "c", new SandboxClaimSpec().withTemplateName("t"));
    assertThat(claim.deepCopy()).isEqualTo(claim);
    assertThat(new SandboxTemplate().deepCopy()).isEqualTo(new SandboxTemplate());
  }

  @Test
  void copyKeepsUnknownFields() {
    Sandbox sandbox = Sandbox.of("ns", "n", new SandboxSpec().withPersistentContents(List.of("ip")));
    sandbox.getSpec().setAdditionalProperty("futureField", "kept");
    Sandbox copy = sandbox.deepCopy();
    assertThat(copy.getSpec().getAdditionalProperties()).containsEntry("futureField", "kept");
    copy.getSpec().setAdditionalProperty("futureField", "changed");
    assertThat(sandbox.getSpec().getAdditionalProperties()).containsEntry("futureField", "kept");
  }
}
