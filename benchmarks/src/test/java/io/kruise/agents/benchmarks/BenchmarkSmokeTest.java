package io.kruise.agents.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.kruise.agents.model.Sandbox;
import java.util.List;
import org.junit.jupiter.api.Test;

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
  void p5FanOutThroughAResync() {
    P5ListenerFanOut.Result r = P5ListenerFanOut.run(200, 3, 2, 1, 1);
    // ours: one round without and one with the slow listener; fabric8: one and one
    assertThat(r.rounds()).hasSize(4);
    for (P5ListenerFanOut.Round round : r.rounds()) {
      assertThat(round.seconds()).isPositive();
      assertThat(round.eventsPerSecond()).isFinite().isPositive();
      if (round.variant() == P5ListenerFanOut.Variant.OURS) {
        assertThat(round.lagP99Micros()).isFinite().isGreaterThanOrEqualTo(0);
      }
    }
    assertThat(r.rounds().get(1).withSlow()).isTrue();
    assertThat(r.rounds().get(3).withSlow()).isTrue();
    assertThat(r.markdown()).contains("informer events/s");
  }
}
