package io.kruise.agents.controller.pool;

import static io.kruise.agents.controller.ControllerFixtures.template;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.kruise.agents.controller.Expectations;
import io.kruise.agents.controller.OwnerReferences;
import io.kruise.agents.model.ConditionTypes;
import io.kruise.agents.model.PauseStrategy;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxAnnotations;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxRuntime;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetSpec;
import io.kruise.agents.model.SandboxSetUpdateStrategy;
import io.kruise.agents.model.SandboxSpec;
import io.kruise.agents.model.SandboxStatus;
import io.kruise.agents.model.SandboxTemplate;
import io.kruise.agents.model.SandboxTemplateSpec;
import io.kruise.agents.model.TemplateRef;
import io.kruise.agents.model.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The planner with {@code spec.templateRef}: what a SandboxSet filled from a SandboxTemplate gets. */
class PoolPlannerTemplateRefTest {

  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  private final PoolPlanner planner = new PoolPlanner();

  private static SandboxSet refSet(int replicas, String templateName) {
    SandboxSet set = SandboxSet.of("ns", "pool", new SandboxSetSpec().withReplicas(replicas)
        .withTemplateRef(TemplateRef.of(templateName))
        .withPersistentContents(new ArrayList<>(List.of("ip")))
        .withRuntimes(new ArrayList<>(List.of(SandboxRuntime.of(SandboxRuntime.AGENT_RUNTIME))))
        .withPauseStrategy(new PauseStrategy().withType(PauseStrategy.STOP)));
    set.getMetadata().setUid("uid-pool");
    set.getMetadata().setGeneration(3L);
    set.getMetadata().setResourceVersion("100");
    return set;
  }

  private static SandboxTemplate sandboxTemplate(String name, String image) {
    SandboxTemplate t = SandboxTemplate.of("ns", name, new SandboxTemplateSpec()
        .withTemplate(template(image))
        // the set's own fields win over these (upstream's buildSandboxTemplateSpec)
        .withPersistentContents(new ArrayList<>(List.of("memory")))
        .withPauseStrategy(new PauseStrategy().withType(PauseStrategy.HIBERNATE))
        .withVolumeClaimTemplates(new ArrayList<>(List.of(pvc("data")))));
    t.getSpec().getTemplate().getMetadata().setLabels(new HashMap<>(Map.of("app", "python",
        SandboxLabels.SANDBOX_CLAIMED, "true")));
    t.getSpec().getTemplate().getMetadata().setAnnotations(new HashMap<>(Map.of("team", "ml",
        SandboxAnnotations.LOCK, "someone")));
    t.getMetadata().setResourceVersion("7");
    return t;
  }

  private static PersistentVolumeClaim pvc(String name) {
    return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).endMetadata()
        .build();
  }

  private PoolPlan plan(SandboxSet set, List<Sandbox> members, SandboxTemplate referenced) {
    return planner.plan(new PoolPlanner.Input(set, members, Expectations.Pending.NONE, NOW,
        referenced));
  }

  private static String revision(SandboxSet set, SandboxTemplate referenced) {
    return TemplateRevision.of(TemplateRevision.effectiveSpec(set.getSpec(), referenced));
  }

  private static Sandbox available(SandboxSet set, String name, String revision, long age) {
    Sandbox s = Sandbox.of("ns", name, new SandboxSpec());
    s.getMetadata().setLabels(new HashMap<>(Map.of(SandboxLabels.SANDBOX_POOL, "pool",
        SandboxLabels.TEMPLATE_HASH, revision)));
    s.getMetadata().setOwnerReferences(new ArrayList<>(List.of(
        OwnerReferences.controllerReference(set))));
    s.getMetadata().setCreationTimestamp(Times.format(NOW.minusSeconds(age)));
    s.getMetadata().setResourceVersion("1");
    Condition ready = new Condition(Times.format(NOW), "", null, "Test", "True",
        ConditionTypes.READY);
    s.setStatus(new SandboxStatus().withPhase("Running")
        .withConditions(new ArrayList<>(List.of(ready))));
    return s;
  }

  private static Condition templateCondition(PoolPlan plan) {
    assertThat(plan.status().getConditions()).hasSize(1);
    Condition c = plan.status().getConditions().get(0);
    assertThat(c.getType()).isEqualTo(PoolPlanner.TEMPLATE_CONDITION);
    assertThat(c.getStatus()).isEqualTo("False");
    assertThat(c.getObservedGeneration()).isEqualTo(3L);
    return c;
  }

  @Test
  void aSetWithATemplateRefIsFilledFromTheReferencedTemplate() {
    SandboxSet set = refSet(2, "python");
    SandboxTemplate python = sandboxTemplate("python", "python:3.12");
    SandboxTemplate before = python.deepCopy();

    PoolPlan plan = plan(set, List.of(), python);

    assertThat(plan.creations()).isEqualTo(2);
    Sandbox proto = plan.prototype();
    // the sandbox carries the reference, as upstream's: the Sandbox controller resolves it
    assertThat(proto.getSpec().getTemplateRef().getName()).isEqualTo("python");
    assertThat(proto.getSpec().getTemplate()).isNull();
    // labels and annotations of the referenced pod template, internal keys dropped
    assertThat(proto.getMetadata().getLabels()).isEqualTo(Map.of("app", "python",
        SandboxLabels.SANDBOX_POOL, "pool", SandboxLabels.SANDBOX_TEMPLATE, "python",
        SandboxLabels.SANDBOX_CLAIMED, "false",
        SandboxLabels.TEMPLATE_HASH, revision(set, python)));
    assertThat(proto.getMetadata().getAnnotations()).isEqualTo(Map.of("team", "ml"));
    assertThat(OwnerReferences.isControlledBy(proto, set)).isTrue();
    // the set's pool-level fields, not the template's
    assertThat(proto.getSpec().getPersistentContents()).containsExactly("ip");
    assertThat(proto.getSpec().getPauseStrategy().getType()).isEqualTo(PauseStrategy.STOP);
    assertThat(proto.getSpec().getRuntimes()).extracting(SandboxRuntime::getName)
        .containsExactly(SandboxRuntime.AGENT_RUNTIME);
    assertThat(proto.getSpec().getVolumeClaimTemplates()).isNull();
    // status: upstream reports the referenced template's name as the current revision
    assertThat(plan.status().getUpdateRevision()).isEqualTo(revision(set, python));
    assertThat(plan.status().getCurrentRevision()).isEqualTo("python");
    assertThat(plan.status().getConditions()).isNull();
    // the cached template is shared: nothing of it was changed
    assertThat(python).isEqualTo(before);
  }

  @Test
  void theRevisionCoversTheReferencedPodTemplateAndTheSetsOwnFields() {
    SandboxSet set = refSet(1, "python");
    SandboxTemplate v1 = sandboxTemplate("python", "python:3.12");
    String base = revision(set, v1);

    assertThat(revision(set, sandboxTemplate("python", "python:3.13"))).isNotEqualTo(base);
    SandboxSet hibernating = refSet(1, "python");
    hibernating.getSpec().setPauseStrategy(new PauseStrategy().withType(PauseStrategy.HIBERNATE));
    assertThat(revision(hibernating, v1)).isNotEqualTo(base);
    // the template's own pauseStrategy, persistentContents, volumeClaimTemplates: not used
    SandboxTemplate otherExtras = sandboxTemplate("python", "python:3.12");
    otherExtras.getSpec().setPauseStrategy(null);
    otherExtras.getSpec().setPersistentContents(null);
    otherExtras.getSpec().setVolumeClaimTemplates(null);
    assertThat(revision(set, otherExtras)).isEqualTo(base);
    // the template's metadata (not its spec) does not matter either
    SandboxTemplate relabelled = sandboxTemplate("python", "python:3.12");
    relabelled.getMetadata().setLabels(Map.of("owner", "someone-else"));
    assertThat(revision(set, relabelled)).isEqualTo(base);
  }

  @Test
  void anInlineTemplateAndAReferenceToTheSameContentHaveTheSameRevision() {
    SandboxTemplate python = sandboxTemplate("python", "python:3.12");
    SandboxSet byRef = refSet(1, "python");
    SandboxSet inline = refSet(1, "python");
    inline.getSpec().setTemplateRef(null);
    inline.getSpec().setTemplate(python.getSpec().getTemplate());
    assertThat(revision(byRef, python)).isEqualTo(TemplateRevision.of(inline.getSpec()));
  }

  @Test
  void aChangedTemplateRollsTheMembersOfTheOldRevision() {
    SandboxSet set = refSet(3, "python");
    set.getSpec().setUpdateStrategy(new SandboxSetUpdateStrategy()
        .withMaxUnavailable(new IntOrString(1)));
    String old = revision(set, sandboxTemplate("python", "python:3.12"));
    List<Sandbox> members = List.of(available(set, "a", old, 30), available(set, "b", old, 20),
        available(set, "c", old, 10));

    PoolPlan unchanged = plan(set, members, sandboxTemplate("python", "python:3.12"));
    assertThat(unchanged.deletions()).isEmpty();
    assertThat(unchanged.status().getUpdatedReplicas()).isEqualTo(3);

    SandboxTemplate v2 = sandboxTemplate("python", "python:3.13");
    PoolPlan rolled = plan(set, members, v2);
    assertThat(rolled.status().getUpdateRevision()).isEqualTo(revision(set, v2))
        .isNotEqualTo(old);
    assertThat(rolled.deletions(PoolPlan.Reason.ROLLING_UPDATE))
        .extracting(PoolPlan.Deletion::name).containsExactly("a"); // oldest, within budget 1
    assertThat(rolled.status().getUpdatedReplicas()).isNull(); // none updated yet (omitempty)
  }

  @Test
  void aMissingTemplateIsReportedByNameAndNothingIsCreatedUntilItAppears() {
    SandboxSet set = refSet(2, "python");
    PoolPlan missing = plan(set, List.of(), null);

    assertThat(missing.creations()).isZero();
    assertThat(missing.prototype()).isNull();
    Condition c = templateCondition(missing);
    assertThat(c.getReason()).isEqualTo(PoolPlanner.TEMPLATE_NOT_FOUND);
    assertThat(c.getMessage()).contains("SandboxTemplate ns/python").contains("was not found");
    assertThat(c.getLastTransitionTime()).isEqualTo(Times.format(NOW));
    assertThat(missing.status().getUpdateRevision()).isNull();

    // it appears: the condition goes, creation starts
    SandboxSet later = refSet(2, "python");
    later.setStatus(missing.status());
    PoolPlan found = plan(later, List.of(), sandboxTemplate("python", "python:3.12"));
    assertThat(found.status().getConditions()).isNull();
    assertThat(found.creations()).isEqualTo(2);
  }

  @Test
  void aTemplateDeletedLaterStopsCreationsButKeepsTheRevisionAndScalesDown() {
    SandboxSet set = refSet(1, "python");
    SandboxTemplate python = sandboxTemplate("python", "python:3.12");
    String revision = revision(set, python);
    set.setStatus(plan(set, List.of(), python).status());
    List<Sandbox> members = List.of(available(set, "a", revision, 20),
        available(set, "b", revision, 10));

    PoolPlan gone = plan(set, members, null);
    assertThat(templateCondition(gone).getReason()).isEqualTo(PoolPlanner.TEMPLATE_NOT_FOUND);
    assertThat(gone.status().getUpdateRevision()).isEqualTo(revision);
    assertThat(gone.deletions(PoolPlan.Reason.SCALE_DOWN)).hasSize(1);
    assertThat(gone.creations()).isZero();
  }

  @Test
  void bothTemplateAndTemplateRefAreRefusedAsUpstreamsWebhookDoes() {
    SandboxSet set = refSet(2, "python");
    set.getSpec().setTemplate(template("nginx:1"));
    PoolPlan plan = plan(set, List.of(), sandboxTemplate("python", "python:3.12"));
    assertThat(plan.creations()).isZero();
    Condition c = templateCondition(plan);
    assertThat(c.getReason()).isEqualTo(PoolPlanner.TEMPLATE_CONFLICT);
    assertThat(c.getMessage()).contains("mutually exclusive");
  }

  @Test
  void aReferencedTemplateWithoutPodTemplateIsReported() {
    SandboxSet set = refSet(2, "empty");
    SandboxTemplate empty = SandboxTemplate.of("ns", "empty", new SandboxTemplateSpec());
    PoolPlan plan = plan(set, List.of(), empty);
    assertThat(plan.creations()).isZero();
    Condition c = templateCondition(plan);
    assertThat(c.getReason()).isEqualTo(PoolPlanner.TEMPLATE_EMPTY);
    assertThat(c.getMessage()).contains("SandboxTemplate ns/empty").contains("no spec.template");
  }

  @Test
  void aReferencedTemplateIsIgnoredForASetWithAnInlineTemplate() {
    SandboxSet inline = refSet(1, "python");
    inline.getSpec().setTemplateRef(null);
    inline.getSpec().setTemplate(template("nginx:1"));
    PoolPlan plan = plan(inline, List.of(), sandboxTemplate("python", "python:3.12"));
    assertThat(plan.prototype().getSpec().getTemplate().getSpec().getContainers().get(0)
        .getImage()).isEqualTo("nginx:1");
    assertThat(plan.prototype().getSpec().getTemplateRef()).isNull();
    assertThat(plan.status().getUpdateRevision()).isEqualTo(TemplateRevision.of(inline.getSpec()));
  }
}
