package io.kruise.agents.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.kruise.agents.model.Sandbox;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The list server's watch events: what the fan-out and churn benchmarks drive clients with. */
class ListServerTest {

  private final SandboxGenerator gen = SandboxGenerator.standard();

  @Test
  void broadcastSendsModifiedEventsToTheWatchesOfTheirNamespaceAndListsServeTheNewVersion()
      throws Exception {
    try (ListServer server = ListServer.start(40, gen::sandbox);
        KubernetesClient client = server.newClient(null)) {
      String ns = gen.namespace(3);
      List<String> all = new CopyOnWriteArrayList<>();
      List<String> oneNamespace = new CopyOnWriteArrayList<>();
      CountDownLatch allDone = new CountDownLatch(4);
      try (Watch w1 = client.resources(Sandbox.class).inAnyNamespace()
              .watch(recorder(all, allDone));
          Watch w2 = client.resources(Sandbox.class).inNamespace(ns)
              .watch(recorder(oneNamespace, new CountDownLatch(0)))) {
        server.awaitOpenWatches(2, 10_000);
        int[] indexes = {3, 4, 3, 13};
        byte[][] changed = new byte[indexes.length][];
        for (int k = 0; k < indexes.length; k++) {
          Sandbox s = gen.sandbox(indexes[k]);
          s.getMetadata().setResourceVersion(String.valueOf(20_000_000 + k));
          changed[k] = ListServer.serialize(s);
        }
        long before = System.nanoTime();
        long[] sentAt = server.broadcast(indexes, changed, 1_000);
        assertThat(allDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(all).containsExactly("MODIFIED " + gen.name(3) + " 20000000",
            "MODIFIED " + gen.name(4) + " 20000001", "MODIFIED " + gen.name(3) + " 20000002",
            "MODIFIED " + gen.name(13) + " 20000003");
        // paced at 1,000/s: each event gets its own batch, in order
        assertThat(sentAt).isSorted();
        assertThat(sentAt[0]).isGreaterThanOrEqualTo(before);
        assertThat(sentAt[3] - sentAt[0]).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(2));
        // namespace ns holds sandboxes 3 and 13 (10 namespaces); 4 is elsewhere
        assertThat(gen.namespace(13)).isEqualTo(ns);
        assertThat(gen.namespace(4)).isNotEqualTo(ns);
      }
      assertThat(oneNamespace).doesNotContain("MODIFIED " + gen.name(4) + " 20000001");
      assertThat(oneNamespace).allMatch(e -> !e.contains(gen.name(4) + " "));
      assertThat(client.resources(Sandbox.class).inNamespace(ns).list().getItems())
          .filteredOn(s -> s.getMetadata().getName().equals(gen.name(3)))
          .singleElement()
          .satisfies(s -> assertThat(s.getMetadata().getResourceVersion()).isEqualTo("20000002"));
    }
  }

  private static Watcher<Sandbox> recorder(List<String> events, CountDownLatch latch) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, Sandbox s) {
        events.add(action + " " + s.getMetadata().getName() + " "
            + s.getMetadata().getResourceVersion());
        latch.countDown();
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }
}
