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
    P1HeapPerSandbox.Result r = P1HeapPerSandbox.run(200, 1, false, null, null);
    assertThat(r.samples()).hasSize(3);
    for (P1HeapPerSandbox.Variant v : P1HeapPerSandbox.Variant.values()) {
      assertThat(r.kibPerObject(v)).isFinite();
    }
    assertThat(r.jsonBytesPerObject()).isGreaterThan(0);
    assertThat(r.markdown()).contains("ours, lean store");
  }

  @Test
  void p3LookupsFindTheSameObjectsInBothCaches() {
    P3Lookups state = new P3Lookups();
    state.objects = 200;
    state.setUp();
    try {
      P3Lookups.Cursor cursor = new P3Lookups.Cursor();
      cursor.setUp(state);
      for (int i = 0; i < 50; i++) {
        assertThat(state.getByKeyOurs(cursor)).isNotNull();
        assertThat(state.getByKeyFabric8(cursor)).isNotNull();
        assertThat(state.getByKeyFabric8BuiltKey(cursor)).isNotNull();
        assertThat(state.getByKeyOursHot(cursor)).isNotNull();
        assertThat(state.getByKeyFabric8Hot(cursor)).isNotNull();
        List<Sandbox> ours = state.poolLookupOurs(cursor);
        List<Sandbox> theirs = state.poolLookupFabric8(cursor);
        assertThat(ours).isNotNull();
        assertThat(theirs).isNotNull();
      }
    } finally {
      state.tearDown();
    }
    assertThat(P3Lookups.table("200", java.util.Map.of("getByKeyOurs", 2.0, "getByKeyFabric8",
        1.0, "poolLookupOurs", 2.0, "poolLookupFabric8", 1.0), java.util.Map.of()))
        .contains("2.00×");
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
