package io.kruise.agents.controller.pool;

import static io.kruise.agents.controller.ControllerFixtures.frozen;
import static io.kruise.agents.controller.ControllerFixtures.sandboxSet;
import static io.kruise.agents.controller.ControllerFixtures.template;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.kruise.agents.controller.Expectations;
import io.kruise.agents.controller.OwnerReferences;
import io.kruise.agents.model.ConditionTypes;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxAnnotations;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetScaleStrategy;
import io.kruise.agents.model.SandboxSetStatus;
import io.kruise.agents.model.SandboxSetUpdateStrategy;
import io.kruise.agents.model.SandboxSpec;
import io.kruise.agents.model.SandboxStatus;
import io.kruise.agents.model.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PoolPlannerTest {

  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  private final PoolPlanner planner = new PoolPlanner();

  // ---- fixtures -------------------------------------------------------------------------

  private static SandboxSet set(int replicas) {
    SandboxSet set = sandboxSet("ns", "pool", replicas);
    set.getMetadata().setUid("uid-pool");
    set.getMetadata().setGeneration(4L);
    set.getMetadata().setResourceVersion("100");
    return set;
  }

  private static String revision(SandboxSet set) {
    return TemplateRevision.of(set.getSpec());
  }

  /** A member of {@code set} at {@code revision}, created {@code ageSeconds} before NOW. */
  private static Sandbox member(SandboxSet set, String name, String revision, long ageSeconds) {
    Sandbox s = Sandbox.of("ns", name, new SandboxSpec());
    s.getMetadata().setLabels(new HashMap<>(Map.of(SandboxLabels.SANDBOX_POOL, "pool",
        SandboxLabels.TEMPLATE_HASH, revision)));
    s.getMetadata().setOwnerReferences(new ArrayList<>(List.of(
        OwnerReferences.controllerReference(set))));
    s.getMetadata().setCreationTimestamp(Times.format(NOW.minusSeconds(ageSeconds)));
    s.getMetadata().setResourceVersion("1");
    return s;
  }

  private static Sandbox available(SandboxSet set, String name, long age) {
    return withStatus(member(set, name, revision(set), age), "Running", true);
  }

  private static Sandbox creating(SandboxSet set, String name, long age) {
    return member(set, name, revision(set), age); // no status yet: creating
  }

  private static Sandbox withStatus(Sandbox s, String phase, boolean ready) {
    Condition c = new Condition(Times.format(NOW), "", null, "Test",
        ready ? "True" : "False", ConditionTypes.READY);
    s.setStatus(new SandboxStatus().withPhase(phase).withConditions(new ArrayList<>(List.of(c))));
    return s;
  }

  private PoolPlan plan(SandboxSet set, List<Sandbox> members) {
    return plan(set, members, Expectations.Pending.NONE);
  }

  private PoolPlan plan(SandboxSet set, List<Sandbox> members, Expectations.Pending pending) {
    return planner.plan(new PoolPlanner.Input(set, members, pending, NOW));
  }

  private static List<String> names(List<PoolPlan.Deletion> deletions) {
    return deletions.stream().map(PoolPlan.Deletion::name).toList();
  }

  // ---- scale up -------------------------------------------------------------------------

  @Test
  void anEmptyPoolCreatesReplicasSandboxesFromTheTemplate() {
    SandboxSet set = set(3);
    PoolPlan plan = plan(set, List.of());

    assertThat(plan.creations()).isEqualTo(3);
    assertThat(plan.deletions()).isEmpty();
    Sandbox proto = plan.prototype();
    assertThat(proto.getMetadata().getGenerateName()).isEqualTo("pool-");
    assertThat(proto.getMetadata().getNamespace()).isEqualTo("ns");
    assertThat(proto.getMetadata().getLabels()).containsAllEntriesOf(Map.of(
        SandboxLabels.SANDBOX_POOL, "pool", SandboxLabels.SANDBOX_TEMPLATE, "pool",
        SandboxLabels.SANDBOX_CLAIMED, "false", SandboxLabels.TEMPLATE_HASH, revision(set),
        "app", "pool"));
    assertThat(OwnerReferences.isControlledBy(proto, set)).isTrue();
    assertThat(proto.getSpec().getTemplate()).isEqualTo(set.getSpec().getTemplate())
        .isNotSameAs(set.getSpec().getTemplate());

    SandboxSetStatus status = plan.status();
    assertThat(status.getReplicas()).isZero();
    assertThat(status.getAvailableReplicas()).isZero();
    assertThat(status.getObservedGeneration()).isEqualTo(4L);
    assertThat(status.getUpdateRevision()).isEqualTo(revision(set));
    assertThat(status.getCurrentRevision()).isEqualTo("pool-" + revision(set));
    assertThat(status.getSelector())
        .isEqualTo("agents.kruise.io/sandbox-claimed=false,agents.kruise.io/sandbox-pool=pool");
    assertThat(status.getConditions()).isNull();
    assertThat(plan.requeueAfter()).isNull();
  }

  @Test
  void aFullPoolDoesNothingAndReportsItsCounts() {
    SandboxSet set = set(3);
    PoolPlan plan = plan(set, List.of(available(set, "a", 30), available(set, "b", 20),
        creating(set, "c", 10)));
    assertThat(plan.creations()).isZero();
    assertThat(plan.deletions()).isEmpty();
    assertThat(plan.status().getReplicas()).isEqualTo(3);
    assertThat(plan.status().getAvailableReplicas()).isEqualTo(2);
    assertThat(plan.status().getUpdatedReplicas()).isEqualTo(3);
    assertThat(plan.status().getUpdatedAvailableReplicas()).isEqualTo(2);
  }

  @Test
  void claimedSandboxesAreNotMembersAndAreReplaced() {
    // a claim removes the controller reference, so the cache's members no longer include it
    SandboxSet set = set(3);
    PoolPlan plan = plan(set, List.of(available(set, "a", 30), available(set, "b", 20)));
    assertThat(plan.creations()).isOne();
  }

  @Test
  void creationsInFlightCountAsReplicasAndPostponeARevisit() {
    SandboxSet set = set(3);
    Expectations.Pending pending = new Expectations.Pending(Set.of("x", "y"), Set.of(),
        Duration.ofSeconds(42));
    PoolPlan plan = plan(set, List.of(available(set, "a", 30)), pending);
    assertThat(plan.creations()).as("never over-create while the cache lags").isZero();
    assertThat(plan.status().getReplicas()).isEqualTo(3);
    assertThat(plan.status().getAvailableReplicas()).isOne();
    assertThat(plan.requeueAfter()).isEqualTo(Duration.ofSeconds(42));
  }

  @Test
  void scaleUpIsLimitedByTheScaleStrategysMaxUnavailable() {
    SandboxSet set = set(10);
    set.getSpec().setScaleStrategy(new SandboxSetScaleStrategy()
        .withMaxUnavailable(new IntOrString(3)));
    assertThat(plan(set, List.of()).creations()).isEqualTo(3);
    assertThat(plan(set, List.of(creating(set, "c1", 5), creating(set, "c2", 5))).creations())
        .as("those still creating use the budget").isOne();
    assertThat(plan(set, List.of(creating(set, "c1", 5), creating(set, "c2", 5),
        creating(set, "c3", 5), creating(set, "c4", 5))).creations()).isZero();

    set.getSpec().getScaleStrategy().setMaxUnavailable(new IntOrString("25%"));
    assertThat(plan(set, List.of()).creations()).as("25% of 10 rounded up").isEqualTo(3);
    set.getSpec().getScaleStrategy().setMaxUnavailable(new IntOrString("lots"));
    assertThat(plan(set, List.of()).creations()).as("malformed: upstream creates none")
        .isZero();
  }

  // ---- scale down -----------------------------------------------------------------------

  @Test
  void scaleDownDeletesOldRevisionsFirstThenNotReadyThenAvailableOldestFirst() {
    SandboxSet set = set(1);
    Sandbox oldAvailable = withStatus(member(set, "old-available", "old-rev", 5), "Running", true);
    Sandbox oldCreating = member(set, "old-creating", "old-rev", 1);
    Sandbox pending = withStatus(creating(set, "pending", 1), "Pending", false);
    Sandbox notReady = withStatus(creating(set, "not-ready", 100), "Running", false);
    Sandbox recycledOnce = available(set, "recycled-once", 50);
    recycledOnce.getStatus().setRecycledCount(1);
    Sandbox recycledTwice = available(set, "recycled-twice", 10);
    recycledTwice.getStatus().setRecycledCount(2);
    Sandbox young = available(set, "young", 10);
    Sandbox oldest = available(set, "oldest", 90);
    Sandbox sameSecondB = available(set, "same-b", 60);
    Sandbox sameSecondA = available(set, "same-a", 60);

    PoolPlan plan = plan(set, List.of(young, oldAvailable, notReady, recycledOnce, pending,
        sameSecondB, oldCreating, oldest, recycledTwice, sameSecondA));

    assertThat(plan.creations()).isZero();
    assertThat(names(plan.deletions())).containsExactly("old-creating", "old-available",
        "pending", "recycled-twice", "recycled-once", "not-ready", "oldest", "same-a",
        "same-b");
    assertThat(plan.deletions()).allMatch(PoolPlan.Deletion::lockFirst);
    assertThat(plan.status().getReplicas()).as("status is computed before the plan runs")
        .isEqualTo(10);
  }

  @Test
  void sandboxesBeingClaimedAreNeverScaleDownVictims() {
    SandboxSet set = set(1);
    Sandbox claiming = available(set, "claiming", 100);
    claiming.getMetadata().setAnnotations(Map.of(SandboxAnnotations.LOCK, "l1",
        SandboxAnnotations.OWNER, "user-1"));
    Sandbox ours = available(set, "locked-by-scale-down", 90);
    ours.getMetadata().setAnnotations(Map.of(SandboxAnnotations.LOCK, "l2",
        SandboxAnnotations.OWNER, PoolPlanner.SCALE_DOWN_OWNER));
    Sandbox free = available(set, "free", 10);

    PoolPlan plan = plan(set, List.of(claiming, ours, free));
    assertThat(names(plan.deletions())).containsExactly("locked-by-scale-down", "free");
  }

  @Test
  void scaleDownWaitsForEverythingInFlight() {
    SandboxSet set = set(1);
    List<Sandbox> three = List.of(available(set, "a", 3), available(set, "b", 2),
        available(set, "c", 1));
    assertThat(plan(set, three, new Expectations.Pending(Set.of("new"), Set.of(),
        Duration.ofSeconds(1))).deletions()).isEmpty();
    PoolPlan deleting = plan(set, three, new Expectations.Pending(Set.of(), Set.of("a"),
        Duration.ofSeconds(1)));
    assertThat(deleting.deletions()).as("a deletion in flight blocks further scale down")
        .isEmpty();
    assertThat(deleting.status().getReplicas()).as("a sandbox being deleted is not counted")
        .isEqualTo(2);
  }

  @Test
  void scaleToZeroDeletesEveryUnclaimedSandbox() {
    SandboxSet set = set(0);
    PoolPlan plan = plan(set, List.of(available(set, "a", 3), creating(set, "b", 2)));
    assertThat(names(plan.deletions())).containsExactlyInAnyOrder("a", "b");
  }

  // ---- dead sandboxes -------------------------------------------------------------------

  @Test
  void deadSandboxesAreDeletedWithoutALockAndNotCounted() {
    SandboxSet set = set(2);
    Sandbox failed = withStatus(member(set, "failed", revision(set), 5), "Failed", false);
    Sandbox expired = available(set, "expired", 5);
    expired.getSpec().setShutdownTime(Times.format(NOW.minusSeconds(1)));
    Sandbox deleting = available(set, "deleting", 5);
    deleting.getMetadata().setDeletionTimestamp(Times.format(NOW));

    PoolPlan plan = plan(set, List.of(failed, expired, deleting, available(set, "ok", 5)));

    assertThat(plan.deletions(PoolPlan.Reason.DEAD)).extracting(PoolPlan.Deletion::name)
        .containsExactlyInAnyOrder("failed", "expired");
    assertThat(plan.deletions(PoolPlan.Reason.DEAD)).noneMatch(PoolPlan.Deletion::lockFirst);
    assertThat(plan.status().getReplicas()).isOne();
    assertThat(plan.creations()).isOne();
  }

  // ---- templates ------------------------------------------------------------------------

  @Test
  void aMissingTemplateIsReported() {
    SandboxSet set = set(2);
    set.getSpec().setTemplate(null);
    PoolPlan plan = plan(set, List.of());
    assertThat(plan.creations()).isZero();
    assertThat(plan.status().getConditions()).extracting(Condition::getReason)
        .containsExactly(PoolPlanner.TEMPLATE_MISSING);
  }

  @Test
  void internalKeysOfTheTemplateAreNotCopiedExceptThoseKeptOnCreation() {
    SandboxSet set = set(1);
    set.getSpec().getTemplate().getMetadata().setLabels(new HashMap<>(Map.of("team", "a",
        SandboxLabels.SANDBOX_CLAIMED, "true", SandboxLabels.SANDBOX_ID, "x")));
    set.getSpec().getTemplate().getMetadata().setAnnotations(new HashMap<>(Map.of("note", "n",
        SandboxAnnotations.LOCK, "l", SandboxAnnotations.CLEANUP_ENABLED, "true")));
    Sandbox proto = plan(set, List.of()).prototype();
    assertThat(proto.getMetadata().getLabels()).containsEntry("team", "a")
        .containsEntry(SandboxLabels.SANDBOX_CLAIMED, "false")
        .doesNotContainKey(SandboxLabels.SANDBOX_ID);
    assertThat(proto.getMetadata().getAnnotations()).containsOnlyKeys("note",
        SandboxAnnotations.CLEANUP_ENABLED);
  }

  @Test
  void aLongNameIsCutToAValidGenerateName() {
    assertThat(PoolSandboxes.generateName("p".repeat(70))).hasSize(58);
    assertThat(PoolSandboxes.generateName("short")).isEqualTo("short-");
  }

  // ---- rolling update -------------------------------------------------------------------

  @Test
  void aNewTemplateReplacesOldCreatingAtOnceAndOldAvailableWithinTheBudget() {
    SandboxSet set = set(4);
    set.getSpec().setUpdateStrategy(new SandboxSetUpdateStrategy()
        .withMaxUnavailable(new IntOrString("50%")));
    Sandbox oldCreating = member(set, "old-creating", "old-rev", 1);
    Sandbox oldA = withStatus(member(set, "old-a", "old-rev", 30), "Running", true);
    Sandbox oldB = withStatus(member(set, "old-b", "old-rev", 20), "Running", true);
    Sandbox updatedCreating = creating(set, "new-creating", 1);

    PoolPlan plan = plan(set, List.of(oldB, oldCreating, updatedCreating, oldA));

    assertThat(plan.creations()).isZero();
    // budget 2 (50% of 4) minus 1 updated still creating: one old available, the oldest
    assertThat(names(plan.deletions(PoolPlan.Reason.ROLLING_UPDATE)))
        .containsExactly("old-creating", "old-a");
    assertThat(plan.deletions()).allMatch(PoolPlan.Deletion::lockFirst);
    assertThat(plan.status().getUpdatedReplicas()).isOne();
    assertThat(plan.status().getUpdatedAvailableReplicas()).isNull(); // 0, omitted as upstream
  }

  @Test
  void withoutAnUpdateBudgetOldAvailableSandboxesStay() {
    SandboxSet set = set(2);
    PoolPlan plan = plan(set, List.of(
        withStatus(member(set, "old-a", "old-rev", 30), "Running", true),
        available(set, "new", 2)));
    assertThat(plan.deletions()).isEmpty();
    assertThat(plan.status().getUpdatedReplicas()).isOne();
    assertThat(plan.status().getUpdatedAvailableReplicas()).isOne();
  }

  @Test
  void noRollingUpdateWhileScalingOrWaiting() {
    SandboxSet set = set(3);
    set.getSpec().setUpdateStrategy(new SandboxSetUpdateStrategy()
        .withMaxUnavailable(new IntOrString(5)));
    Sandbox old = withStatus(member(set, "old-a", "old-rev", 30), "Running", true);
    assertThat(plan(set, List.of(old)).deletions()).as("scaling up").isEmpty();
    assertThat(plan(set, List.of(old, available(set, "b", 1), available(set, "c", 1)),
        new Expectations.Pending(Set.of(), Set.of("gone"), Duration.ofSeconds(1))).deletions())
        .as("waiting").isEmpty();
  }

  // ---- status and purity ----------------------------------------------------------------

  @Test
  void planningTheSameStateTwiceGivesTheSameStatus() {
    SandboxSet set = set(2);
    List<Sandbox> members = List.of(available(set, "a", 3), creating(set, "b", 1));
    SandboxSetStatus first = plan(set, members).status();
    SandboxSet written = set(2);
    written.setStatus(first);
    assertThat(plan(written, members).status()).isEqualTo(first);
  }

  @Test
  void theInputIsNotChanged() {
    SandboxSet set = frozen(set(1));
    SandboxSetStatus status = new SandboxSetStatus();
    status.setReplicas(9);
    status.setConditions(List.of(new Condition(Times.format(NOW), "", 1L, "Old", "True", "X")));
    set.setStatus(status);
    String before = set.toString();
    List<Sandbox> members = List.of(frozen(available(set, "a", 3)), frozen(available(set, "b", 2)));
    String membersBefore = members.toString();

    plan(set, members);

    assertThat(set.toString()).isEqualTo(before);
    assertThat(members.toString()).isEqualTo(membersBefore);
  }

  @Test
  void theRevisionFollowsTheTemplateNotTheKeyOrder() {
    SandboxSet a = set(1);
    SandboxSet b = set(5);
    assertThat(revision(a)).isEqualTo(revision(b)).matches("[bcdfghjklmnpqrstvwxz2456789]+");
    b.getSpec().setTemplate(template("nginx:2"));
    assertThat(revision(b)).isNotEqualTo(revision(a));

    SandboxSet ordered = set(1);
    ordered.getSpec().getTemplate().getMetadata().setLabels(new java.util.LinkedHashMap<>(
        Map.of("app", "pool")));
    ordered.getSpec().getTemplate().getMetadata().getLabels().put("z", "1");
    ordered.getSpec().getTemplate().getMetadata().getLabels().put("a", "2");
    SandboxSet reversed = set(1);
    reversed.getSpec().getTemplate().getMetadata().setLabels(new java.util.LinkedHashMap<>());
    reversed.getSpec().getTemplate().getMetadata().getLabels().put("a", "2");
    reversed.getSpec().getTemplate().getMetadata().getLabels().put("z", "1");
    reversed.getSpec().getTemplate().getMetadata().getLabels().put("app", "pool");
    assertThat(revision(ordered)).isEqualTo(revision(reversed));
  }

  @Test
  void theHashIsUpstreamsFnv1AndSafeEncoding() {
    assertThat(TemplateRevision.fnv1(new byte[0])).isEqualTo(0x811c9dc5);
    assertThat(TemplateRevision.fnv1("a".getBytes())).isEqualTo(0x050c5d7e);
    assertThat(TemplateRevision.safeEncode("0123456789")).isEqualTo("456789bcdf");
  }
}
