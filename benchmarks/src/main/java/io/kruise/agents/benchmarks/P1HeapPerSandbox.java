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
    FABRIC8("plain fabric8 7.5.2 SharedIndexInformer<Sandbox>");

    final String label;

    Variant(String label) {
      this.label = label;
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
   */
  public record Sample(Variant variant, int objects, long heapBefore, long heapAfter,
      double syncMillis) {
    /** @return retained KiB per cached object */
    public double kibPerObject() {
      return (heapAfter - heapBefore) / 1024.0 / objects;
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
      List<Sample> samples) {

    /**
     * @param v a variant
     * @return the median KiB per object of the variant
     */
    public double kibPerObject(Variant v) {
      return Stats.median(samples.stream().filter(s -> s.variant() == v)
          .mapToDouble(Sample::kibPerObject).toArray());
    }

    /** @return the table for docs/benchmarks.md */
    public String markdown() {
      double f8 = kibPerObject(Variant.FABRIC8);
      double full = kibPerObject(Variant.OURS_FULL);
      double lean = kibPerObject(Variant.OURS_LEAN);
      StringBuilder b = new StringBuilder();
      b.append(String.format("P1 heap per cached Sandbox: %,d objects of %s bytes JSON each, "
          + "%s%n%n", objects, Stats.fmt(jsonBytesPerObject, 0),
          forked ? "one fresh JVM per sample" : "one JVM, variants one after another"));
      b.append("| variant | KiB/object (median) | samples | ratio to plain fabric8 | target | "
          + "result |\n|---|---|---|---|---|---|\n");
      row(b, Variant.OURS_FULL, full, f8, "≤ 12 KiB", full <= 12);
      row(b, Variant.OURS_LEAN, lean, f8, "≤ 4 KiB and ≤ 0.3× fabric8",
          lean <= 4 && lean <= 0.3 * f8);
      row(b, Variant.FABRIC8, f8, f8, "(baseline)", null);
      return b.toString();
    }

    private void row(StringBuilder b, Variant v, double kib, double f8, String target,
        Boolean pass) {
      List<Double> all = samples.stream().filter(s -> s.variant() == v)
          .map(Sample::kibPerObject).toList();
      b.append("| ").append(v.label).append(" | ").append(Stats.fmt(kib, 2)).append(" | ")
          .append(Stats.all(all, 2)).append(" | ").append(Stats.fmt(kib / f8, 2)).append("× | ")
          .append(target).append(" | ")
          .append(pass == null ? "" : pass ? "PASS" : "MISS").append(" |\n");
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
   * @return the samples
   */
  public static Result run(int objects, int repetitions, boolean fork, String childHeap,
      Path histoDir) {
    SandboxGenerator gen = SandboxGenerator.standard();
    try (ListServer server = ListServer.start(objects, gen::sandbox)) {
      List<Sample> samples = new ArrayList<>();
      for (int r = 0; r < repetitions; r++) {
        for (Variant v : Variant.values()) {
          Sample s = fork ? forked(v, server, objects, childHeap, histoDir)
              : measure(v, server.url(), objects, null);
          System.err.printf("P1 %s: %s KiB/object (sync %s ms)%n", v, Stats.fmt(
              s.kibPerObject(), 2), Stats.fmt(s.syncMillis(), 0));
          samples.add(s);
        }
      }
      return new Result(objects, server.meanObjectBytes(), fork, samples);
    }
  }

  /** Measures one variant in this JVM. */
  static Sample measure(Variant v, String url, int objects, Path histo) {
    try (KubernetesClient kc = ListServer.newClient(url, null)) {
      // warm up the client, the serializer and the model classes before the baseline
      kc.resources(Sandbox.class).inAnyNamespace()
          .list(new ListOptionsBuilder().withLimit(1L).build());
      long before = Heap.usedAfterGc();
      long start = System.nanoTime();
      Object cache;
      AgentsClient agents = null;
      SharedIndexInformer<Sandbox> plain = null;
      if (v == Variant.FABRIC8) {
        plain = kc.resources(Sandbox.class).inAnyNamespace().inform();
        cache = plain;
        check(plain.getIndexer().listKeys().size(), objects);
      } else {
        agents = AgentsClient.create(kc);
        SharedInformer<Sandbox> informer = SharedInformers.of(agents, v == Variant.OURS_LEAN
            ? InformerOptions.builder().lean().build() : InformerOptions.DEFAULTS).sandboxes();
        if (!informer.awaitSynced(Duration.ofMinutes(10))) {
          throw new IllegalStateException("our informer did not sync: " + informer.health());
        }
        cache = informer;
        check(informer.lister().size(), objects);
      }
      double syncMillis = (System.nanoTime() - start) / 1e6;
      long after = Heap.usedAfterGc();
      if (histo != null) {
        try {
          Files.write(histo, Heap.histogram(30));
        } catch (IOException e) {
          System.err.println("cannot write " + histo + ": " + e);
        }
      }
      java.lang.ref.Reference.reachabilityFence(cache);
      if (plain != null) {
        plain.close();
      }
      if (agents != null) {
        agents.close();
      }
      return new Sample(v, objects, before, after, syncMillis);
    }
  }

  private static void check(int size, int objects) {
    if (size != objects) {
      throw new IllegalStateException("cache holds " + size + " objects, expected " + objects);
    }
  }

  private static Sample forked(Variant v, ListServer server, int objects, String heap,
      Path histoDir) {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap, "-Xms" + heap, "-XX:+UseG1GC",
        "-cp", System.getProperty("java.class.path"),
        P1HeapPerSandbox.class.getName(), "--child", v.name(), "--url", server.url(),
        "--objects", String.valueOf(objects)));
    if (histoDir != null) {
      cmd.add("--histo");
      cmd.add(histoDir.resolve("p1-histo-" + v.name().toLowerCase(java.util.Locale.ROOT) + ".txt").toString());
    }
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String result = null;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("P1RESULT ")) {
            result = line;
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
          Double.parseDouble(f[5]));
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
   * @param argv {@code --objects N --repetitions R --in-process --histo --child-heap 8g}
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
    Result r = run(objects, args.integer("repetitions", 2), !args.flag("in-process"),
        args.string("child-heap", "8g"), histoDir);
    System.out.println(r.markdown());
    if (histoDir != null) {
      System.out.println("class histograms: " + histoDir.toAbsolutePath()
          + "/p1-histo-<variant>.txt");
    }
    System.exit(0);
  }

  /** The forked JVM: connects to the parent's list server and measures one variant. */
  private static void child(Args args) {
    Variant v = Variant.valueOf(args.string("child", null));
    String histo = args.string("histo", null);
    Sample s = measure(v, args.string("url", null), args.integer("objects", 0),
        histo == null ? null : Path.of(histo));
    System.out.println("P1RESULT " + v.name() + " " + s.objects() + " " + s.heapBefore() + " "
        + s.heapAfter() + " " + s.syncMillis());
    System.exit(0);
  }
}
