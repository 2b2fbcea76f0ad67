package io.kruise.agents.controller.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * Runs many writes in growing batches, like upstream's {@code DoItSlowly}: a first batch of
 * {@code initialBatch} in parallel, then doubling, and no further batch once one had a failure,
 * so a broken template or a refusing server costs one small batch of errors, not hundreds.
 */
final class SlowStart {

  /**
   * What happened.
   *
   * @param done actions that succeeded
   * @param skipped actions that found nothing to do (a lost race), not failures
   * @param failures what the failed actions threw
   * @param notStarted actions left out after a failed batch
   */
  record Result(int done, int skipped, List<RuntimeException> failures, int notStarted) {
    /** Copies the failures. */
    Result {
      failures = List.copyOf(failures);
    }
  }

  private SlowStart() {
  }

  /**
   * @param items what to act on
   * @param initialBatch the size of the first batch (at least 1)
   * @param pool runs the actions of a batch in parallel
   * @param action returns true when it did its write, false when there was nothing to do;
   *     throws on failure
   * @param <T> the item type
   * @return the counts
   */
  static <T> Result run(List<T> items, int initialBatch, ExecutorService pool,
      Predicate<T> action) {
    int done = 0;
    int skipped = 0;
    List<RuntimeException> failures = new ArrayList<>();
    int next = 0;
    int batch = Math.max(1, initialBatch);
    while (next < items.size() && failures.isEmpty()) {
      int end = Math.min(items.size(), next + batch);
      List<Future<Boolean>> running = new ArrayList<>();
      for (T item : items.subList(next, end)) {
        running.add(pool.submit(() -> action.test(item)));
      }
      for (Future<Boolean> f : running) {
        try {
          if (f.get()) {
            done++;
          } else {
            skipped++;
          }
        } catch (ExecutionException e) {
          failures.add(e.getCause() instanceof RuntimeException r ? r
              : new IllegalStateException(e.getCause()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          running.forEach(r -> r.cancel(true));
          failures.add(new CancellationException("interrupted"));
          break;
        }
      }
      next = end;
      batch = Math.min(batch * 2, Integer.MAX_VALUE / 2);
    }
    return new Result(done, skipped, failures, items.size() - next);
  }
}
