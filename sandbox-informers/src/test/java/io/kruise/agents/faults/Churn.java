package io.kruise.agents.faults;

import io.kruise.agents.client.AgentsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The churn of one fault-suite run: two Sandbox churners on the client that runs the informers
 * (their waits are served by its cache), two on a client without informers (their waits watch
 * the one object) and one SandboxSet churner, each on its own thread, all behind one
 * {@link Gate}.
 */
final class Churn implements AutoCloseable {

  /** Operations per churner at most: far more than a run makes; the gate ends them earlier. */
  private static final int BUDGET = 20_000;
  private static final int SLOTS = 6;

  final Gate gate = new Gate();
  private final List<Churner> cacheChurners = new ArrayList<>();
  private final List<Churner> watchChurners = new ArrayList<>();
  private final SetChurner setChurner;
  private final ExecutorService threads = Executors.newFixedThreadPool(threads());
  private final List<CompletableFuture<Void>> running = new ArrayList<>();

  Churn(String namespace, AgentsClient withInformers, AgentsClient withoutInformers,
      WaitLedger ledger, long seed) {
    for (int i = 0; i < 2; i++) {
      cacheChurners.add(new Churner("ca" + i, "cache", withInformers.sandboxes(namespace), gate,
          ledger, seed + i, SLOTS, BUDGET));
      watchChurners.add(new Churner("wb" + i, "watch", withoutInformers.sandboxes(namespace),
          gate, ledger, seed + 2 + i, SLOTS, BUDGET));
    }
    setChurner = new SetChurner("pool", withInformers.sandboxSets(namespace), gate, seed + 4, 4,
        BUDGET);
  }

  /** @return how many threads churn (and stand still at a pause) */
  static int threads() {
    return 5;
  }

  void start() {
    for (Runnable r : all()) {
      running.add(CompletableFuture.runAsync(r, threads));
    }
  }

  private List<Runnable> all() {
    List<Runnable> all = new ArrayList<>(cacheChurners);
    all.addAll(watchChurners);
    all.add(setChurner);
    return all;
  }

  /** @return operations that succeeded so far */
  long succeeded() {
    return cacheChurners.stream().mapToLong(c -> c.ok.sum()).sum()
        + watchChurners.stream().mapToLong(c -> c.ok.sum()).sum() + setChurner.ok.sum();
  }

  /** @return operations that failed so far */
  long failed() {
    return cacheChurners.stream().mapToLong(c -> c.failed.sum()).sum() + failedFast()
        + setChurner.failed.sum();
  }

  /** @return failures of the churners whose client does not retry: they see an outage at once */
  long failedFast() {
    return watchChurners.stream().mapToLong(c -> c.failed.sum()).sum();
  }

  /** @return exceptions the client let escape untranslated */
  List<String> untyped() {
    List<String> untyped = new ArrayList<>();
    cacheChurners.forEach(c -> untyped.addAll(c.untyped));
    watchChurners.forEach(c -> untyped.addAll(c.untyped));
    untyped.addAll(setChurner.untyped);
    return untyped;
  }

  /** Ends the churn and waits for its threads to finish their current operation. */
  void stop() throws Exception {
    gate.stop();
    CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    gate.stop();
    threads.shutdownNow();
  }
}
