package io.kruise.agents.informers;

import static io.kruise.agents.informers.InformerFixtures.SYNC;
import static io.kruise.agents.informers.InformerFixtures.edit;
import static io.kruise.agents.informers.InformerFixtures.running;
import static io.kruise.agents.informers.InformerFixtures.sandbox;
import static io.kruise.agents.informers.InformerFixtures.syncedSandboxes;
import static io.kruise.agents.informers.InformerFixtures.uniqueNamespace;
import static io.kruise.agents.informers.InformerFixtures.writeStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxStates;
import io.kruise.agents.testkit.WithMockApiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Listeners on a shared informer: callbacks, filters, registration, isolation and failures. */
@WithMockApiServer
class ListenersMockServerTest {

  @Test
  void aListenerReceivesAddsUpdatesAndDeletesInOrder(AgentsClient agents,
      KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    SharedInformer<Sandbox> informer = syncedSandboxes(agents);
    List<String> events = new CopyOnWriteArrayList<>();
    informer.addListener(ListenerOptions.<Sandbox>named("order").inNamespace(ns),
        new ResourceListener<>() {
          @Override
          public void onAdd(Sandbox obj) {
            events.add("add " + obj.getMetadata().getName());
          }

          @Override
          public void onUpdate(Sandbox oldObj, Sandbox newObj) {
            events.add("update " + newObj.getMetadata().getName() + " "
                + SandboxStates.isReady(oldObj) + ">" + SandboxStates.isReady(newObj));
          }

          @Override
          public void onDelete(Sandbox obj, boolean finalStateUnknown) {
            events.add("delete " + obj.getMetadata().getName() + " " + finalStateUnknown);
          }
        });
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      writer.sandboxes(ns).createSandbox(sandbox(ns, "s1"));
      writeStatus(writer, ns, "s1", running(true));
      writer.sandboxes(ns).deleteSandbox("s1");
    }
    await().atMost(SYNC).until(() -> events.size() == 3);
    assertThat(events).containsExactly("add s1", "update s1 false>true", "delete s1 false");
  }

  @Test
  void aListenerAddedAfterSyncGetsEachCurrentObjectOnceAsAnAdd(AgentsClient agents,
      KubernetesClient writerClient) throws Exception {
    String ns = uniqueNamespace();
    SharedInformer<Sandbox> informer = syncedSandboxes(agents);
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      for (int i = 0; i < 30; i++) {
        writer.sandboxes(ns).createSandbox(sandbox(ns, "s" + i));
      }
    }
    await().atMost(SYNC).until(() -> informer.lister().list(ns).size() == 30);
    RecordingListener<Sandbox> listener = new RecordingListener<>();
    informer.addListener(ListenerOptions.<Sandbox>named("late").inNamespace(ns), listener);
    await().atMost(SYNC).until(() -> listener.events.size() >= 30);
    awaitMarker(informer, writerClient, ns, listener);
    assertThat(listener.events).hasSize(31).allMatch(e -> e.startsWith("add "))
        .doesNotHaveDuplicates();
  }

  /**
   * Creates a marker object and waits until the listener got it: a listener receives changes in
   * the order they were queued, so anything queued for it before the marker has arrived by then.
   */
  private static void awaitMarker(SharedInformer<Sandbox> informer,
      KubernetesClient writerClient, String ns, RecordingListener<Sandbox> listener) {
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      writer.sandboxes(ns).createSandbox(sandbox(ns, "zz-marker"));
    }
    await().atMost(SYNC).until(() -> listener.events.contains("add " + ns + "/zz-marker"));
  }

  @Test
  void aListenerAddedWhileObjectsChangeGetsNoDuplicateAdds(AgentsClient agents,
      KubernetesClient writerClient) throws Exception {
    String ns = uniqueNamespace();
    SharedInformer<Sandbox> informer = syncedSandboxes(agents);
    int objects = 20;
    AtomicBoolean writing = new AtomicBoolean(true);
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      for (int i = 0; i < objects; i++) {
        writer.sandboxes(ns).createSandbox(sandbox(ns, "s" + i));
      }
      await().atMost(SYNC).until(() -> informer.lister().list(ns).size() == objects);
      CompletableFuture<Void> churn = CompletableFuture.runAsync(() -> {
        int round = 0;
        while (writing.get()) {
          String name = "s" + (round++ % objects);
          writer.sandboxes(ns).patchSandbox(name,
              "{\"metadata\":{\"labels\":{\"round\":\"" + round + "\"}}}");
        }
      });
      List<RecordingListener<Sandbox>> listeners = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        RecordingListener<Sandbox> listener = new RecordingListener<>();
        informer.addListener(ListenerOptions.<Sandbox>named("l" + i).inNamespace(ns), listener);
        listeners.add(listener);
        // the next one registers after the churn has moved on: this one sees updates
        await().atMost(SYNC).until(() -> !listener.of("update").isEmpty());
      }
      writing.set(false);
      churn.get(30, TimeUnit.SECONDS);
      // queued after every churn event: once a listener has it, nothing older is on its way
      writer.sandboxes(ns).createSandbox(sandbox(ns, "zz-marker"));
      for (RecordingListener<Sandbox> listener : listeners) {
        await().atMost(SYNC).until(() -> listener.of("add").size() >= objects);
        awaitMarkerOf(listener, ns, "zz-marker");
      }
      for (RecordingListener<Sandbox> listener : listeners) {
        assertThat(listener.of("add")).hasSize(objects + 1).doesNotHaveDuplicates();
        assertThat(listener.of("delete")).isEmpty();
      }
    }
  }

  private static void awaitMarkerOf(RecordingListener<Sandbox> listener, String ns, String name) {
    await().atMost(SYNC).until(() -> listener.events.contains("add " + ns + "/" + name));
  }

  @Test
  void closingARegistrationRemovesTheListenerAndIsIdempotent(AgentsClient agents,
      KubernetesClient writerClient) throws Exception {
    String ns = uniqueNamespace();
    SharedInformer<Sandbox> informer = syncedSandboxes(agents);
    RecordingListener<Sandbox> listener = new RecordingListener<>();
    ListenerRegistration registration = informer.addListener(
        ListenerOptions.<Sandbox>named("closing").inNamespace(ns), listener);
    assertThat(registration.name()).isEqualTo("closing");
    RecordingListener<Sandbox> open = new RecordingListener<>();
    informer.addListener(ListenerOptions.<Sandbox>named("open").inNamespace(ns), open);
    int listeners = InformerFixtures.internals(informer).listeners().size();
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      writer.sandboxes(ns).createSandbox(sandbox(ns, "before"));
      await().atMost(SYNC).until(() -> listener.events.size() == 1);
      registration.close();
      registration.close();
      assertThat(registration.isClosed()).isTrue();
      assertThat(InformerFixtures.internals(informer).listeners()).hasSize(listeners - 1);
      writer.sandboxes(ns).createSandbox(sandbox(ns, "after"));
      // the listener that stayed open got it: the closed one had its chance and heard nothing
      awaitMarkerOf(open, ns, "after");
    }
    assertThat(listener.events).containsExactly("add " + ns + "/before");
    assertThat(registration.delivered()).isOne();
  }

  @Test
  void filteredListenersSeeObjectsMoveInAndOut(AgentsClient agents,
      KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    SharedInformer<Sandbox> informer = syncedSandboxes(agents);
    RecordingListener<Sandbox> byLabel = new RecordingListener<>();
    RecordingListener<Sandbox> byPredicate = new RecordingListener<>();
    informer.addListener(ListenerOptions.<Sandbox>named("label").inNamespace(ns)
        .withLabelSelector("tier in (web)"), byLabel);
    informer.addListener(ListenerOptions.<Sandbox>named("ready").inNamespace(ns)
        .filter(SandboxStates::isReady), byPredicate);
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      // Each step waits for the listener to have its change: a queue coalesces the changes of
      // one object that its listener has not taken yet (by design), so on a loaded machine
      // back-to-back writes could reach it as one net change.
      writer.sandboxes(ns).createSandbox(sandbox(ns, "s1"));
      await().atMost(SYNC).until(() -> informer.lister().get(ns, "s1") != null);
      writer.sandboxes(ns).patchSandbox("s1", "{\"metadata\":{\"labels\":{\"tier\":\"web\"}}}");
      await().atMost(SYNC).until(() -> byLabel.events.size() == 1);
      writer.sandboxes(ns).patchSandbox("s1", "{\"metadata\":{\"labels\":{\"x\":\"1\"}}}");
      await().atMost(SYNC).until(() -> byLabel.events.size() == 2);
      edit(writer, ns, "s1", s -> s.getMetadata().getLabels().remove("tier"));
      await().atMost(SYNC).until(() -> byLabel.events.size() == 3);
      writeStatus(writer, ns, "s1", running(true));
      await().atMost(SYNC).until(() -> byPredicate.events.size() == 1);
      writeStatus(writer, ns, "s1", running(false));
    }
    String id = ns + "/s1";
    await().atMost(SYNC).until(() -> byLabel.events.size() == 3 && byPredicate.events.size() == 2);
    assertThat(byLabel.events).containsExactly("add " + id, "update " + id, "delete " + id);
    assertThat(byPredicate.events).containsExactly("add " + id, "delete " + id);
  }

  @Test
  void aNamespaceFilteredListenerIgnoresOtherNamespaces(AgentsClient agents,
      KubernetesClient writerClient) throws Exception {
    String ns = uniqueNamespace();
    String other = uniqueNamespace();
    SharedInformer<Sandbox> informer = syncedSandboxes(agents);
    RecordingListener<Sandbox> listener = new RecordingListener<>();
    informer.addListener(ListenerOptions.<Sandbox>named("ns").inNamespace(ns), listener);
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      writer.sandboxes(other).createSandbox(sandbox(other, "s1"));
      writer.sandboxes(ns).createSandbox(sandbox(ns, "s1"));
    }
    // the other namespace's add was delivered first: had it reached the listener, it would be
    // there before this one
    await().atMost(SYNC).until(() -> informer.lister().get(other, "s1") != null
        && listener.events.size() == 1);
    assertThat(listener.events).containsExactly("add " + ns + "/s1");
  }

  @Test
  void listenerOptionsAreValidated() {
    assertThatThrownBy(() -> ListenerOptions.named(" "))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("name"));
    assertThatThrownBy(() -> ListenerOptions.named("x").withLabelSelector("a in b"))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("labelSelector"));
  }

  @Test
  void addListenerRefusesMissingArguments(AgentsClient agents) {
    SharedInformer<Sandbox> informer = SharedInformers.of(agents).sandboxes();
    assertThatThrownBy(() -> informer.addListener(null, new RecordingListener<>()))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("options"));
    assertThatThrownBy(() -> informer.addListener(ListenerOptions.named("x"), null))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("listener"));
  }

  @Test
  void aSlowListenerDelaysNeitherOtherListenersNorWaitsNorTheLister(AgentsClient agents,
      KubernetesClient writerClient) throws Exception {
    String ns = uniqueNamespace();
    SharedInformer<Sandbox> informer = syncedSandboxes(agents);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger slowCalls = new AtomicInteger();
    ListenerRegistration slow = informer.addListener(
        ListenerOptions.<Sandbox>named("slow").inNamespace(ns), new ResourceListener<>() {
          @Override
          public void onAdd(Sandbox obj) {
            block();
          }

          @Override
          public void onUpdate(Sandbox oldObj, Sandbox newObj) {
            block();
          }

          private void block() {
            slowCalls.incrementAndGet();
            try {
              // blocks up to 2 s per event; released at the end of the test
              release.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        });
    RecordingListener<Sandbox> fast = new RecordingListener<>();
    informer.addListener(ListenerOptions.<Sandbox>named("fast").inNamespace(ns), fast);
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      for (int i = 0; i < 10; i++) {
        writer.sandboxes(ns).createSandbox(sandbox(ns, "s" + i));
      }
      await().atMost(SYNC).until(() -> informer.lister().get(ns, "s9") != null);
      CompletableFuture<Sandbox> wait = informer.waitFor(ns, "s9", SandboxStates::isReady,
          Duration.ofSeconds(30));
      writeStatus(writer, ns, "s9", running(true));
      // the slow listener needs 2 s per event, 22 s for all: far longer than these waits
      await().atMost(Duration.ofSeconds(5)).until(() -> fast.events.size() == 11);
      assertThat(wait).succeedsWithin(Duration.ofSeconds(5));
      assertThat(informer.lister().list(ns)).hasSize(10);
      assertThat(SandboxStates.isReady(informer.lister().get(ns, "s9"))).isTrue();
      // the slow one is still on its first objects, the rest waits in its queue
      assertThat(slowCalls).hasValueLessThan(3);
      assertThat(slow.delivered()).isLessThan(3);
      assertThat(slow.backlog()).isGreaterThanOrEqualTo(7);
    } finally {
      release.countDown();
    }
    // each of the 11 events was delivered, or merged into a queued change of its object
    await().atMost(SYNC).until(() -> slow.backlog() == 0
        && slow.delivered() + slow.coalesced() == 11);
  }

  @Test
  void aThrowingListenerIsCountedAndKeepsReceiving(AgentsClient agents,
      KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    SharedInformer<Sandbox> informer = syncedSandboxes(agents);
    List<String> seen = new CopyOnWriteArrayList<>();
    ListenerRegistration failing = informer.addListener(
        ListenerOptions.<Sandbox>named("failing").inNamespace(ns), new ResourceListener<>() {
          @Override
          public void onAdd(Sandbox obj) {
            seen.add(obj.getMetadata().getName());
            throw new IllegalStateException("listener bug on " + obj.getMetadata().getName());
          }
        });
    RecordingListener<Sandbox> healthy = new RecordingListener<>();
    informer.addListener(ListenerOptions.<Sandbox>named("healthy").inNamespace(ns), healthy);
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      for (int i = 0; i < 3; i++) {
        writer.sandboxes(ns).createSandbox(sandbox(ns, "s" + i));
      }
    }
    await().atMost(SYNC).until(() -> failing.failures() == 3);
    assertThat(seen).containsExactly("s0", "s1", "s2");
    assertThat(failing.delivered()).isEqualTo(3);
    await().atMost(SYNC).until(() -> healthy.events.size() == 3);
    assertThat(informer.health().isHealthy()).isTrue();
  }

  @Test
  void everyListenerSeesEveryObjectOfItsFilterExactlyOnce(AgentsClient agents,
      KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    SharedInformer<Sandbox> informer = syncedSandboxes(agents);
    List<RecordingListener<Sandbox>> listeners = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      RecordingListener<Sandbox> l = new RecordingListener<>();
      informer.addListener(ListenerOptions.<Sandbox>named("l" + i).inNamespace(ns), l);
      listeners.add(l);
    }
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      for (int i = 0; i < 50; i++) {
        writer.sandboxes(ns).createSandbox(sandbox(ns, "s" + i, Map.of("i", "" + i)));
      }
    }
    for (RecordingListener<Sandbox> l : listeners) {
      await().atMost(SYNC).until(() -> l.events.size() == 50);
      assertThat(new HashSet<>(l.events)).hasSize(50);
    }
  }

  @Test
  void aThrowingFilterFailsOnlyItsOwnListener(AgentsClient agents,
      KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    SharedInformer<Sandbox> informer = syncedSandboxes(agents);
    RecordingListener<Sandbox> broken = new RecordingListener<>();
    ListenerRegistration brokenRegistration = informer.addListener(
        ListenerOptions.<Sandbox>named("broken-filter").inNamespace(ns).filter(s -> {
          throw new IllegalStateException("filter bug");
        }), broken);
    // registered after the broken one: the fan-out reaches it later in the same loop
    RecordingListener<Sandbox> healthy = new RecordingListener<>();
    informer.addListener(ListenerOptions.<Sandbox>named("healthy").inNamespace(ns), healthy);
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      writer.sandboxes(ns).createSandbox(sandbox(ns, "s1"));
    }
    await().atMost(SYNC).until(() -> healthy.events.size() == 1);
    assertThat(healthy.events).containsExactly("add " + ns + "/s1");
    await().atMost(SYNC).until(() -> brokenRegistration.failures() == 1);
    assertThat(broken.events).isEmpty();
    assertThat(informer.health().isHealthy()).isTrue();
  }

  @Test
  void aSlowFilterDelaysOnlyItsOwnListener(AgentsClient agents, KubernetesClient writerClient) {
    String ns = uniqueNamespace();
    SharedInformer<Sandbox> informer = syncedSandboxes(agents);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch filtering = new CountDownLatch(1);
    RecordingListener<Sandbox> slow = new RecordingListener<>();
    informer.addListener(ListenerOptions.<Sandbox>named("slow-filter").inNamespace(ns).filter(s -> {
      filtering.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return true;
    }), slow);
    RecordingListener<Sandbox> healthy = new RecordingListener<>();
    informer.addListener(ListenerOptions.<Sandbox>named("healthy").inNamespace(ns), healthy);
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      writer.sandboxes(ns).createSandbox(sandbox(ns, "s1"));
      await().atMost(SYNC).until(() -> informer.lister().get(ns, "s1") != null);
      CompletableFuture<Sandbox> ready = informer.waitFor(ns, "s1", SandboxStates::isReady,
          SYNC);
      writeStatus(writer, ns, "s1", running(true));
      // the filter holds on to s1's add; the other listener, the wait and the lister go on
      await().atMost(SYNC).until(() -> healthy.events.size() == 2);
      assertThat(ready).succeedsWithin(SYNC);
      assertThat(SandboxStates.isReady(informer.lister().get(ns, "s1"))).isTrue();
      assertThat(filtering.getCount()).isZero();
      assertThat(slow.events).isEmpty();
    } finally {
      release.countDown();
    }
    await().atMost(SYNC).until(() -> slow.events.size() == 2);
    assertThat(slow.events).containsExactly("add " + ns + "/s1", "update " + ns + "/s1");
  }
}
