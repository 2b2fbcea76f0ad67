package io.kruise.agents.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.kruise.agents.testkit.RealApiServer;
import io.kruise.agents.testkit.WithRealApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real-API-server benchmarks once at a tiny size on the testkit's server, to keep them
 * working. No performance thresholds; only that they measured something and that our waits sent
 * no request.
 */
@WithRealApiServer
class BenchmarkRealServerTest {

  @Test
  void p2InitialSync(RealApiServer server, @TempDir Path dir) {
    // in-process (forking from surefire is slow); both servers, every variant once
    P2InitialSync.Result r = P2InitialSync.run(server,
        new P2InitialSync.Options(200, 1, 2, true, true, false, "1g", null));
    assertThat(r.samples()).hasSize(2 * P2InitialSync.Variant.values().length);
    for (P2InitialSync.Sample s : r.samples()) {
      assertThat(s.objects()).isEqualTo(200);
      assertThat(s.cpuNanos()).isPositive();
      assertThat(s.wallNanos()).isPositive();
    }
    assertThat(r.markdown()).contains("ours, lean store").contains("real API server")
        .contains("ListServer");
    r.writeCsv(dir);
    assertThat(dir.resolve("p2-sync.csv")).content().contains("ours full,1,real_cpu,ms,")
        .contains("fabric8 plain,1,list_cpu_per_object,us,");
  }

  @Test
  void p4WaitWakeup(RealApiServer server) {
    P4WaitWakeup.Result r = P4WaitWakeup.run(server, 20, 100, 10);
    for (P4WaitWakeup.Waits w : r.waits()) {
      assertThat(w.count()).as(w.variant().name()).isEqualTo(20);
      assertThat(w.millis(99)).isFinite().isPositive();
    }
    assertThat(r.of(P4WaitWakeup.Variant.OURS).requests()).isZero();
    assertThat(r.of(P4WaitWakeup.Variant.FABRIC8).requests()).isPositive();
    assertThat(r.concurrent().completed()).isEqualTo(100);
    assertThat(r.concurrent().requestsAdded()).isZero();
    assertThat(r.of(P4WaitWakeup.Variant.OURS).serverRequests()).isZero();
    assertThat(r.of(P4WaitWakeup.Variant.FABRIC8).serverRequests()).isPositive();
    assertThat(r.concurrent().serverReadsStarted()).isZero();
    assertThat(r.concurrent().afterAnswerMicros()).hasSize(100);
    assertThat(r.markdown()).contains("concurrent waits");
  }

  @Test
  void p4ConcurrentRoundsAndCsv(RealApiServer server, @TempDir Path dir) throws Exception {
    P4WaitWakeup.Result r = P4WaitWakeup.run(server, 0, 40, 10, 2, null);
    assertThat(r.rounds()).hasSize(2);
    for (P4WaitWakeup.Concurrent c : r.rounds()) {
      assertThat(c.completed()).isEqualTo(40);
      assertThat(c.rawWatchAfterAnswerMicros()).hasSize(10);
      assertThat(c.serverReads() + c.requestsAdded()).isZero();
    }
    P4WaitWakeup.Result withWaits = P4WaitWakeup.run(server, 5, 0, 0, 0, null);
    new P4WaitWakeup.Result(withWaits.waits(), r.rounds()).writeCsv(dir);
    assertThat(Files.readAllLines(dir.resolve("p4-waits.csv"))).first().isEqualTo(Csv.HEADER);
    assertThat(Files.readAllLines(dir.resolve("p4-waits-dist.csv")))
        .anyMatch(l -> l.startsWith("ours concurrent,2,wake_after_answer,ms,"))
        .anyMatch(l -> l.startsWith("fabric8 waitUntilCondition,1,wake_after_answer,ms,"));
  }

  @Test
  void p6Claims(RealApiServer server, @TempDir Path dir) throws Exception {
    P6Claims.Result r = P6Claims.run(server, 40, new int[] {1, 4}, new int[] {5, 10}, 1, 4);
    assertThat(r.runs()).hasSize(4);
    for (P6Claims.Run run : r.runs()) {
      assertThat(run.perSecond()).as(run.variant()).isFinite().isPositive();
      assertThat(run.doubleClaims()).as(run.variant()).isZero();
    }
    assertThat(r.of(P6Claims.OURS, 4)).singleElement()
        .satisfies(run -> assertThat(run.ops()).isEqualTo(10));
    // the raw side sends the patch alone (no GET before it), as a claim does
    for (P6Claims.Run run : r.of(P6Claims.RAW, 4)) {
      assertThat(run.serverRequests()).isEqualTo(run.ops());
    }
    for (P6Claims.Run run : r.of(P6Claims.OURS, 4)) {
      assertThat(run.serverRequests()).isEqualTo(run.ops() + run.conflicts());
    }
    assertThat(r.markdown()).contains("| 4 |");
    r.writeCsv(dir);
    assertThat(Files.readAllLines(dir.resolve("p6-claims.csv"))).first()
        .isEqualTo(Csv.HEADER);
  }

  @Test
  void p7PoolController(RealApiServer server) {
    P7PoolController.Result r = P7PoolController.run(server, 10, 3, 1);
    assertThat(r.rounds()).singleElement().satisfies(round -> {
      assertThat(round.fillMillis()).isPositive();
      assertThat(round.stats().created()).as("10 to fill, 3 to replace the claims")
          .isEqualTo(13);
      assertThat(round.stats().deleted()).isZero();
      assertThat(round.reconciles()).isPositive();
    });
    assertThat(r.markdown()).contains("| median |");
  }
}
