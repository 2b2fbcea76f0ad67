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
import io.kruise.agents.testkit.RequestCounts;
import io.kruise.agents.testkit.StartedRequests;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    OURS("ours: waitForSandboxConditionAsync on the shared informer", "ours"),
    /** fabric8 {@code waitUntilCondition}, one LIST + WATCH per wait. */
    FABRIC8("fabric8 waitUntilCondition (its informOnCondition, stamped where it completes)",
        "fabric8 waitUntilCondition"),
    /** GET every second. */
    POLLING("polling: GET every 1 s", "polling GET every 1s");

    final String label;
    final String csvName;

    Variant(String label, String csvName) {
      this.label = label;
      this.csvName = csvName;
    }
  }

  /**
   * The waits of one waiter.
   *
   * @param variant the waiter
   * @param wakeMicros wake-up time of every wait, from the write's start
   * @param requests requests its client sent during its waits
   * @param writeMicros how long each status write itself took (start to the server's answer)
   * @param serverRequests reads of Sandboxes in the namespace (GET, LIST, WATCH) that the API
   *     server saw start during this waiter's blocks ({@code kruise_testkit_requests_started_total}:
   *     only this waiter ran then)
   * @param blocks the block (from 1) of every wait
   */
  public record Waits(Variant variant, double[] wakeMicros, long requests,
      double[] writeMicros, long serverRequests, int[] blocks) {
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
      return Stats.percentile(afterAnswerMicros(), p) / 1000;
    }

    /** @return every wait's wake-up after the write's answer, in microseconds */
    public double[] afterAnswerMicros() {
      double[] d = new double[wakeMicros.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = wakeMicros[i] - writeMicros[i];
      }
      return d;
    }

    /** @return server-counted reads per wait */
    public double serverRequestsPerWait() {
      return wakeMicros.length == 0 ? Double.NaN : (double) serverRequests / wakeMicros.length;
    }

    double[] ofBlock(double[] values, int block) {
      return java.util.stream.IntStream.range(0, values.length).filter(i -> blocks[i] == block)
          .mapToDouble(i -> values[i]).toArray();
    }
  }

  /**
   * One round of the concurrent-wait run: every wait registered, then one status write per object
   * from 4 writer threads.
   *
   * @param round the round, from 1
   * @param waits concurrent waits
   * @param objects objects they wait on
   * @param registerMillis time to register all waits
   * @param writeMillis time from the first write's start to the last write's return
   * @param allDoneMillis time from the first write's start to the last wait's completion
   * @param afterLastWriteMillis time from the last write's return to the last completion
   * @param afterAnswerMicros per wait: its completion (stamped on the completing thread) after
   *     its object's write returned, in microseconds (negative: before the writer had its answer)
   * @param rawWatchAfterAnswerMicros per object: a plain fabric8 watch's arrival of the write's
   *     event (stamped on its event thread) after the write returned, in microseconds
   * @param afterRawWatchMicros per wait: its completion after the plain watch's arrival of the
   *     same event, in microseconds: the library's share (its own watch, informer, store, wait
   *     registry, completion pool), with the server's delivery taken out
   * @param completed waits that completed
   * @param requestsAdded requests the waiter's client sent from before the registration to the
   *     last completion (its interceptor)
   * @param serverReads reads of Sandboxes (GET, LIST, WATCH) that ended in the same window, by
   *     the API server's {@code apiserver_request_total}
   * @param serverReadsStarted reads of Sandboxes that started in the window, by the testkit
   *     server's {@code kruise_testkit_requests_started_total} (a WATCH counts when it opens)
   */
  public record Concurrent(int round, int waits, int objects, double registerMillis,
      double writeMillis, double allDoneMillis, double afterLastWriteMillis,
      double[] afterAnswerMicros, double[] rawWatchAfterAnswerMicros,
      double[] afterRawWatchMicros, int completed, long requestsAdded, long serverReads,
      long serverReadsStarted) {

    /**
     * @param p percentile
     * @return wake-up after the write's answer, ms
     */
    public double afterAnswerMillis(double p) {
      return Stats.percentile(afterAnswerMicros, p) / 1000;
    }

    /**
     * @param p percentile
     * @return the raw watch's event arrival after the write's answer, ms
     */
    public double rawWatchMillis(double p) {
      return Stats.percentile(rawWatchAfterAnswerMicros, p) / 1000;
    }

    /**
     * @param p percentile
     * @return ours' completion after the plain watch's event, ms
     */
    public double afterRawWatchMillis(double p) {
      return Stats.percentile(afterRawWatchMicros, p) / 1000;
    }
  }

  /**
   * The result of a run.
   *
   * @param waits per variant, in {@link Variant} order
   * @param rounds the concurrent-wait rounds, empty when skipped
   */
  public record Result(List<Waits> waits, List<Concurrent> rounds) {

    /** @return the first concurrent round, or null when skipped */
    public Concurrent concurrent() {
      return rounds.isEmpty() ? null : rounds.get(0);
    }

    /**
     * Writes {@code p4-waits.csv} (per block of the one-at-a-time waits and per concurrent round)
     * and {@code p4-waits-dist.csv} (wake-ups after the write's answer, subsampled).
     *
     * @param dir the directory
     */
    public void writeCsv(java.nio.file.Path dir) {
      try (Csv csv = Csv.create(dir.resolve("p4-waits.csv"));
          Csv dist = Csv.create(dir.resolve("p4-waits-dist.csv"))) {
        for (Concurrent c : rounds) {
          String v = "ours concurrent";
          csv.sample(v, c.round(), "wake_after_answer_p50", "ms", c.afterAnswerMillis(50));
          csv.sample(v, c.round(), "wake_after_answer_p99", "ms", c.afterAnswerMillis(99));
          csv.sample(v, c.round(), "server_reads_per_wait", "requests",
              (double) c.serverReads() / c.waits());
          csv.sample(v, c.round(), "server_reads_started_per_wait", "requests",
              (double) c.serverReadsStarted() / c.waits());
          csv.sample(v, c.round(), "client_requests_per_wait", "requests",
              (double) c.requestsAdded() / c.waits());
          csv.sample(v, c.round(), "completed", "waits", c.completed());
          String raw = "fabric8 raw watch event concurrent";
          csv.sample(raw, c.round(), "wake_after_answer_p50", "ms", c.rawWatchMillis(50));
          csv.sample(raw, c.round(), "wake_after_answer_p99", "ms", c.rawWatchMillis(99));
          csv.sample(v, c.round(), "wake_after_plain_watch_event_p50", "ms",
              c.afterRawWatchMillis(50));
          csv.sample(v, c.round(), "wake_after_plain_watch_event_p99", "ms",
              c.afterRawWatchMillis(99));
          dist.distribution(v, c.round(), "wake_after_answer", "ms",
              millis(c.afterAnswerMicros()), 1000);
          dist.distribution(raw, c.round(), "wake_after_answer", "ms",
              millis(c.rawWatchAfterAnswerMicros()), 1000);
          dist.distribution(v, c.round(), "wake_after_plain_watch_event", "ms",
              millis(c.afterRawWatchMicros()), 1000);
        }
        for (Waits w : waits) {
          String v = w.variant().csvName;
          int blocks = java.util.Arrays.stream(w.blocks()).max().orElse(0);
          for (int b = 1; b <= blocks; b++) {
            double[] wake = w.ofBlock(w.wakeMicros(), b);
            double[] after = w.ofBlock(w.afterAnswerMicros(), b);
            double[] write = w.ofBlock(w.writeMicros(), b);
            csv.sample(v, b, "wake_p50", "ms", Stats.percentile(wake, 50) / 1000);
            csv.sample(v, b, "wake_p99", "ms", Stats.percentile(wake, 99) / 1000);
            csv.sample(v, b, "wake_after_answer_p50", "ms", Stats.percentile(after, 50) / 1000);
            csv.sample(v, b, "wake_after_answer_p99", "ms", Stats.percentile(after, 99) / 1000);
            csv.sample(v, b, "write_p50", "ms", Stats.percentile(write, 50) / 1000);
          }
          csv.sample(v, 1, "client_requests_per_wait", "requests", w.requestsPerWait());
          csv.sample(v, 1, "server_reads_started_per_wait", "requests",
              w.serverRequestsPerWait());
          dist.distribution(v, 1, "wake_after_answer", "ms", millis(w.afterAnswerMicros()),
              1000);
          dist.distribution(v, 1, "wake", "ms", millis(w.wakeMicros()), 1000);
        }
      }
    }

    private static String verdict(double[] values, double target) {
      return max(values) <= target ? "PASS" : min(values) <= target ? "within noise" : "MISS";
    }

    private static double min(double[] v) {
      return java.util.Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
      return java.util.Arrays.stream(v).max().orElse(Double.NaN);
    }

    private static double[] millis(double[] micros) {
      return java.util.Arrays.stream(micros).map(m -> m / 1000).toArray();
    }

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
      b.append("| waiter | p50 | p99 | max | API requests per wait (client / server) | p50 ratio "
          + "to ours | the status write itself, p50 / p99 | wake after the write's answer, "
          + "p50 / p99 |\n|---|---|---|---|---|---|---|---|\n");
      for (Waits w : waits) {
        b.append("| ").append(w.variant().label).append(" | ")
            .append(Stats.fmt(w.millis(50), 2)).append(" ms | ")
            .append(Stats.fmt(w.millis(99), 2)).append(" ms | ")
            .append(Stats.fmt(w.millis(100), 2)).append(" ms | ")
            .append(Stats.fmt(w.requestsPerWait(), 2)).append(" / ")
            .append(Stats.fmt(w.serverRequestsPerWait(), 2)).append(" | ")
            .append(Stats.fmt(w.millis(50) / ours.millis(50), 1)).append("× | ")
            .append(Stats.fmt(Stats.percentile(w.writeMicros(), 50) / 1000, 2)).append(" / ")
            .append(Stats.fmt(Stats.percentile(w.writeMicros(), 99) / 1000, 2))
            .append(" ms | ").append(Stats.fmt(w.afterAnswerMillis(50), 2)).append(" / ")
            .append(Stats.fmt(w.afterAnswerMillis(99), 2)).append(" ms |\n");
      }
      b.append(String.format("%n0 requests per wait: %s (client %d, server-counted reads %d in "
          + "%,d waits; fabric8 %s per wait)%n", ours.requests() == 0
          && ours.serverRequests() == 0 ? "PASS" : "MISS", ours.requests(),
          ours.serverRequests(), ours.count(), Stats.fmt(f8.requestsPerWait(), 2)));
      if (!rounds.isEmpty()) {
        Concurrent c0 = rounds.get(0);
        b.append(String.format("%n%,d concurrent waits on one informer (%,d objects × %d waits, "
            + "one status write per object from 4 writers), %d rounds: wake-up after the "
            + "write's answer%n%n", c0.waits(), c0.objects(), c0.waits() / c0.objects(),
            rounds.size()));
        b.append("| round | ours p50 | ours p99 | plain fabric8 watch event p50 | p99 | "
            + "ours after the plain watch's event p50 / p99 | writes took | after the last "
            + "write | completed | API reads per wait (apiserver_request_total / started) | "
            + "client requests |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Concurrent c : rounds) {
          b.append("| ").append(c.round()).append(" | ")
              .append(Stats.fmt(c.afterAnswerMillis(50), 3)).append(" ms | ")
              .append(Stats.fmt(c.afterAnswerMillis(99), 3)).append(" ms | ")
              .append(Stats.fmt(c.rawWatchMillis(50), 3)).append(" ms | ")
              .append(Stats.fmt(c.rawWatchMillis(99), 3)).append(" ms | ")
              .append(Stats.fmt(c.afterRawWatchMillis(50), 3)).append(" / ")
              .append(Stats.fmt(c.afterRawWatchMillis(99), 3)).append(" ms | ")
              .append(Stats.fmt(c.writeMillis(), 0)).append(" ms | ")
              .append(Stats.fmt(c.afterLastWriteMillis(), 1)).append(" ms | ")
              .append(String.format("%,d/%,d", c.completed(), c.waits())).append(" | ")
              .append(Stats.fmt((double) c.serverReads() / c.waits(), 4)).append(" / ")
              .append(Stats.fmt((double) c.serverReadsStarted() / c.waits(), 4)).append(" | ")
              .append(c.requestsAdded()).append(" |\n");
        }
        double[] p50 = rounds.stream().mapToDouble(c -> c.afterAnswerMillis(50)).toArray();
        double[] p99 = rounds.stream().mapToDouble(c -> c.afterAnswerMillis(99)).toArray();
        long reads = rounds.stream().mapToLong(c -> c.serverReads() + c.requestsAdded()).sum();
        b.append(String.format("%nTargets (ours, concurrent): wake after the answer p50 ≤ 0.3 ms:"
            + " %s (rounds %s–%s ms); p99 ≤ 1 ms: %s (rounds %s–%s ms); 0 requests per wait "
            + "(server-counted): %s%n", verdict(p50, 0.3), Stats.fmt(min(p50), 3),
            Stats.fmt(max(p50), 3), verdict(p99, 1.0), Stats.fmt(min(p99), 3),
            Stats.fmt(max(p99), 3), reads == 0 ? "PASS" : "MISS"));
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

  /** The status write that makes the object ready; returns the stored object. */
  static Sandbox makeReady(SandboxClient writer, Sandbox obj) {
    return writeReady(writer, obj, true);
  }

  /** A status write setting Ready to {@code ready}; returns the object as the server stored it. */
  static Sandbox writeReady(SandboxClient writer, Sandbox obj, boolean ready) {
    Sandbox copy = obj.deepCopy();
    copy.setStatus(status(ready));
    return writer.updateSandboxStatus(copy.getMetadata().getName(), copy);
  }

  /** A measured wait: wake-up and the write's own duration, in microseconds, and its block. */
  record Wake(double wakeMicros, double writeMicros, int block) {}

  /**
   * Runs P4 on a running server with one concurrent round; leaves its objects in namespace
   * {@code p4-<id>}.
   *
   * @param server the real API server
   * @param waits waits per variant
   * @param concurrentWaits waits of the concurrent run; 0 to skip it
   * @param concurrentObjects objects of the concurrent run
   * @return the results
   */
  public static Result run(RealApiServer server, int waits, int concurrentWaits,
      int concurrentObjects) {
    return run(server, waits, concurrentWaits, concurrentObjects, 1, null);
  }

  /**
   * Runs P4 on a running server; leaves its objects in namespace {@code p4-<id>}. The concurrent
   * rounds run first, while no other waiter has touched the server, so the server's request
   * counts of their windows are the informer's alone.
   *
   * @param server the real API server
   * @param waits waits per variant
   * @param concurrentWaits waits of each concurrent round; 0 to skip them
   * @param concurrentObjects objects of the concurrent rounds
   * @param concurrentRounds how many concurrent rounds (they flip Ready back and forth)
   * @param jfrDir where to write a JFR recording of the concurrent rounds (this JVM is the
   *     waiter side), or null
   * @return the results
   */
  public static Result run(RealApiServer server, int waits, int concurrentWaits,
      int concurrentObjects, int concurrentRounds, java.nio.file.Path jfrDir) {
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
        KubernetesClient pollKc = RealServers.countingClient(server, ns, pollCount);
        KubernetesClient rawWatchKc = server.newAdminClient(ns)) {
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

      List<Concurrent> rounds = new ArrayList<>();
      if (concurrentWaits > 0 && concurrentRounds > 0) {
        Sandbox[] current = objects.subList(3 * waits, total).toArray(Sandbox[]::new);
        jdk.jfr.Recording jfr = jfrDir == null ? null : startJfr();
        try {
          for (int r = 1; r <= concurrentRounds; r++) {
            Concurrent c = concurrent(server, ns, ours, ourCount, writer, rawWatchKc, current,
                concurrentWaits, r, r % 2 == 1);
            rounds.add(c);
            System.err.printf("P4 concurrent round %d: wake after the answer p50 %s ms, p99 %s "
                + "ms (plain watch event %s / %s ms), server reads %d%n", r,
                Stats.fmt(c.afterAnswerMillis(50), 3), Stats.fmt(c.afterAnswerMillis(99), 3),
                Stats.fmt(c.rawWatchMillis(50), 3), Stats.fmt(c.rawWatchMillis(99), 3),
                c.serverReads());
          }
        } finally {
          if (jfr != null) {
            dumpJfr(jfr, jfrDir.resolve("p4-concurrent-waiter.jfr"));
          }
        }
      }

      List<Wake> ourWakes = new ArrayList<>();
      List<Wake> f8Wakes = new ArrayList<>();
      List<Wake> pollWakes = new ArrayList<>();
      long ourRequests = 0;
      long f8Requests = 0;
      long pollRequests = 0;
      long ourServer = 0;
      long f8Server = 0;
      long pollServer = 0;
      for (int from = 0; from < waits; from += BLOCK) {
        int to = Math.min(waits, from + BLOCK);
        int block = from / BLOCK + 1;
        long before = ourCount.total();
        StartedRequests s0 = server.requestsStarted();
        for (int i = from; i < to; i++) {
          ourWakes.add(ourWait(ours, writer, objects.get(i), block));
        }
        StartedRequests s1 = server.requestsStarted();
        ourRequests += ourCount.total() - before;
        ourServer += reads(s1.since(s0), ns);
        before = f8Count.total();
        for (int i = from; i < to; i++) {
          f8Wakes.add(fabric8Wait(f8Kc, f8Count, writer, objects.get(waits + i), block));
        }
        StartedRequests s2 = server.requestsStarted();
        f8Requests += f8Count.total() - before;
        f8Server += reads(s2.since(s1), ns);
        before = pollCount.total();
        pollWakes.addAll(pollingWaits(pollKc, writer, objects.subList(2 * waits + from,
            2 * waits + to), pool, timer, block));
        pollRequests += pollCount.total() - before;
        pollServer += reads(server.requestsStarted().since(s2), ns);
        System.err.printf("P4 %d/%d waits per waiter; p50 so far: ours %s ms, fabric8 %s ms, "
            + "polling %s ms%n", to, waits, Stats.fmt(Stats.median(wakes(ourWakes)) / 1000, 2),
            Stats.fmt(Stats.median(wakes(f8Wakes)) / 1000, 2),
            Stats.fmt(Stats.median(wakes(pollWakes)) / 1000, 2));
      }
      List<Waits> results = List.of(
          new Waits(Variant.OURS, wakes(ourWakes), ourRequests, writes(ourWakes), ourServer,
              blocks(ourWakes)),
          new Waits(Variant.FABRIC8, wakes(f8Wakes), f8Requests, writes(f8Wakes), f8Server,
              blocks(f8Wakes)),
          new Waits(Variant.POLLING, wakes(pollWakes), pollRequests, writes(pollWakes),
              pollServer, blocks(pollWakes)));
      return new Result(results, rounds);
    } finally {
      pool.shutdownNow();
      timer.shutdownNow();
    }
  }

  /** Reads of Sandboxes (GET, LIST, WATCH) in a namespace that started, from a delta. */
  static long reads(StartedRequests delta, String ns) {
    return delta.asMap().entrySet().stream().filter(e -> isRead(e.getKey().verb())
        && e.getKey().resource().startsWith("sandboxes") && ns.equals(e.getKey().namespace()))
        .mapToLong(Map.Entry::getValue).sum();
  }

  /** Reads of Sandboxes (GET, LIST, WATCH), any namespace, that ended, from a delta. */
  static long reads(RequestCounts delta) {
    return delta.asMap().entrySet().stream().filter(e -> isRead(e.getKey().verb())
        && e.getKey().resource().startsWith("sandboxes")).mapToLong(Map.Entry::getValue).sum();
  }

  private static boolean isRead(RequestCounts.Verb v) {
    return v == RequestCounts.Verb.GET || v == RequestCounts.Verb.LIST
        || v == RequestCounts.Verb.WATCH;
  }

  private static jdk.jfr.Recording startJfr() {
    try {
      jdk.jfr.Recording r = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration(
          "profile"));
      r.start();
      return r;
    } catch (Exception e) {
      throw new IllegalStateException("cannot start JFR: " + e, e);
    }
  }

  private static void dumpJfr(jdk.jfr.Recording r, java.nio.file.Path file) {
    try {
      java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
      r.stop();
      r.dump(file);
      r.close();
      System.err.println("P4: JFR of the waiter side in " + file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static double[] wakes(List<Wake> values) {
    return values.stream().mapToDouble(Wake::wakeMicros).toArray();
  }

  private static double[] writes(List<Wake> values) {
    return values.stream().mapToDouble(Wake::writeMicros).toArray();
  }

  private static int[] blocks(List<Wake> values) {
    return values.stream().mapToInt(Wake::block).toArray();
  }

  /** One wait of ours. */
  static Wake ourWait(SandboxClient ours, SandboxClient writer, Sandbox obj, int block) {
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
    return new Wake((join(doneAt) - start) / 1e3, (written - start) / 1e3, block);
  }

  /**
   * One fabric8 wait: {@code waitUntilCondition}'s own mechanism ({@code informOnCondition} with
   * the list predicate it builds), stamped like ours by the thread that completes it rather than
   * by a thread blocked in {@code get}. The write starts once the wait's WATCH was answered (its
   * response headers arrived: the server had registered the watch).
   */
  static Wake fabric8Wait(KubernetesClient f8, RequestCounter counter, SandboxClient writer,
      Sandbox obj, int block) {
    Predicate<Sandbox> ready = P4WaitWakeup::isReady;
    long watches = counter.answered("WATCH");
    CompletableFuture<List<Sandbox>> wait = f8.resources(Sandbox.class)
        .inNamespace(obj.getMetadata().getNamespace()).withName(obj.getMetadata().getName())
        .informOnCondition(l -> l.isEmpty() ? ready.test(null) : l.stream().allMatch(ready));
    CompletableFuture<Long> doneAt = wait.thenApply(l -> System.nanoTime());
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (counter.answered("WATCH") == watches) {
      if (wait.isDone() || System.nanoTime() > deadline) {
        wait.cancel(true);
        throw new IllegalStateException("the fabric8 wait on " + obj.getMetadata().getName()
            + " did not open a watch: " + counter.snapshot());
      }
      Thread.onSpinWait();
    }
    long start = System.nanoTime();
    makeReady(writer, obj);
    long written = System.nanoTime();
    try {
      return new Wake((join(doneAt) - start) / 1e3, (written - start) / 1e3, block);
    } finally {
      wait.cancel(true);
    }
  }

  /** A block of concurrent polling waits. */
  static List<Wake> pollingWaits(KubernetesClient poll, SandboxClient writer,
      List<Sandbox> objects, ExecutorService pool, ScheduledExecutorService timer, int block) {
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
              return new Wake((now - start) / 1e3, (writeEnd[0] - start) / 1e3, block);
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

  /**
   * One round of many waits on the one informer at once, with a plain fabric8 watch of the
   * namespace on its own client stamping when each write's event arrives (the server's and the
   * transport's share of the wake-up).
   *
   * @param current the objects, updated in place with what each write stored
   * @param ready the Ready status this round writes and waits for
   */
  static Concurrent concurrent(RealApiServer server, String ns, SandboxClient ours,
      RequestCounter counter, SandboxClient writer, KubernetesClient rawWatchKc,
      Sandbox[] current, int waits, int round, boolean ready) {
    int objects = current.length;
    int perObject = Math.max(1, waits / objects);
    int n = perObject * objects;
    String status = ready ? ConditionTypes.STATUS_TRUE : ConditionTypes.STATUS_FALSE;
    long[] doneAt = new long[n];
    long[] rawAt = new long[objects];
    java.util.Map<String, Integer> index = new java.util.HashMap<>();
    for (int o = 0; o < objects; o++) {
      index.put(current[o].getMetadata().getName(), o);
    }
    java.util.concurrent.CountDownLatch rawSeen = new java.util.concurrent.CountDownLatch(objects);
    long from = 0;
    for (Sandbox obj : current) {
      from = Math.max(from, Long.parseLong(obj.getMetadata().getResourceVersion()));
    }
    io.fabric8.kubernetes.client.Watch rawWatch = openRawWatch(rawWatchKc, ns,
        String.valueOf(from), index, rawAt, rawSeen, ready);
    try {
      List<CompletableFuture<Long>> all = new ArrayList<>(n);
      long requestsBefore = counter.total();
      RequestCounts c0 = server.requestCounts();
      StartedRequests s0 = server.requestsStarted();
      long r0 = System.nanoTime();
      for (int o = 0; o < objects; o++) {
        String name = current[o].getMetadata().getName();
        for (int k = 0; k < perObject; k++) {
          int idx = o * perObject + k;
          all.add(ours.waitForSandboxConditionAsync(name, ConditionTypes.READY, status, TIMEOUT,
              null).thenApply(s -> {
                // stamped by the thread that completes the wait
                long now = System.nanoTime();
                doneAt[idx] = now;
                return now;
              }));
        }
      }
      double registerMillis = (System.nanoTime() - r0) / 1e6;
      long[] writeEnd = new long[objects];
      long w0 = System.nanoTime();
      RealServers.parallel(objects, 4, o -> {
        current[o] = writeReady(writer, current[o], ready);
        writeEnd[o] = System.nanoTime();
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
      long serverReads = reads(server.requestCounts().since(c0));
      long serverStarted = reads(server.requestsStarted().since(s0), ns);
      if (!rawSeen.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException("the plain watch missed events: " + rawSeen.getCount());
      }
      double[] after = new double[n];
      for (int i = 0; i < n; i++) {
        after[i] = (doneAt[i] - writeEnd[i / perObject]) / 1e3;
      }
      double[] raw = new double[objects];
      for (int o = 0; o < objects; o++) {
        raw[o] = (rawAt[o] - writeEnd[o]) / 1e3;
      }
      double[] afterRaw = new double[n];
      for (int i = 0; i < n; i++) {
        afterRaw[i] = (doneAt[i] - rawAt[i / perObject]) / 1e3;
      }
      return new Concurrent(round, n, objects, registerMillis, (w1 - w0) / 1e6,
          (last - w0) / 1e6, (last - w1) / 1e6, after, raw, afterRaw, completed, requests,
          serverReads, serverStarted);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      rawWatch.close();
    }
  }

  /** A plain fabric8 watch that stamps the first event showing each object's new Ready. */
  private static io.fabric8.kubernetes.client.Watch openRawWatch(KubernetesClient kc, String ns,
      String fromVersion, java.util.Map<String, Integer> index, long[] arrivedAt,
      java.util.concurrent.CountDownLatch seen, boolean ready) {
    // from the objects' newest version: no synthetic ADDED burst for what exists
    return kc.resources(Sandbox.class).inNamespace(ns).watch(
        new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withResourceVersion(fromVersion)
            .build(), new io.fabric8.kubernetes.client.Watcher<Sandbox>() {
          @Override
          public void eventReceived(Action action, Sandbox s) {
            long now = System.nanoTime();
            Integer o = index.get(s.getMetadata().getName());
            if (o != null && isReady(s) == ready && arrivedAt[o] == 0) {
              arrivedAt[o] = now;
              seen.countDown();
            }
          }

          @Override
          public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
        });
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
   * @param argv {@code --waits N --concurrent-waits W --concurrent-objects O
   *     [--concurrent-rounds R] [--csv-dir DIR] [--jfr DIR]}
   */
  public static void main(String[] argv) {
    Args args = new Args(argv);
    Result r;
    String jfr = args.string("jfr", null);
    try (RealApiServer server = RealApiServer.start()) {
      r = run(server, args.integer("waits", 1000), args.integer("concurrent-waits", 10_000),
          args.integer("concurrent-objects", 1000), args.integer("concurrent-rounds", 5),
          jfr == null ? null : java.nio.file.Path.of(jfr));
    }
    System.out.println(r.markdown());
    String dir = args.string("csv-dir", null);
    if (dir != null) {
      r.writeCsv(java.nio.file.Path.of(dir));
    }
    System.exit(0);
  }
}
