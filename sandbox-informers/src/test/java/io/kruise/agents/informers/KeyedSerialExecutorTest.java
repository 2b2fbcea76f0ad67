package io.kruise.agents.informers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** Per-key order on a shared pool, with the pool's queue bounded by the lanes. */
class KeyedSerialExecutorTest {

  private final ManualExecutor pool = new ManualExecutor();
  private final KeyedSerialExecutor executor = new KeyedSerialExecutor(pool, 4);

  @Test
  void tasksOfOneKeyRunInSubmissionOrderWhateverThePoolRunsFirst() {
    List<Integer> ran = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      int n = i;
      executor.execute("ns/a", () -> ran.add(n));
    }
    pool.runAllNewestFirst();
    assertThat(ran).hasSize(100).isSorted();
  }

  @Test
  void thePoolHoldsAtMostOneTaskPerLane() {
    List<String> ran = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      String key = "ns/s" + i;
      executor.execute(key, () -> ran.add(key));
    }
    assertThat(pool.queued()).isLessThanOrEqualTo(4);
    pool.runAll();
    assertThat(ran).hasSize(1000);
    assertThat(pool.submitted()).isLessThanOrEqualTo(4);
  }

  @Test
  void aThrowingTaskDoesNotStopItsLane() {
    List<String> ran = new ArrayList<>();
    executor.execute("k", () -> {
      throw new IllegalStateException("boom");
    });
    executor.execute("k", () -> ran.add("after"));
    pool.runAll();
    assertThat(ran).containsExactly("after");
    executor.execute("k", () -> ran.add("later"));
    pool.runAll();
    assertThat(ran).containsExactly("after", "later");
  }

  @Test
  void aShutDownPoolRunsTheTaskOnTheCaller() {
    KeyedSerialExecutor closed = new KeyedSerialExecutor(task -> {
      throw new RejectedExecutionException("shut down");
    }, 4);
    List<String> ran = new ArrayList<>();
    closed.execute("k", () -> ran.add(Thread.currentThread().getName()));
    assertThat(ran).containsExactly(Thread.currentThread().getName());
  }

  @Test
  void lanesArePowersOfTwo() {
    assertThatThrownBy(() -> new KeyedSerialExecutor(pool, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3");
  }
}
