package io.kruise.agents.informers;

import static io.kruise.agents.informers.InformerFixtures.SYNC;
import static io.kruise.agents.informers.InformerFixtures.createWithStatus;
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

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.Fixtures;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxAnnotations;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.testkit.MockApiServer;
import io.kruise.agents.testkit.WithMockApiServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reads of the cache: what they return, that they send nothing, and that they are shared. */
@WithMockApiServer
class ListerMockServerTest {

  /** Creates, through a client without informers, objects the informer must learn by events. */
  private static void createLabelled(AgentsClient writer, String ns) {
    writer.sandboxes(ns).createSandbox(sandbox(ns, "web-1", Map.of("tier", "web", "env", "prod")));
    writer.sandboxes(ns).createSandbox(sandbox(ns, "web-2", Map.of("tier", "web", "env", "dev")));
    writer.sandboxes(ns).createSandbox(sandbox(ns, "db-1", Map.of("tier", "db", "env", "prod")));
    writer.sandboxes(ns).createSandbox(sandbox(ns, "plain", Map.of()));
  }

  @Test
  void readsSendNoRequests(AgentsClient agents, KubernetesClient writerClient,
      MockApiServer server) {
    String ns = uniqueNamespace();
    SharedInformer<Sandbox> informer = syncedSandboxes(agents);
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      createLabelled(writer, ns);
      Sandbox owned = sandbox(ns, "owned");
      owned.getMetadata().setAnnotations(Map.of(SandboxAnnotations.OWNER, "alice"));
      writer.sandboxes(ns).createSandbox(owned);
    }
    Lister<Sandbox> lister = informer.lister();
    await().atMost(SYNC).until(() -> lister.list(ns).size() == 5);

    int before = server.requestCount();
    for (int i = 0; i < 100; i++) {
      assertThat(lister.get(ns, "web-1")).isNotNull();
      assertThat(lister.get(ns, "missing")).isNull();
      assertThat(lister.find(ns, "db-1")).isPresent();
      assertThat(lister.list(ns)).hasSize(5);
      assertThat(lister.list("")).hasSizeGreaterThanOrEqualTo(5);
      assertThat(lister.list(ns, "tier in (web,db),env=prod")).hasSize(2);
      assertThat(lister.byIndex(SandboxIndexes.OWNER, "alice")).hasSize(1);
      assertThat(lister.indexKeys(SandboxIndexes.OWNER)).contains("alice");
      assertThat(lister.size()).isGreaterThanOrEqualTo(5);
    }
    assertThat(server.requestCount()).as("requests during 900 reads").isEqualTo(before);
  }

  @Test
  void labelSelectorsOfEveryKindSelectLocally(AgentsClient agents, KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    Lister<Sandbox> lister = syncedSandboxes(agents).lister();
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      createLabelled(writer, ns);
    }
    await().atMost(SYNC).until(() -> lister.list(ns).size() == 4);
    assertThat(names(lister.list(ns, "tier=web"))).containsExactlyInAnyOrder("web-1", "web-2");
    assertThat(names(lister.list(ns, "tier==db"))).containsExactly("db-1");
    assertThat(names(lister.list(ns, "tier!=web"))).containsExactlyInAnyOrder("db-1", "plain");
    assertThat(names(lister.list(ns, "env in (prod,qa)"))).containsExactlyInAnyOrder("web-1",
        "db-1");
    assertThat(names(lister.list(ns, "env notin (prod)"))).containsExactlyInAnyOrder("web-2",
        "plain");
    assertThat(names(lister.list(ns, "tier"))).containsExactlyInAnyOrder("web-1", "web-2",
        "db-1");
    assertThat(names(lister.list(ns, "!tier"))).containsExactly("plain");
    assertThat(names(lister.list(ns, "tier=web,env=dev"))).containsExactly("web-2");
    assertThat(lister.list(ns, null)).hasSize(4);
    assertThat(lister.list(ns, " ")).hasSize(4);
    assertThatThrownBy(() -> lister.list(ns, "tier in web"))
        .isInstanceOf(io.kruise.agents.client.exceptions.ValidationException.class);
  }

  @Test
  void theEmptyNamespaceMeansEveryNamespace(AgentsClient agents, KubernetesClient writerClient) {
    String a = uniqueNamespace();
    String b = uniqueNamespace();
    Lister<Sandbox> lister = syncedSandboxes(agents).lister();
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      writer.sandboxes(a).createSandbox(sandbox(a, "same"));
      writer.sandboxes(b).createSandbox(sandbox(b, "same"));
    }
    await().atMost(SYNC).until(() -> lister.get(a, "same") != null && lister.get(b, "same") != null);
    assertThat(lister.list("")).extracting(s -> s.getMetadata().getNamespace()).contains(a, b);
    assertThat(lister.list(a)).singleElement()
        .extracting(s -> s.getMetadata().getNamespace()).isEqualTo(a);
    assertThat(lister.get(a, "same")).isNotSameAs(lister.get(b, "same"));
  }

  @Test
  void aNamespaceInformerSeesOnlyItsNamespace(AgentsClient agents, KubernetesClient writerClient) {
    String mine = uniqueNamespace();
    String other = uniqueNamespace();
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      writer.sandboxes(mine).createSandbox(sandbox(mine, "listed"));
      writer.sandboxes(other).createSandbox(sandbox(other, "listed"));
      SharedInformer<Sandbox> informer =
          synced(SharedInformers.of(agents).sandboxes(InformerScope.namespace(mine)));
      writer.sandboxes(mine).createSandbox(sandbox(mine, "watched"));
      writer.sandboxes(other).createSandbox(sandbox(other, "watched"));
      Lister<Sandbox> lister = informer.lister();
      await().atMost(SYNC).until(() -> lister.get(mine, "watched") != null);
      assertThat(lister.get(other, "listed")).isNull();
      assertThat(lister.get(other, "watched")).isNull();
      assertThat(lister.list(other)).isEmpty();
      assertThat(lister.list("")).extracting(s -> s.getMetadata().getNamespace())
          .containsOnly(mine);
      assertThat(names(lister.list(""))).containsExactlyInAnyOrder("listed", "watched");
    }
  }

  @Test
  void aSelectorInformerHoldsOnlyMatchingObjects(AgentsClient agents,
      KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    String label = Fixtures.uniqueName("grp");
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      writer.sandboxes(ns).createSandbox(sandbox(ns, "in-1", Map.of("grp", label)));
      writer.sandboxes(ns).createSandbox(sandbox(ns, "out-1", Map.of("grp", "other")));
      SharedInformer<Sandbox> informer = synced(SharedInformers.of(agents)
          .sandboxes(InformerScope.allNamespaces().withLabelSelector("grp=" + label)));
      writer.sandboxes(ns).createSandbox(sandbox(ns, "in-2", Map.of("grp", label)));
      writer.sandboxes(ns).createSandbox(sandbox(ns, "out-2", Map.of()));
      Lister<Sandbox> lister = informer.lister();
      await().atMost(SYNC).until(() -> lister.get(ns, "in-2") != null);
      assertThat(names(lister.list(""))).containsExactlyInAnyOrder("in-1", "in-2");
      assertThat(lister.get(ns, "out-1")).isNull();
      assertThat(lister.get(ns, "out-2")).isNull();
      assertThat(informer.health().size()).isEqualTo(2);
    }
  }

  @Test
  void indexesAnswerByKeyAndListTheirKeys(AgentsClient agents, KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    String pool = Fixtures.uniqueName("pool");
    String owner = Fixtures.uniqueName("owner");
    Lister<Sandbox> lister = syncedSandboxes(agents).lister();
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      createWithStatus(writer, poolSandbox(ns, "avail", pool), running(true));
      createWithStatus(writer, poolSandbox(ns, "warming", pool), running(false));
      Sandbox claimed = sandbox(ns, "claimed", Map.of(SandboxLabels.SANDBOX_CLAIMED, "true",
          SandboxLabels.SANDBOX_ID, "id-" + owner));
      claimed.getMetadata().setAnnotations(Map.of(SandboxAnnotations.OWNER, owner));
      createWithStatus(writer, claimed, running(true).withNodeName("node-" + owner));
    }
    await().atMost(SYNC).until(() -> lister.list(ns).stream()
        .filter(s -> s.getStatus() != null).count() == 3);
    assertThat(names(lister.byIndex(SandboxIndexes.POOL, pool)))
        .containsExactlyInAnyOrder("avail", "warming");
    assertThat(lister.indexKeys(SandboxIndexes.POOL)).contains(pool);
    assertThat(names(lister.byIndex(SandboxIndexes.CLAIMED_SANDBOX_ID, "id-" + owner)))
        .containsExactly("claimed");
    assertThat(names(lister.byIndex(SandboxIndexes.OWNER, owner))).containsExactly("claimed");
    assertThat(names(lister.byIndex(SandboxIndexes.NODE, "node-" + owner)))
        .containsExactly("claimed");
    assertThat(lister.indexKeys(SandboxIndexes.NODE)).contains("node-" + owner);
    assertThat(lister.byIndex(SandboxIndexes.STATE, "available")).extracting(
        s -> s.getMetadata().getName()).contains("avail").doesNotContain("warming", "claimed");
    assertThat(lister.byIndex(SandboxIndexes.STATE, "creating")).extracting(
        s -> s.getMetadata().getName()).contains("warming");
    assertThat(lister.byIndex(SandboxIndexes.STATE, "running")).extracting(
        s -> s.getMetadata().getName()).contains("claimed");
    assertThat(lister.byIndex(SandboxIndexes.POOL, "no-such-pool")).isEmpty();
    assertThatThrownBy(() -> lister.byIndex("no-such-index", "x"))
        .isInstanceOf(io.kruise.agents.client.exceptions.ValidationException.class)
        .hasMessageContaining("no-such-index");
  }

  @Test
  void sandboxSetsAreIndexedByName(AgentsClient agents, KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    String name = Fixtures.uniqueName("set");
    SharedInformer<SandboxSet> informer = synced(SharedInformers.of(agents).sandboxSets());
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      writer.sandboxSets(ns).createSandboxSet(InformerFixtures.sandboxSet(ns, name, 2));
    }
    await().atMost(SYNC).until(() -> informer.lister().get(ns, name) != null);
    assertThat(names(informer.lister().byIndex(SandboxIndexes.SANDBOXSET_NAME, name)))
        .containsExactly(name);
    assertThat(informer.lister().indexKeys(SandboxIndexes.SANDBOXSET_NAME)).contains(name);
  }

  @Test
  void cachedObjectsCannotBeModified(AgentsClient agents, KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    Lister<Sandbox> lister = syncedSandboxes(agents).lister();
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      Sandbox body = sandbox(ns, "shared");
      body.getMetadata().setAnnotations(Map.of("a", "b"));
      body.getMetadata().setFinalizers(List.of("example.com/keep"));
      body.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder()
          .withApiVersion("v1").withKind("ConfigMap").withName("cm").withUid("u").build()));
      createWithStatus(writer, body, running(true));
    }
    await().atMost(SYNC).until(() -> lister.get(ns, "shared") != null
        && lister.get(ns, "shared").getStatus() != null);
    Sandbox cached = lister.get(ns, "shared");
    var meta = cached.getMetadata();
    assertThatThrownBy(() -> meta.getLabels().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> meta.getAnnotations().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> meta.getFinalizers().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> meta.getOwnerReferences().remove(0))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> cached.getStatus().getConditions().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(lister.get(ns, "shared").getMetadata().getLabels()).doesNotContainKey("x");
  }

  @Test
  void aDeepCopyIsIndependentOfTheCache(AgentsClient agents, KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    Lister<Sandbox> lister = syncedSandboxes(agents).lister();
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      createWithStatus(writer, sandbox(ns, "copied"), running(true));
    }
    await().atMost(SYNC).until(() -> lister.get(ns, "copied") != null
        && lister.get(ns, "copied").getStatus() != null);
    Sandbox cached = lister.get(ns, "copied");
    Sandbox copy = cached.deepCopy();
    assertThat(copy).isEqualTo(cached).isNotSameAs(cached);
    copy.getMetadata().getLabels().put("x", "y");
    copy.getMetadata().setAnnotations(new HashMap<>(Map.of("k", "v")));
    copy.getStatus().getConditions().clear();
    copy.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("changed");
    copy.getStatus().setPhase("Failed");

    Sandbox again = lister.get(ns, "copied");
    assertThat(again.getMetadata().getLabels()).doesNotContainKey("x");
    assertThat(again.getMetadata().getAnnotations()).doesNotContainKey("k");
    assertThat(again.getStatus().getConditions()).hasSize(1);
    assertThat(again.getStatus().getPhase()).isEqualTo("Running");
    assertThat(again.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("nginx:latest");
    assertThat(again.getMetadata().getAnnotations()).isNotEqualTo(
        copy.getMetadata().getAnnotations());
    assertThat(new ArrayList<>(lister.list(ns))).containsExactly(again);
  }

  @Test
  void equalPodTemplatesAreSharedBetweenCachedSandboxes(AgentsClient agents,
      KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    SharedInformer<Sandbox> informer = syncedSandboxes(agents);
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      writer.sandboxes(ns).createSandbox(sandbox(ns, "t1"));
      writer.sandboxes(ns).createSandbox(sandbox(ns, "t2"));
    }
    await().atMost(SYNC).until(() -> informer.lister().list(ns).size() == 2);
    assertThat(informer.lister().get(ns, "t1").getSpec().getTemplate())
        .isSameAs(informer.lister().get(ns, "t2").getSpec().getTemplate());
  }
}
