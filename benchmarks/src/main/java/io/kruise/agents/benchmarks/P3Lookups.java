package io.kruise.agents.benchmarks;

import io.kruise.agents.informers.SharedInformers;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.informers.Lister;
import io.kruise.agents.informers.SandboxIndexes;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxState;
import io.kruise.agents.model.SandboxStates;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * P3: lookups in a cache of 100,000 Sandboxes (100 pools; every 10th sandbox claimed, so each
 * pool index bucket holds 900 available sandboxes), ours and a plain fabric8 informer of the same
 * typed model side by side in the same JVM, both populated once per trial from the same
 * {@link ListServer}.
 *
 * <ul>
 *   <li>{@code getByKey}: {@code Lister.get(namespace, name)} vs fabric8
 *       {@code informer.getIndexer().getByKey("namespace/name")}, random keys; fabric8 both with
 *       the key strings prepared in advance (its best case) and built per call from namespace
 *       and name (what a caller holding those does).</li>
 *   <li>{@code getByKey...Hot}: the same over 1,024 keys only, to separate the lookup's own cost
 *       from the memory latency of a random key in a 2 GB heap.</li>
 *   <li>{@code poolLookup}: {@code Lister.byIndex(SandboxIndexes.POOL, pool)} vs fabric8
 *       {@code informer.getIndexer().byIndex("sandboxPool", pool)} with the same index function
 *       (available, or creating and controlled by a SandboxSet; keyed by the pool label).</li>
 * </ul>
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar P3Lookups -f 1 -wi 2 -i 3
 * </pre>
 *
 * <p>or, for the markdown table with the ratios,
 * {@code java -cp benchmarks/target/benchmarks.jar io.kruise.agents.benchmarks.P3Lookups
 * [JMH options]}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms8g", "-Xmx8g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Threads(1)
public class P3Lookups {

  /** Cached objects. */
  @Param({"100000"})
  public int objects;

  private ListServer server;
  private KubernetesClient ourClient;
  private KubernetesClient fabric8Client;
  private AgentsClient agents;
  private Lister<Sandbox> lister;
  private SharedIndexInformer<Sandbox> fabric8;
  private String[] namespaces;
  private String[] names;
  private String[] keys;
  private String[] pools;

  /** The fabric8 twin of {@link SandboxIndexes#POOL}, written against the public model. */
  static List<String> poolKeys(Sandbox s) {
    SandboxState state = SandboxStates.of(s);
    if (state == SandboxState.AVAILABLE
        || (state == SandboxState.CREATING && SandboxStates.isControlledBySandboxSet(s))) {
      String pool = SandboxStates.poolOf(s);
      if (pool != null && !pool.isEmpty()) {
        return List.of(pool);
      }
    }
    return List.of();
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

    /** @param state the shared state, for the sizes */
    @Setup(Level.Trial)
    public void setUp(P3Lookups state) {
      Random rnd = new Random(42);
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

  /** Serves the objects and syncs both caches. */
  @Setup(Level.Trial)
  public void setUp() {
    SandboxGenerator gen = SandboxGenerator.standard();
    server = ListServer.start(objects, gen::sandbox);
    namespaces = new String[objects];
    names = new String[objects];
    keys = new String[objects];
    for (int i = 0; i < objects; i++) {
      namespaces[i] = gen.namespace(i);
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
      throw new IllegalStateException("the caches differ: ours " + lister.size() + " objects, "
          + ours + " in pool " + pools[0] + "; fabric8 " + fabric8.getIndexer().listKeys().size()
          + ", " + theirs);
    }
    System.err.printf("%nP3 setup: %,d objects cached twice, %,d per pool bucket%n", objects,
        ours);
  }

  /** Stops both caches and the server. */
  @TearDown(Level.Trial)
  public void tearDown() {
    fabric8.close();
    agents.close();
    ourClient.close();
    fabric8Client.close();
    server.close();
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
   * The same over 1,024 keys, whose objects stay in the CPU caches: the cost of the lookup
   * itself, without the memory latency of a random key among 100,000.
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
   * Runs the P3 benchmarks through JMH and prints the markdown table.
   *
   * @param args JMH command-line options (e.g. {@code -f 1 -wi 2 -i 3 -p objects=100000})
   * @throws RunnerException when JMH fails
   * @throws CommandLineOptionException for bad options
   */
  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    Options options = new OptionsBuilder().parent(new CommandLineOptions(args))
        .include(P3Lookups.class.getName() + "\\.").build();
    Map<String, Double> score = new java.util.HashMap<>();
    Map<String, String> error = new java.util.HashMap<>();
    String objects = "";
    for (RunResult r : new Runner(options).run()) {
      String name = r.getParams().getBenchmark();
      name = name.substring(name.lastIndexOf('.') + 1);
      score.put(name, r.getPrimaryResult().getScore());
      error.put(name, Stats.fmt(r.getPrimaryResult().getScoreError(), 0));
      objects = r.getParams().getParam("objects");
    }
    System.out.println(table(objects, score, error));
  }

  static String table(String objects, Map<String, Double> score, Map<String, String> error) {
    StringBuilder b = new StringBuilder();
    b.append("P3 lookups, ").append(objects).append(" cached Sandboxes, 1 thread, ops/s (JMH "
        + "mean ± 99.9% error)\n\n");
    b.append("| lookup | ours | plain fabric8 | ours / fabric8 | target | result |\n"
        + "|---|---|---|---|---|---|\n");
    double ok = score.getOrDefault("getByKeyOurs", Double.NaN);
    double fk = score.getOrDefault("getByKeyFabric8", Double.NaN);
    double fb = score.getOrDefault("getByKeyFabric8BuiltKey", Double.NaN);
    double op = score.getOrDefault("poolLookupOurs", Double.NaN);
    double fp = score.getOrDefault("poolLookupFabric8", Double.NaN);
    row(b, "get by key (fabric8 key prepared in advance)", ok, "getByKeyOurs", fk,
        "getByKeyFabric8", error, "≥ 10,000,000 ops/s/thread", ok >= 10e6);
    row(b, "get by key (fabric8 key built per call)", ok, "getByKeyOurs", fb,
        "getByKeyFabric8BuiltKey", error, "≥ 10,000,000 ops/s/thread", ok >= 10e6);
    double oh = score.getOrDefault("getByKeyOursHot", Double.NaN);
    double fh = score.getOrDefault("getByKeyFabric8Hot", Double.NaN);
    row(b, "get by key, 1,024 hot keys (fabric8 key prepared)", oh, "getByKeyOursHot", fh,
        "getByKeyFabric8Hot", error, "(diagnostic: without memory latency)", oh >= 10e6);
    row(b, "pool lookup (byIndex)", op, "poolLookupOurs", fp, "poolLookupFabric8", error,
        "≥ 5× fabric8", op >= 5 * fp);
    return b.toString();
  }

  private static void row(StringBuilder b, String what, double ours, String oursName,
      double theirs, String theirsName, Map<String, String> error, String target, boolean pass) {
    b.append("| ").append(what).append(" | ").append(Stats.fmt(ours, 0)).append(" ± ")
        .append(error.getOrDefault(oursName, "?")).append(" | ").append(Stats.fmt(theirs, 0))
        .append(" ± ").append(error.getOrDefault(theirsName, "?")).append(" | ")
        .append(Stats.fmt(ours / theirs, 2)).append("× | ").append(target).append(" | ")
        .append(Double.isNaN(ours) ? "n/a" : pass ? "PASS" : "MISS").append(" |\n");
  }
}
