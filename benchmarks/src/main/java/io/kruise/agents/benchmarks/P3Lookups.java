package io.kruise.agents.benchmarks;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.informers.Lister;
import io.kruise.agents.informers.SandboxIndexes;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.client.AgentsKinds;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxStates;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.ThreadParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * P3: lookups in a cache of Sandboxes (100 pools over 10 namespaces; every 10th sandbox claimed,
 * so each pool's index bucket holds 9/10 of the pool), ours and a plain fabric8 informer of the
 * same typed model side by side in the same JVM, both populated once per JVM from the same
 * {@link ListServer}.
 *
 * <ul>
 *   <li>{@code getByKey}: {@code Lister.get(namespace, name)} vs fabric8
 *       {@code informer.getIndexer().getByKey("namespace/name")}, random keys; fabric8 both with
 *       the key strings prepared in advance (its best case) and built per call from namespace
 *       and name (what a caller holding those does, as ours is called).</li>
 *   <li>{@code getByKey...Hot}: the same over 1,024 keys only (diagnostic: the lookup's own cost
 *       without the memory latency of a random key in a large heap).</li>
 *   <li>{@code poolLookup}: {@code Lister.byIndex(SandboxIndexes.POOL, pool)} vs fabric8
 *       {@code informer.getIndexer().byIndex(..)} with the same index function (available, or
 *       creating and controlled by a SandboxSet; keyed by the pool label), random pools;
 *       {@code poolIterate}: the same, then every element into a {@link Blackhole}.</li>
 *   <li>{@code poolChurn}: the lookup of one pool while a writer thread changes members of that
 *       pool through watch events ({@link ListServer#broadcast}, {@code churnRate} per second,
 *       received by both informers in every variant), so each change invalidates our cached
 *       bucket snapshot.</li>
 * </ul>
 *
 * <p>Plain JMH ({@code java -jar benchmarks.jar P3Lookups}) forks a JVM per benchmark, size and
 * thread count, each loading both caches (about 25 s at 100,000). {@link #main} instead runs
 * {@code --forks} fresh JVMs per size, each loading once and running every benchmark through JMH
 * in-process, alternating the variants' order between forks; it prints the markdown table
 * (ratios paired per JVM) and writes {@code p3-lookups.csv}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms8g", "-Xmx8g"})
@Warmup(iterations = 2, time = 400, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 400, timeUnit = TimeUnit.MILLISECONDS)
@Threads(1)
public class P3Lookups {

  /** Cached objects. */
  @Param({"20000", "100000"})
  public int objects;

  /** Watch events per second into the read pool during the churn benchmarks. */
  @Param({"1000"})
  public int churnRate;

  private Loaded loaded;
  private Lister<Sandbox> lister;
  private SharedIndexInformer<Sandbox> fabric8;
  private String[] namespaces;
  private String[] names;
  private String[] keys;
  private String[] pools;

  /**
   * The fabric8 twin of {@link SandboxIndexes#POOL}: the registration's own key function (its
   * keys are immutable lists already, so the copy fabric8's list type needs is the same instance).
   */
  static List<String> poolKeys(Sandbox s) {
    return List.copyOf(AgentsKinds.SANDBOX.indexes().get(SandboxIndexes.POOL).apply(s));
  }

  /**
   * Both caches of one size, loaded once per JVM and kept until the JVM ends (or
   * {@link #release}), so that in-process JMH runs of every benchmark share one setup.
   */
  static final class Loaded {
    private static Loaded current;

    final int objects;
    final SandboxGenerator gen = SandboxGenerator.standard();
    final ListServer server;
    final KubernetesClient ourClient;
    final KubernetesClient fabric8Client;
    final AgentsClient agents;
    final Lister<Sandbox> lister;
    final SharedIndexInformer<Sandbox> fabric8;
    final String[] namespaces;
    final String[] names;
    final String[] keys;
    final String[] pools;

    private Loaded(int objects) {
      this.objects = objects;
      long start = System.nanoTime();
      server = ListServer.start(objects, gen::sandbox);
      namespaces = new String[objects];
      names = new String[objects];
      keys = new String[objects];
      // One String per namespace, as a caller that knows its few namespaces holds them (the
      // generator makes a new one per call); not the cache's own instances, so no identity hit.
      Map<String, String> distinct = new java.util.HashMap<>();
      for (int i = 0; i < objects; i++) {
        namespaces[i] = distinct.computeIfAbsent(gen.namespace(i), n -> new String(n));
        names[i] = gen.name(i);
        keys[i] = namespaces[i] + "/" + names[i];
      }
      pools = new String[gen.pools()];
      for (int p = 0; p < pools.length; p++) {
        pools[p] = SandboxGenerator.poolName(p);
      }
      ourClient = server.newClient(null);
      agents = AgentsClient.create(ourClient);
      SharedInformer<Sandbox> informer = SharedInformers.of(agents).sandboxes();
      if (!informer.awaitSynced(Duration.ofMinutes(10))) {
        throw new IllegalStateException("our informer did not sync: " + informer.health());
      }
      lister = informer.lister();

      fabric8Client = server.newClient(null);
      fabric8 = fabric8Client.resources(Sandbox.class).inAnyNamespace().runnableInformer(0);
      Function<Sandbox, List<String>> poolIndex = P3Lookups::poolKeys;
      fabric8.addIndexers(Map.of(SandboxIndexes.POOL, poolIndex));
      fabric8.run();

      int ours = lister.byIndex(SandboxIndexes.POOL, pools[0]).size();
      int theirs = fabric8.getIndexer().byIndex(SandboxIndexes.POOL, pools[0]).size();
      if (lister.size() != objects || fabric8.getIndexer().listKeys().size() != objects
          || ours != theirs || ours == 0 || lister.get(namespaces[7], names[7]) == null
          || fabric8.getIndexer().getByKey(keys[7]) == null) {
        throw new IllegalStateException("the caches differ: ours " + lister.size()
            + " objects, " + ours + " in pool " + pools[0] + "; fabric8 "
            + fabric8.getIndexer().listKeys().size() + ", " + theirs);
      }
      server.awaitOpenWatches(2, 60_000);
      System.err.printf("P3 setup: %,d objects cached twice, %,d per pool bucket, %.1f s%n",
          objects, ours, (System.nanoTime() - start) / 1e9);
    }

    static synchronized Loaded of(int objects) {
      if (current != null && current.objects != objects) {
        release();
      }
      if (current == null) {
        current = new Loaded(objects);
      }
      return current;
    }

    /** Stops both caches and the server of the JVM's loaded state, if any. */
    static synchronized void release() {
      if (current != null) {
        current.fabric8.close();
        current.agents.close();
        current.ourClient.close();
        current.fabric8Client.close();
        current.server.close();
        current = null;
      }
    }

    /** @return the indexes of the objects in pool 0's index bucket */
    int[] poolZeroMembers() {
      List<Integer> members = new ArrayList<>();
      for (int i = 0; i < objects; i++) {
        if (SandboxGenerator.poolName(0).equals(SandboxStates.poolOf(gen.sandbox(i)))
            && !gen.isClaimed(i)) {
          members.add(i);
        }
        if (i >= gen.pools() * 40 && members.size() >= 32) {
          break; // enough to churn
        }
      }
      return members.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  /** The sequence of random indexes a benchmark thread walks through. */
  @State(Scope.Thread)
  public static class Cursor {
    private static final int MASK = (1 << 16) - 1;
    /** Keys of the hot-set benchmarks: few enough to stay in the CPU caches. */
    static final int HOT_MASK = (1 << 10) - 1;
    private final int[] order = new int[MASK + 1];
    private final int[] poolOrder = new int[MASK + 1];
    private int i;
    private int p;

    /**
     * @param state the shared state, for the sizes
     * @param thread this thread's index: each thread walks its own sequence, the same in every
     *     variant
     */
    @Setup(Level.Trial)
    public void setUp(P3Lookups state, ThreadParams thread) {
      Random rnd = new Random(42 + thread.getThreadIndex());
      for (int k = 0; k <= MASK; k++) {
        order[k] = rnd.nextInt(state.objects);
        poolOrder[k] = rnd.nextInt(state.pools.length);
      }
    }

    int next() {
      return order[i++ & MASK];
    }

    int nextHot() {
      return order[i++ & HOT_MASK];
    }

    int nextPool() {
      return poolOrder[p++ & MASK];
    }
  }

  /**
   * A writer thread that sends MODIFIED events for members of pool 0 (a new resourceVersion
   * each), {@code churnRate} per second, for as long as a churn benchmark runs.
   */
  @State(Scope.Benchmark)
  public static class Churn {
    /** resourceVersions of the changes, newer than every listed object's, across trials. */
    private static final AtomicLong VERSIONS = new AtomicLong(100_000_000L);
    private volatile boolean stop;
    private Thread writer;
    private volatile long sent;

    /** @param state the shared state */
    @Setup(Level.Trial)
    public void start(P3Lookups state) {
      Loaded l = state.loaded;
      int[] members = l.poolZeroMembers();
      stop = false;
      writer = new Thread(() -> {
        int batch = Math.max(1, state.churnRate / 10);
        int next = 0;
        while (!stop) {
          int[] indexes = new int[batch];
          byte[][] changed = new byte[batch][];
          for (int k = 0; k < batch; k++) {
            int i = members[next++ % members.length];
            Sandbox s = l.gen.sandbox(i);
            s.getMetadata().setResourceVersion(String.valueOf(VERSIONS.incrementAndGet()));
            indexes[k] = i;
            changed[k] = ListServer.serialize(s);
          }
          l.server.broadcast(indexes, changed, state.churnRate);
          sent += batch;
        }
      }, "p3-churn");
      writer.setDaemon(true);
      writer.start();
    }

    /** Stops the writer. */
    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
      stop = true;
      writer.join(30_000);
    }

    /** @return events sent so far */
    long sent() {
      return sent;
    }
  }

  /** Takes the JVM's loaded caches of {@link #objects} objects (loading them the first time). */
  @Setup(Level.Trial)
  public void setUp() {
    loaded = Loaded.of(objects);
    lister = loaded.lister;
    fabric8 = loaded.fabric8;
    namespaces = loaded.namespaces;
    names = loaded.names;
    keys = loaded.keys;
    pools = loaded.pools;
  }

  /** Nothing: the loaded caches stay for the next benchmark of this JVM ({@link #release}). */
  @TearDown(Level.Trial)
  public void tearDown() {
    // kept: see Loaded
  }

  /** Stops the loaded caches of this JVM (for tests that run benchmarks in-process). */
  static void release() {
    Loaded.release();
  }

  /**
   * @param c the thread's cursor
   * @return the cached object
   */
  @Benchmark
  public Sandbox getByKeyOurs(Cursor c) {
    int i = c.next();
    return lister.get(namespaces[i], names[i]);
  }

  /**
   * @param c the thread's cursor
   * @return the cached object
   */
  @Benchmark
  public Sandbox getByKeyFabric8(Cursor c) {
    return fabric8.getIndexer().getByKey(keys[c.next()]);
  }

  /**
   * fabric8 as a caller holding a namespace and a name uses it: the key is built per call.
   *
   * @param c the thread's cursor
   * @return the cached object
   */
  @Benchmark
  public Sandbox getByKeyFabric8BuiltKey(Cursor c) {
    int i = c.next();
    return fabric8.getIndexer().getByKey(namespaces[i] + "/" + names[i]);
  }

  /**
   * The same over 1,024 keys, whose objects stay in the CPU caches.
   *
   * @param c the thread's cursor
   * @return the cached object
   */
  @Benchmark
  public Sandbox getByKeyOursHot(Cursor c) {
    int i = c.nextHot();
    return lister.get(namespaces[i], names[i]);
  }

  /**
   * @param c the thread's cursor
   * @return the cached object
   */
  @Benchmark
  public Sandbox getByKeyFabric8Hot(Cursor c) {
    return fabric8.getIndexer().getByKey(keys[c.nextHot()]);
  }

  /**
   * @param c the thread's cursor
   * @return the pool's available sandboxes
   */
  @Benchmark
  public List<Sandbox> poolLookupOurs(Cursor c) {
    return lister.byIndex(SandboxIndexes.POOL, pools[c.nextPool()]);
  }

  /**
   * @param c the thread's cursor
   * @return the pool's available sandboxes
   */
  @Benchmark
  public List<Sandbox> poolLookupFabric8(Cursor c) {
    return fabric8.getIndexer().byIndex(SandboxIndexes.POOL, pools[c.nextPool()]);
  }

  /**
   * The lookup and a pass over every element, as a caller choosing among them does.
   *
   * @param c the thread's cursor
   * @param bh takes every element
   */
  @Benchmark
  public void poolIterateOurs(Cursor c, Blackhole bh) {
    for (Sandbox s : lister.byIndex(SandboxIndexes.POOL, pools[c.nextPool()])) {
      bh.consume(s);
    }
  }

  /**
   * @param c the thread's cursor
   * @param bh takes every element
   */
  @Benchmark
  public void poolIterateFabric8(Cursor c, Blackhole bh) {
    for (Sandbox s : fabric8.getIndexer().byIndex(SandboxIndexes.POOL, pools[c.nextPool()])) {
      bh.consume(s);
    }
  }

  /**
   * Pool 0's lookup while {@link Churn} changes its members.
   *
   * @param churn the writer (running)
   * @return the pool's available sandboxes
   */
  @Benchmark
  public List<Sandbox> poolChurnOurs(Churn churn) {
    return lister.byIndex(SandboxIndexes.POOL, pools[0]);
  }

  /**
   * @param churn the writer (running)
   * @return the pool's available sandboxes
   */
  @Benchmark
  public List<Sandbox> poolChurnFabric8(Churn churn) {
    return fabric8.getIndexer().byIndex(SandboxIndexes.POOL, pools[0]);
  }

  // ---------------------------------------------------------------------------------------------
  // The harness: fresh JVMs, JMH in-process in each, table and CSV.

  /** The benchmarks {@link #main} runs by default, in pairs of ours and fabric8. */
  static final List<String> DEFAULT_BENCHMARKS = List.of(
      "getByKeyOurs", "getByKeyFabric8", "getByKeyFabric8BuiltKey",
      "poolLookupOurs", "poolLookupFabric8", "poolIterateOurs", "poolIterateFabric8",
      "poolChurnOurs", "poolChurnFabric8");

  /** One JMH iteration's score in one JVM. */
  record Sample(int objects, int threads, String benchmark, int fork, int iteration,
      double opsPerSecond) {}

  /**
   * Runs the figure: for each fork and size a fresh JVM that loads both caches once and runs
   * every benchmark through JMH in-process, at each thread count.
   *
   * <p>Options: {@code --objects 20000,100000 --threads 1,2 --forks 3 --warmup 2 --iterations 10
   * --iteration-ms 300 --churn-rate 1000 --heap 8g --benchmarks a,b --hot} (adds the hot-key
   * diagnostics) {@code --csv-dir DIR --jfr DIR}. Markdown on stdout, progress on stderr.
   *
   * @param args the options
   * @throws Exception when a child JVM fails
   */
  public static void main(String[] args) throws Exception {
    Args a = new Args(args);
    if (a.flag("child")) {
      child(a);
      return;
    }
    List<Integer> sizes = ints(a.string("objects", "20000,100000"));
    List<Integer> threads = ints(a.string("threads", "1,2"));
    int forks = a.integer("forks", 3);
    List<String> benchmarks = new ArrayList<>(a.string("benchmarks", "").isEmpty()
        ? DEFAULT_BENCHMARKS : List.of(a.string("benchmarks", "").split(",")));
    if (a.flag("hot")) {
      benchmarks.add(0, "getByKeyFabric8Hot");
      benchmarks.add(0, "getByKeyOursHot");
    }
    String jfr = a.string("jfr", null);
    long start = System.nanoTime();
    List<Sample> samples = new ArrayList<>();
    for (int fork = 1; fork <= forks; fork++) {
      for (int objects : sizes) {
        System.err.printf("P3 fork %d/%d, %,d objects (%.0f s so far)%n", fork, forks, objects,
            (System.nanoTime() - start) / 1e9);
        samples.addAll(forked(a, objects, fork, threads, benchmarks, jfr));
      }
    }
    System.err.printf("P3 done in %.0f s%n", (System.nanoTime() - start) / 1e9);
    System.out.println(table(samples, a.integer("churn-rate", 1000)));
    String csvDir = a.string("csv-dir", null);
    if (csvDir != null) {
      writeCsv(Path.of(csvDir).resolve("p3-lookups.csv"), samples);
    }
  }

  private static List<Sample> forked(Args a, int objects, int fork, List<Integer> threads,
      List<String> benchmarks, String jfr) throws IOException, InterruptedException {
    String heap = a.string("heap", "8g");
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xms" + heap, "-Xmx" + heap));
    if (jfr != null) {
      Files.createDirectories(Path.of(jfr));
      cmd.add("-XX:StartFlightRecording=filename=" + Path.of(jfr)
          .resolve("p3-" + objects + "-fork" + fork + ".jfr") + ",settings=profile");
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
        P3Lookups.class.getName(), "--child",
        "--objects", String.valueOf(objects), "--fork", String.valueOf(fork),
        "--threads", join(threads), "--benchmarks", String.join(",", benchmarks),
        "--warmup", String.valueOf(a.integer("warmup", 2)),
        "--iterations", String.valueOf(a.integer("iterations", 10)),
        "--iteration-ms", String.valueOf(a.integer("iteration-ms", 300)),
        "--churn-rate", String.valueOf(a.integer("churn-rate", 1000))));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    List<Sample> samples = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("P3SAMPLE ")) {
          String[] f = line.split(" ");
          samples.add(new Sample(objects, Integer.parseInt(f[1]), f[2], fork,
              Integer.parseInt(f[3]), Double.parseDouble(f[4])));
        } else {
          System.err.println(line);
        }
      }
    }
    if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("the P3 child JVM for " + objects + " objects failed (exit "
          + (p.isAlive() ? "timeout" : p.exitValue()) + ")");
    }
    return samples;
  }

  /**
   * In a child JVM: each benchmark at each thread count through JMH in-process, pairs of ours and
   * fabric8 in alternating order (ours first in odd forks), churn last (its writer changes the
   * objects of pool 0).
   */
  private static void child(Args a) throws RunnerException {
    int objects = a.integer("objects", 100_000);
    int fork = a.integer("fork", 1);
    List<String> benchmarks = List.of(a.string("benchmarks", String.join(",",
        DEFAULT_BENCHMARKS)).split(","));
    List<String> order = new ArrayList<>();
    List<String> churn = new ArrayList<>();
    for (String b : benchmarks) {
      (b.startsWith("poolChurn") ? churn : order).add(b);
    }
    order.addAll(churn);
    if (fork % 2 == 0) {
      order = alternate(order);
    }
    Loaded.of(objects);
    for (int t : ints(a.string("threads", "1"))) {
      for (String b : order) {
        System.err.printf("P3 fork %d, %,d objects, %d thread(s): %s%n", fork, objects, t, b);
        var options = new OptionsBuilder()
            .include(P3Lookups.class.getName() + "\\." + b + "$")
            .forks(0).threads(t)
            .warmupIterations(a.integer("warmup", 2))
            .warmupTime(TimeValue.milliseconds(a.integer("iteration-ms", 300)))
            .measurementIterations(a.integer("iterations", 10))
            .measurementTime(TimeValue.milliseconds(a.integer("iteration-ms", 300)))
            .param("objects", String.valueOf(objects))
            .param("churnRate", String.valueOf(a.integer("churn-rate", 1000)))
            .verbosity(VerboseMode.SILENT)
            .shouldFailOnError(true)
            .build();
        for (RunResult r : new Runner(options).run()) {
          for (BenchmarkResult br : r.getBenchmarkResults()) {
            int k = 0;
            for (IterationResult ir : br.getIterationResults()) {
              System.out.printf(Locale.ROOT, "P3SAMPLE %d %s %d %.3f%n", t, b, ++k,
                  ir.getPrimaryResult().getScore());
            }
          }
        }
        System.out.flush();
      }
    }
    Loaded.release();
  }

  /** Swaps each pair (ours, fabric8...) so fabric8 runs first: [a, b, c, d] to [b, a, d, c]. */
  private static List<String> alternate(List<String> order) {
    List<String> swapped = new ArrayList<>(order);
    for (int i = 0; i + 1 < swapped.size(); i++) {
      String x = swapped.get(i);
      String y = swapped.get(i + 1);
      if (x.endsWith("Ours") && y.startsWith(x.substring(0, x.length() - 4))) {
        swapped.set(i, y);
        swapped.set(i + 1, x);
        i++;
      }
    }
    return swapped;
  }

  /** The rows of the table: a lookup, our benchmark, fabric8's, and the target on the ratio. */
  private record Row(String what, String metric, String ours, String theirs,
      String theirsVariant, double target) {}

  private static final List<Row> ROWS = List.of(
      new Row("get by key; fabric8 key prepared in advance", "get_by_key", "getByKeyOurs",
          "getByKeyFabric8", "fabric8", 1.0),
      new Row("get by key; fabric8 key built per call", "get_by_key", "getByKeyOurs",
          "getByKeyFabric8BuiltKey", "fabric8 built key", 1.0),
      new Row("get by key, 1,024 hot keys (diagnostic)", "get_by_key_hot", "getByKeyOursHot",
          "getByKeyFabric8Hot", "fabric8", Double.NaN),
      new Row("pool lookup (`byIndex`, returns the bucket)", "pool_lookup", "poolLookupOurs",
          "poolLookupFabric8", "fabric8", 10.0),
      new Row("pool lookup + iterate every element", "pool_iterate", "poolIterateOurs",
          "poolIterateFabric8", "fabric8", Double.NaN),
      new Row("pool lookup while its bucket churns", "pool_churn", "poolChurnOurs",
          "poolChurnFabric8", "fabric8", Double.NaN));

  static String table(List<Sample> samples, int churnRate) {
    // per (objects, threads, benchmark): each fork's mean over its iterations
    Map<String, Map<Integer, Double>> forkMeans = forkMeans(samples);
    TreeMap<Integer, List<Integer>> configs = new TreeMap<>();
    for (Sample s : samples) {
      List<Integer> ts = configs.computeIfAbsent(s.objects(), o -> new ArrayList<>());
      if (!ts.contains(s.threads())) {
        ts.add(s.threads());
      }
    }
    int forks = (int) samples.stream().mapToInt(Sample::fork).distinct().count();
    StringBuilder b = new StringBuilder();
    b.append("P3 lookups, ops/s per thread count (JMH throughput; median of ").append(forks)
        .append(" JVMs' means [min–max]); ratio = ours / fabric8 in the same JVM, median "
            + "[min–max] over JVMs; churn: ").append(churnRate)
        .append(" watch events/s into the read pool\n\n");
    b.append("| objects | threads | lookup | ours ops/s | fabric8 ops/s | ours / fabric8 | target "
        + "| result |\n|---|---|---|---|---|---|---|---|\n");
    for (Map.Entry<Integer, List<Integer>> c : configs.entrySet()) {
      for (int t : c.getValue()) {
        for (Row row : ROWS) {
          Map<Integer, Double> ours = forkMeans.get(key(c.getKey(), t, row.ours()));
          Map<Integer, Double> theirs = forkMeans.get(key(c.getKey(), t, row.theirs()));
          if (ours == null || theirs == null) {
            continue;
          }
          List<Double> ratios = new ArrayList<>();
          for (Map.Entry<Integer, Double> e : ours.entrySet()) {
            Double other = theirs.get(e.getKey());
            if (other != null) {
              ratios.add(e.getValue() / other);
            }
          }
          double min = ratios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
          String result = Double.isNaN(row.target()) ? "figure"
              : min >= row.target() ? "PASS"
              : Stats.median(ratios) >= row.target() ? "within noise" : "MISS";
          b.append("| ").append(String.format(Locale.ROOT, "%,d", c.getKey())).append(" | ")
              .append(t).append(" | ").append(row.what()).append(" | ")
              .append(spread(ours.values(), 0)).append(" | ").append(spread(theirs.values(), 0))
              .append(" | ").append(spreadRatio(ratios)).append(" | ")
              .append(Double.isNaN(row.target()) ? "—" : "≥ " + Stats.fmt(row.target(), 1) + "×")
              .append(" | ").append(result).append(" |\n");
        }
      }
    }
    return b.toString();
  }

  private static Map<String, Map<Integer, Double>> forkMeans(List<Sample> samples) {
    Map<String, Map<Integer, List<Double>>> all = new LinkedHashMap<>();
    for (Sample s : samples) {
      all.computeIfAbsent(key(s.objects(), s.threads(), s.benchmark()), k -> new TreeMap<>())
          .computeIfAbsent(s.fork(), f -> new ArrayList<>()).add(s.opsPerSecond());
    }
    Map<String, Map<Integer, Double>> means = new LinkedHashMap<>();
    all.forEach((k, byFork) -> {
      Map<Integer, Double> m = new TreeMap<>();
      byFork.forEach((f, v) -> m.put(f, v.stream().mapToDouble(Double::doubleValue).average()
          .orElse(Double.NaN)));
      means.put(k, m);
    });
    return means;
  }

  private static String key(int objects, int threads, String benchmark) {
    return objects + "/" + threads + "/" + benchmark;
  }

  private static String spread(Collection<Double> values, int decimals) {
    List<Double> v = new ArrayList<>(values);
    double min = v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    double max = v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    return Stats.fmt(Stats.median(v), decimals) + " [" + Stats.fmt(min, decimals) + "–"
        + Stats.fmt(max, decimals) + "]";
  }

  private static String spreadRatio(List<Double> ratios) {
    double min = ratios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    double max = ratios.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    return Stats.fmt(Stats.median(ratios), 2) + "× [" + Stats.fmt(min, 2) + "–"
        + Stats.fmt(max, 2) + "]";
  }

  /**
   * One row per fork (run) and lookup: the fork's mean ops/s; variant "ours", "fabric8" or
   * "fabric8 built key"; metric {@code <lookup>_<objects>_t<threads>}.
   */
  static void writeCsv(Path file, List<Sample> samples) {
    Map<String, Map<Integer, Double>> means = forkMeans(samples);
    try (Csv csv = Csv.create(file)) {
      for (Map.Entry<String, Map<Integer, Double>> e : means.entrySet()) {
        String[] k = e.getKey().split("/");
        String benchmark = k[2];
        Row row = ROWS.stream().filter(r -> r.ours().equals(benchmark)
            || r.theirs().equals(benchmark)).findFirst().orElse(null);
        if (row == null) {
          continue;
        }
        String variant = row.ours().equals(benchmark) ? "ours" : row.theirsVariant();
        String metric = row.metric() + "_" + k[0] + "_t" + k[1];
        e.getValue().forEach((fork, value) -> csv.sample(variant, fork, metric, "ops/s", value));
      }
    }
    System.err.println("P3 wrote " + file);
  }

  private static List<Integer> ints(String csv) {
    List<Integer> v = new ArrayList<>();
    for (String s : csv.split(",")) {
      v.add(Integer.parseInt(s.trim().replace("_", "")));
    }
    return v;
  }

  private static String join(List<Integer> v) {
    StringBuilder b = new StringBuilder();
    for (int x : v) {
      b.append(b.length() == 0 ? "" : ",").append(x);
    }
    return b.toString();
  }
}
