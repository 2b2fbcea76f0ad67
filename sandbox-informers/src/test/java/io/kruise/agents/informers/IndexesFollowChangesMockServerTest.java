package io.kruise.agents.informers;

import static io.kruise.agents.informers.InformerFixtures.SYNC;
import static io.kruise.agents.informers.InformerFixtures.createWithStatus;
import static io.kruise.agents.informers.InformerFixtures.edit;
import static io.kruise.agents.informers.InformerFixtures.names;
import static io.kruise.agents.informers.InformerFixtures.poolSandbox;
import static io.kruise.agents.informers.InformerFixtures.running;
import static io.kruise.agents.informers.InformerFixtures.sandbox;
import static io.kruise.agents.informers.InformerFixtures.synced;
import static io.kruise.agents.informers.InformerFixtures.syncedSandboxes;
import static io.kruise.agents.informers.InformerFixtures.uniqueNamespace;
import static io.kruise.agents.informers.InformerFixtures.writeStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.Fixtures;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxAnnotations;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxStatus;
import io.kruise.agents.testkit.WithMockApiServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Index entries follow label, annotation and status changes and deletes. The changes are written
 * through a second client without informers, so only the informer's events can move the entries.
 */
@WithMockApiServer
class IndexesFollowChangesMockServerTest {

  private static String label(String key, String value) {
    return "{\"metadata\":{\"labels\":{\"" + key + "\":\"" + value + "\"}}}";
  }

  private static String annotation(String key, String value) {
    return "{\"metadata\":{\"annotations\":{\"" + key + "\":\"" + value + "\"}}}";
  }

  @Test
  void aPoolSandboxMovesThroughThePoolIndexAsItWarmsIsClaimedAndIsDeleted(AgentsClient agents,
      KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    String pool = Fixtures.uniqueName("pool");
    Lister<Sandbox> lister = syncedSandboxes(agents).lister();
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      writer.sandboxes(ns).createSandbox(poolSandbox(ns, "s1", pool));
      // no status: neither pending nor ready, controlled by a SandboxSet -> creating, in the pool
      await().atMost(SYNC).until(() -> names(lister.byIndex(SandboxIndexes.POOL, pool))
          .equals(List.of("s1")));
      assertThat(names(lister.byIndex(SandboxIndexes.STATE, "creating"))).contains("s1");

      writeStatus(writer, ns, "s1", running(true));
      await().atMost(SYNC).until(() -> names(lister.byIndex(SandboxIndexes.STATE, "available"))
          .contains("s1"));
      assertThat(names(lister.byIndex(SandboxIndexes.STATE, "creating"))).doesNotContain("s1");
      assertThat(names(lister.byIndex(SandboxIndexes.POOL, pool))).containsExactly("s1");

      writeStatus(writer, ns, "s1", new SandboxStatus().withPhase("Failed"));
      await().atMost(SYNC).until(() -> lister.byIndex(SandboxIndexes.POOL, pool).isEmpty());
      assertThat(lister.indexKeys(SandboxIndexes.POOL)).doesNotContain(pool);
      assertThat(names(lister.byIndex(SandboxIndexes.STATE, "dead"))).contains("s1");

      writeStatus(writer, ns, "s1", running(true));
      await().atMost(SYNC).until(() -> names(lister.byIndex(SandboxIndexes.POOL, pool))
          .contains("s1"));

      // the claim: the controller reference goes and the claimed label comes
      edit(writer, ns, "s1", s -> {
        s.getMetadata().getOwnerReferences().clear();
        s.getMetadata().getLabels().put(SandboxLabels.SANDBOX_CLAIMED, "true");
      });
      await().atMost(SYNC).until(() -> lister.byIndex(SandboxIndexes.POOL, pool).isEmpty());
      assertThat(names(lister.byIndex(SandboxIndexes.CLAIMED_SANDBOX_ID, ns + "--s1")))
          .containsExactly("s1");
      assertThat(names(lister.byIndex(SandboxIndexes.STATE, "running"))).contains("s1");

      writer.sandboxes(ns).patchSandbox("s1", label(SandboxLabels.SANDBOX_ID, "id-s1"));
      await().atMost(SYNC).until(() -> names(lister.byIndex(SandboxIndexes.CLAIMED_SANDBOX_ID,
          "id-s1")).equals(List.of("s1")));
      assertThat(lister.byIndex(SandboxIndexes.CLAIMED_SANDBOX_ID, ns + "--s1")).isEmpty();
      assertThat(lister.indexKeys(SandboxIndexes.CLAIMED_SANDBOX_ID)).doesNotContain(ns + "--s1");

      writer.sandboxes(ns).deleteSandbox("s1");
      await().atMost(SYNC).until(() -> lister.get(ns, "s1") == null);
      assertThat(lister.byIndex(SandboxIndexes.CLAIMED_SANDBOX_ID, "id-s1")).isEmpty();
      assertThat(lister.indexKeys(SandboxIndexes.CLAIMED_SANDBOX_ID)).doesNotContain("id-s1");
      assertThat(names(lister.byIndex(SandboxIndexes.STATE, "running"))).doesNotContain("s1");
    }
  }

  @Test
  void theTemplateLabelOverridesThePoolLabelInTheIndex(AgentsClient agents,
      KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    String pool = Fixtures.uniqueName("pool");
    String template = Fixtures.uniqueName("tmpl");
    Lister<Sandbox> lister = syncedSandboxes(agents).lister();
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      createWithStatus(writer, poolSandbox(ns, "s1", pool), running(true));
      await().atMost(SYNC).until(() -> names(lister.byIndex(SandboxIndexes.POOL, pool))
          .contains("s1"));
      writer.sandboxes(ns).patchSandbox("s1", label(SandboxLabels.SANDBOX_TEMPLATE, template));
      await().atMost(SYNC).until(() -> names(lister.byIndex(SandboxIndexes.POOL, template))
          .contains("s1"));
      assertThat(lister.byIndex(SandboxIndexes.POOL, pool)).isEmpty();
      edit(writer, ns, "s1", s -> s.getMetadata().getLabels()
          .remove(SandboxLabels.SANDBOX_TEMPLATE));
      await().atMost(SYNC).until(() -> names(lister.byIndex(SandboxIndexes.POOL, pool))
          .contains("s1"));
      assertThat(lister.byIndex(SandboxIndexes.POOL, template)).isEmpty();
    }
  }

  @Test
  void theOwnerIndexFollowsTheOwnerAnnotation(AgentsClient agents,
      KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    String alice = Fixtures.uniqueName("alice");
    String bob = Fixtures.uniqueName("bob");
    Lister<Sandbox> lister = syncedSandboxes(agents).lister();
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      writer.sandboxes(ns).createSandbox(sandbox(ns, "s1"));
      await().atMost(SYNC).until(() -> lister.get(ns, "s1") != null);
      writer.sandboxes(ns).patchSandbox("s1", annotation(SandboxAnnotations.OWNER, alice));
      await().atMost(SYNC).until(() -> names(lister.byIndex(SandboxIndexes.OWNER, alice))
          .equals(List.of("s1")));
      writer.sandboxes(ns).patchSandbox("s1", annotation(SandboxAnnotations.OWNER, bob));
      await().atMost(SYNC).until(() -> names(lister.byIndex(SandboxIndexes.OWNER, bob))
          .equals(List.of("s1")));
      assertThat(lister.byIndex(SandboxIndexes.OWNER, alice)).isEmpty();
      assertThat(lister.indexKeys(SandboxIndexes.OWNER)).doesNotContain(alice).contains(bob);
      edit(writer, ns, "s1", s -> s.getMetadata().getAnnotations()
          .remove(SandboxAnnotations.OWNER));
      await().atMost(SYNC).until(() -> lister.byIndex(SandboxIndexes.OWNER, bob).isEmpty());
      assertThat(lister.indexKeys(SandboxIndexes.OWNER)).doesNotContain(bob);
    }
  }

  @Test
  void theNodeIndexFollowsTheStatus(AgentsClient agents, KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    String n1 = Fixtures.uniqueName("node");
    String n2 = Fixtures.uniqueName("node");
    Lister<Sandbox> lister = syncedSandboxes(agents).lister();
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      createWithStatus(writer, sandbox(ns, "s1"), running(true).withNodeName(n1));
      await().atMost(SYNC).until(() -> names(lister.byIndex(SandboxIndexes.NODE, n1))
          .equals(List.of("s1")));
      writeStatus(writer, ns, "s1", running(true).withNodeName(n2));
      await().atMost(SYNC).until(() -> names(lister.byIndex(SandboxIndexes.NODE, n2))
          .equals(List.of("s1")));
      assertThat(lister.byIndex(SandboxIndexes.NODE, n1)).isEmpty();
      writer.sandboxes(ns).deleteSandbox("s1");
      await().atMost(SYNC).until(() -> lister.byIndex(SandboxIndexes.NODE, n2).isEmpty());
      assertThat(lister.indexKeys(SandboxIndexes.NODE)).doesNotContain(n1, n2);
    }
  }

  @Test
  void aUserIndexAddedBeforeStartFollowsChanges(AgentsClient agents,
      KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    String team = Fixtures.uniqueName("team");
    SharedInformer<Sandbox> informer = SharedInformers.of(agents).sandboxes();
    informer.addIndex("team", s -> s.getMetadata().getLabels() == null
        || s.getMetadata().getLabels().get("team") == null ? List.of()
        : List.of(s.getMetadata().getLabels().get("team")));
    Lister<Sandbox> lister = synced(informer).lister();
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      writer.sandboxes(ns).createSandbox(sandbox(ns, "s1", Map.of("team", team)));
      writer.sandboxes(ns).createSandbox(sandbox(ns, "s2", Map.of("team", team)));
      await().atMost(SYNC).until(() -> lister.byIndex("team", team).size() == 2);
      writer.sandboxes(ns).patchSandbox("s1", label("team", team + "-b"));
      await().atMost(SYNC).until(() -> names(lister.byIndex("team", team + "-b"))
          .equals(List.of("s1")));
      assertThat(names(lister.byIndex("team", team))).containsExactly("s2");
      writer.sandboxes(ns).deleteSandbox("s2");
      await().atMost(SYNC).until(() -> lister.byIndex("team", team).isEmpty());
      assertThat(lister.indexKeys("team")).contains(team + "-b").doesNotContain(team);
    }
  }
}
