package io.kruise.agents.controller.josdk;

import static io.kruise.agents.controller.josdk.JosdkFixtures.SYNC;
import static io.kruise.agents.controller.josdk.JosdkFixtures.ownedBy;
import static io.kruise.agents.controller.josdk.JosdkFixtures.sandboxSet;
import static io.kruise.agents.controller.josdk.JosdkFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.javaoperatorsdk.operator.health.Status;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.testkit.WithMockApiServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The event source of secondary resources on the shared informers, against the mock server. */
@WithMockApiServer
class SharedInformerEventSourceMockServerTest {

  private AgentsClient agents;
  private String ns;
  private SharedInformer<Sandbox> sandboxes;
  private final List<ResourceID> triggered = new CopyOnWriteArrayList<>();
  private SharedInformerEventSource<Sandbox, SandboxSet> source;

  @BeforeEach
  void setUp(AgentsClient agents) {
    this.agents = agents;
    ns = unique("events");
    sandboxes = SharedInformers.of(agents).sandboxes(InformerScope.namespace(ns));
  }

  @AfterEach
  void stop() {
    if (source != null) {
      source.stop();
    }
  }

  private SharedInformerEventSource<Sandbox, SandboxSet> source() {
    boolean indexed = OwnerIndexes.ensureControllerUid(sandboxes);
    assertThat(indexed).isTrue();
    source = SharedInformerEventSource.builder(Sandbox.class, SandboxSet.class)
        .informer(sandboxes).named("sandboxes")
        .mapper(SecondaryMappers.controllerOwner(SandboxSet.class))
        .lookup(SecondaryLookup.controlledBy()).build();
    return source;
  }

  private SandboxSet createSet(String name) {
    return agents.sandboxSets(ns).createSandboxSet(sandboxSet(ns, name, 1));
  }

  private static ResourceID id(SandboxSet set) {
    return ResourceID.fromResource(set);
  }

  @Test
  void changesThatArriveBeforeJosdksHandlerAreHeldThenDelivered() {
    SharedInformerEventSource<Sandbox, SandboxSet> s = source();
    SandboxSet pool = createSet("pool");
    agents.sandboxes(ns).createSandbox(ownedBy(pool, "s1"));
    agents.sandboxes(ns).createSandbox(ownedBy(pool, "s2"));

    s.start(); // no handler yet: JOSDK has not wired it
    await().atMost(SYNC).until(() -> s.heldEvents() == 1); // both changes, one primary
    assertThat(triggered).isEmpty();

    s.setEventHandler(e -> triggered.add(e.getRelatedCustomResourceID()));

    assertThat(triggered).containsExactly(id(pool));
    assertThat(s.heldEvents()).isZero();
    agents.sandboxes(ns).createSandbox(ownedBy(pool, "s3"));
    await().atMost(SYNC).until(() -> triggered.size() == 2);
    assertThat(triggered).containsOnly(id(pool));
  }

  @Test
  void secondariesComeFromTheIndexAndIncludeThisProcesssWritesAtOnce() {
    SharedInformerEventSource<Sandbox, SandboxSet> s = source();
    s.setEventHandler(e -> triggered.add(e.getRelatedCustomResourceID()));
    s.start();
    SandboxSet pool = createSet("pool");
    SandboxSet other = createSet("other");

    Sandbox mine = agents.sandboxes(ns).createSandbox(ownedBy(pool, "s1"));
    agents.sandboxes(ns).createSandbox(ownedBy(other, "s2"));

    // no wait: the create is in the read-your-writes overlay before the watch reports it
    assertThat(s.getSecondaryResources(pool)).extracting(x -> x.getMetadata().getUid())
        .containsExactly(mine.getMetadata().getUid());
    assertThat(s.getSecondaryResource(pool)).isPresent();
    SandboxSet elsewhere = sandboxSet("elsewhere", "pool", 1);
    elsewhere.getMetadata().setUid(pool.getMetadata().getUid());
    assertThat(s.getSecondaryResources(elsewhere)).as("no informer for that namespace").isEmpty();
    await().atMost(SYNC).until(() -> s.getStatus() == Status.HEALTHY);
  }

  @Test
  void aSecondaryThatMovesToAnotherPrimaryTriggersBoth() {
    SharedInformerEventSource<Sandbox, SandboxSet> s = source();
    s.setEventHandler(e -> triggered.add(e.getRelatedCustomResourceID()));
    s.start();
    SandboxSet a = createSet("a");
    SandboxSet b = createSet("b");
    Sandbox moving = agents.sandboxes(ns).createSandbox(ownedBy(a, "s1"));
    await().atMost(SYNC).until(() -> triggered.contains(id(a)));
    triggered.clear();

    Sandbox moved = moving.deepCopy();
    moved.getMetadata().setOwnerReferences(new ArrayList<>(List.of(
        JosdkFixtures.controllerRef(b))));
    agents.sandboxes(ns).updateSandbox("s1", moved);

    await().atMost(SYNC).until(() -> triggered.contains(id(a)) && triggered.contains(id(b)));
  }

  @Test
  void josdksFiltersApply() {
    SharedInformerEventSource<Sandbox, SandboxSet> s = source();
    s.setOnAddFilter(sb -> !sb.getMetadata().getName().startsWith("skip"));
    s.setEventHandler(e -> triggered.add(e.getRelatedCustomResourceID()));
    s.start();
    SandboxSet skipped = createSet("skipped");
    SandboxSet taken = createSet("taken");

    agents.sandboxes(ns).createSandbox(ownedBy(skipped, "skip-1"));
    agents.sandboxes(ns).createSandbox(ownedBy(taken, "take-1"));

    // one listener queue, changes in order: once take-1 arrived, skip-1 was handled before it
    await().atMost(SYNC).until(() -> triggered.contains(id(taken)));
    assertThat(triggered).doesNotContain(id(skipped));
  }

  @Test
  void stopRemovesTheListenersAndLaterChangesAreDropped() {
    SharedInformerEventSource<Sandbox, SandboxSet> s = source();
    s.setEventHandler(e -> triggered.add(e.getRelatedCustomResourceID()));
    s.start();
    assertThat(s.isRunning()).isTrue();

    s.stop();

    assertThat(s.isRunning()).isFalse();
    assertThat(s.heldEvents()).isZero();
    assertThat(sandboxes.health().started()).as("the shared informer keeps running").isTrue();
  }

  @Test
  void theControllerUidIndexIsAddedOnlyBeforeTheInformerStarts() {
    assertThat(OwnerIndexes.ensureControllerUid(sandboxes)).isTrue();
    assertThat(OwnerIndexes.ensureControllerUid(sandboxes)).as("already there").isTrue();
    SharedInformer<Sandbox> started = SharedInformers.of(agents)
        .sandboxes(InformerScope.namespace(unique("started")));
    started.start();
    assertThat(OwnerIndexes.ensureControllerUid(started)).isFalse();
  }

  @Test
  void theBuilderNamesWhatIsMissing() {
    assertThatThrownBy(() -> SharedInformerEventSource.builder(Sandbox.class, SandboxSet.class)
        .mapper(SecondaryMappers.controllerOwner(SandboxSet.class))
        .lookup(SecondaryLookup.controlledBy()).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("informer");
    assertThatThrownBy(() -> SharedInformerEventSource.builder(Sandbox.class, SandboxSet.class)
        .informer(sandboxes).lookup(SecondaryLookup.controlledBy()).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("mapper");
    assertThatThrownBy(() -> SharedInformerEventSource.builder(Sandbox.class, SandboxSet.class)
        .informer(sandboxes).mapper(SecondaryMappers.controllerOwner(SandboxSet.class)).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("lookup");
    assertThatThrownBy(() -> SharedInformerEventSource.builder(Sandbox.class, SandboxSet.class)
        .informer(sandboxes).informer(SharedInformers.of(agents).sandboxes())
        .mapper(SecondaryMappers.controllerOwner(SandboxSet.class))
        .lookup(SecondaryLookup.controlledBy()).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("overlap");
    assertThatThrownBy(() -> SharedInformerEventSource.builder(null, SandboxSet.class))
        .isInstanceOf(ValidationException.class).hasMessageContaining("type");
    assertThatThrownBy(() -> SharedInformerEventSource.sandboxesOfSandboxSets(agents, null))
        .isInstanceOf(ValidationException.class).hasMessageContaining("context");
  }
}
