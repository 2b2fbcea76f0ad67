package io.kruise.agents.informers;

import io.kruise.agents.client.LeanObjects;
import static io.kruise.agents.informers.InformerFixtures.SYNC;
import static io.kruise.agents.informers.InformerFixtures.createWithStatus;
import static io.kruise.agents.informers.InformerFixtures.running;
import static io.kruise.agents.informers.InformerFixtures.sandbox;
import static io.kruise.agents.informers.InformerFixtures.synced;
import static io.kruise.agents.informers.InformerFixtures.syncedSandboxes;
import static io.kruise.agents.informers.InformerFixtures.uniqueNamespace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.testkit.MockApiServer;
import io.kruise.agents.testkit.WithMockApiServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lean store drops bulky fields and refuses to let its objects be written back. */
@WithMockApiServer
class LeanStoreMockServerTest {

  private static final InformerOptions LEAN = InformerOptions.builder().lean().build();

  private static Sandbox bulky(String ns, String name) {
    Sandbox s = sandbox(ns, name);
    s.getMetadata().setManagedFields(List.of(new ManagedFieldsEntryBuilder().withManager("test")
        .withOperation("Update").withApiVersion("agents.kruise.io/v1alpha1")
        .withFieldsType("FieldsV1").build()));
    s.getSpec().setVolumeClaimTemplates(List.of(new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName("data").endMetadata().build()));
    return s;
  }

  @Test
  void leanCachedSandboxesLackBulkyFieldsAndSaySo(AgentsClient agents,
      KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    SharedInformers.of(agents, LEAN);
    Lister<Sandbox> lister = syncedSandboxes(agents).lister();
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      Sandbox stored = createWithStatus(writer, bulky(ns, "big"), running(true));
      assertThat(stored.getMetadata().getManagedFields()).as("the server keeps it").isNotEmpty();
    }
    await().atMost(SYNC).until(() -> lister.get(ns, "big") != null
        && lister.get(ns, "big").getStatus() != null);
    Sandbox cached = lister.get(ns, "big");
    assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(cached.getSpec().getTemplate()).isNull();
    assertThat(cached.getSpec().getVolumeClaimTemplates()).isNullOrEmpty();
    assertThat(cached.getMetadata().getAnnotations()).containsKey(LeanObjects.PARTIAL_ANNOTATION);
    assertThat(LeanObjects.isPartial(cached)).isTrue();
    assertThat(cached.getStatus().getConditions()).hasSize(1);
    assertThat(cached.getMetadata().getLabels()).containsEntry("app", "demo");
  }

  @Test
  void aLeanObjectIsRefusedForWritesBeforeAnyRequest(AgentsClient agents,
      KubernetesClient writerClient, MockApiServer server) {
    String ns = uniqueNamespace();
    SharedInformers.of(agents, LEAN);
    Lister<Sandbox> lister = syncedSandboxes(agents).lister();
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      writer.sandboxes(ns).createSandbox(bulky(ns, "big"));
    }
    await().atMost(SYNC).until(() -> lister.get(ns, "big") != null);
    Sandbox copy = lister.get(ns, "big").deepCopy();

    int before = server.requestCount();
    assertThatThrownBy(() -> agents.sandboxes(ns).updateSandbox("big", copy))
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.fields()).singleElement().asString()
              .contains(LeanObjects.PARTIAL_ANNOTATION);
          assertThat(e.getMessage()).contains("template");
        });
    assertThatThrownBy(() -> agents.sandboxes(ns).updateSandboxStatus("big", copy))
        .isInstanceOf(ValidationException.class);
    copy.getMetadata().setName("other");
    copy.getMetadata().setResourceVersion(null);
    assertThatThrownBy(() -> agents.sandboxes(ns).createSandbox(copy))
        .isInstanceOf(ValidationException.class);
    assertThat(server.requestCount()).as("requests for refused writes").isEqualTo(before);

    Sandbox full = agents.sandboxes(ns).getSandbox("big");
    assertThat(full.getSpec().getTemplate()).isNotNull();
    assertThat(full.getSpec().getVolumeClaimTemplates()).hasSize(1);
    assertThat(full.getMetadata().getManagedFields()).isNotEmpty();
    assertThat(LeanObjects.isPartial(full)).isFalse();
  }

  @Test
  void ownWritesReadBackAtOnceAreLeanToo(AgentsClient agents, MockApiServer server) {
    String ns = uniqueNamespace();
    SharedInformers.of(agents, LEAN);
    SharedInformer<Sandbox> informer = syncedSandboxes(agents);
    Lister<Sandbox> lister = informer.lister();
    // stopped: only the read-your-writes overlay can show the write
    InformerFixtures.internals(informer).stopWatching();
    Sandbox created = agents.sandboxes(ns).createSandbox(bulky(ns, "mine"));
    assertThat(created.getSpec().getTemplate()).as("the caller gets the full object").isNotNull();
    Sandbox read = lister.get(ns, "mine");
    assertThat(read.getSpec().getTemplate()).isNull();
    assertThat(read.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(LeanObjects.isPartial(read)).isTrue();
    int before = server.requestCount();
    assertThatThrownBy(() -> agents.sandboxes(ns).updateSandbox("mine", read.deepCopy()))
        .isInstanceOf(ValidationException.class);
    assertThat(server.requestCount()).isEqualTo(before);
  }

  @Test
  void leanSandboxSetsLackTheirTemplate(AgentsClient agents, KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    SharedInformers.of(agents, LEAN);
    SharedInformer<SandboxSet> informer = synced(SharedInformers.of(agents).sandboxSets());
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      writer.sandboxSets(ns).createSandboxSet(InformerFixtures.sandboxSet(ns, "set", 1));
    }
    await().atMost(SYNC).until(() -> informer.lister().get(ns, "set") != null);
    SandboxSet cached = informer.lister().get(ns, "set");
    assertThat(cached.getSpec().getTemplate()).isNull();
    assertThat(cached.getSpec().getReplicas()).isEqualTo(1);
    assertThat(LeanObjects.isPartial(cached)).isTrue();
  }

  @Test
  void theDefaultStoreKeepsEverythingTheServerReturns(AgentsClient agents,
      KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    Lister<Sandbox> lister = syncedSandboxes(agents).lister();
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      createWithStatus(writer, bulky(ns, "big"), running(true));
    }
    await().atMost(SYNC).until(() -> lister.get(ns, "big") != null
        && lister.get(ns, "big").getStatus() != null);
    Sandbox cached = lister.get(ns, "big");
    Sandbox fromServer = agents.sandboxes(ns).getSandbox("big");
    assertThat(cached).isEqualTo(fromServer);
    assertThat(LeanObjects.isPartial(cached)).isFalse();
    assertThat(cached.getMetadata().getManagedFields()).isNotEmpty();
    assertThat(cached.getSpec().getVolumeClaimTemplates()).hasSize(1);
    // and a copy of it can be written back
    Sandbox copy = cached.deepCopy();
    copy.getMetadata().getLabels().put("edited", "yes");
    assertThat(agents.sandboxes(ns).updateSandbox("big", copy).getMetadata().getLabels())
        .containsEntry("edited", "yes");
  }
}
