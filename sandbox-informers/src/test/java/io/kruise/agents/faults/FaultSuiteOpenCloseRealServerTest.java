package io.kruise.agents.faults;

import io.kruise.agents.informers.SharedInformers;
import static org.assertj.core.api.Assertions.assertThat;

import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.Configuration;
import io.kruise.agents.client.Fixtures;
import io.kruise.agents.client.WatchStream;
import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.ListenerOptions;
import io.kruise.agents.informers.ResourceListener;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.testkit.RealApiServer;
import io.kruise.agents.testkit.TestCluster;
import io.kruise.agents.testkit.WithRealApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 200 open/close cycles of an {@link AgentsClient} that owns its fabric8 client, each with
 * started informers, a listener, a raw watch, and waits of which some are still pending when it
 * closes: afterwards the JVM's threads and the process's file descriptors are back at their
 * baseline (within a small constant), and every pending wait has ended with a clear exception.
 */
@WithRealApiServer
class FaultSuiteOpenCloseRealServerTest {

  private static final int CYCLES = 200;
  private static final int WARM_UP = 3;
  /** Threads the JVM may start or keep on its own (JIT, GC, reference handling). */
  private static final int THREAD_SLACK = 4;
  private static final int FD_SLACK = 8;
  private static final Duration SETTLE = Duration.ofSeconds(30);
  private static final Duration PENDING = Duration.ofMinutes(10);

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void openCloseCyclesLeakNoThreadNoDescriptorAndEndEveryWait(TestCluster cluster,
      RealApiServer server) throws Exception {
    String ns = cluster.namespace();
    String unwatched = ns + "-x"; // no informer covers it: waits there watch the one object
    Path kubeconfig = FaultSuite.kubeconfig(server, ns,
        Map.of("admin", server.tokens().get(0)));
    List<CompletableFuture<?>> pendingAtClose = new ArrayList<>();
    AtomicLong delivered = new AtomicLong();
    try {
      Configuration configuration = Configuration.builder().kubeconfig(kubeconfig).build();
      try (AgentsClient setup = AgentsClient.create(configuration)) {
        Sandbox ready = setup.sandboxes(ns).createSandbox(Fixtures.sandbox("anchor", "anchor"));
        setup.sandboxes(ns).updateSandboxStatus("anchor", Fixtures.withReady(ready, "True"));
        setup.sandboxes(unwatched).createSandbox(Fixtures.sandbox("anchor", "anchor"));
      }
      for (int i = 0; i < WARM_UP; i++) {
        cycle(configuration, ns, unwatched, i, new ArrayList<>(), delivered);
      }
      // the baseline: once the warm-up clients' own threads are gone (JVM-wide pools they
      // started lazily stay, and belong in the baseline)
      long warmUpEndedMs = FaultSuite.millisUntil(SETTLE, () -> FaultSuite.threadsByName()
          .keySet().stream().noneMatch(n -> n.startsWith("agents-")));
      int threadsBefore = FaultSuite.threads();
      int fdsBefore = FaultSuite.fileDescriptors();
      Map<String, Integer> namesBefore = FaultSuite.threadsByName();
      long start = System.nanoTime();
      for (int i = 0; i < CYCLES; i++) {
        cycle(configuration, ns, unwatched, i, pendingAtClose, delivered);
      }
      long cyclesMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      long settledMs = FaultSuite.millisUntil(SETTLE,
          () -> FaultSuite.threads() <= threadsBefore + THREAD_SLACK
              && FaultSuite.fileDescriptors() <= fdsBefore + FD_SLACK);
      long endedMs = FaultSuite.millisUntil(SETTLE,
          () -> pendingAtClose.stream().allMatch(CompletableFuture::isDone));
      int threadsAfter = FaultSuite.threads();
      int fdsAfter = FaultSuite.fileDescriptors();
      List<String> unclear = new ArrayList<>();
      long notEnded = 0;
      for (CompletableFuture<?> f : pendingAtClose) {
        if (!f.isDone()) {
          notEnded++;
          continue;
        }
        String why = clearClosedFailure(f);
        if (why != null && unclear.size() < 10) {
          unclear.add(why);
        }
      }
      FaultSuite.figure("open/close: %d cycles in %d ms; threads %d before, %d after; file"
              + " descriptors %d before, %d after (slack %d threads, %d fds; settled %s)", CYCLES,
          cyclesMs, threadsBefore, threadsAfter, fdsBefore, fdsAfter, THREAD_SLACK, FD_SLACK,
          settledMs < 0 ? "never within " + SETTLE.toSeconds() + " s" : "after " + settledMs
              + " ms");
      FaultSuite.figure("open/close: waits pending at close %d, ended %d, not ended %d (%s),"
              + " ended without a clear 'closed' exception %d", pendingAtClose.size(),
          pendingAtClose.size() - notEnded, notEnded,
          endedMs < 0 ? "gave up after " + SETTLE.toSeconds() + " s" : "all within " + endedMs
              + " ms", unclear.size());
      assertThat(warmUpEndedMs).as("the warm-up clients' threads ended: %s",
          FaultSuite.threadsByName()).isNotNegative();
      assertThat(delivered.get()).as("listeners received their seed").isGreaterThan(0);
      assertThat(threadsAfter).as("threads after %d cycles; new ones: %s", CYCLES,
          grown(namesBefore, FaultSuite.threadsByName()))
          .isLessThanOrEqualTo(threadsBefore + THREAD_SLACK);
      if (fdsBefore >= 0) {
        assertThat(fdsAfter).as("file descriptors after %d cycles", CYCLES)
            .isLessThanOrEqualTo(fdsBefore + FD_SLACK);
      }
      assertThat(notEnded).as("waits still pending after their client closed").isZero();
      assertThat(unclear).as("waits that ended without a clear exception").isEmpty();
    } finally {
      pendingAtClose.forEach(f -> f.cancel(false));
      Files.deleteIfExists(kubeconfig);
    }
  }

  /**
   * One client's life: informers started and synced, a listener, a raw watch left open, a wait
   * that completes at once, and two that are still pending when it closes (one on the informer's
   * cache, one watching a namespace no informer covers).
   */
  private static void cycle(Configuration configuration, String ns, String unwatched, int i,
      List<CompletableFuture<?>> pendingAtClose, AtomicLong delivered) throws Exception {
    AgentsClient agents = AgentsClient.create(configuration);
    try {
      SharedInformer<Sandbox> informer = SharedInformers.of(agents).sandboxes(InformerScope.namespace(ns));
      SharedInformers.of(agents).sandboxSets(InformerScope.namespace(ns)).start();
      assertThat(informer.awaitSynced(Duration.ofSeconds(30))).as("cycle %d synced", i).isTrue();
      informer.addListener(ListenerOptions.named("cycle-" + i), new ResourceListener<>() {
        @Override
        public void onAdd(Sandbox obj) {
          delivered.incrementAndGet();
        }
      });
      // left open: closing the client must end it
      WatchStream<Sandbox> stream = agents.sandboxes(ns).watchSandboxes(null, null, null, 600);
      assertThat(stream).isNotNull();
      assertThat(agents.sandboxes(ns).waitForSandboxConditionAsync("anchor", "Ready", "True",
          Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS).getMetadata().getName())
          .isEqualTo("anchor");
      pendingAtClose.add(informer.waitFor(ns, "anchor", s -> false, PENDING));
      pendingAtClose.add(agents.sandboxes(unwatched).waitForSandboxConditionAsync("anchor",
          "Ready", "True", PENDING));
    } finally {
      agents.close();
    }
  }

  /** @return null when the future failed with an AgentsApiException saying "closed" */
  private static String clearClosedFailure(CompletableFuture<?> f) {
    try {
      Object value = f.get(0, TimeUnit.SECONDS);
      return "completed with " + value + " although its predicate never holds";
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof AgentsApiException && cause.getMessage() != null
          && cause.getMessage().contains("closed")) {
        return null;
      }
      return "failed with " + cause;
    } catch (Exception e) {
      return "ended with " + e;
    }
  }

  private static Map<String, Integer> grown(Map<String, Integer> before,
      Map<String, Integer> after) {
    Map<String, Integer> grown = new TreeMap<>();
    after.forEach((name, n) -> {
      int was = before.getOrDefault(name, 0);
      if (n > was) {
        grown.put(name, n - was);
      }
    });
    return grown;
  }
}
