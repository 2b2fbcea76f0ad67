package io.kruise.agents.informers;

import static io.kruise.agents.informers.InformerFixtures.SYNC;
import static org.assertj.core.api.Assertions.assertThat;

import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.client.exceptions.ClientClosedException;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.testkit.MockApiServer;
import io.kruise.agents.testkit.WithMockApiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Close is final (issue 7, defect 11): a thread that creates informers, adds listeners and starts
 * waits races a thread that closes the client, released together by a barrier on every round.
 * Whatever the interleaving, once close() has returned every informer of the client is stopped,
 * every registration handed out is closed, every wait has ended, and the racing thread saw only
 * success or a ClientClosedException.
 */
@WithMockApiServer
class CloseRaceMockServerTest {

  private static final int ROUNDS = 60;
  private final ExecutorService threads = Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  @Test
  void nothingStartsOrStaysOpenAfterClose(MockApiServer server) throws Exception {
    AtomicInteger refused = new AtomicInteger();
    for (int round = 0; round < ROUNDS; round++) {
      AgentsClient agents = AgentsClient.create(server.createClient());
      SharedInformers informers = SharedInformers.of(agents);
      informers.sandboxes().awaitSynced(SYNC); // one informer running before the race
      CyclicBarrier go = new CyclicBarrier(2);
      List<ListenerRegistration> registrations = new ArrayList<>();
      List<CompletableFuture<Sandbox>> waits = new ArrayList<>();
      List<SharedInformer<Sandbox>> created = new ArrayList<>();
      int r = round;
      Future<?> user = threads.submit(() -> {
        go.await();
        try {
          for (int i = 0; i < 5; i++) {
            SharedInformer<Sandbox> informer =
                informers.sandboxes(InformerScope.namespace("ns-" + r + "-" + i));
            created.add(informer);
            registrations.add(informer.addListener(ListenerOptions.named("l" + i),
                new RecordingListener<>()));
            waits.add(informer.waitFor("ns", "never", s -> false, Duration.ofHours(1)));
            waits.add(informers.sandboxes().waitFor("ns", "never", s -> false,
                Duration.ofHours(1)));
          }
        } catch (ClientClosedException expected) {
          refused.incrementAndGet();
        }
        return null;
      });
      Future<?> closer = threads.submit(() -> {
        go.await();
        agents.close();
        return null;
      });
      closer.get(30, TimeUnit.SECONDS);
      user.get(30, TimeUnit.SECONDS);

      for (ListenerRegistration registration : registrations) {
        assertThat(registration.isClosed()).as("a registration open after close").isTrue();
      }
      for (CompletableFuture<Sandbox> wait : waits) {
        // ended now, not at its one-hour deadline: with ClientClosedException, or NotFound when
        // it looked at a synced cache before the close
        assertThat(wait).failsWithin(Duration.ofSeconds(10))
            .withThrowableOfType(java.util.concurrent.ExecutionException.class)
            .havingCause().isInstanceOf(AgentsApiException.class);
      }
      for (SharedInformer<Sandbox> informer : created) {
        assertThat(informer.health().watching()).as("an informer running after close").isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(informer::start)
            .isInstanceOf(ClientClosedException.class);
      }
    }
    System.out.println("close race: " + ROUNDS + " rounds, " + refused.get()
        + " refused part-way by the close");
  }
}
