package io.kruise.agents.benchmarks;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.informers.InformerOptions;
import io.kruise.agents.informers.ListenerOptions;
import io.kruise.agents.informers.ListenerRegistration;
import io.kruise.agents.informers.ResourceListener;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.model.Sandbox;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * P5: listener fan-out of real watch events. A {@link ListServer} serves N generator Sandboxes;
 * a client syncs them, then the server {@linkplain ListServer#broadcast broadcasts} MODIFIED
 * events (each a new resourceVersion of one object, pre-serialized before timing) at a sweep of
 * offered rates, and "as fast as the client reads" (rate 0). Each event reaches:
 *
 * <ul>
 *   <li>ours: {@code SharedInformers.of(agents).sandboxes()} with L fast listeners;
 *   <li>ours-lean: the same on a lean store ({@code InformerOptions.builder().lean()}: no
 *       templates, no managed fields);
 *   <li>fabric8: a plain fabric8 7.5.2 informer of the same objects with L
 *       {@code ResourceEventHandler}s;
 *   <li>each of them again with one more, slow listener that burns CPU (a busy loop of
 *       {@code --slow-micros} per update, not a sleep);
 *   <li>the ceiling: a plain fabric8 informer with one handler, i.e. what fabric8's watch
 *       reading and deserialization on its one thread can deliver at all.
 * </ul>
 *
 * <p>Every callback stamps {@link System#nanoTime()} and maps the event to its send time by its
 * resourceVersion (the server's {@code broadcast} returns when each event began to be written):
 * lag = callback − send, the same stamping on both sides. Per step and fast listener: delivered
 * events/s from the first send to its last callback; the step's figure is the slowest fast
 * listener's. With the slow listener: its backlog (objects waiting) when the broadcast ended, the
 * changes coalesced meanwhile, and once per JVM the heap its backlog holds (used heap after GC
 * with the slow listener parked and its backlog full, minus after it drained, divided by the
 * entries). Process CPU time per event comes from the JVM.
 *
 * <p>One fresh JVM per variant and run (JIT and heap state), variants alternating within each
 * run; each JVM runs one unrecorded warm-up step at full speed first. The server runs in the
 * same JVM as its client (its one broadcasting thread writes every watch in turn), so each
 * variant is measured alone.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.kruise.agents.benchmarks.P5ListenerFanOut \
 *     [--objects 20000] [--listeners 10] [--runs 5] [--rates 25000,50000,100000,0] \
 *     [--events 10000] [--slow-micros 30] [--variants ours,ours-slow,...] [--csv-dir DIR] \
 *     [--jfr DIR] [--in-process]
 * </pre>
 */
public final class P5ListenerFanOut {

  private static final long RV_BASE = 100_000_000_000L;
  private static final long RV_STEP = 1_000_000_000L;
  private static final int DIST_POINTS = 200;

  /** The fan-outs compared; names are CSV variants, ours first. */
  public enum Variant {
    /** Our informer's listeners. */
    OURS("ours", "ours: informer listeners", true, false),
    /** The same on a lean store ({@code InformerOptions.builder().lean()}). */
    OURS_LEAN("ours-lean", "ours lean: informer listeners, lean store", true, false, true),
    /** The same plus one slow listener. */
    OURS_SLOW("ours-slow", "ours: informer listeners + 1 slow", true, true),
    /** fabric8's handlers on a plain informer of the same objects. */
    FABRIC8("fabric8", "plain fabric8 7.5.2: event handlers", false, false),
    /** The same plus one slow handler. */
    FABRIC8_SLOW("fabric8-slow", "plain fabric8 7.5.2: event handlers + 1 slow", false, true),
    /** A plain fabric8 informer with one handler: fabric8's own ceiling. */
    FABRIC8_ONE("fabric8-1-handler", "plain fabric8 7.5.2: 1 handler (ceiling)", false, false);

    final String id;
    final String label;
    final boolean ours;
    final boolean slow;
    final boolean lean;

    Variant(String id, String label, boolean ours, boolean slow) {
      this(id, label, ours, slow, false);
    }

    Variant(String id, String label, boolean ours, boolean slow, boolean lean) {
      this.id = id;
      this.label = label;
      this.ours = ours;
      this.slow = slow;
      this.lean = lean;
    }

    static Variant of(String id) {
      for (Variant v : values()) {
        if (v.id.equals(id) || v.name().equals(id)) {
          return v;
        }
      }
      throw new IllegalArgumentException("unknown variant " + id);
    }
  }

  /**
   * What to run.
   *
   * @param objects cached objects
   * @param listeners fast listeners (the ceiling variant has one)
   * @param runs runs; each runs every variant once, alternating
   * @param rates offered events/s per step; 0 sends as fast as the client reads
   * @param events events per step
   * @param slowMicros CPU the slow listener burns per update
   * @param variants which variants
   * @param fork one fresh JVM per variant and run (false: all in this JVM, for smoke tests)
   * @param jfrDir where forked JVMs write a JFR recording each, or null
   */
  public record Config(int objects, int listeners, int runs, int[] rates, int events,
      int slowMicros, List<Variant> variants, boolean fork, Path jfrDir) {}

  /**
   * One step of one JVM: one offered rate.
   *
   * @param variant what was measured
   * @param run the run, from 1
   * @param rate offered events/s (0: as fast as read)
   * @param events events sent
   * @param sendSeconds the broadcast's wall time (as fast as read: until the client took the
   *     last bytes)
   * @param minPerListener the slowest fast listener's delivered events/s
   * @param medianPerListener the median fast listener's
   * @param lagP50Ms fast listeners' lag, send to callback
   * @param lagP99Ms 99th percentile
   * @param lagMaxMs maximum
   * @param cpuMicrosPerEvent process CPU time per event sent
   * @param slowBacklog the slow listener's backlog when the broadcast ended (ours; else -1)
   * @param slowCoalesced changes coalesced in its queue during the step (ours; else -1)
   * @param lagMs the fast listeners' lags, downsampled for the CDF
   */
  public record Step(Variant variant, int run, int rate, int events, double sendSeconds,
      double minPerListener, double medianPerListener, double lagP50Ms, double lagP99Ms,
      double lagMaxMs, double cpuMicrosPerEvent, long slowBacklog, long slowCoalesced,
      double[] lagMs) {
    /** @return the rate as a label */
    public String rateLabel() {
      return rate <= 0 ? "max" : String.valueOf(rate);
    }

    /** @return achieved send rate */
    public double sentPerSecond() {
      return events / sendSeconds;
    }
  }

  /**
   * The slow listener's backlog memory, measured once per JVM (ours).
   *
   * @param variant what was measured
   * @param run the run
   * @param entries backlog entries while measured
   * @param bytes heap held by them
   */
  public record BacklogMemory(Variant variant, int run, long entries, long bytes) {}

  /**
   * The result of a run.
   *
   * @param config what ran
   * @param steps every step
   * @param memory the backlog memory measurements
   */
  public record Result(Config config, List<Step> steps, List<BacklogMemory> memory) {

    List<Step> of(Variant v, int rate) {
      return steps.stream().filter(s -> s.variant() == v && s.rate() == rate).toList();
    }

    double median(Variant v, int rate, ToDoubleFunction<Step> f) {
      return Stats.median(of(v, rate).stream().mapToDouble(f).toArray());
    }

    String spread(Variant v, int rate, ToDoubleFunction<Step> f, int decimals) {
      double[] xs = of(v, rate).stream().mapToDouble(f).toArray();
      if (xs.length == 0) {
        return "n/a";
      }
      return Stats.fmt(Arrays.stream(xs).min().getAsDouble(), decimals) + "–"
          + Stats.fmt(Arrays.stream(xs).max().getAsDouble(), decimals);
    }

    /** @return the tables for docs/benchmarks.md */
    public String markdown() {
      Config c = config;
      StringBuilder b = new StringBuilder();
      b.append(String.format(Locale.ROOT, "P5 listener fan-out: %,d Sandboxes synced, then "
          + "%,d MODIFIED watch events per step from the list server at each offered rate; %d "
          + "fast listeners (the slow one burns %d µs of CPU per update); one fresh JVM per "
          + "variant and run, %d runs; medians (min–max over the runs)%n%n", c.objects(),
          c.events(), c.listeners(), c.slowMicros(), c.runs()));
      b.append("| variant | offered events/s | sent events/s | delivered events/s per "
          + "listener (slowest) | lag p50 ms | lag p99 ms | CPU µs/event | slow backlog "
          + "(objects) | slow coalesced |\n|---|---|---|---|---|---|---|---|---|\n");
      for (int rate : c.rates()) {
        for (Variant v : c.variants()) {
          if (of(v, rate).isEmpty()) {
            continue;
          }
          b.append("| ").append(v.label).append(" | ").append(rate <= 0 ? "as fast as read"
                  : Stats.fmt(rate, 0)).append(" | ")
              .append(Stats.fmt(median(v, rate, Step::sentPerSecond), 0)).append(" | ")
              .append(Stats.fmt(median(v, rate, Step::minPerListener), 0)).append(" (")
              .append(spread(v, rate, Step::minPerListener, 0)).append(") | ")
              .append(Stats.fmt(median(v, rate, Step::lagP50Ms), 2)).append(" (")
              .append(spread(v, rate, Step::lagP50Ms, 2)).append(") | ")
              .append(Stats.fmt(median(v, rate, Step::lagP99Ms), 2)).append(" (")
              .append(spread(v, rate, Step::lagP99Ms, 2)).append(") | ")
              .append(Stats.fmt(median(v, rate, Step::cpuMicrosPerEvent), 1)).append(" | ")
              .append(v.slow && v.ours ? Stats.fmt(median(v, rate, s -> s.slowBacklog()), 0)
                  : "n/a").append(" | ")
              .append(v.slow && v.ours ? Stats.fmt(median(v, rate, s -> s.slowCoalesced()), 0)
                  : "n/a").append(" |\n");
        }
      }
      b.append("\nTargets (ours), per offered rate:\n\n| offered | ours / fabric8 delivered "
          + "(medians) | ≥ 1.0×, whole spread | ≥ 100,000/s per listener | slow listener: "
          + "throughput drop ≤ 10% | slow listener: p99 within the spread without it |\n"
          + "|---|---|---|---|---|---|\n");
      for (int rate : c.rates()) {
        if (of(Variant.OURS, rate).isEmpty()) {
          continue;
        }
        double ours = median(Variant.OURS, rate, Step::minPerListener);
        double[] oursAll = of(Variant.OURS, rate).stream()
            .mapToDouble(Step::minPerListener).toArray();
        double[] f8All = of(Variant.FABRIC8, rate).stream()
            .mapToDouble(Step::minPerListener).toArray();
        double f8 = Stats.median(f8All);
        String ratio = f8All.length == 0 ? "n/a" : Stats.fmt(ours / f8, 2) + "×";
        String vsF8 = f8All.length == 0 ? "n/a"
            : Arrays.stream(oursAll).min().getAsDouble()
                >= Arrays.stream(f8All).max().getAsDouble() ? "PASS"
            : ours >= f8 ? "within noise" : "MISS";
        String abs = Arrays.stream(oursAll).min().getAsDouble() >= 100_000 ? "PASS"
            : ours >= 100_000 ? "within noise" : "MISS";
        String drop = "n/a";
        String p99 = "n/a";
        if (!of(Variant.OURS_SLOW, rate).isEmpty()) {
          double slow = median(Variant.OURS_SLOW, rate, Step::minPerListener);
          drop = Stats.fmt(100 * (1 - slow / ours), 1) + "% "
              + (slow >= 0.9 * ours ? "PASS" : "MISS");
          double[] fast = of(Variant.OURS, rate).stream().mapToDouble(Step::lagP99Ms).toArray();
          double slowP99 = median(Variant.OURS_SLOW, rate, Step::lagP99Ms);
          double hi = Arrays.stream(fast).max().getAsDouble();
          p99 = Stats.fmt(slowP99, 2) + " ms vs " + spread(Variant.OURS, rate,
              Step::lagP99Ms, 2) + " ms " + (slowP99 <= hi ? "PASS" : "MISS");
        }
        b.append("| ").append(rate <= 0 ? "as fast as read" : Stats.fmt(rate, 0)).append(" | ")
            .append(ratio).append(" | ").append(vsF8).append(" | ").append(Stats.fmt(ours, 0))
            .append(" ").append(abs).append(" | ").append(drop).append(" | ").append(p99)
            .append(" |\n");
      }
      if (!memory.isEmpty()) {
        b.append("\nSlow listener's backlog memory (heap after GC with the backlog full minus "
            + "after it drained): ");
        for (BacklogMemory m : memory) {
          b.append(String.format(Locale.ROOT, "[run %d: %,d entries, %,d bytes, %s B/entry] ",
              m.run(), m.entries(), m.bytes(),
              m.entries() == 0 ? "n/a" : Stats.fmt((double) m.bytes() / m.entries(), 0)));
        }
        b.append('\n');
      }
      return b.toString();
    }

    /**
     * Writes {@code p5-fanout.csv} (one row per step and metric) and {@code p5-fanout-dist.csv}
     * (the fast listeners' lag, downsampled per step).
     *
     * @param dir the directory
     */
    public void writeCsv(Path dir) {
      try (Csv csv = Csv.create(dir.resolve("p5-fanout.csv"));
          Csv dist = Csv.create(dir.resolve("p5-fanout-dist.csv"))) {
        for (Step s : steps) {
          String r = "@" + s.rateLabel();
          String v = s.variant().id;
          csv.sample(v, s.run(), "sent" + r, "events/s", s.sentPerSecond());
          csv.sample(v, s.run(), "delivered_per_listener_min" + r, "events/s",
              s.minPerListener());
          csv.sample(v, s.run(), "delivered_per_listener_median" + r, "events/s",
              s.medianPerListener());
          csv.sample(v, s.run(), "lag_p50" + r, "ms", s.lagP50Ms());
          csv.sample(v, s.run(), "lag_p99" + r, "ms", s.lagP99Ms());
          csv.sample(v, s.run(), "lag_max" + r, "ms", s.lagMaxMs());
          csv.sample(v, s.run(), "cpu_per_event" + r, "us", s.cpuMicrosPerEvent());
          if (s.slowBacklog() >= 0) {
            csv.sample(v, s.run(), "slow_backlog" + r, "objects", s.slowBacklog());
            csv.sample(v, s.run(), "slow_coalesced" + r, "changes", s.slowCoalesced());
          }
          dist.distribution(v, s.run(), "lag" + r, "ms", s.lagMs(), DIST_POINTS);
        }
        for (BacklogMemory m : memory) {
          csv.sample(m.variant().id, m.run(), "slow_backlog_entries", "objects", m.entries());
          csv.sample(m.variant().id, m.run(), "slow_backlog_bytes", "bytes", m.bytes());
        }
      }
    }
  }

  private P5ListenerFanOut() {}

  /** Callback stamps of one step: per listener, when it got each event (0: not yet). */
  static final class Recorder {
    final long rvBase;
    final long[][] receivedAt;
    final AtomicIntegerArray counts;

    Recorder(int listeners, int events, long rvBase) {
      this.rvBase = rvBase;
      this.receivedAt = new long[listeners][events];
      this.counts = new AtomicIntegerArray(listeners);
    }

    void record(int listener, Sandbox obj) {
      long now = System.nanoTime();
      long k = Long.parseLong(obj.getMetadata().getResourceVersion()) - rvBase;
      long[] at = receivedAt[listener];
      if (k >= 0 && k < at.length) {
        at[(int) k] = now;
        counts.incrementAndGet(listener); // publishes the stamp to whoever reads the count
      }
    }
  }

  /** The fast listeners' and handlers' callback: stamps updates of the current step. */
  static final class Stamps {
    volatile Recorder current;

    void update(int listener, Sandbox obj) {
      Recorder r = current;
      if (r != null) {
        r.record(listener, obj);
      }
    }
  }

  /** The slow listener: burns CPU per update; can be parked to measure its backlog. */
  static final class Burner {
    final long nanos;
    volatile CountDownLatch gate;
    volatile CountDownLatch parked;
    long sink;

    Burner(int micros) {
      this.nanos = TimeUnit.MICROSECONDS.toNanos(micros);
    }

    void update(Sandbox obj) {
      CountDownLatch g = gate;
      if (g != null) {
        parked.countDown();
        try {
          g.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      long end = System.nanoTime() + nanos;
      long x = sink;
      while (System.nanoTime() < end) {
        x = x * 31 + obj.getMetadata().getName().hashCode();
      }
      sink = x;
    }
  }

  /**
   * Runs P5.
   *
   * @param c what to run
   * @return every step
   */
  public static Result run(Config c) {
    List<Step> steps = new ArrayList<>();
    List<BacklogMemory> memory = new ArrayList<>();
    for (int run = 1; run <= c.runs(); run++) {
      List<Variant> order = new ArrayList<>(c.variants());
      // alternate: each run starts one variant later
      java.util.Collections.rotate(order, -(run - 1));
      for (Variant v : order) {
        System.err.printf("P5 run %d: %s%n", run, v.id);
        if (c.fork()) {
          forked(c, v, run, steps, memory);
        } else {
          measure(c, v, run, steps, memory);
        }
      }
    }
    return new Result(c, steps, memory);
  }

  /** Measures one variant in this JVM: sync, warm-up, then one step per rate. */
  static void measure(Config c, Variant v, int run, List<Step> steps,
      List<BacklogMemory> memory) {
    SandboxGenerator gen = SandboxGenerator.standard();
    int fast = v == Variant.FABRIC8_ONE ? 1 : c.listeners();
    Stamps stamps = new Stamps();
    Burner burner = v.slow ? new Burner(c.slowMicros()) : null;
    try (ListServer server = ListServer.start(c.objects(), gen::sandbox)) {
      Events events = Events.prepare(gen, c.objects(), c.events());
      try (KubernetesClient kc = server.newClient(null)) {
        Client client = v.ours ? ours(kc, c, fast, stamps, burner, v.lean)
            : fabric8(kc, c, fast, stamps, burner);
        try {
          server.awaitOpenWatches(1, 30_000);
          step(server, events, client, stamps, fast, 0, 0, v, run, null); // warm-up
          for (int i = 0; i < c.rates().length; i++) {
            steps.add(step(server, events, client, stamps, fast, i + 1, c.rates()[i], v, run,
                null));
          }
          if (v.ours && v.slow) {
            BacklogMemory m = backlogMemory(server, events, client, stamps, fast, v, run,
                burner, c.rates().length + 1);
            memory.add(m);
          }
        } finally {
          client.close();
        }
      }
    }
  }

  /** One variant's client: how to read the slow listener's queue, and how to close it. */
  interface Client extends AutoCloseable {
    /** @return the slow listener's registration (ours with a slow listener), else null */
    ListenerRegistration slow();

    /**
     * @param listener a fast listener
     * @return changes coalesced in its queue so far (ours, when it was behind); fabric8 never
     *     coalesces
     */
    long coalesced(int listener);

    @Override
    void close();
  }

  private static Client ours(KubernetesClient kc, Config c, int fast, Stamps stamps,
      Burner burner, boolean lean) {
    AgentsClient agents = AgentsClient.create(kc);
    InformerOptions.Builder options = InformerOptions.builder()
        .listenerBacklogWarning(Math.max(10_000, 2 * c.objects() + 1));
    if (lean) {
      options.lean();
    }
    SharedInformer<Sandbox> informer = SharedInformers.of(agents, options.build()).sandboxes();
    if (!informer.awaitSynced(Duration.ofMinutes(5))) {
      throw new IllegalStateException("the informer did not sync: " + informer.health());
    }
    List<ListenerRegistration> regs = new ArrayList<>();
    for (int l = 0; l < fast; l++) {
      int index = l;
      regs.add(informer.addListener(ListenerOptions.named("fast-" + l),
          new ResourceListener<>() {
            @Override
            public void onUpdate(Sandbox oldObj, Sandbox newObj) {
              stamps.update(index, newObj);
            }
          }));
    }
    ListenerRegistration slow = burner == null ? null : informer.addListener(
        ListenerOptions.named("slow"), new ResourceListener<>() {
          @Override
          public void onUpdate(Sandbox oldObj, Sandbox newObj) {
            burner.update(newObj);
          }
        });
    if (slow != null) {
      regs.add(slow);
    }
    // registered after sync, each listener first gets every object as an add
    await(() -> regs.stream().allMatch(r -> r.backlog() == 0 && r.delivered() >= c.objects()),
        "listeners did not get their initial adds: " + regs);
    return new Client() {
      @Override
      public ListenerRegistration slow() {
        return slow;
      }

      @Override
      public long coalesced(int listener) {
        return regs.get(listener).coalesced();
      }

      @Override
      public void close() {
        agents.close();
      }
    };
  }

  private static Client fabric8(KubernetesClient kc, Config c, int fast, Stamps stamps,
      Burner burner) {
    SharedIndexInformer<Sandbox> informer =
        kc.resources(Sandbox.class).inAnyNamespace().runnableInformer(0);
    AtomicLong adds = new AtomicLong();
    for (int l = 0; l < fast; l++) {
      int index = l;
      informer.addEventHandler(new ResourceEventHandler<>() {
        @Override
        public void onAdd(Sandbox obj) {
          adds.incrementAndGet();
        }

        @Override
        public void onUpdate(Sandbox oldObj, Sandbox newObj) {
          stamps.update(index, newObj);
        }

        @Override
        public void onDelete(Sandbox obj, boolean deletedFinalStateUnknown) {}
      });
    }
    if (burner != null) {
      informer.addEventHandler(new ResourceEventHandler<>() {
        @Override
        public void onAdd(Sandbox obj) {
          adds.incrementAndGet();
        }

        @Override
        public void onUpdate(Sandbox oldObj, Sandbox newObj) {
          burner.update(newObj);
        }

        @Override
        public void onDelete(Sandbox obj, boolean deletedFinalStateUnknown) {}
      });
    }
    informer.run();
    long expected = (long) c.objects() * (fast + (burner == null ? 0 : 1));
    await(() -> adds.get() >= expected, "fabric8 handlers did not get their adds");
    return new Client() {
      @Override
      public ListenerRegistration slow() {
        return null;
      }

      @Override
      public long coalesced(int listener) {
        return 0;
      }

      @Override
      public void close() {
        informer.close();
      }
    };
  }

  /** Pre-serialized events: event k is a new version of object k mod N; only its rv changes. */
  static final class Events {
    final int[] indexes;
    final byte[][] json;
    /** Where the resourceVersion's digits start in each event's JSON. */
    final int[] rvAt;

    private Events(int[] indexes, byte[][] json, int[] rvAt) {
      this.indexes = indexes;
      this.json = json;
      this.rvAt = rvAt;
    }

    static Events prepare(SandboxGenerator gen, int objects, int events) {
      byte[][] templates = new byte[Math.min(objects, events)][];
      int[] rvAt = new int[templates.length];
      byte[] marker = ("\"resourceVersion\":\"" + RV_BASE + "\"")
          .getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < templates.length; i++) {
        Sandbox s = gen.sandbox(i);
        s.getMetadata().setResourceVersion(String.valueOf(RV_BASE));
        templates[i] = ListServer.serialize(s);
        rvAt[i] = indexOf(templates[i], marker) + "\"resourceVersion\":\"".length();
      }
      int[] indexes = new int[events];
      byte[][] json = new byte[events][];
      int[] at = new int[events];
      for (int k = 0; k < events; k++) {
        int i = k % templates.length;
        indexes[k] = i;
        json[k] = templates[i].clone();
        at[k] = rvAt[i];
      }
      return new Events(indexes, json, at);
    }

    /** Gives event k the resourceVersion {@code base + k}; same number of digits as RV_BASE. */
    void number(long base) {
      for (int k = 0; k < json.length; k++) {
        byte[] digits = Long.toString(base + k).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, json[k], rvAt[k], digits.length);
      }
    }

    private static int indexOf(byte[] a, byte[] b) {
      outer:
      for (int i = 0; i + b.length <= a.length; i++) {
        for (int j = 0; j < b.length; j++) {
          if (a[i + j] != b[j]) {
            continue outer;
          }
        }
        return i;
      }
      throw new IllegalStateException("no resourceVersion in the serialized object");
    }
  }

  private static Step step(ListServer server, Events events, Client client, Stamps stamps,
      int fast, int index, int rate, Variant v, int run, Runnable afterBroadcast) {
    long rvBase = RV_BASE + RV_STEP * (index + 1);
    events.number(rvBase);
    int n = events.json.length;
    Recorder rec = new Recorder(fast, n, rvBase);
    ListenerRegistration slow = client.slow();
    long coalescedBefore = slow == null ? 0 : slow.coalesced();
    long[] fastCoalesced = new long[fast];
    for (int l = 0; l < fast; l++) {
      fastCoalesced[l] = client.coalesced(l);
    }
    stamps.current = rec;
    long cpu0 = cpuNanos();
    Map<String, Long> threads0 = threadCpuNanos();
    long sendStart = System.nanoTime();
    long[] sentAt = server.broadcast(events.indexes, events.json, rate);
    long sendEnd = System.nanoTime();
    long slowBacklog = slow == null ? -1 : slow.backlog();
    // a fast listener has every event but those coalesced in its queue (ours, when behind)
    await(() -> {
      for (int l = 0; l < fast; l++) {
        if (rec.counts.get(l) < n - (client.coalesced(l) - fastCoalesced[l])) {
          return false;
        }
      }
      return true;
    }, v.id + " step " + index + ": fast listeners did not get the events");
    long cpu = cpuNanos() - cpu0;
    Map<String, Long> threads1 = threadCpuNanos();
    stamps.current = null;
    if (afterBroadcast != null) {
      afterBroadcast.run();
    }
    long slowCoalesced = slow == null ? -1 : slow.coalesced() - coalescedBefore;
    if (slow != null) {
      await(() -> slow.backlog() == 0, "the slow listener did not catch up");
    }
    double[] perListener = new double[fast];
    List<Double> lags = new ArrayList<>();
    for (int l = 0; l < fast; l++) {
      long last = 0;
      int got = 0;
      for (int k = 0; k < n; k++) {
        long at = rec.receivedAt[l][k];
        if (at != 0) {
          got++;
          last = Math.max(last, at);
          lags.add((at - sentAt[k]) / 1e6);
        }
      }
      perListener[l] = got / ((last - sentAt[0]) / 1e9);
    }
    double[] lag = lags.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(lag);
    Step s = new Step(v, run, rate, n, (sendEnd - sendStart) / 1e9,
        Arrays.stream(perListener).min().orElse(Double.NaN), Stats.median(perListener),
        Stats.percentile(lag, 50), Stats.percentile(lag, 99), lag[lag.length - 1],
        cpu / 1e3 / n, slowBacklog, slowCoalesced, downsample(lag));
    if (index > 0) {
      System.err.printf(Locale.ROOT, "P5 %s run %d %s %s: sent %s/s, delivered %s/s per "
          + "listener (slowest), lag p50 %.2f p99 %.2f ms, %.1f µs CPU/event%s%n", v.id, run,
          afterBroadcast == null ? "offered" : "backlog memory step, offered", s.rateLabel(),
          Stats.fmt(s.sentPerSecond(), 0), Stats.fmt(s.minPerListener(), 0),
          s.lagP50Ms(), s.lagP99Ms(), s.cpuMicrosPerEvent(),
          slow == null ? "" : ", slow backlog " + slowBacklog + ", coalesced " + slowCoalesced);
      StringBuilder b = new StringBuilder();
      threads1.forEach((group, nanos) -> b.append(String.format(Locale.ROOT, ", %s %.1f", group,
          (nanos - threads0.getOrDefault(group, 0L)) / 1e3 / n)));
      System.err.printf(Locale.ROOT, "P5 %s run %d CPU µs/event by thread%s%n", v.id, run, b);
    }
    return s;
  }

  /**
   * Sends one more step at full speed with the slow listener parked at its first update, and
   * measures the heap its full backlog holds: used heap after GC while parked, minus after it
   * drained (the objects themselves stay in the informer's store either way).
   */
  private static BacklogMemory backlogMemory(ListServer server, Events events, Client client,
      Stamps stamps, int fast, Variant v, int run, Burner burner, int index) {
    ListenerRegistration slow = client.slow();
    CountDownLatch gate = new CountDownLatch(1);
    long[] measured = new long[2];
    // parked at its first update of the step, it holds every change of the step in its queue
    burner.parked = new CountDownLatch(1);
    burner.gate = gate;
    step(server, events, client, stamps, fast, index, 0, v, run, () -> {
      try {
        if (!burner.parked.await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the slow listener did not park");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      measured[0] = slow.backlog();
      long full = usedAfterGc();
      burner.gate = null;
      gate.countDown();
      await(() -> slow.backlog() == 0, "the slow listener did not catch up");
      measured[1] = full - usedAfterGc();
    });
    return new BacklogMemory(v, run, measured[0], measured[1]);
  }

  private static long usedAfterGc() {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    long last = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      long used = mem.getHeapMemoryUsage().getUsed();
      if (Math.abs(last - used) < 64 * 1024) {
        return used;
      }
      last = used;
    }
    return last;
  }

  /**
   * @return CPU time of the live threads by group: the client's event loop, fabric8's informer
   *     executor (our store, compaction, indexes and fan-out run there), our listener threads,
   *     the list server, and the rest (for the per-thread reading of the CPU per event)
   */
  private static Map<String, Long> threadCpuNanos() {
    java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<String, Long> groups = new java.util.TreeMap<>();
    for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t == null) {
        continue;
      }
      long nanos = mx.getThreadCpuTime(t.getThreadId());
      if (nanos < 0) {
        continue;
      }
      String name = t.getThreadName();
      String group = name.startsWith("vert.x-eventloop") ? "eventloop"
          : name.matches("-\\d+-pool-\\d+-thread-\\d+") ? "informer"
          : name.startsWith("agents-informers-listener") ? "listeners"
          : name.startsWith("list-server") ? "server" : "other";
      groups.merge(group, nanos, Long::sum);
    }
    return groups;
  }

  private static long cpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return 0;
  }

  private static double[] downsample(double[] sorted) {
    if (sorted.length <= DIST_POINTS) {
      return sorted;
    }
    double[] out = new double[DIST_POINTS];
    for (int k = 0; k < DIST_POINTS; k++) {
      out[k] = sorted[(int) Math.round((double) k * (sorted.length - 1) / (DIST_POINTS - 1))];
    }
    return out;
  }

  private static void await(java.util.function.BooleanSupplier condition, String failure) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(failure);
      }
      Heap.sleep(5);
    }
  }

  private static void forked(Config c, Variant v, int run, List<Step> steps,
      List<BacklogMemory> memory) {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xms2g", "-Xmx2g", "-XX:+UseG1GC"));
    if (c.jfrDir() != null) {
      try {
        Files.createDirectories(c.jfrDir());
      } catch (IOException e) {
        throw new IllegalStateException("cannot create " + c.jfrDir(), e);
      }
      cmd.add("-XX:StartFlightRecording=filename=" + c.jfrDir().resolve(
          "p5-" + v.id + "-" + run + ".jfr") + ",settings=profile");
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
        P5ListenerFanOut.class.getName(), "--child", v.id, "--run", String.valueOf(run),
        "--objects", String.valueOf(c.objects()), "--listeners", String.valueOf(c.listeners()),
        "--rates", rates(c.rates()), "--events", String.valueOf(c.events()),
        "--slow-micros", String.valueOf(c.slowMicros())));
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("P5STEP ")) {
            steps.add(parseStep(line));
          } else if (line.startsWith("P5MEM ")) {
            String[] f = line.split(" ");
            memory.add(new BacklogMemory(Variant.of(f[1]), Integer.parseInt(f[2]),
                Long.parseLong(f[3]), Long.parseLong(f[4])));
          } else {
            System.err.println(line);
          }
        }
      }
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException("the P5 child JVM for " + v.id + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot start a child JVM: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String format(Step s) {
    StringBuilder b = new StringBuilder("P5STEP");
    for (Object o : new Object[] {s.variant().id, s.run(), s.rate(), s.events(),
        s.sendSeconds(), s.minPerListener(), s.medianPerListener(), s.lagP50Ms(), s.lagP99Ms(),
        s.lagMaxMs(), s.cpuMicrosPerEvent(), s.slowBacklog(), s.slowCoalesced()}) {
      b.append(' ').append(o);
    }
    for (double d : s.lagMs()) {
      b.append(' ').append(d);
    }
    return b.toString();
  }

  private static Step parseStep(String line) {
    String[] f = line.split(" ");
    double[] lag = new double[f.length - 14];
    for (int i = 0; i < lag.length; i++) {
      lag[i] = Double.parseDouble(f[14 + i]);
    }
    return new Step(Variant.of(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
        Integer.parseInt(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
        Double.parseDouble(f[7]), Double.parseDouble(f[8]), Double.parseDouble(f[9]),
        Double.parseDouble(f[10]), Double.parseDouble(f[11]), Long.parseLong(f[12]),
        Long.parseLong(f[13]), lag);
  }

  private static String rates(int[] rates) {
    StringBuilder b = new StringBuilder();
    for (int r : rates) {
      b.append(b.length() == 0 ? "" : ",").append(r);
    }
    return b.toString();
  }

  private static int[] parseRates(String s) {
    return Arrays.stream(s.split(",")).mapToInt(x -> Integer.parseInt(x.trim())).toArray();
  }

  /**
   * Runs P5, prints the tables and writes the CSVs.
   *
   * @param argv see the class comment
   */
  public static void main(String[] argv) {
    Args args = new Args(argv);
    int[] rates = parseRates(args.string("rates", "25000,50000,100000,0"));
    Config c = new Config(args.integer("objects", 20_000), args.integer("listeners", 10),
        args.integer("runs", 5), rates, args.integer("events", 10_000),
        args.integer("slow-micros", 30),
        Arrays.stream(args.string("variants", "ours,ours-lean,ours-slow,fabric8,fabric8-slow,"
            + "fabric8-1-handler").split(",")).map(Variant::of).toList(),
        !args.flag("in-process"),
        args.string("jfr", null) == null ? null : Path.of(args.string("jfr", null)));
    if (args.string("child", null) != null) {
      List<Step> steps = new ArrayList<>();
      List<BacklogMemory> memory = new ArrayList<>();
      int run = args.integer("run", 1);
      measure(c, Variant.of(args.string("child", null)), run, steps, memory);
      steps.forEach(s -> System.out.println(format(s)));
      memory.forEach(m -> System.out.println("P5MEM " + m.variant().id + " " + m.run() + " "
          + m.entries() + " " + m.bytes()));
      System.exit(0);
    }
    Result r = run(c);
    System.out.println(r.markdown());
    String csvDir = args.string("csv-dir", null);
    if (csvDir != null) {
      r.writeCsv(Path.of(csvDir));
    }
    System.exit(0);
  }
}
