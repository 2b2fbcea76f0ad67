package io.kruise.agents.informers;

import static io.kruise.agents.informers.InformerFixtures.SYNC;
import static io.kruise.agents.informers.InformerFixtures.internals;
import static io.kruise.agents.informers.InformerFixtures.names;
import static io.kruise.agents.informers.InformerFixtures.poolSandbox;
import static io.kruise.agents.informers.InformerFixtures.running;
import static io.kruise.agents.informers.InformerFixtures.sandbox;
import static io.kruise.agents.informers.InformerFixtures.synced;
import static io.kruise.agents.informers.InformerFixtures.syncedSandboxes;
import static io.kruise.agents.informers.InformerFixtures.uniqueNamespace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.Fixtures;
import io.kruise.agents.client.SandboxClient;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxAnnotations;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxStates;
import io.kruise.agents.testkit.WithMockApiServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The client's own writes are visible in the listers as soon as the call returns. Most tests
 * stop the informer's watch first, so that only the read-your-writes overlay can show them.
 */
@WithMockApiServer
class ReadYourWritesMockServerTest {

  /**
   * The lister of a synced all-namespaces informer whose watch is then stopped: its cache no
   * longer moves.
   */
  private static Lister<Sandbox> frozen(AgentsClient agents) {
    SharedInformer<Sandbox> informer = syncedSandboxes(agents);
    Lister<Sandbox> lister = informer.lister();
    internals(informer).stopWatching();
    await().atMost(SYNC).until(() -> !informer.health().watching());
    return lister;
  }

  @Test
  void createUpdatePatchAndStatusAreVisibleAtOnce(AgentsClient agents) {
    String ns = uniqueNamespace();
    Lister<Sandbox> lister = frozen(agents);
    SandboxClient sandboxes = agents.sandboxes(ns);

    Sandbox created = sandboxes.createSandbox(sandbox(ns, "s1"));
    assertThat(lister.get(ns, "s1")).isNotNull().extracting(s -> s.getMetadata().getUid())
        .isEqualTo(created.getMetadata().getUid());
    assertThat(names(lister.list(ns))).containsExactly("s1");
    assertThat(names(lister.list(ns, "app=demo"))).containsExactly("s1");

    Sandbox body = created.deepCopy();
    body.getMetadata().setLabels(new HashMap<>(Map.of("app", "other")));
    sandboxes.updateSandbox("s1", body);
    assertThat(lister.get(ns, "s1").getMetadata().getLabels()).containsEntry("app", "other");
    assertThat(lister.list(ns, "app=demo")).isEmpty();
    assertThat(names(lister.list(ns, "app=other"))).containsExactly("s1");

    sandboxes.patchSandbox("s1", "{\"metadata\":{\"annotations\":{\""
        + SandboxAnnotations.OWNER + "\":\"alice\"}}}");
    assertThat(lister.get(ns, "s1").getMetadata().getAnnotations())
        .containsEntry(SandboxAnnotations.OWNER, "alice");
    assertThat(names(lister.byIndex(SandboxIndexes.OWNER, "alice"))).containsExactly("s1");

    Sandbox withStatus = sandboxes.getSandbox("s1");
    withStatus.setStatus(running(true));
    sandboxes.updateSandboxStatus("s1", withStatus);
    assertThat(SandboxStates.isReady(lister.get(ns, "s1"))).isTrue();
    assertThat(names(lister.byIndex(SandboxIndexes.STATE, "running"))).contains("s1");
  }

  @Test
  void aDeleteLeavesATombstoneAtOnce(AgentsClient agents) {
    String ns = uniqueNamespace();
    SharedInformer<Sandbox> informer = syncedSandboxes(agents);
    agents.sandboxes(ns).createSandbox(sandbox(ns, "doomed"));
    agents.sandboxes(ns).createSandbox(sandbox(ns, "kept"));
    await().atMost(SYNC).until(() -> informer.lister().list(ns).size() == 2
        && internals(informer).store().get(ns, "doomed") != null);
    Lister<Sandbox> lister = informer.lister();
    IndexedStore<Sandbox> store = internals(informer).store();
    internals(informer).stopWatching();

    agents.sandboxes(ns).deleteSandbox("doomed");
    assertThat(store.get(ns, "doomed")).as("still cached").isNotNull();
    assertThat(lister.get(ns, "doomed")).isNull();
    assertThat(lister.find(ns, "doomed")).isEmpty();
    assertThat(names(lister.list(ns))).containsExactly("kept");
    assertThat(names(lister.list(""))).doesNotContain("doomed");
  }

  @Test
  void aClaimedSandboxLeavesThePoolIndexAtOnce(AgentsClient agents) {
    String ns = uniqueNamespace();
    String pool = Fixtures.uniqueName("pool");
    Lister<Sandbox> lister = frozen(agents);
    SandboxClient sandboxes = agents.sandboxes(ns);
    sandboxes.createSandbox(poolSandbox(ns, "p1", pool));
    Sandbox current = sandboxes.getSandbox("p1");
    current.setStatus(running(true));
    sandboxes.updateSandboxStatus("p1", current);
    assertThat(names(lister.byIndex(SandboxIndexes.POOL, pool))).containsExactly("p1");

    Sandbox claimed = sandboxes.getSandbox("p1");
    claimed.getMetadata().setOwnerReferences(new java.util.ArrayList<>());
    claimed.getMetadata().setLabels(new HashMap<>(claimed.getMetadata().getLabels()));
    claimed.getMetadata().getLabels().put(SandboxLabels.SANDBOX_CLAIMED, "true");
    sandboxes.updateSandbox("p1", claimed);
    assertThat(lister.byIndex(SandboxIndexes.POOL, pool)).isEmpty();
    assertThat(names(lister.byIndex(SandboxIndexes.CLAIMED_SANDBOX_ID, ns + "--p1")))
        .containsExactly("p1");
  }

  @Test
  void sandboxSetWritesAreVisibleAtOnce(AgentsClient agents) {
    String ns = uniqueNamespace();
    SharedInformer<SandboxSet> informer = synced(SharedInformers.of(agents).sandboxSets());
    Lister<SandboxSet> lister = informer.lister();
    internals(informer).stopWatching();
    agents.sandboxSets(ns).createSandboxSet(InformerFixtures.sandboxSet(ns, "set", 1));
    assertThat(names(lister.byIndex(SandboxIndexes.SANDBOXSET_NAME, "set")))
        .containsExactly("set");
    agents.sandboxSets(ns).patchSandboxSet("set", "{\"spec\":{\"replicas\":4}}");
    assertThat(lister.get(ns, "set").getSpec().getReplicas()).isEqualTo(4);
    agents.sandboxSets(ns).deleteSandboxSet("set");
    assertThat(lister.get(ns, "set")).isNull();
  }

  @Test
  void manyWritesAreEachVisibleImmediatelyWithALiveInformer(AgentsClient agents) {
    String ns = uniqueNamespace();
    Lister<Sandbox> lister = syncedSandboxes(agents).lister();
    SandboxClient sandboxes = agents.sandboxes(ns);
    for (int i = 0; i < 100; i++) {
      String name = "s" + i;
      Sandbox created = sandboxes.createSandbox(sandbox(ns, name));
      assertThat(lister.get(ns, name)).as(name).isNotNull();
      Sandbox status = created.deepCopy();
      status.setStatus(running(true));
      sandboxes.updateSandboxStatus(name, status);
      assertThat(SandboxStates.isReady(lister.get(ns, name))).as(name).isTrue();
      sandboxes.deleteSandbox(name);
      assertThat(lister.get(ns, name)).as(name).isNull();
    }
    assertThat(lister.list(ns)).isEmpty();
  }

  @Test
  void theOverlayEmptiesOnceTheInformerHasSeenTheWrites(AgentsClient agents,
      KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    SharedInformer<Sandbox> informer = syncedSandboxes(agents);
    WriteOverlay<Sandbox> overlay = ((DefaultSharedInformer<Sandbox, ?>) informer).overlay();
    agents.sandboxes(ns).createSandbox(sandbox(ns, "a"));
    agents.sandboxes(ns).createSandbox(sandbox(ns, "b"));
    agents.sandboxes(ns).deleteSandbox("b");
    try (AgentsClient other = AgentsClient.create(writerClient)) {
      // a newer version of "a", in case its own event overtook the create's response
      other.sandboxes(ns).patchSandbox("a", "{\"metadata\":{\"labels\":{\"v\":\"2\"}}}");
    }
    await().atMost(SYNC).until(overlay::isEmpty);
    assertThat(names(informer.lister().list(ns))).containsExactly("a");
    assertThat(internals(informer).store().get(ns, "a")).isSameAs(informer.lister().get(ns, "a"));
  }

  @Test
  void aNameDeletedHereAndReCreatedElsewhereIsSeenAgain(AgentsClient agents,
      KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    Lister<Sandbox> lister = syncedSandboxes(agents).lister();
    try (AgentsClient other = AgentsClient.create(writerClient)) {
      // the delete's watch event often overtakes the DELETE response on the mock server
      for (int i = 0; i < 20; i++) {
        agents.sandboxes(ns).createSandbox(sandbox(ns, "phoenix"));
        agents.sandboxes(ns).deleteSandbox("phoenix");
        assertThat(lister.get(ns, "phoenix")).isNull();
        Sandbox reborn = other.sandboxes(ns).createSandbox(sandbox(ns, "phoenix"));
        // well within the overlay's 30 s expiry: a stale tombstone would hide it that long
        await().atMost(Duration.ofSeconds(5)).until(() -> lister.get(ns, "phoenix") != null);
        assertThat(lister.get(ns, "phoenix").getMetadata().getUid())
            .isEqualTo(reborn.getMetadata().getUid());
        other.sandboxes(ns).deleteSandbox("phoenix");
        await().atMost(SYNC).until(() -> lister.get(ns, "phoenix") == null);
      }
    }
  }

  @Test
  void objectsReadBackAfterAWriteAreSharedAndUnmodifiableToo(AgentsClient agents) {
    String ns = uniqueNamespace();
    Lister<Sandbox> lister = frozen(agents);
    Sandbox created = agents.sandboxes(ns).createSandbox(sandbox(ns, "mine"));
    Sandbox read = lister.get(ns, "mine");
    assertThatThrownBy(() -> read.getMetadata().getLabels().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    // the caller's own result stays the caller's: changing it does not change the cache
    created.getMetadata().setLabels(new HashMap<>(Map.of("changed", "by-caller")));
    created.getMetadata().getAnnotations().put("changed", "by-caller");
    assertThat(lister.get(ns, "mine").getMetadata().getLabels()).doesNotContainKey("changed");
    assertThat(lister.get(ns, "mine").getMetadata().getAnnotations())
        .doesNotContainKey("changed");
  }
}
