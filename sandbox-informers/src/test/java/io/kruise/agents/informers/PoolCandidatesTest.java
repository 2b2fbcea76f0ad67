package io.kruise.agents.informers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The candidates of one pool without a server: the test plays the cache (a map of claimable
 * names to their resourceVersion) and the listener (calls to {@code update}).
 */
class PoolCandidatesTest {

  private static final Duration LONG = Duration.ofSeconds(30);

  private final Map<String, String> cache = new ConcurrentHashMap<>();
  private final LongAdder wakeUps = new LongAdder();
  private final LongAdder signals = new LongAdder();
  private final PoolCandidates candidates = new PoolCandidates(cache::get,
      () -> new ArrayList<>(cache.keySet()), wakeUps, signals);
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  private static long deadline(Duration d) {
    return System.nanoTime() + d.toNanos();
  }

  private List<CompletableFuture<String>> waiters(int n) {
    List<CompletableFuture<String>> waiters = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      waiters.add(CompletableFuture.supplyAsync(() -> {
        try {
          return candidates.take(deadline(LONG));
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }, threads));
    }
    await().atMost(LONG).until(() -> candidates.waiting() == n);
    return waiters;
  }

  @Test
  void theFirstTakeReadsThePoolsMembers() throws Exception {
    cache.put("a", "1");
    cache.put("b", "1");
    Set<String> taken = new HashSet<>();
    taken.add(candidates.take(deadline(Duration.ZERO)));
    taken.add(candidates.take(deadline(Duration.ZERO)));
    assertThat(taken).containsExactlyInAnyOrder("a", "b");
    assertThat(candidates.take(deadline(Duration.ZERO))).as("both are reserved").isNull();
  }

  @Test
  void aSandboxTheCacheShowsIsFoundBeforeItsEventReachedTheListener() throws Exception {
    assertThat(candidates.take(deadline(Duration.ZERO))).as("empty pool").isNull();
    // the store has it (a controller's listener saw it and asked for a claim), but this pool's
    // listener has not called update yet
    cache.put("early", "3");
    candidates.rereadIfEmpty(); // what a claimer that does not wait (tryClaim) does first
    assertThat(candidates.take(deadline(Duration.ZERO))).isEqualTo("early");
  }

  @Test
  void aNameThatLostARaceIsNotReadAgainUntilAnEventAboutItArrives() throws Exception {
    cache.put("contended", "5");
    assertThat(candidates.take(deadline(Duration.ZERO))).isEqualTo("contended");
    candidates.release("contended", "5"); // lost with version 5; the cache still shows 5
    candidates.rereadIfEmpty();
    assertThat(candidates.take(deadline(Duration.ZERO))).as("stale: skipped on re-read").isNull();
    candidates.update("contended"); // the event about it: the cache moved on
    assertThat(candidates.take(deadline(Duration.ZERO))).isEqualTo("contended");
  }

  @Test
  void oneSandboxThatAppearsWakesExactlyOneOfManyWaiters() throws Exception {
    candidates.take(deadline(Duration.ZERO));
    List<CompletableFuture<String>> waiters = waiters(8);

    cache.put("fresh", "7");
    candidates.update("fresh");

    await().atMost(LONG).until(() -> waiters.stream().filter(CompletableFuture::isDone).count()
        == 1);
    assertThat(waiters.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join))
        .containsExactly("fresh");
    assertThat(candidates.waiting()).isEqualTo(7);
    assertThat(wakeUps.sum()).isEqualTo(1);
    assertThat(signals.sum()).isEqualTo(1);
  }

  @Test
  void kSandboxesWakeKWaitersEachWithItsOwn() throws Exception {
    candidates.take(deadline(Duration.ZERO));
    List<CompletableFuture<String>> waiters = waiters(10);
    for (int i = 0; i < 3; i++) {
      cache.put("s" + i, "1");
      candidates.update("s" + i);
    }
    await().atMost(LONG).until(() -> waiters.stream().filter(CompletableFuture::isDone).count()
        == 3);
    assertThat(waiters.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join))
        .containsExactlyInAnyOrder("s0", "s1", "s2");
    assertThat(candidates.waiting()).isEqualTo(7);
    assertThat(wakeUps.sum()).isEqualTo(3);
    assertThat(signals.sum()).isEqualTo(3);
  }

  @Test
  void anUpdateThatChangesNothingClaimableWakesNoOne() throws Exception {
    candidates.take(deadline(Duration.ZERO));
    List<CompletableFuture<String>> waiters = waiters(4);
    candidates.update("not-claimable");
    cache.put("x", "1");
    candidates.update("x");
    await().atMost(LONG).until(() -> candidates.waiting() == 3);
    // the same name again while it is reserved or taken: no second signal
    candidates.update("x");
    assertThat(signals.sum()).isEqualTo(1);
    assertThat(waiters.stream().filter(CompletableFuture::isDone).count()).isEqualTo(1);
  }

  @Test
  void aReservedNameIsNeverHandedOutTwice() throws Exception {
    cache.put("only", "1");
    assertThat(candidates.take(deadline(Duration.ZERO))).isEqualTo("only");
    // an event about it while reserved leaves it with its claimer
    candidates.update("only");
    assertThat(candidates.take(deadline(Duration.ZERO))).isNull();
    // released without a lost race (e.g. a network error): claimable again
    candidates.release("only", null);
    assertThat(candidates.take(deadline(Duration.ZERO))).isEqualTo("only");
  }

  @Test
  void aLostRaceKeepsTheNameOutUntilTheCacheShowsANewerVersion() throws Exception {
    cache.put("contested", "5");
    String name = candidates.take(deadline(Duration.ZERO));
    candidates.release(name, "5");
    assertThat(candidates.size()).as("the cache still shows the version that lost").isZero();
    assertThat(candidates.take(deadline(Duration.ZERO))).isNull();

    cache.put("contested", "6");
    candidates.update("contested");
    assertThat(candidates.take(deadline(Duration.ZERO))).isEqualTo("contested");
  }

  @Test
  void aReleaseAfterTheNewerVersionArrivedBringsItBack() throws Exception {
    cache.put("contested", "5");
    String name = candidates.take(deadline(Duration.ZERO));
    // the event with version 6 arrives while the claimer still holds the name (skipped), then
    // its attempt with 5 fails: the release sees 6 and puts it back
    cache.put("contested", "6");
    candidates.update("contested");
    candidates.release(name, "5");
    assertThat(candidates.take(deadline(Duration.ZERO))).isEqualTo("contested");
  }

  @Test
  void aSuccessfulClaimsNameDoesNotComeBack() throws Exception {
    cache.put("won", "5");
    String name = candidates.take(deadline(Duration.ZERO));
    cache.remove("won"); // the cache (own write overlay) shows it locked
    candidates.release(name, null);
    assertThat(candidates.size()).isZero();
  }

  @Test
  void aWaiterWithoutACandidateGivesUpAtItsDeadline() throws Exception {
    long start = System.nanoTime();
    assertThat(candidates.take(deadline(Duration.ofMillis(50)))).isNull();
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(
        TimeUnit.MILLISECONDS.toNanos(50));
    assertThat(wakeUps.sum()).isZero();
  }

  @Test
  void everySandboxThatAppearsIsTakenWhileManyWaitersComeAndGo() throws Exception {
    // no lost wake-up: 200 names appear one by one while 16 claimers take them; every name is
    // taken exactly once before the claimers' deadline
    int names = 200;
    Set<String> taken = ConcurrentHashMap.newKeySet();
    LongAdder duplicates = new LongAdder();
    List<CompletableFuture<Void>> claimers = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      claimers.add(CompletableFuture.runAsync(() -> {
        try {
          long deadline = deadline(LONG);
          while (taken.size() < names) {
            String name = candidates.take(Math.min(deadline,
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200)));
            if (name != null) {
              if (!taken.add(name)) {
                duplicates.increment();
              }
              cache.remove(name);
              candidates.release(name, null);
            }
          }
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }, threads));
    }
    for (int i = 0; i < names; i++) {
      cache.put("n" + i, "1");
      candidates.update("n" + i);
    }
    CompletableFuture.allOf(claimers.toArray(CompletableFuture[]::new))
        .get(LONG.toSeconds(), TimeUnit.SECONDS);
    assertThat(taken).hasSize(names);
    assertThat(duplicates.sum()).isZero();
    assertThat(wakeUps.sum()).isLessThanOrEqualTo(signals.sum());
    assertThat(signals.sum()).isLessThanOrEqualTo(names);
  }
}
