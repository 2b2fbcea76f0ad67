package io.kruise.agents.controller;

import static io.kruise.agents.controller.ControllerFixtures.sandbox;
import static io.kruise.agents.controller.ControllerFixtures.sandboxSet;
import static io.kruise.agents.controller.ControllerFixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.SandboxClient;
import io.kruise.agents.client.SandboxSetClient;
import io.kruise.agents.client.exceptions.ConflictException;
import io.kruise.agents.client.exceptions.SandboxNotFoundException;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.ConditionTypes;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetStatus;
import io.kruise.agents.model.SandboxStates;
import io.kruise.agents.testkit.WithRealApiServer;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.ListenerOptions;
import io.kruise.agents.informers.ListenerRegistration;
import io.kruise.agents.informers.ResourceListener;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.informers.SharedInformers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reconciler helpers against a real API server: its schema accepts what they compute, its
 * optimistic concurrency meets the status writer's conflict path, and it honours owner references
 * and finalizers as written.
 */
@WithRealApiServer
class ReconcilerHelpersRealServerTest {

  private static final Instant T1 = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant T2 = Instant.parse("2025-01-01T01:00:00Z");

  @Test
  void statusIsWrittenOnlyWhenItChangesAndConditionsKeepTheirTransitionTime(
      AgentsClient agents) {
    SandboxSetClient sets = agents.sandboxSets();
    String name = uniqueName("status");
    SandboxSet created = sets.createSandboxSet(sandboxSet(null, name, 2));
    StatusWriter<SandboxSet, SandboxSetStatus> writer = StatusWriter.forSandboxSets(agents);

    SandboxSetStatus desired = StatusConditions.withCondition(created.getStatus(),
        StatusConditions.condition("Progressing", ConditionTypes.STATUS_FALSE, "Waiting",
            "nothing yet", created.getMetadata().getGeneration()), T1);
    assertThat(writer.write(created, desired)).isTrue();
    SandboxSet stored = sets.getSandboxSet(name);
    assertThat(stored.getStatus()).as("the schema accepted it as computed").isEqualTo(desired);

    // same status at a later time: equal, so no write and no new resourceVersion
    SandboxSetStatus again = StatusConditions.withCondition(stored.getStatus(),
        StatusConditions.condition("Progressing", ConditionTypes.STATUS_FALSE, "Waiting",
            "nothing yet", stored.getMetadata().getGeneration()), T2);
    assertThat(writer.write(stored, again)).isFalse();
    assertThat(sets.getSandboxSet(name).getMetadata().getResourceVersion())
        .isEqualTo(stored.getMetadata().getResourceVersion());

    // a new reason with the same status keeps the transition time
    SandboxSetStatus reason = StatusConditions.withCondition(stored.getStatus(),
        StatusConditions.condition("Progressing", ConditionTypes.STATUS_FALSE, "StillWaiting",
            "", stored.getMetadata().getGeneration()), T2);
    assertThat(writer.write(stored, reason)).isTrue();
    assertThat(sets.getSandboxSet(name).getStatus().getConditions()).singleElement()
        .satisfies(c -> {
          assertThat(c.getReason()).isEqualTo("StillWaiting");
          assertThat(c.getLastTransitionTime()).isEqualTo("2025-01-01T00:00:00Z");
        });
  }

  @Test
  void aStaleStatusWriteLandsOnTheCurrentVersionWithoutLosingTheOtherWrite(
      AgentsClient agents, KubernetesClient other) {
    SandboxSetClient sets = agents.sandboxSets();
    String name = uniqueName("stale");
    SandboxSet read = sets.createSandboxSet(sandboxSet(null, name, 2));
    // another writer changes the object after we read it
    try (AgentsClient otherAgents = AgentsClient.create(other)) {
      otherAgents.sandboxSets().patchSandboxSet(name, "{\"metadata\":{\"labels\":{\"x\":\"y\"}}}");
    }
    SandboxSetStatus desired = new SandboxSetStatus();
    desired.setReplicas(7);
    desired.setSelector("a=b");
    // the plain write proves the read is stale on this server
    SandboxSet stale = read.deepCopy();
    stale.setStatus(desired);
    assertThatThrownBy(() -> sets.updateSandboxSetStatus(name, stale))
        .isInstanceOf(ConflictException.class);

    assertThat(StatusWriter.forSandboxSets(agents).write(read, desired)).isTrue();
    SandboxSet stored = sets.getSandboxSet(name);
    assertThat(stored.getStatus()).isEqualTo(desired);
    assertThat(stored.getMetadata().getLabels()).containsEntry("x", "y");

    // stale again, but the current version already has the status: nothing is written
    String version = stored.getMetadata().getResourceVersion();
    assertThat(StatusWriter.forSandboxSets(agents).write(read, desired)).isFalse();
    assertThat(sets.getSandboxSet(name).getMetadata().getResourceVersion()).isEqualTo(version);
  }

  @Test
  void adoptionAndOrphaningAreStoredAsComputed(AgentsClient agents) {
    SandboxSetClient sets = agents.sandboxSets();
    SandboxClient sandboxes = agents.sandboxes();
    SandboxSet pool = sets.createSandboxSet(sandboxSet(null, uniqueName("owner"), 1));
    SandboxSet rival = sets.createSandboxSet(sandboxSet(null, uniqueName("rival"), 1));
    String name = uniqueName("child");
    Sandbox child = sandboxes.createSandbox(sandbox(null, name));

    Sandbox adopted = OwnerReferences.adopt(child, pool).orElseThrow();
    Sandbox stored = sandboxes.updateSandbox(name, adopted);
    assertThat(OwnerReferences.isControlledBy(stored, pool)).isTrue();
    assertThat(SandboxStates.isControlledBySandboxSet(stored)).isTrue();
    assertThat(OwnerReferences.adopt(stored, pool)).isEmpty();
    assertThatThrownBy(() -> OwnerReferences.adopt(stored, rival))
        .isInstanceOf(ValidationException.class);

    // the adoption copy carries the version it read: writing it again is refused
    assertThatThrownBy(() -> sandboxes.updateSandbox(name, adopted))
        .isInstanceOf(ConflictException.class);

    Sandbox orphaned = sandboxes.updateSandbox(name, OwnerReferences.orphan(stored, pool)
        .orElseThrow());
    assertThat(OwnerReferences.controllerOf(orphaned)).isEmpty();
    assertThat(sandboxes.getSandbox(name).getMetadata().getOwnerReferences()).isNullOrEmpty();
  }

  @Test
  void aFinalizerHoldsTheObjectUntilItIsRemoved(AgentsClient agents) {
    SandboxClient sandboxes = agents.sandboxes();
    String name = uniqueName("final");
    Sandbox created = sandboxes.createSandbox(sandbox(null, name));
    Sandbox held = sandboxes.updateSandbox(name,
        MetadataEdits.withFinalizer(created, "example.com/hold").orElseThrow());
    Sandbox labelled = sandboxes.updateSandbox(name,
        MetadataEdits.withLabel(held, "example.com/tier", "gold").orElseThrow());
    assertThat(labelled.getMetadata().getLabels()).containsEntry("example.com/tier", "gold");

    sandboxes.deleteSandbox(name);
    Sandbox deleting = sandboxes.getSandbox(name);
    assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(MetadataEdits.withFinalizer(deleting, "example.com/hold")).isEmpty();

    sandboxes.updateSandbox(name,
        MetadataEdits.withoutFinalizer(deleting, "example.com/hold").orElseThrow());
    assertThatThrownBy(() -> sandboxes.getSandbox(name))
        .isInstanceOf(SandboxNotFoundException.class);
  }

  @Test
  void expectationsAreSatisfiedByTheWatchOrAtOnceByTheOverlay(AgentsClient agents,
      KubernetesClient otherClient) {
    String owner = "ns/" + uniqueName("owner");
    Expectations expectations = new Expectations(new FakeTicker(), Duration.ofMinutes(1));
    SharedInformer<Sandbox> informer = SharedInformers.of(agents).sandboxes(
        InformerScope.namespace(agents.namespace()));
    assertThat(informer.awaitSynced(Duration.ofSeconds(30))).isTrue();
    try (ListenerRegistration feed = informer.addListener(ListenerOptions.named("expectations"),
        new ResourceListener<>() {
          @Override
          public void onAdd(Sandbox s) {
            expectations.observeCreation(owner, s.getMetadata().getName());
          }

          @Override
          public void onDelete(Sandbox s, boolean finalStateUnknown) {
            expectations.observeDeletion(owner, s.getMetadata().getName());
          }
        });
        AgentsClient other = AgentsClient.create(otherClient)) {
      // written by another client: only the watch can tell
      String elsewhere = uniqueName("elsewhere");
      other.sandboxes(agents.namespace()).createSandbox(sandbox(null, elsewhere));
      expectations.expectCreation(owner, elsewhere);
      await().atMost(Duration.ofSeconds(30))
          .until(() -> expectations.pending(owner).isSatisfied());

      // written by this client: its lister shows the write at once, events or not
      String mine = uniqueName("mine");
      agents.sandboxes().createSandbox(sandbox(null, mine));
      expectations.expectCreation(owner, mine);
      assertThat(expectations.satisfy(owner, names(informer)).creations()).doesNotContain(mine);
      agents.sandboxes().deleteSandbox(mine);
      expectations.expectDeletion(owner, mine);
      assertThat(expectations.satisfy(owner, names(informer)).deletions()).doesNotContain(mine);
      assertThat(expectations.pending(owner).isSatisfied()).isTrue();
    }
  }

  private static List<String> names(SharedInformer<Sandbox> informer) {
    return informer.lister().list("").stream().map(s -> s.getMetadata().getName()).toList();
  }
}
