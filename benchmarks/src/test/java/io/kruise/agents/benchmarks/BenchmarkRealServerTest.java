package io.kruise.agents.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.kruise.agents.testkit.RealApiServer;
import io.kruise.agents.testkit.WithRealApiServer;
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
    assertThat(r.markdown()).contains("concurrent waits");
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
