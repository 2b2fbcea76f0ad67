package io.kruise.agents.informers;

import static io.kruise.agents.informers.InformerFixtures.poolSandbox;
import static io.kruise.agents.informers.InformerFixtures.running;
import static io.kruise.agents.informers.InformerFixtures.sandbox;
import static io.kruise.agents.informers.InformerFixtures.sandboxSetController;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.kruise.agents.client.AgentsKinds;
import io.kruise.agents.model.PodInfo;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxAnnotations;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetSpec;
import io.kruise.agents.model.SandboxStatus;
import io.kruise.agents.model.TemplateRef;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The built-in index functions, with upstream's semantics. */
class SandboxIndexesTest {

  private static Sandbox withLabel(Sandbox s, String key, String value) {
    Map<String, String> labels = new HashMap<>(s.getMetadata().getLabels());
    labels.put(key, value);
    s.getMetadata().setLabels(labels);
    return s;
  }

  @Test
  void anAvailablePoolSandboxIsInItsPool() {
    Sandbox s = poolSandbox("ns", "a", "p1");
    s.setStatus(running(true));
    assertThat(SandboxIndexes.sandboxKeys(SandboxIndexes.POOL, s)).containsExactly("p1");
    assertThat(SandboxIndexes.sandboxKeys(SandboxIndexes.STATE, s)).containsExactly("available");
  }

  @Test
  void aCreatingSandboxControlledByASandboxSetIsInItsPool() {
    Sandbox notReady = poolSandbox("ns", "a", "p1");
    notReady.setStatus(running(false));
    assertThat(SandboxIndexes.sandboxKeys(SandboxIndexes.STATE, notReady)).containsExactly("creating");
    assertThat(SandboxIndexes.sandboxKeys(SandboxIndexes.POOL, notReady)).containsExactly("p1");

    Sandbox pending = poolSandbox("ns", "b", "p1");
    pending.setStatus(new SandboxStatus().withPhase("Pending"));
    assertThat(SandboxIndexes.sandboxKeys(SandboxIndexes.POOL, pending)).containsExactly("p1");
  }

  @Test
  void aCreatingSandboxWithoutASandboxSetIsInNoPool() {
    Sandbox s = sandbox("ns", "a", Map.of(SandboxLabels.SANDBOX_POOL, "p1"));
    s.setStatus(new SandboxStatus().withPhase("Pending"));
    assertThat(SandboxIndexes.sandboxKeys(SandboxIndexes.STATE, s)).containsExactly("creating");
    assertThat(SandboxIndexes.sandboxKeys(SandboxIndexes.POOL, s)).isEmpty();
  }

  @Test
  void theTemplateLabelWinsOverThePoolLabel() {
    Sandbox s = withLabel(poolSandbox("ns", "a", "p1"), SandboxLabels.SANDBOX_TEMPLATE, "t1");
    s.setStatus(running(true));
    assertThat(SandboxIndexes.sandboxKeys(SandboxIndexes.POOL, s)).containsExactly("t1");
  }

  @Test
  void anEmptyTemplateLabelFallsBackToThePoolLabel() {
    Sandbox s = withLabel(poolSandbox("ns", "a", "p1"), SandboxLabels.SANDBOX_TEMPLATE, "");
    s.setStatus(running(true));
    assertThat(SandboxIndexes.sandboxKeys(SandboxIndexes.POOL, s)).containsExactly("p1");
  }

  @Test
  void claimedRunningDeadAndUnlabelledSandboxesAreInNoPool() {
    Sandbox claimed = sandbox("ns", "a", Map.of(SandboxLabels.SANDBOX_POOL, "p1"));
    claimed.setStatus(running(true));
    assertThat(SandboxIndexes.sandboxKeys(SandboxIndexes.STATE, claimed)).containsExactly("running");
    assertThat(SandboxIndexes.sandboxKeys(SandboxIndexes.POOL, claimed)).isEmpty();

    Sandbox dead = poolSandbox("ns", "b", "p1");
    dead.setStatus(new SandboxStatus().withPhase("Failed"));
    assertThat(SandboxIndexes.sandboxKeys(SandboxIndexes.POOL, dead)).isEmpty();

    Sandbox deleting = poolSandbox("ns", "c", "p1");
    deleting.setStatus(running(true));
    deleting.getMetadata().setDeletionTimestamp(Instant.now().toString());
    assertThat(SandboxIndexes.sandboxKeys(SandboxIndexes.POOL, deleting)).isEmpty();

    Sandbox unlabelled = sandbox("ns", "d");
    unlabelled.getMetadata().setOwnerReferences(List.of(sandboxSetController("p1")));
    unlabelled.setStatus(running(true));
    assertThat(SandboxIndexes.sandboxKeys(SandboxIndexes.POOL, unlabelled)).isEmpty();
  }

  @Test
  void onlyASandboxSetControllerOfTheRightApiVersionCounts() {
    Sandbox s = sandbox("ns", "a", Map.of(SandboxLabels.SANDBOX_POOL, "p1"));
    OwnerReference wrongVersion = sandboxSetController("p1");
    wrongVersion.setApiVersion("agents.kruise.io/v1beta9");
    s.getMetadata().setOwnerReferences(List.of(wrongVersion));
    s.setStatus(new SandboxStatus().withPhase("Pending"));
    assertThat(SandboxIndexes.sandboxKeys(SandboxIndexes.POOL, s)).isEmpty();

    OwnerReference notController = sandboxSetController("p1");
    notController.setController(false);
    s.getMetadata().setOwnerReferences(List.of(notController));
    assertThat(SandboxIndexes.sandboxKeys(SandboxIndexes.POOL, s)).isEmpty();
  }

  @Test
  void claimedSandboxesAreIndexedByTheirIdLabelElseNamespaceAndName() {
    Sandbox s = sandbox("ns", "a", Map.of(SandboxLabels.SANDBOX_CLAIMED, "true"));
    assertThat(SandboxIndexes.sandboxKeys(SandboxIndexes.CLAIMED_SANDBOX_ID, s)).containsExactly("ns--a");
    withLabel(s, SandboxLabels.SANDBOX_ID, "id-7");
    assertThat(SandboxIndexes.sandboxKeys(SandboxIndexes.CLAIMED_SANDBOX_ID, s)).containsExactly("id-7");
  }

  @Test
  void unclaimedSandboxesHaveNoClaimedId() {
    assertThat(SandboxIndexes.sandboxKeys(SandboxIndexes.CLAIMED_SANDBOX_ID, sandbox("ns", "a",
        Map.of(SandboxLabels.SANDBOX_ID, "id-7")))).isEmpty();
    assertThat(SandboxIndexes.sandboxKeys(SandboxIndexes.CLAIMED_SANDBOX_ID, sandbox("ns", "a",
        Map.of(SandboxLabels.SANDBOX_CLAIMED, "false", SandboxLabels.SANDBOX_ID, "id-7"))))
        .isEmpty();
  }

  @Test
  void ownerComesFromTheOwnerAnnotation() {
    Sandbox s = sandbox("ns", "a");
    assertThat(SandboxIndexes.sandboxKeys(SandboxIndexes.OWNER, s)).isEmpty();
    s.getMetadata().setAnnotations(Map.of(SandboxAnnotations.OWNER, "alice"));
    assertThat(SandboxIndexes.sandboxKeys(SandboxIndexes.OWNER, s)).containsExactly("alice");
    s.getMetadata().setAnnotations(Map.of(SandboxAnnotations.OWNER, ""));
    assertThat(SandboxIndexes.sandboxKeys(SandboxIndexes.OWNER, s)).isEmpty();
  }

  @Test
  void nodeComesFromTheStatusElseThePodInfo() {
    Sandbox s = sandbox("ns", "a");
    assertThat(SandboxIndexes.sandboxKeys(SandboxIndexes.NODE, s)).isEmpty();
    s.setStatus(new SandboxStatus().withPodInfo(new PodInfo().withNodeName("n2")));
    assertThat(SandboxIndexes.sandboxKeys(SandboxIndexes.NODE, s)).containsExactly("n2");
    s.getStatus().setNodeName("n1");
    assertThat(SandboxIndexes.sandboxKeys(SandboxIndexes.NODE, s)).containsExactly("n1");
  }

  @Test
  void everySandboxHasAState() {
    assertThat(SandboxIndexes.sandboxKeys(SandboxIndexes.STATE, sandbox("ns", "a"))).containsExactly("paused");
  }

  @Test
  void theBuiltInIndexesAreRegisteredUnderTheirNames() {
    assertThat(AgentsKinds.SANDBOX.indexes()).containsOnlyKeys(SandboxIndexes.POOL,
        SandboxIndexes.CLAIMED_SANDBOX_ID, SandboxIndexes.OWNER, SandboxIndexes.NODE,
        SandboxIndexes.STATE, SandboxIndexes.CLAIM);
    assertThat(AgentsKinds.SANDBOX_SET.indexes()).containsOnlyKeys(SandboxIndexes.SANDBOXSET_NAME,
        SandboxIndexes.TEMPLATE_REF);
    SandboxSet set = SandboxSet.of("ns", "pool-1", null);
    assertThat(AgentsKinds.SANDBOX_SET.indexes().get(SandboxIndexes.SANDBOXSET_NAME).apply(set))
        .containsExactly("pool-1");
    assertThat(AgentsKinds.SANDBOX_CLAIM.indexes()).containsOnlyKeys(SandboxIndexes.CLAIM_TEMPLATE,
        SandboxIndexes.CLAIM_PHASE);
  }

  @Test
  void sandboxSetsAreIndexedByTheNameOfTheTemplateTheyReferTo() {
    assertThat(templateRefKeys(SandboxSet.of("ns", "no-spec", null))).isEmpty();
    assertThat(templateRefKeys(SandboxSet.of("ns", "inline", new SandboxSetSpec()))).isEmpty();
    assertThat(templateRefKeys(SandboxSet.of("ns", "blank", new SandboxSetSpec()
        .withTemplateRef(TemplateRef.of(""))))).isEmpty();
    assertThat(templateRefKeys(SandboxSet.of("ns", "ref", new SandboxSetSpec()
        .withTemplateRef(TemplateRef.of("python"))))).containsExactly("python");
  }

  private static Collection<String> templateRefKeys(SandboxSet set) {
    return AgentsKinds.SANDBOX_SET.indexes().get(SandboxIndexes.TEMPLATE_REF).apply(set);
  }
}
