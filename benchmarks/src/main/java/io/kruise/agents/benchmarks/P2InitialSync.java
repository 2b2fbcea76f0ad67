package io.kruise.agents.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.informers.InformerOptions;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.testkit.RealApiServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * P2: the client's CPU time for an initial sync, ours (full and lean store) against a plain
 * fabric8 typed informer of the same objects ({@code inAnyNamespace().inform()}), against two
 * servers: the testkit's real API server (etcd + Kubernetes CRD API server; Sandboxes the server
 * wrote, with the server's own managedFields) and the in-process {@link ListServer} (which costs
 * almost nothing, so the client's CPU is all that counts).
 *
 * <p>Every sample is one fresh JVM (same heap flags for every variant): it connects, warms the
 * client up with a small list, then measures the process CPU time
 * ({@code OperatingSystemMXBean.getProcessCpuTime}: all threads of the child, including GC and
 * JIT compiler threads, which both sides pay) and the wall time from the informer's start to
 * synced. Variants alternate, in an order that rotates each run.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.kruise.agents.benchmarks.P2InitialSync \
 *     --objects 20000 --runs 5 [--server both|real|list] [--threads 4] [--csv-dir DIR] [--jfr DIR]
 * </pre>
 */
public final class P2InitialSync {

  /** The informers compared. */
  public enum Variant {
    /** {@code SharedInformers.of(agents).sandboxes()}, default options (pages of 500). */
    OURS_FULL("ours full", "ours, full store (pages of 500)"),
    /** The same with {@code InformerOptions.builder().lean()}. */
    OURS_LEAN("ours lean", "ours, lean store (pages of 500)"),
    /** {@code client.resources(Sandbox.class).inAnyNamespace().inform()} (one unpaged list). */
    FABRIC8("fabric8 plain", "plain fabric8 7.5.2 inform() (unpaged, fabric8's default)");

    /** The name in the CSV files. */
    public final String csvName;
    final String label;

    Variant(String csvName, String label) {
      this.csvName = csvName;
      this.label = label;
    }
  }

  /** The servers synced from. */
  public enum Server {
    /** The testkit's real API server. */
    REAL("real API server"),
    /** The in-process list server. */
    LIST("in-process ListServer");

    final String label;

    Server(String label) {
      this.label = label;
    }
  }

  /**
   * One sync.
   *
   * @param server the server
   * @param variant the informer
   * @param run the run, from 1
   * @param objects objects synced
   * @param cpuNanos the process's CPU time from the informer's start to synced
   * @param wallNanos the wall time of the same
   * @param gcMillis collection time in that window (as the JVM's collectors report it)
   * @param javaThreadsCpuNanos the CPU time of the JVM's Java threads in that window (the
   *     client's own work; the rest of {@code cpuNanos} is GC, JIT compiler and other VM threads)
   * @param jitMillis JIT compilation time in that window (summed over compiler threads)
   */
  public record Sample(Server server, Variant variant, int run, int objects, long cpuNanos,
      long wallNanos, long gcMillis, long javaThreadsCpuNanos, long jitMillis) {
    /** @return CPU microseconds per object */
    public double cpuMicrosPerObject() {
      return cpuNanos / 1e3 / objects;
    }
  }

  /**
   * The result of a run.
   *
   * @param objects objects per server
   * @param createSeconds time to create them on the real server (0 without it)
   * @param forked whether each sample had its own JVM
   * @param samples all samples, in run order
   */
  public record Result(int objects, double createSeconds, boolean forked, List<Sample> samples) {

    List<Sample> of(Server s, Variant v) {
      return samples.stream().filter(x -> x.server() == s && x.variant() == v).toList();
    }

    /**
     * @param s a server
     * @param v a variant
     * @return median CPU milliseconds of the variant's syncs from that server
     */
    public double medianCpuMillis(Server s, Variant v) {
      return Stats.median(of(s, v).stream().mapToDouble(x -> x.cpuNanos() / 1e6).toArray());
    }

    /** @return the tables for docs/benchmarks.md */
    public String markdown() {
      StringBuilder b = new StringBuilder();
      for (Server s : Server.values()) {
        if (of(s, Variant.FABRIC8).isEmpty()) {
          continue;
        }
        List<Double> f8cpu = of(s, Variant.FABRIC8).stream().map(x -> x.cpuNanos() / 1e6)
            .toList();
        double f8 = Stats.median(f8cpu);
        b.append(String.format("P2 initial sync of %,d Sandboxes from the %s%s; client process "
            + "CPU from informer start to synced, %s, %d alternating runs%n%n", objects, s.label,
            s == Server.REAL ? String.format(" (created in %s s)", Stats.fmt(createSeconds, 0))
                : "", forked ? "one fresh JVM per sample" : "one JVM",
            of(s, Variant.FABRIC8).size()));
        b.append("| variant | CPU median (s) | CPU samples (s) | µs CPU/object | ratio to plain "
            + "fabric8 (median; spread) | Java threads CPU (s) | JIT (s) | wall median (s) | "
            + "wall samples (s) | GC (ms, median) | target | result |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Variant v : Variant.values()) {
          List<Sample> xs = of(s, v);
          List<Double> cpu = xs.stream().map(x -> x.cpuNanos() / 1e6).toList();
          List<Double> wall = xs.stream().map(x -> x.wallNanos() / 1e6).toList();
          double m = Stats.median(cpu);
          // spread of the ratio: worst and best sample against the other side's median
          double lo = cpu.stream().mapToDouble(Double::doubleValue).min().orElse(0)
              / f8cpu.stream().mapToDouble(Double::doubleValue).max().orElse(1);
          double hi = cpu.stream().mapToDouble(Double::doubleValue).max().orElse(0)
              / f8cpu.stream().mapToDouble(Double::doubleValue).min().orElse(1);
          double target = v == Variant.OURS_FULL ? 1.0 : v == Variant.OURS_LEAN ? 0.8 : 0;
          b.append("| ").append(v.label).append(" | ").append(Stats.fmt(m / 1000, 2))
              .append(" | ").append(Stats.all(cpu.stream().map(x -> x / 1000).toList(), 2))
              .append(" | ").append(Stats.fmt(m * 1000 / objects, 1)).append(" | ")
              .append(Stats.fmt(m / f8, 2)).append("×");
          if (v != Variant.FABRIC8) {
            b.append(" (").append(Stats.fmt(lo, 2)).append("–").append(Stats.fmt(hi, 2))
                .append(")");
          }
          b.append(" | ").append(Stats.fmt(Stats.median(xs.stream()
                  .map(x -> x.javaThreadsCpuNanos() / 1e9).toList()), 2)).append(" | ")
              .append(Stats.fmt(Stats.median(xs.stream().map(x -> x.jitMillis() / 1e3).toList()),
                  2));
          b.append(" | ").append(Stats.fmt(Stats.median(wall) / 1000, 2)).append(" | ")
              .append(Stats.all(wall.stream().map(x -> x / 1000).toList(), 2)).append(" | ")
              .append(Stats.fmt(Stats.median(xs.stream()
                  .map(x -> (double) x.gcMillis()).toList()), 0)).append(" | ")
              .append(target == 0 ? "(baseline)" : "≤ " + Stats.fmt(target, 1) + "× fabric8")
              .append(" | ")
              .append(target == 0 ? "" : hi <= target ? "PASS" : lo > target ? "MISS"
                  : m <= target ? "within noise (median below)" : "within noise (median above)")
              .append(" |\n");
        }
        b.append('\n');
      }
      return b.toString();
    }

    /**
     * Writes {@code p2-sync.csv}: per run, server and variant the CPU and wall milliseconds and
     * the CPU microseconds per object, metrics named {@code <server>_cpu} and so on.
     *
     * @param dir the directory
     */
    public void writeCsv(Path dir) {
      try (Csv csv = Csv.create(dir.resolve("p2-sync.csv"))) {
        for (Sample x : samples) {
          String s = x.server().name().toLowerCase(Locale.ROOT);
          csv.sample(x.variant().csvName, x.run(), s + "_cpu", "ms", x.cpuNanos() / 1e6);
          csv.sample(x.variant().csvName, x.run(), s + "_cpu_per_object", "us",
              x.cpuMicrosPerObject());
          csv.sample(x.variant().csvName, x.run(), s + "_wall", "ms", x.wallNanos() / 1e6);
          csv.sample(x.variant().csvName, x.run(), s + "_gc", "ms", x.gcMillis());
          csv.sample(x.variant().csvName, x.run(), s + "_java_threads_cpu", "ms",
              x.javaThreadsCpuNanos() / 1e6);
          csv.sample(x.variant().csvName, x.run(), s + "_jit", "ms", x.jitMillis());
        }
      }
    }
  }

  /** Options of a run. */
  record Options(int objects, int runs, int threads, boolean real, boolean list, boolean fork,
      String childHeap, Path jfrDir) {}

  private P2InitialSync() {}

  /**
   * Runs P2. With the real server, creates the objects on it first (in namespaces
   * {@code p2-<id>-team-*}, left there); the list server then serves exactly the objects the real
   * server returned (so both servers send the same objects), or generator objects without it.
   *
   * @param realServer the real API server, or null to sync from the list server only
   * @param o the options
   * @return the samples
   */
  static Result run(RealApiServer realServer, Options o) {
    List<Sandbox> served = null;
    double createSeconds = 0;
    Path kubeconfig = null;
    if (realServer != null) {
      long t0 = System.nanoTime();
      create(realServer, o.objects(), o.threads());
      createSeconds = (System.nanoTime() - t0) / 1e9;
      try (KubernetesClient admin = realServer.newAdminClient(null)) {
        served = new ArrayList<>();
        String cont = null;
        do {
          var page = admin.resources(Sandbox.class).inAnyNamespace().list(
              new ListOptionsBuilder().withLimit(5000L).withContinue(cont).build());
          served.addAll(page.getItems());
          cont = page.getMetadata().getContinue();
        } while (cont != null && !cont.isEmpty());
      }
      System.err.printf("P2: created %,d Sandboxes in %s s; the server holds %,d%n", o.objects(),
          Stats.fmt(createSeconds, 1), served.size());
      try {
        kubeconfig = Files.createTempFile("p2-kubeconfig", ".yaml");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      realServer.writeKubeconfig(kubeconfig, null);
    }
    List<Sandbox> fromReal = served;
    SandboxGenerator gen = SandboxGenerator.standard();
    int listCount = fromReal == null ? o.objects() : fromReal.size();
    List<Sample> samples = new ArrayList<>();
    try (ListServer list = o.list() ? ListServer.start(listCount,
        i -> fromReal == null ? gen.sandbox(i) : fromReal.get(i)) : null) {
      Variant[] order = Variant.values();
      for (int r = 1; r <= o.runs(); r++) {
        for (Server s : Server.values()) {
          if (s == Server.REAL ? realServer == null || !o.real() : list == null) {
            continue;
          }
          for (int k = 0; k < order.length; k++) {
            Variant v = order[(k + r) % order.length];
            String target = s == Server.REAL ? kubeconfig.toString() : list.url();
            int expected = s == Server.REAL ? fromReal.size() : listCount;
            Sample x = o.fork() ? forked(s, v, r, target, expected, o)
                : measure(s, v, r, target, expected);
            System.err.printf("P2 run %d %s %s: CPU %s ms (%s µs/object; Java threads %s ms, "
                + "JIT %d ms), wall %s ms, GC %d ms%n", r, s, v, Stats.fmt(x.cpuNanos() / 1e6, 0),
                Stats.fmt(x.cpuMicrosPerObject(), 1), Stats.fmt(x.javaThreadsCpuNanos() / 1e6, 0),
                x.jitMillis(), Stats.fmt(x.wallNanos() / 1e6, 0), x.gcMillis());
            samples.add(x);
          }
        }
      }
    } finally {
      if (kubeconfig != null) {
        try {
          Files.deleteIfExists(kubeconfig);
        } catch (IOException e) {
          System.err.println("cannot delete " + kubeconfig + ": " + e);
        }
      }
    }
    return new Result(o.objects(), createSeconds, o.fork(), samples);
  }

  private static void create(RealApiServer server, int objects, int threads) {
    SandboxGenerator gen = SandboxGenerator.standard();
    String prefix = "p2-" + RealServers.runId() + "-";
    try (KubernetesClient admin = server.newAdminClient(null);
        AgentsClient agents = AgentsClient.create(admin)) {
      RealServers.create(agents, objects, i -> {
        Sandbox s = gen.forCreate(i);
        s.getMetadata().setNamespace(prefix + s.getMetadata().getNamespace());
        return s;
      }, i -> gen.sandbox(i).getStatus(), threads);
    }
  }

  /** A client of the list server (a URL) or the real server (a kubeconfig file). */
  static KubernetesClient client(Server s, String target) {
    if (s == Server.LIST) {
      return ListServer.newClient(target, null);
    }
    try {
      Config config = new ConfigBuilder(Config.fromKubeconfig(Files.readString(Path.of(target))))
          .withOnlyHttpWatches(true).withRequestTimeout(120_000).build();
      return new KubernetesClientBuilder().withConfig(config).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Measures one sync in this JVM. */
  static Sample measure(Server s, Variant v, int run, String target, int expected) {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory
        .getOperatingSystemMXBean();
    try (KubernetesClient kc = client(s, target)) {
      // warm up the client, its HTTP connection, the serializer and the model classes
      kc.resources(Sandbox.class).inAnyNamespace()
          .list(new ListOptionsBuilder().withLimit(500L).build());
      System.gc();
      long gc0 = gcMillis();
      long jit0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
      java.util.Map<Long, Long> threads0 = javaThreadsCpu();
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      int size;
      long cpu1;
      long t1;
      if (v == Variant.FABRIC8) {
        try (SharedIndexInformer<Sandbox> informer = kc.resources(Sandbox.class).inAnyNamespace()
            .inform()) {
          t1 = System.nanoTime();
          cpu1 = os.getProcessCpuTime();
          size = informer.getIndexer().listKeys().size();
        }
      } else {
        try (AgentsClient agents = AgentsClient.create(kc)) {
          SharedInformer<Sandbox> informer = SharedInformers.of(agents,
              v == Variant.OURS_LEAN ? InformerOptions.builder().lean().build()
                  : InformerOptions.DEFAULTS).sandboxes();
          if (!informer.awaitSynced(Duration.ofMinutes(10))) {
            throw new IllegalStateException("our informer did not sync: " + informer.health());
          }
          t1 = System.nanoTime();
          cpu1 = os.getProcessCpuTime();
          size = informer.lister().size();
        }
      }
      long gc1 = gcMillis();
      long jit1 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
      long javaCpu = 0;
      for (var e : javaThreadsCpu().entrySet()) {
        javaCpu += e.getValue() - threads0.getOrDefault(e.getKey(), 0L);
      }
      if (size != expected) {
        throw new IllegalStateException(v + " synced " + size + " objects, expected " + expected);
      }
      return new Sample(s, v, run, size, cpu1 - cpu0, t1 - t0, gc1 - gc0, javaCpu, jit1 - jit0);
    }
  }

  /** CPU time per live Java thread; threads that end within the window are not counted. */
  private static java.util.Map<Long, Long> javaThreadsCpu() {
    java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    java.util.Map<Long, Long> cpu = new java.util.HashMap<>();
    for (long id : mx.getAllThreadIds()) {
      long t = mx.getThreadCpuTime(id);
      if (t >= 0) {
        cpu.put(id, t);
      }
    }
    return cpu;
  }

  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  private static Sample forked(Server s, Variant v, int run, String target, int expected,
      Options o) {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + o.childHeap(), "-Xms" + o.childHeap(), "-XX:+UseG1GC"));
    if (o.jfrDir() != null) {
      try {
        Files.createDirectories(o.jfrDir());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      cmd.add("-XX:StartFlightRecording=filename=" + o.jfrDir().resolve("p2-"
          + s.name().toLowerCase(Locale.ROOT) + "-" + v.name().toLowerCase(Locale.ROOT) + "-"
          + run + ".jfr") + ",settings=profile");
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
        P2InitialSync.class.getName(), "--child", v.name(), "--server", s.name(),
        "--target", target, "--expected", String.valueOf(expected), "--run",
        String.valueOf(run)));
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String result = null;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("P2RESULT ")) {
            result = line;
          } else {
            System.err.println(line);
          }
        }
      }
      if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0 || result == null) {
        throw new IllegalStateException("the P2 child JVM for " + s + " " + v + " failed (exit "
            + (p.isAlive() ? "timeout" : p.exitValue()) + ")");
      }
      String[] f = result.split(" ");
      return new Sample(s, v, run, Integer.parseInt(f[1]), Long.parseLong(f[2]),
          Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a child JVM", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs P2 and prints the tables.
   *
   * @param argv {@code --objects N --runs R --server both|real|list --threads T --csv-dir DIR
   *     --jfr DIR --child-heap 2g --in-process}
   */
  public static void main(String[] argv) {
    Args args = new Args(argv);
    if (args.string("child", null) != null) {
      Sample x = measure(Server.valueOf(args.string("server", null)),
          Variant.valueOf(args.string("child", null)), args.integer("run", 1),
          args.string("target", null), args.integer("expected", 0));
      System.out.println("P2RESULT " + x.objects() + " " + x.cpuNanos() + " " + x.wallNanos()
          + " " + x.gcMillis() + " " + x.javaThreadsCpuNanos() + " " + x.jitMillis());
      System.exit(0);
      return;
    }
    String servers = args.string("server", "both");
    String jfr = args.string("jfr", null);
    Options o = new Options(args.integer("objects", 20_000),
        args.integer("runs", args.integer("repetitions", 5)), args.integer("threads", 4),
        !servers.equals("list"), !servers.equals("real"), !args.flag("in-process"),
        args.string("child-heap", "2g"), jfr == null ? null : Path.of(jfr));
    Result r;
    if (o.real()) {
      try (RealApiServer server = RealApiServer.start()) {
        r = run(server, o);
      }
    } else {
      r = run(null, o);
    }
    System.out.println(r.markdown());
    String csvDir = args.string("csv-dir", null);
    if (csvDir != null) {
      r.writeCsv(Path.of(csvDir));
    }
    System.exit(0);
  }
}
