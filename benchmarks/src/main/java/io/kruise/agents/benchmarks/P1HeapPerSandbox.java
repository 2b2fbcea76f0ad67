package io.kruise.agents.benchmarks;

import io.kruise.agents.informers.SharedInformers;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.informers.InformerOptions;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.model.Sandbox;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * P1: heap retained per cached Sandbox, for our full store, our lean store and a plain fabric8
 * {@code SharedIndexInformer} of the same typed model, all fed the same realistic objects
 * ({@link SandboxGenerator}) by one {@link ListServer}.
 *
 * <p>Each variant runs in a fresh JVM (default): used heap after full collections is measured
 * once the client is connected and warmed up, and again after the informer synced; the
 * difference divided by the object count is the cost of one cached object, including the
 * store's maps and indexes.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.kruise.agents.benchmarks.P1HeapPerSandbox \
 *     --objects 100000 [--repetitions 2] [--histo] [--child-heap 8g]
 * </pre>
 */
public final class P1HeapPerSandbox {

  /** The caches compared. */
  public enum Variant {
    /** {@code SharedInformers.of(agents).sandboxes()} with the default options. */
    OURS_FULL("ours, full store"),
    /** {@code SharedInformers.of(agents, InformerOptions.builder().lean().build()).sandboxes()}. */
    OURS_LEAN("ours, lean store"),
    /** {@code client.resources(Sandbox.class).inAnyNamespace().inform()}. */
    FABRIC8("plain fabric8 7.5.2 SharedIndexInformer<Sandbox>"),
    /**
     * fabric8's informer with a stripping {@code ItemStore} of its own: drops what our lean store
     * drops (managedFields, spec.template, spec.volumeClaimTemplates) before storing.
     */
    FABRIC8_STRIPPED("tuned fabric8: SharedIndexInformer<Sandbox> with a stripping ItemStore");

    final String label;

    Variant(String label) {
      this.label = label;
    }

    /** @return the name in the CSV files */
    public String csvName() {
      return switch (this) {
        case OURS_FULL -> "ours full";
        case OURS_LEAN -> "ours lean";
        case FABRIC8 -> "fabric8 plain";
        case FABRIC8_STRIPPED -> "fabric8 stripped";
      };
    }
  }

  /**
   * fabric8's own store, stripping before it stores: the best a fabric8 user would write to
   * keep what our lean store keeps.
   */
  static final class StrippingItemStore
      extends io.fabric8.kubernetes.client.informers.cache.BasicItemStore<Sandbox> {
    StrippingItemStore() {
      super(io.fabric8.kubernetes.client.informers.cache.Cache::metaNamespaceKeyFunc);
    }

    @Override
    public Sandbox put(String key, Sandbox obj) {
      if (obj.getMetadata() != null) {
        obj.getMetadata().setManagedFields(null);
      }
      if (obj.getSpec() != null) {
        obj.getSpec().setTemplate(null);
        obj.getSpec().setVolumeClaimTemplates(null);
      }
      return super.put(key, obj);
    }
  }

  /**
   * One measurement.
   *
   * @param variant the cache
   * @param objects objects cached
   * @param heapBefore used heap before the informer started
   * @param heapAfter used heap after it synced
   * @param syncMillis time to sync from the list server
   * @param heapAfterChurn used heap after the status-update churn, or -1 without churn
   * @param stringTableBefore native bytes of the JVM's string table (buckets and entries; the
   *     interned strings themselves are heap objects, counted in the heap) before the informer
   * @param stringTableAfter the same after sync
   * @param stringTableAfterChurn the same after churn, or -1
   */
  public record Sample(Variant variant, int objects, long heapBefore, long heapAfter,
      double syncMillis, long heapAfterChurn, long stringTableBefore, long stringTableAfter,
      long stringTableAfterChurn) {
    /** @return retained KiB per cached object after sync, heap plus string-table growth */
    public double kibPerObject() {
      return (heapAfter - heapBefore + Math.max(0, stringTableAfter - stringTableBefore))
          / 1024.0 / objects;
    }

    /** @return the same after churn, or NaN without churn */
    public double kibPerObjectAfterChurn() {
      return heapAfterChurn < 0 ? Double.NaN : (heapAfterChurn - heapBefore
          + Math.max(0, stringTableAfterChurn - stringTableBefore)) / 1024.0 / objects;
    }
  }

  /**
   * The result of a run.
   *
   * @param objects objects per variant
   * @param jsonBytesPerObject mean JSON size of one object
   * @param forked whether each sample had its own JVM
   * @param samples all samples, in run order
   */
  public record Result(int objects, double jsonBytesPerObject, boolean forked,
      List<Sample> samples, int churnRounds) {

    /**
     * @param v a variant
     * @return the median KiB per object of the variant after sync
     */
    public double kibPerObject(Variant v) {
      return Stats.median(samples.stream().filter(s -> s.variant() == v)
          .mapToDouble(Sample::kibPerObject).toArray());
    }

    /**
     * @param v a variant
     * @return the median KiB per object of the variant after churn (NaN without churn)
     */
    public double kibPerObjectAfterChurn(Variant v) {
      return Stats.median(samples.stream().filter(s -> s.variant() == v)
          .mapToDouble(Sample::kibPerObjectAfterChurn).toArray());
    }

    /** @return the table for docs/benchmarks.md */
    public String markdown() {
      double f8 = kibPerObject(Variant.FABRIC8);
      double f8churn = kibPerObjectAfterChurn(Variant.FABRIC8);
      StringBuilder b = new StringBuilder();
      b.append(String.format("P1 heap per cached Sandbox: %,d objects of %s bytes JSON each "
          + "(100 pools, each with its own template), %s; %s%n%n", objects,
          Stats.fmt(jsonBytesPerObject, 0),
          forked ? "one fresh JVM per sample" : "one JVM, variants one after another",
          churnRounds > 0 ? churnRounds + " rounds of status-update churn over all objects after"
              + " the sync" : "no churn"));
      b.append("| variant | KiB/object after sync (median) | samples | ratio to plain fabric8 "
          + "| after churn (median) | samples | ratio to plain fabric8 after churn | churn / sync "
          + "| target | result |\n|---|---|---|---|---|---|---|---|---|---|\n");
      for (Variant v : Variant.values()) {
        List<Sample> xs = samples.stream().filter(x -> x.variant() == v).toList();
        if (xs.isEmpty()) {
          continue;
        }
        double kib = kibPerObject(v);
        double churn = kibPerObjectAfterChurn(v);
        double limit = v == Variant.OURS_FULL ? 0.4 : v == Variant.OURS_LEAN ? 0.2 : 0;
        List<Double> ratios = new ArrayList<>();
        for (Sample x : xs) {
          ratios.add(x.kibPerObject() / f8);
          if (!Double.isNaN(x.kibPerObjectAfterChurn())) {
            ratios.add(x.kibPerObjectAfterChurn() / f8churn);
          }
        }
        boolean churnOk = Double.isNaN(churn) || Math.abs(churn / kib - 1) <= 0.10;
        String result = limit == 0 ? "" : ratios.stream().allMatch(r -> r <= limit) && churnOk
            ? "PASS" : "MISS";
        b.append("| ").append(v.label).append(" | ").append(Stats.fmt(kib, 2)).append(" | ")
            .append(Stats.all(xs.stream().map(Sample::kibPerObject).toList(), 2)).append(" | ")
            .append(Stats.fmt(kib / f8, 2)).append("× | ")
            .append(Double.isNaN(churn) ? "—" : Stats.fmt(churn, 2)).append(" | ")
            .append(Double.isNaN(churn) ? "—" : Stats.all(xs.stream()
                .map(Sample::kibPerObjectAfterChurn).toList(), 2)).append(" | ")
            .append(Double.isNaN(churn) ? "—" : Stats.fmt(churn / f8churn, 2) + "×")
            .append(" | ").append(Double.isNaN(churn) ? "—" : Stats.fmt(churn / kib, 2))
            .append(" | ").append(limit == 0 ? "(baseline)" : "≤ " + limit
                + "× plain fabric8, after churn within 10% of after sync").append(" | ")
            .append(result).append(" |\n");
      }
      b.append("\nJVM string table (native buckets and entries) grew by, per object after sync:");
      for (Variant v : Variant.values()) {
        samples.stream().filter(x -> x.variant() == v).findFirst().ifPresent(x -> b.append(' ')
            .append(v.csvName()).append(' ').append(Stats.fmt((x.stringTableAfter()
                - x.stringTableBefore()) / (double) objects, 1)).append(" B;"));
      }
      b.append(" (included in the KiB above; the interned strings themselves are heap objects)\n");
      double stripped = kibPerObject(Variant.FABRIC8_STRIPPED);
      if (!Double.isNaN(stripped)) {
        b.append(String.format("%nours lean / tuned fabric8 (stripping ItemStore): %s× after "
            + "sync, %s× after churn%n", Stats.fmt(kibPerObject(Variant.OURS_LEAN) / stripped, 2),
            Stats.fmt(kibPerObjectAfterChurn(Variant.OURS_LEAN)
                / kibPerObjectAfterChurn(Variant.FABRIC8_STRIPPED), 2)));
      }
      return b.toString();
    }

    /**
     * Writes {@code p1-heap.csv}: per run and variant the KiB per object after sync and after
     * churn.
     *
     * @param dir the directory
     */
    public void writeCsv(Path dir) {
      int[] run = new int[Variant.values().length];
      try (Csv csv = Csv.create(dir.resolve("p1-heap.csv"))) {
        for (Sample x : samples) {
          int r = ++run[x.variant().ordinal()];
          csv.sample(x.variant().csvName(), r, "kib_per_object_after_sync", "KiB",
              x.kibPerObject());
          if (!Double.isNaN(x.kibPerObjectAfterChurn())) {
            csv.sample(x.variant().csvName(), r, "kib_per_object_after_churn", "KiB",
                x.kibPerObjectAfterChurn());
          }
          csv.sample(x.variant().csvName(), r, "string_table_growth_after_sync", "bytes",
              x.stringTableAfter() - x.stringTableBefore());
          csv.sample(x.variant().csvName(), r, "sync", "ms", x.syncMillis());
        }
      }
    }
  }

  private P1HeapPerSandbox() {}

  /**
   * Runs P1.
   *
   * @param objects objects per variant
   * @param repetitions samples per variant (variants alternate)
   * @param fork one fresh JVM per sample; false measures in this JVM one after another
   * @param childHeap -Xmx of the forked JVMs
   * @param histoDir where forked JVMs write {@code jmap -histo:live} tops; null for none
   * @param churnRounds rounds of status-update churn over all objects after the sync (0: none)
   * @return the samples
   */
  public static Result run(int objects, int repetitions, boolean fork, String childHeap,
      Path histoDir, int churnRounds) {
    SandboxGenerator gen = SandboxGenerator.standard();
    try (ListServer server = ListServer.start(objects, gen::sandbox)) {
      Churn churn = new Churn(server, gen, objects, churnRounds);
      List<Sample> samples = new ArrayList<>();
      for (int r = 0; r < repetitions; r++) {
        for (Variant v : Variant.values()) {
          Sample s = fork ? forked(v, server, objects, childHeap, histoDir, churn)
              : measure(v, server.url(), objects, null, churnRounds, churn::broadcast);
          churn.restore();
          System.err.printf("P1 %s: %s KiB/object after sync, %s after churn (sync %s ms)%n", v,
              Stats.fmt(s.kibPerObject(), 2), Stats.fmt(s.kibPerObjectAfterChurn(), 2),
              Stats.fmt(s.syncMillis(), 0));
          samples.add(s);
        }
      }
      return new Result(objects, server.meanObjectBytes(), fork, samples, churnRounds);
    }
  }

  /**
   * Status-update churn: each round sends every object once more as MODIFIED, with a new
   * resourceVersion, new condition times and a new status-manager time in its managedFields (per
   * object, as a sandbox controller's status writes make them).
   */
  static final class Churn {
    private final ListServer server;
    private final SandboxGenerator gen;
    private final int objects;
    private final int rounds;
    /** The rounds' bytes, kept between samples when they fit in a few hundred MB. */
    private byte[][][] cached;

    Churn(ListServer server, SandboxGenerator gen, int objects, int rounds) {
      this.server = server;
      this.gen = gen;
      this.objects = objects;
      this.rounds = rounds;
    }

    /** The resourceVersion of object {@code i} after round {@code r} (from 1). */
    static long resourceVersion(int objects, int r, int i) {
      return 10_000_000L * r + i;
    }

    /** Sends every round to the open watches (waits for one to be open). */
    void broadcast() {
      if (rounds == 0) {
        return;
      }
      server.awaitOpenWatches(1, 60_000);
      int[] indexes = new int[objects];
      for (int i = 0; i < objects; i++) {
        indexes[i] = i;
      }
      boolean keep = (long) objects * rounds <= 300_000;
      if (keep && cached == null) {
        cached = new byte[rounds][][];
      }
      for (int r = 1; r <= rounds; r++) {
        byte[][] changed = keep ? cached[r - 1] : null;
        if (changed == null) {
          changed = new byte[objects][];
          for (int i = 0; i < objects; i++) {
            changed[i] = ListServer.serialize(changed(i, r));
          }
          if (keep) {
            cached[r - 1] = changed;
          }
        }
        server.broadcast(indexes, changed, 0);
        System.err.printf("P1 churn round %d sent%n", r);
      }
    }

    /** Makes the list server serve the original objects again, for the next sample. */
    void restore() {
      if (rounds == 0) {
        return;
      }
      int[] indexes = new int[objects];
      byte[][] original = new byte[objects][];
      for (int i = 0; i < objects; i++) {
        indexes[i] = i;
        original[i] = ListServer.serialize(gen.sandbox(i));
      }
      server.broadcast(indexes, original, 0);
    }

    private Sandbox changed(int i, int r) {
      Sandbox s = gen.sandbox(i);
      s.getMetadata().setResourceVersion(String.valueOf(resourceVersion(objects, r, i)));
      java.time.Instant at = java.time.Instant.parse(s.getMetadata().getCreationTimestamp())
          .plusSeconds(60L * r + (i % 59));
      for (io.fabric8.kubernetes.api.model.Condition c : s.getStatus().getConditions()) {
        c.setLastTransitionTime(at.toString());
      }
      s.getMetadata().getManagedFields().get(1).setTime(at.toString());
      return s;
    }
  }

  /** Measures one variant in this JVM; {@code churn} runs after the sync's measurement. */
  static Sample measure(Variant v, String url, int objects, Path histo, int churnRounds,
      Runnable churn) {
    try (KubernetesClient kc = ListServer.newClient(url, null)) {
      // warm up the client, the serializer and the model classes before the baseline
      kc.resources(Sandbox.class).inAnyNamespace()
          .list(new ListOptionsBuilder().withLimit(1L).build());
      long before = Heap.usedAfterGc();
      long tableBefore = stringTableBytes();
      long start = System.nanoTime();
      AgentsClient agents = null;
      SharedIndexInformer<Sandbox> plain = null;
      java.util.function.Supplier<List<Sandbox>> contents;
      if (v == Variant.FABRIC8 || v == Variant.FABRIC8_STRIPPED) {
        if (v == Variant.FABRIC8) {
          plain = kc.resources(Sandbox.class).inAnyNamespace().inform();
        } else {
          plain = kc.resources(Sandbox.class).inAnyNamespace().runnableInformer(0);
          plain.itemStore(new StrippingItemStore());
          plain.run();
        }
        SharedIndexInformer<Sandbox> p = plain;
        contents = () -> p.getStore().list();
      } else {
        agents = AgentsClient.create(kc);
        SharedInformer<Sandbox> informer = SharedInformers.of(agents, v == Variant.OURS_LEAN
            ? InformerOptions.builder().lean().build() : InformerOptions.DEFAULTS).sandboxes();
        if (!informer.awaitSynced(Duration.ofMinutes(10))) {
          throw new IllegalStateException("our informer did not sync: " + informer.health());
        }
        contents = () -> informer.lister().list("");
      }
      check(contents.get().size(), objects);
      double syncMillis = (System.nanoTime() - start) / 1e6;
      long after = Heap.usedAfterGc();
      long tableAfter = stringTableBytes();
      long afterChurn = -1;
      long tableAfterChurn = -1;
      if (churnRounds > 0) {
        churn.run();
        awaitChurned(contents, objects, churnRounds);
        afterChurn = Heap.usedAfterGc();
        tableAfterChurn = stringTableBytes();
      }
      if (histo != null) {
        try {
          Files.write(histo, Heap.histogram(30));
        } catch (IOException e) {
          System.err.println("cannot write " + histo + ": " + e);
        }
      }
      java.lang.ref.Reference.reachabilityFence(contents);
      if (plain != null) {
        plain.close();
      }
      if (agents != null) {
        agents.close();
      }
      return new Sample(v, objects, before, after, syncMillis, afterChurn, tableBefore,
          tableAfter, tableAfterChurn);
    }
  }

  /** Waits until every cached object is at the last round's version. */
  private static void awaitChurned(java.util.function.Supplier<List<Sandbox>> contents,
      int objects, int rounds) {
    long last = Churn.resourceVersion(objects, rounds, 0);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (true) {
      List<Sandbox> all = contents.get();
      long done = all.stream().filter(s -> Long.parseLong(s.getMetadata().getResourceVersion())
          >= last).count();
      if (done == objects && all.size() == objects) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(done + " of " + objects + " objects saw the churn");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * @return native bytes of the JVM's string table (buckets and entries), from {@code jcmd
   *     VM.stringtable}; 0 when jcmd is unavailable
   */
  static long stringTableBytes() {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process p = new ProcessBuilder(jcmd.toString(),
          String.valueOf(ProcessHandle.current().pid()), "VM.stringtable")
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(60, TimeUnit.SECONDS);
      long total = 0;
      for (String line : out.split("\n")) {
        if (line.startsWith("Number of buckets") || line.startsWith("Number of entries")) {
          java.util.regex.Matcher m = java.util.regex.Pattern.compile("=\\s*(\\d+) bytes")
              .matcher(line);
          if (m.find()) {
            total += Long.parseLong(m.group(1));
          }
        }
      }
      return total;
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private static void check(int size, int objects) {
    if (size != objects) {
      throw new IllegalStateException("cache holds " + size + " objects, expected " + objects);
    }
  }

  private static Sample forked(Variant v, ListServer server, int objects, String heap,
      Path histoDir, Churn churn) {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap, "-Xms" + heap, "-XX:+UseG1GC",
        "-cp", System.getProperty("java.class.path"),
        P1HeapPerSandbox.class.getName(), "--child", v.name(), "--url", server.url(),
        "--objects", String.valueOf(objects), "--churn-rounds", String.valueOf(churn.rounds)));
    if (histoDir != null) {
      cmd.add("--histo");
      cmd.add(histoDir.resolve("p1-histo-" + v.name().toLowerCase(java.util.Locale.ROOT)
          + ".txt").toString());
    }
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String result = null;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8));
          java.io.Writer in = new java.io.OutputStreamWriter(p.getOutputStream(),
              StandardCharsets.UTF_8)) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("P1RESULT ")) {
            result = line;
          } else if (line.equals("P1SYNCED")) {
            // the child measured its heap after sync and has its watch open: churn it
            churn.broadcast();
            in.write("P1CHURNED\n");
            in.flush();
          } else {
            System.err.println(line);
          }
        }
      }
      if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0 || result == null) {
        throw new IllegalStateException("the P1 child JVM for " + v + " failed (exit "
            + (p.isAlive() ? "timeout" : p.exitValue()) + ")");
      }
      String[] f = result.split(" ");
      return new Sample(v, Integer.parseInt(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
          Double.parseDouble(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]),
          Long.parseLong(f[8]), Long.parseLong(f[9]));
    } catch (IOException e) {
      throw new IllegalStateException("cannot start a child JVM: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs P1 and prints the table.
   *
   * @param argv {@code --objects N --repetitions R --churn-rounds C --in-process --histo
   *     --histo-dir DIR --child-heap 8g --csv-dir DIR}
   */
  public static void main(String[] argv) {
    Args args = new Args(argv);
    if (args.string("child", null) != null) {
      child(args);
      return;
    }
    int objects = args.integer("objects", 100_000);
    Path histoDir = null;
    if (args.flag("histo")) {
      histoDir = Path.of(args.string("histo-dir", "."));
    }
    Result r = run(objects, args.integer("repetitions", args.integer("runs", 2)),
        !args.flag("in-process"), args.string("child-heap", "8g"), histoDir,
        args.integer("churn-rounds", 10));
    System.out.println(r.markdown());
    if (histoDir != null) {
      System.out.println("class histograms: " + histoDir.toAbsolutePath()
          + "/p1-histo-<variant>.txt");
    }
    String csvDir = args.string("csv-dir", null);
    if (csvDir != null) {
      r.writeCsv(Path.of(csvDir));
    }
    System.exit(0);
  }

  /** The forked JVM: connects to the parent's list server and measures one variant. */
  private static void child(Args args) {
    Variant v = Variant.valueOf(args.string("child", null));
    String histo = args.string("histo", null);
    int rounds = args.integer("churn-rounds", 0);
    Sample s = measure(v, args.string("url", null), args.integer("objects", 0),
        histo == null ? null : Path.of(histo), rounds, () -> {
          // the parent churns between these two lines
          System.out.println("P1SYNCED");
          System.out.flush();
          try {
            String line = new BufferedReader(new InputStreamReader(System.in,
                StandardCharsets.UTF_8)).readLine();
            if (!"P1CHURNED".equals(line)) {
              throw new IllegalStateException("expected P1CHURNED from the parent: " + line);
            }
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });
    System.out.println("P1RESULT " + v.name() + " " + s.objects() + " " + s.heapBefore() + " "
        + s.heapAfter() + " " + s.syncMillis() + " " + s.heapAfterChurn() + " "
        + s.stringTableBefore() + " " + s.stringTableAfter() + " " + s.stringTableAfterChurn());
    System.exit(0);
  }
}
