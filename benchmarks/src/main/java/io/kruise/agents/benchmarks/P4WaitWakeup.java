package io.kruise.agents.benchmarks;

import io.kruise.agents.informers.SharedInformers;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.SandboxClient;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.model.ConditionTypes;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxStatus;
import io.kruise.agents.testkit.RealApiServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * P4: how fast a wait for {@code Ready=True} wakes up after the status write that makes it true,
 * and what each wait costs in API requests, on the real API server. Three waiters, each on its own
 * fabric8 client whose requests are counted by an interceptor; the status writes come from a
 * separate writer client ({@code SandboxClient.updateSandboxStatus}), as a controller's would:
 *
 * <ul>
 *   <li>ours: {@code waitForSandboxConditionAsync(name, "Ready", "True", ..)} served by the
 *       client's shared informer of the namespace (started and synced before);</li>
 *   <li>fabric8: {@code resource.waitUntilCondition(..)}, one per wait (a LIST and a WATCH of
 *       the one object); the write starts once its WATCH request was sent;</li>
 *   <li>polling: GET every second until Ready=True; the write starts at a random moment within
 *       the first second after the first GET.</li>
 * </ul>
 *
 * <p>The wake-up time is from the start of the status write to the waiter's completion. Waits run
 * in blocks of 100 per waiter, alternating; ours and fabric8's one at a time, polling's 100 at
 * once. Each wait uses a fresh object created beforehand (Running, Ready=False).
 *
 * <p>Then 10,000 concurrent waits on the one informer: 10 waits on each of 1,000 objects, one
 * status write per object from 4 writer threads; reports the requests the waits added and the
 * time until all completed.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.kruise.agents.benchmarks.P4WaitWakeup \
 *     --waits 1000 [--concurrent-waits 10000] [--concurrent-objects 1000]
 * </pre>
 */
public final class P4WaitWakeup {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int BLOCK = 100;

  /** The waiters compared. */
  public enum Variant {
    /** The shared informer's event-driven wait. */
    OURS("ours: waitForSandboxConditionAsync on the shared informer"),
    /** fabric8 {@code waitUntilCondition}, one LIST + WATCH per wait. */
    FABRIC8("fabric8 resource.waitUntilCondition"),
    /** GET every second. */
    POLLING("polling: GET every 1 s");

    final String label;

    Variant(String label) {
      this.label = label;
    }
  }

  /**
   * The waits of one waiter.
   *
   * @param variant the waiter
   * @param wakeMicros wake-up time of every wait, from the write's start
   * @param requests requests its client sent during its waits
   * @param writeMicros how long each status write itself took (start to the server's answer)
   */
  public record Waits(Variant variant, double[] wakeMicros, long requests,
      double[] writeMicros) {
    /** @return completed waits */
    public int count() {
      return wakeMicros.length;
    }

    /** @return requests per wait */
    public double requestsPerWait() {
      return wakeMicros.length == 0 ? Double.NaN : (double) requests / wakeMicros.length;
    }

    /**
     * @param p percentile
     * @return wake-up time in milliseconds
     */
    public double millis(double p) {
      return Stats.percentile(wakeMicros, p) / 1000;
    }

    /**
     * @param p percentile
     * @return wake-up time counted from the write's answer instead of its start (negative when
     *     the waiter woke before the writer had its answer), in milliseconds
     */
    public double afterAnswerMillis(double p) {
      double[] d = new double[wakeMicros.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = wakeMicros[i] - writeMicros[i];
      }
      return Stats.percentile(d, p) / 1000;
    }
  }

  /**
   * The concurrent-wait run.
   *
   * @param waits concurrent waits
   * @param objects objects they wait on
   * @param registerMillis time to register all waits
   * @param writeMillis time from the first write's start to the last write's return
   * @param allDoneMillis time from the first write's start to the last wait's completion
   * @param afterLastWriteMillis time from the last write's return to the last completion
   * @param wakeP50Millis median wake-up per wait from its object's write start
   * @param wakeP99Millis 99th percentile
   * @param completed waits that completed
   * @param requestsAdded requests the waiter's client sent from before the registration to the
   *     last completion
   */
  public record Concurrent(int waits, int objects, double registerMillis, double writeMillis,
      double allDoneMillis, double afterLastWriteMillis, double wakeP50Millis,
      double wakeP99Millis, int completed, long requestsAdded) {}

  /**
   * The result of a run.
   *
   * @param waits per variant, in {@link Variant} order
   * @param concurrent the concurrent-wait run, or null when skipped
   */
  public record Result(List<Waits> waits, Concurrent concurrent) {

    /**
     * @param v a variant
     * @return its waits
     */
    public Waits of(Variant v) {
      return waits.stream().filter(w -> w.variant() == v).findFirst().orElseThrow();
    }

    /** @return the tables for docs/benchmarks.md */
    public String markdown() {
      Waits ours = of(Variant.OURS);
      Waits f8 = of(Variant.FABRIC8);
      StringBuilder b = new StringBuilder();
      b.append(String.format("P4 wait wake-up on the real API server: %,d waits per waiter, "
          + "from the start of the status write (Ready=True) to the waiter's completion%n%n",
          ours.count()));
      b.append("| waiter | p50 | p99 | max | API requests per wait | p50 ratio to ours | "
          + "the status write itself, p50 / p99 | wake after the write's answer, p50 / p99 |\n"
          + "|---|---|---|---|---|---|---|---|\n");
      for (Waits w : waits) {
        b.append("| ").append(w.variant().label).append(" | ")
            .append(Stats.fmt(w.millis(50), 2)).append(" ms | ")
            .append(Stats.fmt(w.millis(99), 2)).append(" ms | ")
            .append(Stats.fmt(w.millis(100), 2)).append(" ms | ")
            .append(Stats.fmt(w.requestsPerWait(), 2)).append(" | ")
            .append(Stats.fmt(w.millis(50) / ours.millis(50), 1)).append("× | ")
            .append(Stats.fmt(Stats.percentile(w.writeMicros(), 50) / 1000, 2)).append(" / ")
            .append(Stats.fmt(Stats.percentile(w.writeMicros(), 99) / 1000, 2))
            .append(" ms | ").append(Stats.fmt(w.afterAnswerMillis(50), 2)).append(" / ")
            .append(Stats.fmt(w.afterAnswerMillis(99), 2)).append(" ms |\n");
      }
      b.append(String.format("%nTargets (ours): p50 ≤ 5 ms: %s (%s ms); p99 ≤ 25 ms: %s (%s ms); "
          + "0 requests per wait: %s (%d requests in %,d waits; fabric8 %s per wait)%n",
          ours.millis(50) <= 5 ? "PASS" : "MISS", Stats.fmt(ours.millis(50), 2),
          ours.millis(99) <= 25 ? "PASS" : "MISS", Stats.fmt(ours.millis(99), 2),
          ours.requests() == 0 ? "PASS" : "MISS", ours.requests(), ours.count(),
          Stats.fmt(f8.requestsPerWait(), 2)));
      if (concurrent != null) {
        Concurrent c = concurrent;
        b.append(String.format("%n%,d concurrent waits on one informer (%,d objects × %d waits, "
            + "one status write per object):%n%n", c.waits(), c.objects(),
            c.waits() / c.objects()));
        b.append("| registered in | API requests added | writes took | all completed after "
            + "first write | after last write | per-wait wake p50 / p99 | completed |\n"
            + "|---|---|---|---|---|---|---|\n");
        b.append("| ").append(Stats.fmt(c.registerMillis(), 0)).append(" ms | ")
            .append(c.requestsAdded()).append(" | ").append(Stats.fmt(c.writeMillis(), 0))
            .append(" ms | ").append(Stats.fmt(c.allDoneMillis(), 0)).append(" ms | ")
            .append(Stats.fmt(c.afterLastWriteMillis(), 1)).append(" ms | ")
            .append(Stats.fmt(c.wakeP50Millis(), 1)).append(" / ")
            .append(Stats.fmt(c.wakeP99Millis(), 1)).append(" ms | ")
            .append(String.format("%,d/%,d", c.completed(), c.waits())).append(" |\n");
        b.append(String.format("%nThe same with fabric8 waitUntilCondition would open %,d LISTs "
            + "and %,d WATCHes (%s requests per wait measured above).%n", c.waits(), c.waits(),
            Stats.fmt(f8.requestsPerWait(), 2)));
      }
      return b.toString();
    }
  }

  private P4WaitWakeup() {}

  /** A status that is not Ready yet (or is, for the write that wakes the waiters). */
  static SandboxStatus status(boolean ready) {
    String now = Instant.now().toString();
    Condition readyCondition = new ConditionBuilder().withType(ConditionTypes.READY)
        .withStatus(ready ? ConditionTypes.STATUS_TRUE : ConditionTypes.STATUS_FALSE)
        .withReason(ready ? "PodReady" : "PodNotReady").withMessage("")
        .withLastTransitionTime(now).build();
    Condition initialized = new ConditionBuilder().withType(ConditionTypes.RUNTIME_INITIALIZED)
        .withStatus(ConditionTypes.STATUS_TRUE).withReason("RuntimeReady").withMessage("")
        .withLastTransitionTime(now).build();
    return new SandboxStatus().withPhase("Running").withObservedGeneration(1L)
        .withConditions(new ArrayList<>(List.of(readyCondition, initialized)))
        .withNodeName("node-1").withSandboxIp("10.64.0.1");
  }

  static boolean isReady(Sandbox s) {
    if (s == null || s.getStatus() == null || s.getStatus().getConditions() == null) {
      return false;
    }
    for (Condition c : s.getStatus().getConditions()) {
      if (ConditionTypes.READY.equals(c.getType())) {
        return ConditionTypes.STATUS_TRUE.equals(c.getStatus());
      }
    }
    return false;
  }

  /** The status write that makes the object ready; returns when the server answered. */
  static void makeReady(SandboxClient writer, Sandbox obj) {
    Sandbox copy = obj.deepCopy();
    copy.setStatus(status(true));
    writer.updateSandboxStatus(copy.getMetadata().getName(), copy);
  }

  /** A measured wait: wake-up and the write's own duration, in microseconds. */
  record Wake(double wakeMicros, double writeMicros) {}

  /**
   * Runs P4 on a running server; leaves its objects in namespace {@code p4-<id>}.
   *
   * @param server the real API server
   * @param waits waits per variant
   * @param concurrentWaits waits of the concurrent run; 0 to skip it
   * @param concurrentObjects objects of the concurrent run
   * @return the results
   */
  public static Result run(RealApiServer server, int waits, int concurrentWaits,
      int concurrentObjects) {
    SandboxGenerator gen = SandboxGenerator.standard();
    String ns = "p4-" + RealServers.runId();
    RequestCounter ourCount = new RequestCounter();
    RequestCounter f8Count = new RequestCounter();
    RequestCounter pollCount = new RequestCounter();
    int total = 3 * waits + concurrentObjects;
    ExecutorService pool = Executors.newCachedThreadPool(daemon());
    ScheduledExecutorService timer = Executors.newScheduledThreadPool(4, daemon());
    try (KubernetesClient writerKc = server.newAdminClient(ns);
        AgentsClient writerAgents = AgentsClient.create(writerKc);
        KubernetesClient ourKc = RealServers.countingClient(server, ns, ourCount);
        AgentsClient ourAgents = AgentsClient.create(ourKc);
        KubernetesClient f8Kc = RealServers.countingClient(server, ns, f8Count);
        KubernetesClient pollKc = RealServers.countingClient(server, ns, pollCount)) {
      long t0 = System.nanoTime();
      List<Sandbox> objects = RealServers.create(writerAgents, total, i -> {
        Sandbox s = gen.forCreate(i);
        s.getMetadata().setNamespace(ns);
        return s;
      }, i -> status(false), 4);
      System.err.printf("P4: created %,d Sandboxes (Running, Ready=False) in %s s%n", total,
          Stats.fmt((System.nanoTime() - t0) / 1e9, 1));
      SandboxClient writer = writerAgents.sandboxes(ns);

      SharedInformer<Sandbox> informer = SharedInformers.of(ourAgents).sandboxes(
          InformerScope.namespace(ns));
      if (!informer.awaitSynced(TIMEOUT)) {
        throw new IllegalStateException("our informer did not sync: " + informer.health());
      }
      SandboxClient ours = ourAgents.sandboxes(ns);

      List<Wake> ourWakes = new ArrayList<>();
      List<Wake> f8Wakes = new ArrayList<>();
      List<Wake> pollWakes = new ArrayList<>();
      long ourRequests = 0;
      long f8Requests = 0;
      long pollRequests = 0;
      for (int from = 0; from < waits; from += BLOCK) {
        int to = Math.min(waits, from + BLOCK);
        long before = ourCount.total();
        for (int i = from; i < to; i++) {
          ourWakes.add(ourWait(ours, writer, objects.get(i)));
        }
        ourRequests += ourCount.total() - before;
        before = f8Count.total();
        for (int i = from; i < to; i++) {
          f8Wakes.add(fabric8Wait(f8Kc, f8Count, writer, objects.get(waits + i), pool));
        }
        f8Requests += f8Count.total() - before;
        before = pollCount.total();
        pollWakes.addAll(pollingWaits(pollKc, writer, objects.subList(2 * waits + from,
            2 * waits + to), pool, timer));
        pollRequests += pollCount.total() - before;
        System.err.printf("P4 %d/%d waits per waiter; p50 so far: ours %s ms, fabric8 %s ms, "
            + "polling %s ms%n", to, waits, Stats.fmt(Stats.median(wakes(ourWakes)) / 1000, 2),
            Stats.fmt(Stats.median(wakes(f8Wakes)) / 1000, 2),
            Stats.fmt(Stats.median(wakes(pollWakes)) / 1000, 2));
      }
      List<Waits> results = List.of(
          new Waits(Variant.OURS, wakes(ourWakes), ourRequests, writes(ourWakes)),
          new Waits(Variant.FABRIC8, wakes(f8Wakes), f8Requests, writes(f8Wakes)),
          new Waits(Variant.POLLING, wakes(pollWakes), pollRequests, writes(pollWakes)));
      Concurrent concurrent = concurrentWaits <= 0 ? null : concurrent(ours, ourCount, writer,
          objects.subList(3 * waits, total), concurrentWaits);
      return new Result(results, concurrent);
    } finally {
      pool.shutdownNow();
      timer.shutdownNow();
    }
  }

  private static double[] wakes(List<Wake> values) {
    return values.stream().mapToDouble(Wake::wakeMicros).toArray();
  }

  private static double[] writes(List<Wake> values) {
    return values.stream().mapToDouble(Wake::writeMicros).toArray();
  }

  /** One wait of ours. */
  static Wake ourWait(SandboxClient ours, SandboxClient writer, Sandbox obj) {
    String name = obj.getMetadata().getName();
    CompletableFuture<Sandbox> wait = ours.waitForSandboxConditionAsync(name,
        ConditionTypes.READY, ConditionTypes.STATUS_TRUE, TIMEOUT, null);
    // stamped by the thread that completes the wait
    CompletableFuture<Long> doneAt = wait.thenApply(s -> System.nanoTime());
    if (wait.isDone()) {
      throw new IllegalStateException(name + " was ready before the write");
    }
    long start = System.nanoTime();
    makeReady(writer, obj);
    long written = System.nanoTime();
    return new Wake((join(doneAt) - start) / 1e3, (written - start) / 1e3);
  }

  /** One fabric8 waitUntilCondition. */
  static Wake fabric8Wait(KubernetesClient f8, RequestCounter counter, SandboxClient writer,
      Sandbox obj, ExecutorService pool) {
    Predicate<Sandbox> ready = P4WaitWakeup::isReady;
    long watches = counter.count("WATCH");
    Future<Long> doneAt = pool.submit(() -> {
      f8.resources(Sandbox.class).inNamespace(obj.getMetadata().getNamespace())
          .withName(obj.getMetadata().getName())
          .waitUntilCondition(ready, TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      return System.nanoTime();
    });
    // write once the wait's LIST has answered and its WATCH (from that resourceVersion) was sent
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (counter.count("WATCH") == watches) {
      if (doneAt.isDone() || System.nanoTime() > deadline) {
        throw new IllegalStateException("the fabric8 wait on " + obj.getMetadata().getName()
            + " did not open a watch: " + counter.snapshot());
      }
      Thread.onSpinWait();
    }
    long start = System.nanoTime();
    makeReady(writer, obj);
    long written = System.nanoTime();
    try {
      return new Wake((doneAt.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS) - start) / 1e3,
          (written - start) / 1e3);
    } catch (Exception e) {
      throw new IllegalStateException("fabric8 wait failed: " + e, e);
    }
  }

  /** A block of concurrent polling waits. */
  static List<Wake> pollingWaits(KubernetesClient poll, SandboxClient writer,
      List<Sandbox> objects, ExecutorService pool, ScheduledExecutorService timer) {
    List<Future<Wake>> results = new ArrayList<>();
    for (Sandbox obj : objects) {
      CompletableFuture<Long> writeStart = new CompletableFuture<>();
      long[] writeEnd = new long[1];
      results.add(pool.submit(() -> {
        var resource = poll.resources(Sandbox.class).inNamespace(obj.getMetadata().getNamespace())
            .withName(obj.getMetadata().getName());
        boolean first = true;
        while (true) {
          long polledAt = System.nanoTime();
          if (isReady(resource.get())) {
            long now = System.nanoTime();
            long start = writeStart.get();
            synchronized (writeEnd) {
              return new Wake((now - start) / 1e3, (writeEnd[0] - start) / 1e3);
            }
          }
          if (first) {
            first = false;
            long delay = ThreadLocalRandom.current().nextLong(1_000_000);
            timer.schedule(() -> {
              try {
                long start = System.nanoTime();
                synchronized (writeEnd) {
                  writeStart.complete(start);
                  makeReady(writer, obj);
                  writeEnd[0] = System.nanoTime();
                }
              } catch (RuntimeException e) {
                writeStart.completeExceptionally(e);
              }
            }, delay, TimeUnit.MICROSECONDS);
          }
          long sleep = TimeUnit.SECONDS.toNanos(1) - (System.nanoTime() - polledAt);
          if (sleep > 0) {
            TimeUnit.NANOSECONDS.sleep(sleep);
          }
        }
      }));
    }
    List<Wake> wakes = new ArrayList<>();
    for (Future<Wake> f : results) {
      try {
        wakes.add(f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
      } catch (Exception e) {
        throw new IllegalStateException("polling wait failed: " + e, e);
      }
    }
    return wakes;
  }

  /** Many waits on the one informer at once. */
  static Concurrent concurrent(SandboxClient ours, RequestCounter counter, SandboxClient writer,
      List<Sandbox> objects, int waits) {
    int perObject = Math.max(1, waits / objects.size());
    int n = perObject * objects.size();
    long[] doneAt = new long[n];
    List<CompletableFuture<Long>> all = new ArrayList<>(n);
    long requestsBefore = counter.total();
    long r0 = System.nanoTime();
    for (int o = 0; o < objects.size(); o++) {
      String name = objects.get(o).getMetadata().getName();
      for (int k = 0; k < perObject; k++) {
        int idx = o * perObject + k;
        all.add(ours.waitForSandboxConditionAsync(name, ConditionTypes.READY,
            ConditionTypes.STATUS_TRUE, TIMEOUT, null).thenApply(s -> {
              long now = System.nanoTime();
              doneAt[idx] = now;
              return now;
            }));
      }
    }
    double registerMillis = (System.nanoTime() - r0) / 1e6;
    long[] writeStart = new long[objects.size()];
    long w0 = System.nanoTime();
    RealServers.parallel(objects.size(), 4, o -> {
      writeStart[o] = System.nanoTime();
      makeReady(writer, objects.get(o));
    });
    long w1 = System.nanoTime();
    int completed = 0;
    long last = 0;
    for (CompletableFuture<Long> f : all) {
      try {
        last = Math.max(last, f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        completed++;
      } catch (Exception e) {
        // counted as not completed
      }
    }
    long requests = counter.total() - requestsBefore;
    double[] wake = new double[n];
    for (int i = 0; i < n; i++) {
      wake[i] = (doneAt[i] - writeStart[i / perObject]) / 1e6;
    }
    return new Concurrent(n, objects.size(), registerMillis, (w1 - w0) / 1e6, (last - w0) / 1e6,
        (last - w1) / 1e6, Stats.percentile(wake, 50), Stats.percentile(wake, 99), completed,
        requests);
  }

  private static long join(CompletableFuture<Long> f) {
    try {
      return f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("wait failed: " + e, e);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "p4");
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Starts a real API server, runs P4, prints the tables and stops the server.
   *
   * @param argv {@code --waits N --concurrent-waits W --concurrent-objects O}
   */
  public static void main(String[] argv) {
    Args args = new Args(argv);
    Result r;
    try (RealApiServer server = RealApiServer.start()) {
      r = run(server, args.integer("waits", 1000), args.integer("concurrent-waits", 10_000),
          args.integer("concurrent-objects", 1000));
    }
    System.out.println(r.markdown());
    System.exit(0);
  }
}
