package io.kruise.agents.informers;

import static io.kruise.agents.informers.InformerFixtures.SYNC;
import static io.kruise.agents.informers.InformerFixtures.createWithStatus;
import static io.kruise.agents.informers.InformerFixtures.internals;
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
import io.kruise.agents.client.exceptions.SandboxNotFoundException;
import io.kruise.agents.client.exceptions.TimeoutException;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetStatus;
import io.kruise.agents.model.SandboxStates;
import io.kruise.agents.testkit.MockApiServer;
import io.kruise.agents.testkit.WithMockApiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Waits served by the shared informer's cache: woken by events, no request and no watch each. */
@WithMockApiServer
class WaitsMockServerTest {

  private static final Duration LONG = Duration.ofMinutes(10);

  @Test
  void aWaitThatAlreadyHoldsCompletesAtOnce(AgentsClient agents, KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    SharedInformer<Sandbox> informer = syncedSandboxes(agents);
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      createWithStatus(writer, sandbox(ns, "ready"), running(true));
    }
    await().atMost(SYNC).until(() -> SandboxStates.isReady(informer.lister().get(ns, "ready")));
    // far from its deadline: completing proves it did not wait for it
    assertThat(informer.waitFor(ns, "ready", SandboxStates::isReady, LONG))
        .succeedsWithin(Duration.ofSeconds(5))
        .extracting(s -> s.getMetadata().getName()).isEqualTo("ready");
  }

  @Test
  void aWaitCompletesOnALaterWrite(AgentsClient agents, KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    SharedInformer<Sandbox> informer = syncedSandboxes(agents);
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      createWithStatus(writer, sandbox(ns, "later"), running(false));
      await().atMost(SYNC).until(() -> informer.lister().get(ns, "later") != null
          && informer.lister().get(ns, "later").getStatus() != null);
      CompletableFuture<Sandbox> wait = informer.waitFor(ns, "later", SandboxStates::isReady,
          LONG);
      CompletableFuture<Sandbox> labelled = informer.waitFor(ns, "later",
          s -> "1".equals(s.getMetadata().getLabels().get("x")), LONG);
      writer.sandboxes(ns).patchSandbox("later", "{\"metadata\":{\"labels\":{\"x\":\"1\"}}}");
      // The waits of one object complete in event order: once the label's wait completed, the
      // unrelated change has been offered to the first wait too.
      assertThat(labelled).succeedsWithin(SYNC);
      assertThat(wait).isNotDone();
      writeStatus(writer, ns, "later", running(true));
      assertThat(wait).succeedsWithin(SYNC)
          .satisfies(s -> assertThat(SandboxStates.isReady(s)).isTrue());
    }
  }

  @Test
  void aDeleteFailsTheWaitWithNotFound(AgentsClient agents, KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    SharedInformer<Sandbox> informer = syncedSandboxes(agents);
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      writer.sandboxes(ns).createSandbox(sandbox(ns, "gone"));
      await().atMost(SYNC).until(() -> informer.lister().get(ns, "gone") != null);
      CompletableFuture<Sandbox> wait = informer.waitFor(ns, "gone", SandboxStates::isReady,
          LONG);
      writer.sandboxes(ns).deleteSandbox("gone");
      assertThat(wait).failsWithin(SYNC).withThrowableOfType(ExecutionException.class)
          .havingCause().isInstanceOf(SandboxNotFoundException.class)
          .withMessageContaining("gone").withMessageContaining("deleted");
    }
  }

  @Test
  void aMissingObjectIsNotFound(AgentsClient agents) {
    SharedInformer<Sandbox> informer = syncedSandboxes(agents);
    assertThat(informer.waitFor(uniqueNamespace(), "never", s -> true, LONG))
        .failsWithin(SYNC).withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(SandboxNotFoundException.class)
        .withMessageContaining("never");
  }

  @Test
  void theDeadlineFailsWithTheLastStateSeen(AgentsClient agents, KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    SharedInformer<Sandbox> informer = syncedSandboxes(agents);
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      createWithStatus(writer, sandbox(ns, "slow"), running(false));
    }
    await().atMost(SYNC).until(() -> informer.lister().get(ns, "slow") != null
        && informer.lister().get(ns, "slow").getStatus() != null);
    assertThat(informer.waitFor(ns, "slow", SandboxStates::isReady, Duration.ofMillis(300)))
        .failsWithin(SYNC).withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOfSatisfying(TimeoutException.class, e -> {
          assertThat(e.getMessage()).contains("Sandbox " + ns + "/slow", "Ready=False");
          assertThat(e.<Sandbox>lastSeen().getMetadata().getName()).isEqualTo("slow");
          assertThat(SandboxStates.isReady(e.<Sandbox>lastSeen())).isFalse();
        });
  }

  @Test
  void cancellingAWaitRemovesItsRegistration(AgentsClient agents, KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    SharedInformer<Sandbox> informer = syncedSandboxes(agents);
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      writer.sandboxes(ns).createSandbox(sandbox(ns, "cancel"));
    }
    await().atMost(SYNC).until(() -> informer.lister().get(ns, "cancel") != null);
    WaitRegistry<Sandbox> waits = internals(informer).waits();
    long before = waits.active();
    CompletableFuture<Sandbox> wait = informer.waitFor(ns, "cancel", s -> false, LONG);
    assertThat(waits.active()).isEqualTo(before + 1);
    assertThat(wait.cancel(true)).isTrue();
    assertThat(waits.active()).isEqualTo(before);
  }

  @Test
  void clientSandboxWaitsUseTheInformerWithoutRequests(AgentsClient agents,
      KubernetesClient writerClient, MockApiServer server) throws Exception {
    String ns = uniqueNamespace();
    SharedInformer<Sandbox> informer = syncedSandboxes(agents);
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      writer.sandboxes(ns).createSandbox(sandbox(ns, "s1"));
      createWithStatus(writer, sandbox(ns, "s2"), running(true));
      await().atMost(SYNC).until(() -> informer.lister().get(ns, "s1") != null
          && SandboxStates.isReady(informer.lister().get(ns, "s2")));

      int before = server.requestCount();
      CompletableFuture<Sandbox> pending = agents.sandboxes(ns).waitForSandboxConditionAsync("s1",
          "Ready", "True", LONG, null);
      Sandbox already = agents.sandboxes(ns).waitForSandboxCondition("s2", "Ready", "True",
          LONG);
      assertThat(SandboxStates.isReady(already)).isTrue();
      assertThat(server.requestCount()).as("requests to wait").isEqualTo(before);
      assertThat(internals(informer).waits().active()).isEqualTo(1);

      writeStatus(writer, ns, "s1", running(true));
      assertThat(pending).succeedsWithin(SYNC)
          .satisfies(s -> assertThat(SandboxStates.isReady(s)).isTrue());
    }
  }

  @Test
  void clientSandboxSetWaitsUseTheInformerWithoutRequests(AgentsClient agents,
      KubernetesClient writerClient, MockApiServer server) throws Exception {
    String ns = uniqueNamespace();
    SharedInformer<SandboxSet> informer = synced(SharedInformers.of(agents).sandboxSets());
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      SandboxSet created = writer.sandboxSets(ns)
          .createSandboxSet(InformerFixtures.sandboxSet(ns, "set", 2));
      await().atMost(SYNC).until(() -> informer.lister().get(ns, "set") != null);

      int before = server.requestCount();
      CompletableFuture<SandboxSet> ready = agents.sandboxSets(ns)
          .waitForSandboxSetConditionAsync("set", "Ready", "True", LONG, null);
      CompletableFuture<SandboxSet> full = CompletableFuture.supplyAsync(
          () -> agents.sandboxSets(ns).waitForSandboxSetReplicas("set", LONG, null));
      await().atMost(SYNC).until(() -> internals(informer).waits().active() == 2);
      assertThat(server.requestCount()).as("requests to wait").isEqualTo(before);

      SandboxSet done = Fixtures.withCounts(created, 2, 2);
      done.getStatus().setConditions(List.of(Fixtures.condition("Ready", "True")));
      writer.sandboxSets(ns).updateSandboxSetStatus("set", done);
      assertThat(ready).succeedsWithin(SYNC);
      assertThat(full).succeedsWithin(SYNC).satisfies(s -> {
        SandboxSetStatus status = s.getStatus();
        assertThat(status.getAvailableReplicas()).isEqualTo(2);
      });
    }
  }

  @Test
  void onlyAnInformerCoveringTheNamespaceServesAWait(AgentsClient agents,
      KubernetesClient writerClient, MockApiServer server) {
    String covered = uniqueNamespace();
    String other = uniqueNamespace();
    synced(SharedInformers.of(agents).sandboxes(InformerScope.namespace(covered)));
    synced(SharedInformers.of(agents).sandboxes(
        InformerScope.allNamespaces().withLabelSelector("app=demo")));
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      createWithStatus(writer, sandbox(covered, "s"), running(true));
      createWithStatus(writer, sandbox(other, "s"), running(true));
    }
    await().atMost(SYNC).until(() -> SharedInformers.of(agents)
        .sandboxes(InformerScope.namespace(covered)).lister().get(covered, "s") != null);

    int before = server.requestCount();
    agents.sandboxes(covered).waitForSandboxCondition("s", "Ready", "True", LONG);
    assertThat(server.requestCount()).isEqualTo(before);
    // neither the other namespace's informer nor the label-selector one may answer this
    agents.sandboxes(other).waitForSandboxCondition("s", "Ready", "True", LONG);
    assertThat(server.requestCount()).isGreaterThan(before);
  }

  @Test
  void tenThousandWaitsSendNoRequestsAndAllComplete(AgentsClient agents,
      KubernetesClient writerClient, MockApiServer server) {
    String ns = uniqueNamespace();
    int objects = 50;
    int waitsPerObject = 200;
    SharedInformer<Sandbox> informer = syncedSandboxes(agents);
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      for (int i = 0; i < objects; i++) {
        writer.sandboxes(ns).createSandbox(sandbox(ns, "s" + i));
      }
      await().atMost(SYNC).until(() -> informer.lister().list(ns).size() == objects);
      WaitRegistry<Sandbox> registry = internals(informer).waits();
      long activeBefore = registry.active();

      int before = server.requestCount();
      List<CompletableFuture<Sandbox>> waits = new ArrayList<>();
      for (int w = 0; w < waitsPerObject; w++) {
        for (int i = 0; i < objects; i++) {
          waits.add(w % 2 == 0
              ? informer.waitFor(ns, "s" + i, SandboxStates::isReady, LONG)
              : agents.sandboxes(ns).waitForSandboxConditionAsync("s" + i, "Ready", "True", LONG,
                  null));
        }
      }
      assertThat(server.requestCount()).as("requests for 10,000 waits").isEqualTo(before);
      assertThat(registry.active()).isEqualTo(activeBefore + 10_000);
      assertThat(waits).noneMatch(CompletableFuture::isDone);

      for (int i = 0; i < objects; i++) {
        writeStatus(writer, ns, "s" + i, running(true));
      }
      assertThat(CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)))
          .succeedsWithin(SYNC);
      assertThat(waits).allSatisfy(
          w -> assertThat(SandboxStates.isReady(w.join())).isTrue());
      await().atMost(SYNC).until(() -> registry.active() == activeBefore);
    }
  }

  @Test
  void badArgumentsAreValidationExceptionsAndStartNothing(AgentsClient agents,
      MockApiServer server) {
    SharedInformer<Sandbox> informer = SharedInformers.of(agents).sandboxes();
    int before = server.requestCount();
    assertThat(WaitRegistryTest.refused(() -> informer.waitFor(null, "s", s -> true, LONG)))
        .isEqualTo("namespace");
    assertThat(WaitRegistryTest.refused(() -> informer.waitFor("ns", " ", s -> true, LONG)))
        .isEqualTo("name");
    assertThat(WaitRegistryTest.refused(() -> informer.waitFor("ns", "s", null, LONG)))
        .isEqualTo("predicate");
    assertThat(WaitRegistryTest.refused(() -> informer.waitFor("ns", "s", s -> true, null)))
        .isEqualTo("timeout");
    assertThat(WaitRegistryTest.refused(
        () -> informer.waitFor("ns", "s", s -> true, Duration.ofMillis(-1)))).isEqualTo("timeout");
    assertThat(informer.health().started()).isFalse();
    assertThat(server.requestCount()).isEqualTo(before);
  }

  @Test
  void aWaitBeforeTheFirstSyncWaitsForIt(AgentsClient agents, KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      createWithStatus(writer, sandbox(ns, "early"), running(true));
    }
    SharedInformer<Sandbox> informer = SharedInformers.of(agents).sandboxes();
    // not started yet: the wait starts it and waits for the initial list
    assertThat(informer.waitFor(ns, "early", SandboxStates::isReady, LONG))
        .succeedsWithin(SYNC);
    // the wait started the informer; it may complete on the initial list's add event, just
    // before fabric8 reports the sync
    assertThat(informer.health().started()).isTrue();
    assertThat(informer.awaitSynced(SYNC)).isTrue();
  }
}
