package io.kruise.agents.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.kruise.agents.model.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every benchmark that needs no real API server once at a tiny size, to keep them working.
 * No performance thresholds: this machine's numbers mean nothing in CI.
 */
class BenchmarkSmokeTest {

  @Test
  void generatorMakesRealisticObjectsOfAboutThreeKilobytes() {
    SandboxGenerator gen = SandboxGenerator.standard();
    Sandbox s = gen.sandbox(0);
    assertThat(SandboxGenerator.json(s).length()).isBetween(2_400, 3_600);
    assertThat(s.getMetadata().getManagedFields()).hasSize(2);
    assertThat(s.getStatus().getConditions()).hasSize(2);
    assertThat(s.getMetadata().getLabels()).containsKey("agents.kruise.io/sandbox-pool");
    assertThat(SandboxGenerator.json(gen.sandbox(12_345)))
        .isEqualTo(SandboxGenerator.json(gen.sandbox(12_345)));
    assertThat(java.util.stream.IntStream.range(0, 20_000).mapToObj(gen::name).distinct()
        .count()).isEqualTo(20_000);
  }

  @Test
  void p1HeapPerSandboxInProcess() {
    P1HeapPerSandbox.Result r = P1HeapPerSandbox.run(200, 1, false, null, null, 2);
    assertThat(r.samples()).hasSize(P1HeapPerSandbox.Variant.values().length);
    for (P1HeapPerSandbox.Variant v : P1HeapPerSandbox.Variant.values()) {
      assertThat(r.kibPerObject(v)).isFinite();
      // every variant saw both churn rounds (the harness waits for the last versions)
      assertThat(r.kibPerObjectAfterChurn(v)).isFinite();
    }
    assertThat(r.markdown()).contains("tuned fabric8");
    assertThat(r.jsonBytesPerObject()).isGreaterThan(0);
    assertThat(r.markdown()).contains("ours, lean store");
  }

  @Test
  void p3LookupsFindTheSameObjectsInBothCaches() throws Exception {
    P3Lookups state = new P3Lookups();
    state.objects = 2_000;
    state.churnRate = 200;
    state.setUp();
    try {
      P3Lookups.Cursor cursor = new P3Lookups.Cursor();
      cursor.setUp(state, threadIndex());
      org.openjdk.jmh.infra.Blackhole bh = new org.openjdk.jmh.infra.Blackhole("Today's password"
          + " is swordfish. I understand instantiating Blackholes directly is dangerous.");
      for (int i = 0; i < 50; i++) {
        Sandbox ours = state.getByKeyOurs(cursor);
        assertThat(ours).isNotNull();
        assertThat(state.getByKeyFabric8(cursor)).isNotNull();
        assertThat(state.getByKeyFabric8BuiltKey(cursor)).isNotNull();
        assertThat(state.getByKeyOursHot(cursor)).isNotNull();
        assertThat(state.getByKeyFabric8Hot(cursor)).isNotNull();
        assertThat(state.poolLookupOurs(cursor)).isNotEmpty();
        assertThat(state.poolLookupFabric8(cursor)).isNotEmpty();
        state.poolIterateOurs(cursor, bh);
        state.poolIterateFabric8(cursor, bh);
      }
      P3Lookups.Churn churn = new P3Lookups.Churn();
      churn.start(state);
      try {
        List<Sandbox> before = state.poolChurnOurs(churn);
        // the writer's events reach our cache: pool 0's snapshot is replaced
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        // sent() counts a batch once it is all out; the snapshot changes with its first event
        while ((state.poolChurnOurs(churn) == before || churn.sent() == 0)
            && System.nanoTime() < deadline) {
          java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        assertThat(state.poolChurnOurs(churn)).isNotSameAs(before);
        assertThat(churn.sent()).isPositive();
        assertThat(state.poolChurnOurs(churn)).hasSameSizeAs(before);
        assertThat(state.poolChurnFabric8(churn)).hasSameSizeAs(before);
      } finally {
        churn.stop();
      }
    } finally {
      P3Lookups.release();
    }
  }

  @Test
  void p3HarnessRunsChildJvmsAndWritesTheTableAndCsv(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream stdout = System.out;
    System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      P3Lookups.main(new String[] {"--objects", "500", "--forks", "2", "--threads", "1",
          "--warmup", "1", "--iterations", "2", "--iteration-ms", "50", "--churn-rate", "100",
          "--heap", "512m", "--csv-dir", dir.toString()});
    } finally {
      System.setOut(stdout);
    }
    String table = out.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(table).contains("| 500 | 1 | get by key; fabric8 key prepared in advance |")
        .contains("pool lookup (`byIndex`, returns the bucket)")
        .contains("pool lookup while its bucket churns");
    List<String> csv = java.nio.file.Files.readAllLines(dir.resolve("p3-lookups.csv"));
    assertThat(csv.get(0)).isEqualTo(Csv.HEADER);
    // 2 forks x (ours, fabric8, fabric8 built key for get; ours, fabric8 for 3 pool lookups)
    assertThat(csv).hasSize(1 + 2 * (3 + 2 * 3));
    assertThat(csv).anyMatch(l -> l.startsWith("ours,1,get_by_key_500_t1,ops/s,"))
        .anyMatch(l -> l.startsWith("fabric8 built key,2,get_by_key_500_t1,ops/s,"));
  }

  private static org.openjdk.jmh.infra.ThreadParams threadIndex() {
    return new org.openjdk.jmh.infra.ThreadParams(0, 1, 0, 1, 0, 1, 0, 1, 0, 1);
  }

  @Test
  void p5FanOutOfWatchEvents(@TempDir Path csvDir) throws Exception {
    P5ListenerFanOut.Config c = new P5ListenerFanOut.Config(200, 3, 1, new int[] {2_000, 0},
        300, 20, List.of(P5ListenerFanOut.Variant.values()), false, null);
    P5ListenerFanOut.Result r = P5ListenerFanOut.run(c);
    // every variant, one step per rate
    assertThat(r.steps()).hasSize(P5ListenerFanOut.Variant.values().length * 2);
    for (P5ListenerFanOut.Step step : r.steps()) {
      assertThat(step.events()).isEqualTo(300);
      assertThat(step.minPerListener()).isFinite().isPositive();
      assertThat(step.lagP99Ms()).isFinite().isGreaterThanOrEqualTo(step.lagP50Ms());
      assertThat(step.lagMs()).isNotEmpty();
    }
    assertThat(r.memory()).singleElement()
        .satisfies(m -> assertThat(m.variant()).isEqualTo(P5ListenerFanOut.Variant.OURS_SLOW));
    assertThat(r.markdown()).contains("delivered events/s per listener", "ours / fabric8");
    r.writeCsv(csvDir);
    assertThat(Files.readAllLines(csvDir.resolve("p5-fanout.csv")))
        .first().isEqualTo(Csv.HEADER);
    assertThat(Files.readAllLines(csvDir.resolve("p5-fanout-dist.csv")))
        .anyMatch(l -> l.startsWith("ours,1,lag@max,ms,"));
  }
}
