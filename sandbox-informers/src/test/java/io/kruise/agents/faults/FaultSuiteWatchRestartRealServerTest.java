package io.kruise.agents.faults;

import io.kruise.agents.informers.SharedInformers;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.Fixtures;
import io.kruise.agents.client.SandboxClient;
import io.kruise.agents.client.WatchEvent;
import io.kruise.agents.client.WatchEventType;
import io.kruise.agents.client.WatchHandle;
import io.kruise.agents.client.WatchStream;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.testkit.RealApiServer;
import io.kruise.agents.testkit.TestCluster;
import io.kruise.agents.testkit.WithRealApiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A plain watch (the blocking stream and the callback form of {@code watchSandboxes}) whose API
 * server restarts: within 30 s it either ends with an ERROR event holding a typed exception, or
 * resumes and delivers what happens after the restart, exactly once; it never hangs silently.
 * The informer of the same client reports {@code watching=false} during the outage and
 * {@code true} again after it.
 */
@WithRealApiServer
class FaultSuiteWatchRestartRealServerTest {

  private static final Duration BOUND = Duration.ofSeconds(30);

  private record Observed(String what, Outcome outcome, List<WatchEvent<Sandbox>> events) {}

  /** How a watch came through the restart. */
  enum Outcome { ERROR_EVENT, RESUMED, ENDED_SILENTLY, HUNG }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aPlainWatchEndsClearlyOrResumesAndHealthFollowsTheOutage(TestCluster cluster,
      RealApiServer server) throws Exception {
    String ns = cluster.namespace();
    ExecutorService reader = Executors.newSingleThreadExecutor();
    List<String> problems = new ArrayList<>();
    try (KubernetesClient kc = cluster.newAdminClient();
        AgentsClient agents = AgentsClient.create(kc)) {
      SandboxClient sandboxes = agents.sandboxes(ns);
      SharedInformer<Sandbox> informer = SharedInformers.of(agents).sandboxes(InformerScope.namespace(ns));
      assertThat(informer.awaitSynced(BOUND)).isTrue();

      List<WatchEvent<Sandbox>> streamed = new CopyOnWriteArrayList<>();
      List<WatchEvent<Sandbox>> called = new CopyOnWriteArrayList<>();
      WatchStream<Sandbox> stream = sandboxes.watchSandboxes(null, "app=watched", null, 300);
      CompletableFuture<Void> streamEnded = CompletableFuture.runAsync(() -> {
        for (WatchEvent<Sandbox> e : stream) {
          streamed.add(e);
        }
      }, reader);
      WatchHandle handle = sandboxes.watchSandboxes(null, "app=watched", null, null, called::add);
      try {
        sandboxes.createSandbox(Fixtures.sandbox("before", "watched"));
        FaultSuite.millisUntil(BOUND, () -> added(streamed, "before") == 1
            && added(called, "before") == 1 && informer.health().watching());
        assertThat(added(streamed, "before")).as("the stream saw the first add").isEqualTo(1);
        assertThat(added(called, "before")).as("the callback saw the first add").isEqualTo(1);

        server.stopApiServer();
        long downMs = FaultSuite.millisUntil(BOUND,
            () -> !informer.health().watching());
        boolean unhealthy = !informer.health().isHealthy();
        server.startApiServer();
        long restarted = System.nanoTime();
        long upMs = FaultSuite.millisUntil(Duration.ofSeconds(60),
            () -> informer.health().watching());
        FaultSuite.figure("watch restart: informer watching=false %s after the stop, true again %s"
                + " after the restart", downMs < 0 ? "never" : downMs + " ms",
            upMs < 0 ? "never" : upMs + " ms");
        if (downMs < 0 || !unhealthy) {
          problems.add("the informer's health did not turn watching=false (unhealthy) while the"
              + " API server was down");
        }
        if (upMs < 0) {
          problems.add("the informer's health did not turn watching=true within 60 s");
        }

        sandboxes.createSandbox(Fixtures.sandbox("after", "watched"));
        long leftMs = Math.max(0, BOUND.toMillis()
            - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted));
        FaultSuite.millisUntil(Duration.ofMillis(leftMs),
            () -> outcome(streamed, streamEnded.isDone()) != Outcome.HUNG
                && outcome(called, false) != Outcome.HUNG);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted);
        Outcome ofStream = outcome(streamed, streamEnded.isDone());
        Outcome ofCallback = outcome(called, false);
        FaultSuite.figure("watch restart: the stream %s, the callback watch %s, %d ms after the"
            + " restart (bound %d s)", ofStream, ofCallback, tookMs, BOUND.toSeconds());
        for (Observed w : List.of(new Observed("stream", ofStream, streamed),
            new Observed("callback watch", ofCallback, called))) {
          if (w.outcome() == Outcome.HUNG || w.outcome() == Outcome.ENDED_SILENTLY) {
            problems.add("the " + w.what() + " " + w.outcome() + " across the restart: "
                + types(w.events()));
          }
          if (added(w.events(), "before") != 1 || added(w.events(), "after") > 1) {
            problems.add("the " + w.what() + " repeated events across the restart: "
                + types(w.events()));
          }
          WatchEvent<Sandbox> last = w.events().get(w.events().size() - 1);
          if (w.outcome() == Outcome.ERROR_EVENT && (last.error() == null
              || last.error().getMessage() == null || last.error().getMessage().isBlank())) {
            problems.add("the " + w.what() + "'s ERROR event carries no clear error: " + last);
          }
        }
      } finally {
        handle.close();
        stream.close();
        server.startApiServer();
      }
      streamEnded.get(10, TimeUnit.SECONDS);
    } finally {
      reader.shutdownNow();
    }
    assertThat(problems).as("fault-suite watch restart problems").isEmpty();
  }

  private static Outcome outcome(List<WatchEvent<Sandbox>> events, boolean ended) {
    if (!events.isEmpty() && events.get(events.size() - 1).type() == WatchEventType.ERROR) {
      return Outcome.ERROR_EVENT;
    }
    if (added(events, "after") > 0) {
      return Outcome.RESUMED;
    }
    return ended ? Outcome.ENDED_SILENTLY : Outcome.HUNG;
  }

  private static long added(List<WatchEvent<Sandbox>> events, String name) {
    return events.stream().filter(e -> e.type() == WatchEventType.ADDED
        && name.equals(e.object().getMetadata().getName())).count();
  }

  private static List<String> types(List<WatchEvent<Sandbox>> events) {
    return events.stream().map(e -> e.type() + (e.object() == null ? " " + e.error()
        : " " + e.object().getMetadata().getName())).toList();
  }
}
