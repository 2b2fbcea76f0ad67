package io.kruise.agents.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.client.exceptions.ConflictException;
import io.kruise.agents.client.exceptions.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** ConflictRetry without sleeping: a recording sleeper and a fixed random source. */
class ConflictRetryTest {

  private final List<Duration> sleeps = new ArrayList<>();

  private ConflictRetry retry(int attempts, double random) {
    return ConflictRetry.builder().attempts(attempts).initialBackoff(Duration.ofMillis(10))
        .maxBackoff(Duration.ofMillis(50)).jitter(0.5).build()
        .with(sleeps::add, () -> random);
  }

  private static ConflictException stale(int n) {
    return new ConflictException("conflict " + n,
        ConflictException.Reason.STALE_RESOURCE_VERSION, null);
  }

  @Test
  void aFirstSuccessNeitherRetriesNorSleeps() {
    AtomicInteger calls = new AtomicInteger();
    assertThat(retry(5, 0).run(() -> calls.incrementAndGet())).isEqualTo(1);
    assertThat(calls).hasValue(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void retriesConflictsWithDoublingBackoffPlusJitterUntilOneSucceeds() {
    AtomicInteger calls = new AtomicInteger();
    String result = retry(5, 0.5).run(() -> {
      int n = calls.incrementAndGet();
      if (n < 4) {
        throw stale(n);
      }
      return "done on " + n;
    });
    assertThat(result).isEqualTo("done on 4");
    // 10, 20, 40 ms, each plus 0.5 (jitter) * 0.5 (random) of itself
    assertThat(sleeps).containsExactly(Duration.ofMillis(10).plusNanos(2_500_000),
        Duration.ofMillis(20).plusNanos(5_000_000), Duration.ofMillis(40).plusNanos(10_000_000));
  }

  @Test
  void theBackoffStopsGrowingAtTheMaximum() {
    ConflictRetry r = retry(10, 0);
    assertThat(r.backoff(1)).isEqualTo(Duration.ofMillis(10));
    assertThat(r.backoff(3)).isEqualTo(Duration.ofMillis(40));
    assertThat(r.backoff(4)).isEqualTo(Duration.ofMillis(50));
    assertThat(r.backoff(60)).isEqualTo(Duration.ofMillis(50));
    assertThat(retry(10, 0.999).backoff(60)).isLessThan(Duration.ofMillis(75));
  }

  @Test
  void whenAttemptsRunOutTheLastConflictIsThrownWithTheEarlierOnesSuppressed() {
    List<ConflictException> thrown = new ArrayList<>();
    assertThatThrownBy(() -> retry(3, 0).run(() -> {
      ConflictException e = stale(thrown.size() + 1);
      thrown.add(e);
      throw e;
    })).isSameAs(thrown.get(2));
    assertThat(thrown).hasSize(3);
    assertThat(thrown.get(2).getSuppressed()).containsExactly(thrown.get(0), thrown.get(1));
    assertThat(sleeps).hasSize(2);
  }

  @Test
  void conflictsARetryCannotResolveAreThrownAtOnce() {
    AtomicInteger calls = new AtomicInteger();
    ConflictException exists = new ConflictException("exists",
        ConflictException.Reason.ALREADY_EXISTS, null);
    assertThatThrownBy(() -> retry(5, 0).run(() -> {
      calls.incrementAndGet();
      throw exists;
    })).isSameAs(exists);
    ConflictException fields = new ConflictException("owned",
        ConflictException.Reason.APPLY_FIELD_CONFLICT, null);
    assertThatThrownBy(() -> retry(5, 0).run(() -> {
      calls.incrementAndGet();
      throw fields;
    })).isSameAs(fields);
    assertThat(calls).hasValue(2);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void otherFailuresAreNotRetried() {
    AtomicInteger calls = new AtomicInteger();
    IllegalStateException boom = new IllegalStateException("boom");
    assertThatThrownBy(() -> retry(5, 0).run(() -> {
      calls.incrementAndGet();
      throw boom;
    })).isSameAs(boom);
    assertThat(calls).hasValue(1);
  }

  @Test
  void anInterruptDuringTheBackoffStopsWithTheInterruptFlagSet() {
    ConflictRetry r = retry(5, 0).with(d -> {
      throw new InterruptedException();
    }, () -> 0);
    try {
      assertThatThrownBy(() -> r.run(() -> {
        throw stale(1);
      })).isInstanceOfSatisfying(AgentsApiException.class, e -> {
        assertThat(e.getMessage()).contains("interrupted");
        assertThat(e.getSuppressed()).hasSize(1);
      });
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void defaultsAreClientGosAndSettingsAreChecked() {
    ConflictRetry d = ConflictRetry.defaults();
    assertThat(d.attempts()).isEqualTo(5);
    assertThat(d.initialBackoff()).isEqualTo(Duration.ofMillis(10));
    assertThat(Configuration.defaults().conflictRetry()).isEqualTo(d);
    assertThat(Configuration.builder().conflictRetry(retry(9, 0)).build().conflictRetry()
        .attempts()).isEqualTo(9);
    assertThatThrownBy(() -> ConflictRetry.builder().attempts(0))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("attempts"));
    assertThatThrownBy(() -> ConflictRetry.builder().initialBackoff(null))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("initialBackoff"));
    assertThatThrownBy(() -> ConflictRetry.builder().maxBackoff(Duration.ofMillis(-1)))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("maxBackoff"));
    assertThatThrownBy(() -> ConflictRetry.builder().jitter(1.5))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("jitter"));
    assertThatThrownBy(() -> ConflictRetry.builder().jitter(Double.NaN))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> ConflictRetry.builder().initialBackoff(Duration.ofSeconds(2))
        .maxBackoff(Duration.ofSeconds(1)).build())
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("maxBackoff"));
    assertThatThrownBy(() -> d.run(null)).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.fields()).containsExactly("attempt"));
  }
}
