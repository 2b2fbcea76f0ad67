package io.kruise.agents.examples.service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Claims per second, per pool and in total, over the last minute: one counter per second in a
 * ring. Time comes from a {@link Clock}, so tests move it instead of waiting. Thread-safe.
 */
final class ClaimRate {

  /** Seconds of history kept (and drawn in the dashboard's chart). */
  static final int SECONDS = 60;
  /** Seconds the per-pool rate is averaged over. */
  static final int RATE_WINDOW = 10;

  private final Clock clock;
  private final Map<String, long[]> counts = new HashMap<>();
  private final Map<String, long[]> stamps = new HashMap<>();
  private long total;

  ClaimRate(Clock clock) {
    this.clock = clock;
  }

  /**
   * Counts one claim now.
   *
   * @param pool the pool it was claimed from; null when it had none
   */
  synchronized void record(String pool) {
    pool = pool == null ? "" : pool;
    long second = clock.millis() / 1000;
    int slot = (int) (second % SECONDS);
    long[] c = counts.computeIfAbsent(pool, p -> new long[SECONDS]);
    long[] s = stamps.computeIfAbsent(pool, p -> new long[SECONDS]);
    if (s[slot] != second) {
      s[slot] = second;
      c[slot] = 0;
    }
    c[slot]++;
    total++;
  }

  /**
   * @param pool a pool
   * @return its claims per second over the last {@link #RATE_WINDOW} whole seconds
   */
  synchronized double perSecond(String pool) {
    long now = clock.millis() / 1000;
    long sum = 0;
    for (int back = 1; back <= RATE_WINDOW; back++) {
      sum += count(pool, now - back);
    }
    return sum / (double) RATE_WINDOW;
  }

  /** @return claims of all pools in each of the last {@link #SECONDS} seconds, oldest first */
  synchronized List<Long> lastMinute() {
    long now = clock.millis() / 1000;
    List<Long> series = new ArrayList<>(SECONDS);
    for (long second = now - SECONDS + 1; second <= now; second++) {
      long sum = 0;
      for (String pool : counts.keySet()) {
        sum += count(pool, second);
      }
      series.add(sum);
    }
    return series;
  }

  /** @return claims counted since start */
  synchronized long total() {
    return total;
  }

  private long count(String pool, long second) {
    long[] s = stamps.get(pool);
    int slot = (int) (second % SECONDS);
    return s == null || s[slot] != second ? 0 : counts.get(pool)[slot];
  }
}
