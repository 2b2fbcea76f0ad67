package io.kruise.agents.controller;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A Caffeine {@link Ticker} that tests advance by hand instead of waiting. */
public final class FakeTicker implements Ticker {

  private final AtomicLong nanos = new AtomicLong();

  @Override
  public long read() {
    return nanos.get();
  }

  /** @param duration how far to move the clock */
  public void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }
}
