package io.kruise.agents.informers;

import static io.kruise.agents.informers.InformerFixtures.running;
import static io.kruise.agents.informers.InformerFixtures.sandbox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.client.exceptions.SandboxNotFoundException;
import io.kruise.agents.client.exceptions.TimeoutException;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxStates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Event-driven waits on a cache, without a server. */
class WaitRegistryTest {

  private static final Duration LONG = Duration.ofHours(1);
  private static final Predicate<Sandbox> READY = SandboxStates::isReady;

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService completions = Executors.newCachedThreadPool();
  private final IndexedStore<Sandbox> store = new IndexedStore<>(Map.of(),
      new ObjectCompactor<>(InformerOptions.DEFAULTS, Sandbox.class));
  private final WaitRegistry<Sandbox> waits = new WaitRegistry<>(
      new CacheLister<>(store, new WriteOverlay<>(InformerOptions.DEFAULTS, new FakeTicker()),
          InformerScope.allNamespaces(), () -> { }),
      "Sandbox", (ns, name, detail) -> new SandboxNotFoundException(ns, name, detail, null),
      scheduler, completions);

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
    completions.shutdownNow();
  }

  private static Sandbox version(String name, int rv, boolean ready) {
    Sandbox s = sandbox("ns", name);
    s.getMetadata().setResourceVersion(String.valueOf(rv));
    s.setStatus(running(ready));
    return s;
  }

  /** What the informer does: the store first, then the event. */
  private void informerDelivers(Sandbox s) {
    store.put(store.getKey(s), s);
    waits.changed(s);
  }

  @Test
  void anAlreadySatisfiedWaitCompletesWithoutAnEvent() {
    store.put("ns/a", version("a", 1, true));
    CompletableFuture<Sandbox> wait = waits.waitFor("ns", "a", READY, "Ready", LONG);
    assertThat(wait).succeedsWithin(Duration.ofSeconds(5))
        .extracting(s -> s.getMetadata().getResourceVersion()).isEqualTo("1");
    await().until(() -> waits.active() == 0);
    assertThat(waits.completed()).isEqualTo(1);
  }

  @Test
  void aWaitCompletesOnTheFirstSatisfyingEvent() {
    store.put("ns/a", version("a", 1, false));
    CompletableFuture<Sandbox> wait = waits.waitFor("ns", "a", READY, "Ready", LONG);
    informerDelivers(version("a", 2, false));
    assertThat(wait).isNotDone();
    informerDelivers(version("a", 3, true));
    assertThat(wait).succeedsWithin(Duration.ofSeconds(5))
        .extracting(s -> s.getMetadata().getResourceVersion()).isEqualTo("3");
  }

  @Test
  void eventsOfOtherObjectsDoNotCompleteAWait() throws Exception {
    store.put("ns/a", version("a", 1, false));
    CompletableFuture<Sandbox> wait = waits.waitFor("ns", "a", READY, "Ready", LONG);
    informerDelivers(version("b", 2, true));
    Thread.sleep(100); // shows that it stays open
    assertThat(wait).isNotDone();
    assertThat(waits.active()).isEqualTo(1);
  }

  @Test
  void aMissingObjectIsNotFound() {
    CompletableFuture<Sandbox> wait = waits.waitFor("ns", "nope", READY, "Ready", LONG);
    assertThat(wait).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(SandboxNotFoundException.class);
  }

  @Test
  void aDeleteFailsTheWaitWithNotFound() {
    store.put("ns/a", version("a", 1, false));
    CompletableFuture<Sandbox> wait = waits.waitFor("ns", "a", READY, "Ready", LONG);
    Sandbox last = store.remove("ns/a");
    waits.deleted(last);
    assertThat(wait).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(SandboxNotFoundException.class)
        .withMessageContaining("deleted while waiting for Ready");
  }

  @Test
  void theDeadlineFailsWithTheLastStateSeen() {
    store.put("ns/a", version("a", 1, false));
    CompletableFuture<Sandbox> wait = waits.waitFor("ns", "a", READY, "condition Ready=True",
        Duration.ofMillis(200));
    informerDelivers(version("a", 2, false));
    assertThat(wait).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOfSatisfying(TimeoutException.class, e -> {
          assertThat(e.getMessage()).contains("Sandbox ns/a", "condition Ready=True",
              "resourceVersion=2", "Ready=False");
          assertThat(e.<Sandbox>lastSeen().getMetadata().getResourceVersion()).isEqualTo("2");
        });
    assertThat(waits.timedOut()).isEqualTo(1);
    assertThat(waits.active()).isZero();
  }

  @Test
  void theDeadlineLooksAtTheCacheOnceMore() {
    store.put("ns/a", version("a", 1, false));
    CompletableFuture<Sandbox> wait = waits.waitFor("ns", "a", READY, "Ready",
        Duration.ofMillis(200));
    // the cache changes but the event never reaches the registry
    store.put("ns/a", version("a", 2, true));
    assertThat(wait).succeedsWithin(Duration.ofSeconds(5))
        .extracting(s -> s.getMetadata().getResourceVersion()).isEqualTo("2");
  }

  @Test
  void cancellingAWaitRemovesItsRegistration() {
    store.put("ns/a", version("a", 1, false));
    List<Sandbox> tested = new ArrayList<>();
    CompletableFuture<Sandbox> wait = waits.waitFor("ns", "a", s -> {
      tested.add(s);
      return false;
    }, "never", LONG);
    assertThat(waits.active()).isEqualTo(1);
    assertThat(wait.cancel(true)).isTrue();
    assertThat(waits.active()).isZero();
    int before = tested.size();
    informerDelivers(version("a", 2, false));
    assertThat(tested).hasSize(before);
  }

  @Test
  void aThrowingPredicateFailsTheWait() {
    store.put("ns/a", version("a", 1, false));
    CompletableFuture<Sandbox> wait = waits.waitFor("ns", "a", s -> {
      throw new IllegalStateException("boom");
    }, "p", LONG);
    assertThat(wait).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(AgentsApiException.class).withMessageContaining("boom");
  }

  @Test
  void manyWaitsOnOneObjectAllComplete() {
    store.put("ns/a", version("a", 1, false));
    List<CompletableFuture<Sandbox>> all = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      all.add(waits.waitFor("ns", "a", READY, "Ready", LONG));
    }
    informerDelivers(version("a", 2, true));
    assertThat(CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)))
        .succeedsWithin(Duration.ofSeconds(10));
    await().until(() -> waits.active() == 0);
  }

  /**
   * The wake-up race: the change lands in the store and its event is delivered while the wait
   * registers. Whichever wins, the wait must complete (no lost wake-up).
   */
  @Test
  void aChangeRacingWithTheRegistrationIsNeverLost() throws Exception {
    ExecutorService racers = Executors.newFixedThreadPool(2);
    try {
      for (int i = 0; i < 2000; i++) {
        String name = "race-" + i;
        store.put("ns/" + name, version(name, 1, false));
        CyclicBarrier start = new CyclicBarrier(2);
        Future<CompletableFuture<Sandbox>> registered = racers.submit(() -> {
          start.await();
          return waits.waitFor("ns", name, READY, "Ready", LONG);
        });
        Future<?> changed = racers.submit(() -> {
          start.await();
          informerDelivers(version(name, 2, true));
          return null;
        });
        changed.get(5, TimeUnit.SECONDS);
        CompletableFuture<Sandbox> wait = registered.get(5, TimeUnit.SECONDS);
        assertThat(wait).as("wait %d", i).succeedsWithin(Duration.ofSeconds(5));
      }
    } finally {
      racers.shutdownNow();
    }
    await().until(() -> waits.active() == 0);
    assertThat(waits.started()).isEqualTo(2000);
    assertThat(waits.completed()).isEqualTo(2000);
  }
}
