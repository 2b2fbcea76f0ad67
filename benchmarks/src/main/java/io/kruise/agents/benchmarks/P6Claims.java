package io.kruise.agents.benchmarks;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.SandboxIndexes;
import io.kruise.agents.informers.SandboxPool;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxAnnotations;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.Times;
import io.kruise.agents.testkit.RealApiServer;
import io.kruise.agents.testkit.StartedRequests;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * P6: claims per second through {@link SandboxPool} from a pool of available Sandboxes on the real
 * API server, against the physical limit: the server's raw throughput of the same JSON merge patch
 * (same body shape, with a resourceVersion precondition) at the same concurrency on distinct
 * sandboxes, measured in the same run, alternating.
 *
 * <ul>
 *   <li>ours: {@code threads} claiming threads split across two {@link AgentsClient}s (two
 *       processes' worth: each its own fabric8 client, shared informer and
 *       {@link SandboxPool}); each claim reads its candidate from the cache and patches it;</li>
 *   <li>raw: the same two fabric8 clients, {@code threads} threads, each patch on a distinct
 *       sandbox of a second namespace with the resourceVersion of a LIST taken before the timed
 *       part: the server's rate for the claim's write alone.</li>
 * </ul>
 *
 * <p>Both run with the same two clients' all-namespace informers running (the pool's
 * {@link SandboxPool}s listen to them), so the server sends every write's watch event to both in
 * either variant and the clients decode it: what differs is the claim (candidate from the cache,
 * reservation, conflicts, the pool's listener) over the bare patch.
 *
 * <p>After each run of ours (un-timed): a fresh LIST of the pool checks that every sandbox the
 * claims returned is claimed by exactly the owner whose claim returned it and that the server's
 * claimed count equals the successes (double claims are reported, expected 0); then the claimed
 * sandboxes are put back (un-claimed, controller reference restored) and the informers catch up
 * before the next run.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.kruise.agents.benchmarks.P6Claims \
 *     --pool 10000 --threads 1,8,32 --claims 300,1000,1500 --runs 5 [--csv-dir DIR]
 * </pre>
 */
public final class P6Claims {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  static final String OURS = "ours SandboxPool claim";
  static final String RAW = "raw merge patch";
  private static final String RAW_POOL = "p6-raw";

  private P6Claims() {}

  /**
   * One timed run of one variant.
   *
   * @param variant {@link #OURS} or {@link #RAW}
   * @param threads concurrent threads
   * @param run the run number, from 1
   * @param ops claims (or patches) done
   * @param seconds wall time from start to the last answer
   * @param conflicts 409s the claims met (0 for raw)
   * @param wakeUps waiting claims woken (0 for raw)
   * @param doubleClaims claims the server's final state does not confirm, or sandboxes claimed
   *     twice (0 for raw)
   * @param serverRequests requests on Sandboxes of the variant's namespace that the API server
   *     saw start during the timed part (every verb; 1 per op when nothing else is sent)
   */
  public record Run(String variant, int threads, int run, int ops, double seconds,
      long conflicts, long wakeUps, int doubleClaims, long serverRequests) {
    /** @return operations per second */
    public double perSecond() {
      return ops / seconds;
    }

    /** @return server-counted requests per op */
    public double requestsPerOp() {
      return (double) serverRequests / ops;
    }
  }

  /**
   * All runs.
   *
   * @param pool pool size
   * @param runs the runs, both variants
   */
  public record Result(int pool, List<Run> runs) {

    /**
     * @param variant a variant
     * @param threads a concurrency
     * @return its runs
     */
    public List<Run> of(String variant, int threads) {
      return runs.stream().filter(r -> r.variant().equals(variant) && r.threads() == threads)
          .toList();
    }

    /** @return the concurrencies, in order */
    public List<Integer> threads() {
      return runs.stream().map(Run::threads).distinct().toList();
    }

    /** @return ratios ours / raw, per run pair, for a concurrency */
    public double[] ratios(int threads) {
      List<Run> ours = of(OURS, threads);
      List<Run> raw = of(RAW, threads);
      int n = Math.min(ours.size(), raw.size());
      double[] r = new double[n];
      for (int i = 0; i < n; i++) {
        r[i] = ours.get(i).perSecond() / raw.get(i).perSecond();
      }
      return r;
    }

    /** @return the table for docs/benchmarks.md */
    public String markdown() {
      StringBuilder b = new StringBuilder();
      b.append(String.format("P6 claims from a pool of %,d available Sandboxes on the real API "
          + "server, two AgentsClients; median [min–max] of %d runs%n%n", pool,
          of(OURS, threads().get(0)).size()));
      b.append("| threads | ours claims/s | raw merge patch/s | ratio (per run pair) | target "
          + "≥ 0.8× | conflicts per claim | server requests per claim / per raw patch | "
          + "wake-ups | double claims |\n|---|---|---|---|---|---|---|---|---|\n");
      for (int t : threads()) {
        double[] ours = of(OURS, t).stream().mapToDouble(Run::perSecond).toArray();
        double[] raw = of(RAW, t).stream().mapToDouble(Run::perSecond).toArray();
        double[] ratio = ratios(t);
        double[] conflicts = of(OURS, t).stream()
            .mapToDouble(r -> (double) r.conflicts() / r.ops()).toArray();
        long wakeUps = of(OURS, t).stream().mapToLong(Run::wakeUps).sum();
        int doubles = of(OURS, t).stream().mapToInt(Run::doubleClaims).sum();
        double minRatio = Arrays.stream(ratio).min().orElse(Double.NaN);
        double maxRatio = Arrays.stream(ratio).max().orElse(Double.NaN);
        String verdict = minRatio >= 0.8 ? "PASS" : maxRatio >= 0.8 ? "within noise" : "MISS";
        b.append("| ").append(t).append(" | ").append(spread(ours, 0)).append(" | ")
            .append(spread(raw, 0)).append(" | ").append(spread(ratio, 2)).append("× | ")
            .append(verdict).append(" | ").append(spread(conflicts, 3)).append(" | ")
            .append(Stats.fmt(Stats.median(of(OURS, t).stream().mapToDouble(Run::requestsPerOp)
                .toArray()), 3)).append(" / ").append(Stats.fmt(Stats.median(of(RAW, t).stream()
                .mapToDouble(Run::requestsPerOp).toArray()), 3)).append(" | ")
            .append(wakeUps).append(" | ").append(doubles).append(" |\n");
      }
      return b.toString();
    }

    private static String spread(double[] v, int decimals) {
      return Stats.fmt(Stats.median(v), decimals) + " [" + Stats.fmt(
          Arrays.stream(v).min().orElse(Double.NaN), decimals) + "–" + Stats.fmt(
          Arrays.stream(v).max().orElse(Double.NaN), decimals) + "]";
    }

    /**
     * Writes {@code p6-claims.csv}.
     *
     * @param dir the directory
     */
    public void writeCsv(Path dir) {
      try (Csv csv = Csv.create(dir.resolve("p6-claims.csv"))) {
        for (Run r : runs) {
          String suffix = "_threads_" + r.threads();
          csv.sample(r.variant(), r.run(), "per_s" + suffix, "1/s", r.perSecond());
          csv.sample(r.variant(), r.run(), "ops" + suffix, "count", r.ops());
          csv.sample(r.variant(), r.run(), "server_requests_per_op" + suffix, "requests",
              r.requestsPerOp());
          if (r.variant().equals(OURS)) {
            csv.sample(r.variant(), r.run(), "conflicts_per_claim" + suffix, "ratio",
                (double) r.conflicts() / r.ops());
            csv.sample(r.variant(), r.run(), "wake_ups" + suffix, "count", r.wakeUps());
            csv.sample(r.variant(), r.run(), "double_claims" + suffix, "count",
                r.doubleClaims());
          }
        }
      }
    }
  }

  /** The claim's merge patch, the same shape as {@link SandboxPool}'s. */
  static String claimPatch(String resourceVersion, String owner) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("resourceVersion", resourceVersion);
    metadata.put("labels", Map.of(SandboxLabels.SANDBOX_CLAIMED, SandboxLabels.TRUE));
    metadata.put("annotations", Map.of(SandboxAnnotations.LOCK, UUID.randomUUID().toString(),
        SandboxAnnotations.OWNER, owner,
        SandboxAnnotations.CLAIM_TIMESTAMP, Times.format(Instant.now())));
    metadata.put("ownerReferences", null);
    return SandboxGenerator.json(Map.of("metadata", metadata));
  }

  /** The patch that puts a claimed sandbox back into its pool. */
  static String unclaimPatch(OwnerReference controller) {
    Map<String, Object> labels = new HashMap<>();
    labels.put(SandboxLabels.SANDBOX_CLAIMED, null);
    Map<String, Object> annotations = new HashMap<>();
    annotations.put(SandboxAnnotations.LOCK, null);
    annotations.put(SandboxAnnotations.OWNER, null);
    annotations.put(SandboxAnnotations.CLAIM_TIMESTAMP, null);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("labels", labels);
    metadata.put("annotations", annotations);
    metadata.put("ownerReferences", List.of(controller));
    return SandboxGenerator.json(Map.of("metadata", metadata));
  }

  /**
   * Runs P6 on a started server.
   *
   * @param server the real API server
   * @param pool available sandboxes in the pool
   * @param threads the concurrencies
   * @param claims claims per run at each concurrency (same order; at most {@code pool})
   * @param runs runs per concurrency and variant
   * @param warmUp claims (and patches) of an un-recorded first round, 0 for none
   * @return all runs
   */
  public static Result run(RealApiServer server, int pool, int[] threads, int[] claims,
      int runs, int warmUp) {
    String id = RealServers.runId();
    String ns = "p6-" + id;
    String rawNs = "p6raw-" + id;
    SandboxGenerator gen = new SandboxGenerator(1, 0);
    String poolName = SandboxGenerator.poolName(0);
    int rawSize = Math.max(warmUp, Arrays.stream(claims).max().orElse(0));
    List<Run> results = new ArrayList<>();
    try (KubernetesClient writerKc = server.newAdminClient(ns);
        AgentsClient writer = AgentsClient.create(writerKc);
        KubernetesClient kc1 = server.newAdminClient(ns);
        KubernetesClient kc2 = server.newAdminClient(ns);
        AgentsClient a1 = AgentsClient.create(kc1);
        AgentsClient a2 = AgentsClient.create(kc2)) {
      long t0 = System.nanoTime();
      RealServers.create(writer, pool, i -> {
        Sandbox s = gen.forCreate(i);
        s.getMetadata().setNamespace(ns);
        return s;
      }, i -> gen.sandbox(i).getStatus(), 8);
      RealServers.create(writer, rawSize, i -> {
        Sandbox s = gen.forCreate(i);
        s.getMetadata().setNamespace(rawNs);
        // the same object in a pool no claim asks for
        Map<String, String> labels = new LinkedHashMap<>(s.getMetadata().getLabels());
        labels.put(SandboxLabels.SANDBOX_POOL, RAW_POOL);
        s.getMetadata().setLabels(labels);
        return s;
      }, i -> gen.sandbox(i).getStatus(), 8);
      OwnerReference controller = gen.sandbox(0).getMetadata().getOwnerReferences().get(0);
      System.err.printf("P6: created %,d pool + %,d raw Sandboxes in %s s%n", pool, rawSize,
          Stats.fmt((System.nanoTime() - t0) / 1e9, 1));
      // all-namespace informers: the raw patches' events reach the caches too, as they would
      // in a service whose cache runs anyway; the raw side then differs only by the claim logic
      SharedInformer<Sandbox> i1 = SharedInformers.of(a1).sandboxes(InformerScope.allNamespaces());
      SharedInformer<Sandbox> i2 = SharedInformers.of(a2).sandboxes(InformerScope.allNamespaces());
      try (SandboxPool p1 = new SandboxPool(a1, i1);
          SandboxPool p2 = new SandboxPool(a2, i2)) {
        Side side = new Side(server, ns, rawNs, poolName, pool, List.of(kc1, kc2), List.of(p1, p2),
            List.of(i1, i2), writer, controller);
        side.awaitFull();
        if (warmUp > 0) {
          System.err.printf("P6 warm-up: %d claims and patches%n", warmUp);
          side.ours(threads[threads.length - 1], warmUp, 0);
          side.raw(threads[threads.length - 1], warmUp, 0);
        }
        for (int k = 0; k < threads.length; k++) {
          int t = threads[k];
          int n = Math.min(claims[k], pool);
          for (int r = 1; r <= runs; r++) {
            Run ours;
            Run raw;
            if (r % 2 == 1) {
              ours = side.ours(t, n, r);
              raw = side.raw(t, n, r);
            } else {
              raw = side.raw(t, n, r);
              ours = side.ours(t, n, r);
            }
            results.add(ours);
            results.add(raw);
            System.err.printf("P6 threads %d run %d: ours %s claims/s (%d conflicts, %d "
                + "double), raw %s patches/s: %sx%n", t, r, Stats.fmt(ours.perSecond(), 0),
                ours.conflicts(), ours.doubleClaims(), Stats.fmt(raw.perSecond(), 0),
                Stats.fmt(ours.perSecond() / raw.perSecond(), 2));
          }
        }
      }
    }
    return new Result(pool, results);
  }

  /** What the runs share: the clients, pools, and the namespaces. */
  private record Side(RealApiServer server, String ns, String rawNs, String poolName, int pool,
      List<KubernetesClient> clients, List<SandboxPool> pools,
      List<SharedInformer<Sandbox>> informers, AgentsClient writer, OwnerReference controller) {

    Run ours(int threads, int claims, int run) {
      long conflicts0 = pools.stream().mapToLong(SandboxPool::conflicts).sum();
      long wakeUps0 = pools.stream().mapToLong(SandboxPool::wakeUps).sum();
      Map<String, String> ownerOf = new ConcurrentHashMap<>();
      AtomicInteger duplicates = new AtomicInteger();
      AtomicInteger tickets = new AtomicInteger();
      String prefix = "p6-r" + run + "-t" + threads + "-";
      StartedRequests before = server.requestsStarted();
      double seconds = timed(threads, t -> {
        SandboxPool p = pools.get(t % pools.size());
        int c;
        while ((c = tickets.getAndIncrement()) < claims) {
          String owner = prefix + c;
          Sandbox s = p.claim(ns, poolName, owner, TIMEOUT);
          if (ownerOf.put(s.getMetadata().getName(), owner) != null) {
            duplicates.incrementAndGet();
          }
        }
      });
      long requests = sandboxRequests(server.requestsStarted().since(before), ns);
      long conflicts = pools.stream().mapToLong(SandboxPool::conflicts).sum() - conflicts0;
      long wakeUps = pools.stream().mapToLong(SandboxPool::wakeUps).sum() - wakeUps0;
      // the judge: the server's state, read fresh
      List<Sandbox> stored = writer.sandboxes(ns).listSandboxes().getItems();
      Map<String, String> claimedOnServer = new HashMap<>();
      for (Sandbox s : stored) {
        Map<String, String> labels = s.getMetadata().getLabels();
        if (labels != null && SandboxLabels.TRUE.equals(
            labels.get(SandboxLabels.SANDBOX_CLAIMED))) {
          claimedOnServer.put(s.getMetadata().getName(),
              s.getMetadata().getAnnotations().get(SandboxAnnotations.OWNER));
        }
      }
      int doubles = duplicates.get() + Math.abs(claimedOnServer.size() - claims);
      for (Map.Entry<String, String> e : ownerOf.entrySet()) {
        if (!e.getValue().equals(claimedOnServer.get(e.getKey()))) {
          doubles++;
        }
      }
      Set<String> owners = new HashSet<>(claimedOnServer.values());
      doubles += claimedOnServer.size() - owners.size();
      unclaim(claimedOnServer.keySet());
      return new Run(OURS, threads, run, claims, seconds, conflicts, wakeUps, doubles,
          requests);
    }

    Run raw(int threads, int patches, int run) {
      List<Sandbox> objects = new ArrayList<>(writer.sandboxes(rawNs).listSandboxes().getItems());
      objects.sort((x, y) -> x.getMetadata().getName().compareTo(y.getMetadata().getName()));
      AtomicInteger tickets = new AtomicInteger();
      String prefix = "p6raw-r" + run + "-t" + threads + "-";
      StartedRequests before = server.requestsStarted();
      double seconds = timed(threads, t -> {
        KubernetesClient kc = clients.get(t % clients.size());
        int c;
        while ((c = tickets.getAndIncrement()) < patches) {
          Sandbox s = objects.get(c);
          // a stub item names the target, as SandboxClient.patchSandbox does: with withName()
          // fabric8 would GET the object before every patch
          Sandbox stub = Sandbox.of(rawNs, s.getMetadata().getName(), null);
          kc.resources(Sandbox.class).inNamespace(rawNs).resource(stub)
              .patch(PatchContext.of(PatchType.JSON_MERGE),
                  claimPatch(s.getMetadata().getResourceVersion(), prefix + c));
        }
      });
      long requests = sandboxRequests(server.requestsStarted().since(before), rawNs);
      return new Run(RAW, threads, run, patches, seconds, 0, 0, 0, requests);
    }

    /** Puts claimed sandboxes back into the pool; waits until both caches see a full pool. */
    void unclaim(Set<String> names) {
      List<String> list = new ArrayList<>(names);
      String patch = unclaimPatch(controller);
      RealServers.parallel(list.size(), 8, i -> writer.sandboxes(ns).patchSandbox(list.get(i),
          patch));
      awaitFull();
    }

    void awaitFull() {
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      for (SharedInformer<Sandbox> informer : informers) {
        if (!informer.awaitSynced(TIMEOUT)) {
          throw new IllegalStateException("informer not synced: " + informer.health());
        }
        while (informer.lister().byIndex(SandboxIndexes.POOL, poolName).size() < pool) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the pool did not fill again");
          }
          sleep(20);
        }
      }
    }
  }

  /** Requests of any verb on Sandboxes of a namespace, from a delta. */
  static long sandboxRequests(StartedRequests delta, String ns) {
    return delta.asMap().entrySet().stream().filter(e -> e.getKey().resource()
        .startsWith("sandboxes") && ns.equals(e.getKey().namespace()))
        .mapToLong(Map.Entry::getValue).sum();
  }

  /** Runs {@code body(threadIndex)} on that many threads from one start; returns the seconds. */
  static double timed(int threads, java.util.function.IntConsumer body) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int index = t;
        futures.add(pool.submit(() -> {
          ready.countDown();
          go.await();
          body.accept(index);
          return null;
        }));
      }
      ready.await();
      long start = System.nanoTime();
      go.countDown();
      for (Future<?> f : futures) {
        f.get(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
      }
      return (System.nanoTime() - start) / 1e9;
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("a claimer failed: " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static int[] ints(String list) {
    return Arrays.stream(list.split(",")).map(String::trim).mapToInt(Integer::parseInt)
        .toArray();
  }

  /**
   * Starts a real API server, runs P6, prints the table and stops the server.
   *
   * @param argv {@code --pool N --threads 1,8,32 --claims 300,1000,1500 --runs R
   *     [--warm-up W] [--csv-dir DIR]}
   */
  public static void main(String[] argv) {
    Args args = new Args(argv);
    int[] threads = ints(args.string("threads", "1,8,32"));
    int[] claims = ints(args.string("claims", "300,1000,1500"));
    if (claims.length != threads.length) {
      throw new IllegalArgumentException("--claims needs one count per --threads entry");
    }
    Result r;
    try (RealApiServer server = RealApiServer.start()) {
      r = run(server, args.integer("pool", 10_000), threads, claims, args.integer("runs", 5),
          args.integer("warm-up", 300));
    }
    System.out.println(r.markdown());
    String dir = args.string("csv-dir", null);
    if (dir != null) {
      r.writeCsv(Path.of(dir));
    }
    System.exit(0);
  }
}
