package io.kruise.agents.controller.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlowStartTest {

  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private static List<Integer> items(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  @Test
  void batchesStartSmallAndDouble() {
    List<Integer> started = Collections.synchronizedList(new ArrayList<>());
    SlowStart.Result r = SlowStart.run(items(100), 16, pool, i -> started.add(i));
    assertThat(r.done()).isEqualTo(100);
    assertThat(r.failures()).isEmpty();
    assertThat(r.notStarted()).isZero();
    assertThat(started).hasSize(100);
  }

  @Test
  void noBatchStartsAfterOneFailed() {
    AtomicInteger calls = new AtomicInteger();
    // item 20 is in the second batch (16..47): that batch completes, then nothing more
    SlowStart.Result r = SlowStart.run(items(200), 16, pool, i -> {
      calls.incrementAndGet();
      if (i == 20) {
        throw new IllegalStateException("refused");
      }
      return true;
    });
    assertThat(calls.get()).isEqualTo(48);
    assertThat(r.done()).isEqualTo(47);
    assertThat(r.failures()).singleElement().satisfies(e -> assertThat(e).hasMessage("refused"));
    assertThat(r.notStarted()).isEqualTo(152);
  }

  @Test
  void skippedActionsAreNotFailures() {
    SlowStart.Result r = SlowStart.run(items(10), 4, pool, i -> i % 2 == 0);
    assertThat(r.done()).isEqualTo(5);
    assertThat(r.skipped()).isEqualTo(5);
    assertThat(r.failures()).isEmpty();
  }
}
