package io.kruise.agents.client;

import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.client.exceptions.ConflictException;
import io.kruise.agents.client.exceptions.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Runs a read-modify-write again when it loses an optimistic-concurrency race, like client-go's
 * {@code retry.RetryOnConflict}: each attempt must read the current object itself, so a retry
 * works from what the winner wrote. Between attempts it backs off exponentially (doubling from
 * {@link #initialBackoff()} up to {@link #maxBackoff()}, plus a random extra of up to
 * {@link #jitter()} times that backoff, so that racing writers spread out).
 *
 * <pre>{@code
 * ConflictRetry retry = ConflictRetry.builder().attempts(10).build();
 * Sandbox paused = retry.run(() -> {
 *   Sandbox s = sandboxes.getSandbox("my-sandbox");
 *   s.getSpec().setPaused(true);
 *   return sandboxes.updateSandbox("my-sandbox", s);
 * });
 * }</pre>
 *
 * <p>{@link SandboxClient#modifySandbox} and {@link SandboxSetClient#modifySandboxSet} use the
 * client's {@link Configuration#conflictRetry()}. Retried are conflicts a re-read can resolve
 * (a stale resourceVersion, or an unclassified 409);
 * {@link ConflictException.Reason#ALREADY_EXISTS} and
 * {@link ConflictException.Reason#APPLY_FIELD_CONFLICT} are rethrown at once. Immutable and
 * thread-safe.
 */
public final class ConflictRetry {

  /** Default for {@link #attempts()}: five, as client-go's {@code DefaultRetry}. */
  public static final int DEFAULT_ATTEMPTS = 5;
  /** Default for {@link #initialBackoff()}. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(10);
  /** Default for {@link #maxBackoff()}. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(1);
  /** Default for {@link #jitter()}. */
  public static final double DEFAULT_JITTER = 0.5;

  /** How the backoff waits; tests pass one that records instead of sleeping. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private static final Sleeper THREAD_SLEEP = d -> Thread.sleep(d.toMillis(), d.toNanosPart()
      % 1_000_000);
  private static final DoubleSupplier RANDOM = () -> ThreadLocalRandom.current().nextDouble();
  // After the two above: static fields initialize in order.
  private static final ConflictRetry DEFAULTS = builder().build();

  private final int attempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final double jitter;
  private final Sleeper sleeper;
  private final DoubleSupplier random;

  /** For tests: the given settings with an injected sleeper and random source in [0, 1). */
  ConflictRetry(int attempts, Duration initialBackoff, Duration maxBackoff, double jitter,
      Sleeper sleeper, DoubleSupplier random) {
    this.attempts = attempts;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.jitter = jitter;
    this.sleeper = sleeper;
    this.random = random;
  }

  /** @return the defaults: 5 attempts, backoff from 10 ms doubling up to 1 s, jitter 0.5 */
  public static ConflictRetry defaults() {
    return DEFAULTS;
  }

  /** @return a builder starting from the defaults */
  public static Builder builder() {
    return new Builder();
  }

  /** @return how often {@link #run(Supplier)} calls the attempt at most, the first included */
  public int attempts() {
    return attempts;
  }

  /** @return the backoff before the second attempt */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** @return the longest backoff between two attempts, before jitter */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** @return the largest random extra, as a fraction of the backoff (0 to 1) */
  public double jitter() {
    return jitter;
  }

  /** Same settings, with the given way to wait and source of randomness. */
  ConflictRetry with(Sleeper sleeper, DoubleSupplier random) {
    return new ConflictRetry(attempts, initialBackoff, maxBackoff, jitter, sleeper, random);
  }

  /**
   * Calls {@code attempt} until it returns, retrying on a retryable {@link ConflictException}
   * with backoff, at most {@link #attempts()} times.
   *
   * @param attempt one read-modify-write; it must read the current state itself each time
   * @param <T> what the attempt returns
   * @return what the first successful attempt returned
   * @throws ConflictException the last conflict when every attempt conflicted (the earlier ones
   *     are attached as {@linkplain Throwable#getSuppressed() suppressed}), or at once for a
   *     conflict that retrying cannot resolve
   * @throws AgentsApiException when interrupted while backing off (the interrupt flag stays set)
   * @throws ValidationException when {@code attempt} is null
   */
  public <T> T run(Supplier<T> attempt) {
    if (attempt == null) {
      throw ValidationException.forField("attempt", "Required", "must not be null");
    }
    List<ConflictException> earlier = new ArrayList<>();
    for (int done = 1; ; done++) {
      try {
        return attempt.get();
      } catch (ConflictException e) {
        if (!retryable(e) || done >= attempts) {
          earlier.forEach(e::addSuppressed);
          throw e;
        }
        earlier.add(e);
      }
      try {
        sleeper.sleep(backoff(done));
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        AgentsApiException e = new AgentsApiException("interrupted while backing off after "
            + done + " conflicting attempt(s)", 0, interrupted);
        earlier.forEach(e::addSuppressed);
        throw e;
      }
    }
  }

  /** The wait after the given number of failed attempts (1 for the wait before the second). */
  Duration backoff(int failedAttempts) {
    Duration base = initialBackoff;
    for (int i = 1; i < failedAttempts && base.compareTo(maxBackoff) < 0; i++) {
      base = base.multipliedBy(2);
    }
    if (base.compareTo(maxBackoff) > 0) {
      base = maxBackoff;
    }
    long extra = (long) (base.toNanos() * jitter * random.getAsDouble());
    return base.plusNanos(extra);
  }

  private static boolean retryable(ConflictException e) {
    return e.reason() != ConflictException.Reason.ALREADY_EXISTS
        && e.reason() != ConflictException.Reason.APPLY_FIELD_CONFLICT;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConflictRetry r && attempts == r.attempts
        && initialBackoff.equals(r.initialBackoff) && maxBackoff.equals(r.maxBackoff)
        && Double.compare(jitter, r.jitter) == 0;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(attempts, initialBackoff, maxBackoff, jitter);
  }

  @Override
  public String toString() {
    return "ConflictRetry{attempts=" + attempts + ", initialBackoff=" + initialBackoff
        + ", maxBackoff=" + maxBackoff + ", jitter=" + jitter + '}';
  }

  /** Builds a {@link ConflictRetry}; every setter checks its argument at once. */
  public static final class Builder {
    private int attempts = DEFAULT_ATTEMPTS;
    private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private double jitter = DEFAULT_JITTER;

    private Builder() {}

    /**
     * @param attempts how many times to call the attempt at most, including the first; at least 1
     * @return this builder
     */
    public Builder attempts(int attempts) {
      if (attempts < 1) {
        throw ValidationException.forField("attempts", "Invalid",
            "must be at least 1, was " + attempts);
      }
      this.attempts = attempts;
      return this;
    }

    /**
     * @param backoff the wait before the second attempt; zero or positive
     * @return this builder
     */
    public Builder initialBackoff(Duration backoff) {
      this.initialBackoff = notNegative("initialBackoff", backoff);
      return this;
    }

    /**
     * @param backoff the longest wait between attempts, before jitter; zero or positive
     * @return this builder
     */
    public Builder maxBackoff(Duration backoff) {
      this.maxBackoff = notNegative("maxBackoff", backoff);
      return this;
    }

    /**
     * @param jitter the largest random extra as a fraction of the backoff, from 0 to 1
     * @return this builder
     */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0 && jitter <= 1)) {
        throw ValidationException.forField("jitter", "Invalid",
            "must be between 0 and 1, was " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /**
     * @return the retry policy
     * @throws ValidationException when maxBackoff is shorter than initialBackoff
     */
    public ConflictRetry build() {
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw ValidationException.forField("maxBackoff", "Invalid", "must not be shorter than"
            + " initialBackoff (" + initialBackoff + "), was " + maxBackoff);
      }
      return new ConflictRetry(attempts, initialBackoff, maxBackoff, jitter, THREAD_SLEEP,
          RANDOM);
    }

    private static Duration notNegative(String field, Duration d) {
      if (d == null) {
        throw ValidationException.forField(field, "Required", "must not be null");
      }
      if (d.isNegative()) {
        throw ValidationException.forField(field, "Invalid", "must not be negative, was " + d);
      }
      return d;
    }
  }
}
