package io.kruise.agents.benchmarks;

import io.kruise.agents.informers.SharedInformers;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.testkit.RealApiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * P2: initial sync of Sandboxes from the real API server (the testkit's etcd + Kubernetes CRD
 * API server), ours ({@code SharedInformers.of(agents).sandboxes().awaitSynced}, pages of 500) against a
 * plain fabric8 informer of the same typed model ({@code inAnyNamespace().inform()}, one unpaged
 * list, fabric8's default) and, for reference, the same with {@code withLimit(500)}.
 *
 * <p>The objects are created once, with a few threads, from {@link SandboxGenerator} (the server
 * adds its own managedFields); then every variant syncs in turn with a fresh client, in an order
 * that rotates each repetition, after one discarded warm-up sync of each.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.kruise.agents.benchmarks.P2InitialSync \
 *     --objects 20000 [--repetitions 5] [--threads 4]
 * </pre>
 */
public final class P2InitialSync {

  /** The informers compared. */
  public enum Variant {
    /** {@code SharedInformers.of(agents).sandboxes().awaitSynced(..)}, default options (pages of 500). */
    OURS("ours (pages of 500)"),
    /** {@code client.resources(Sandbox.class).inAnyNamespace().inform()}. */
    FABRIC8("plain fabric8 inform() (unpaged)"),
    /** {@code client.resources(Sandbox.class).inAnyNamespace().withLimit(500L).inform()}. */
    FABRIC8_PAGED("plain fabric8 withLimit(500).inform()");

    final String label;

    Variant(String label) {
      this.label = label;
    }
  }

  /**
   * One sync.
   *
   * @param variant the informer
   * @param millis start to synced
   */
  public record Sample(Variant variant, double millis) {}

  /**
   * The result of a run.
   *
   * @param objects objects on the server
   * @param createSeconds time to create them (and set their status)
   * @param samples measured syncs (warm-up excluded), in run order
   */
  public record Result(int objects, double createSeconds, List<Sample> samples) {

    /**
     * @param v a variant
     * @return its median sync time in milliseconds
     */
    public double medianMillis(Variant v) {
      return Stats.median(samples.stream().filter(s -> s.variant() == v)
          .mapToDouble(Sample::millis).toArray());
    }

    /** @return the table for docs/benchmarks.md */
    public String markdown() {
      double f8 = medianMillis(Variant.FABRIC8);
      StringBuilder b = new StringBuilder();
      b.append(String.format("P2 initial sync of %,d Sandboxes from the real API server "
          + "(created in %s s); median of %d alternating repetitions after a warm-up%n%n",
          objects, Stats.fmt(createSeconds, 0),
          samples.stream().filter(s -> s.variant() == Variant.OURS).count()));
      b.append("| variant | median sync | samples (s) | ratio to plain fabric8 | target | "
          + "result |\n|---|---|---|---|---|---|\n");
      for (Variant v : Variant.values()) {
        double m = medianMillis(v);
        List<Double> all = samples.stream().filter(s -> s.variant() == v)
            .map(s -> s.millis() / 1000).toList();
        b.append("| ").append(v.label).append(" | ").append(Stats.fmt(m / 1000, 2))
            .append(" s | ").append(Stats.all(all, 2)).append(" | ")
            .append(Stats.fmt(m / f8, 2)).append("× | ")
            .append(v == Variant.OURS ? "≤ 1.1× plain fabric8" : "").append(" | ")
            .append(v == Variant.OURS ? (m <= 1.1 * f8 ? "PASS" : "MISS") : "")
            .append(" |\n");
      }
      return b.toString();
    }
  }

  private P2InitialSync() {}

  /**
   * Runs P2 on a running server; leaves the objects it created in namespaces
   * {@code p2-<id>-team-*}.
   *
   * @param server the real API server
   * @param objects how many Sandboxes
   * @param repetitions measured syncs per variant
   * @param threads writer threads for the creation
   * @return the samples
   */
  public static Result run(RealApiServer server, int objects, int repetitions, int threads) {
    SandboxGenerator gen = SandboxGenerator.standard();
    String prefix = "p2-" + RealServers.runId() + "-";
    long t0 = System.nanoTime();
    try (KubernetesClient admin = server.newAdminClient(null);
        AgentsClient agents = AgentsClient.create(admin)) {
      RealServers.create(agents, objects, i -> {
        Sandbox s = gen.forCreate(i);
        s.getMetadata().setNamespace(prefix + s.getMetadata().getNamespace());
        return s;
      }, i -> gen.sandbox(i).getStatus(), threads);
    }
    double createSeconds = (System.nanoTime() - t0) / 1e9;
    int expected;
    try (KubernetesClient admin = server.newAdminClient(null)) {
      String cont = null;
      expected = 0;
      do {
        var page = admin.resources(Sandbox.class).inAnyNamespace().list(new ListOptionsBuilder()
            .withLimit(5000L).withContinue(cont).build());
        expected += page.getItems().size();
        cont = page.getMetadata().getContinue();
      } while (cont != null && !cont.isEmpty());
    }
    System.err.printf("P2: created %,d Sandboxes in %s s; the server holds %,d%n", objects,
        Stats.fmt(createSeconds, 1), expected);

    Variant[] order = Variant.values();
    for (Variant v : order) {
      double ms = sync(server, v, expected);
      System.err.printf("P2 warm-up %s: %s ms%n", v, Stats.fmt(ms, 0));
    }
    List<Sample> samples = new ArrayList<>();
    for (int r = 0; r < repetitions; r++) {
      for (int k = 0; k < order.length; k++) {
        Variant v = order[(k + r) % order.length];
        double ms = sync(server, v, expected);
        System.err.printf("P2 repetition %d %s: %s ms%n", r, v, Stats.fmt(ms, 0));
        samples.add(new Sample(v, ms));
      }
    }
    return new Result(objects, createSeconds, samples);
  }

  /** One sync with a fresh client; the client's creation is not timed. */
  static double sync(RealApiServer server, Variant v, int expected) {
    System.gc();
    try (KubernetesClient kc = server.newAdminClient(null)) {
      long start = System.nanoTime();
      int size;
      if (v == Variant.OURS) {
        try (AgentsClient agents = AgentsClient.create(kc)) {
          SharedInformer<Sandbox> informer = SharedInformers.of(agents).sandboxes();
          if (!informer.awaitSynced(Duration.ofMinutes(10))) {
            throw new IllegalStateException("our informer did not sync: " + informer.health());
          }
          long end = System.nanoTime();
          size = informer.lister().size();
          check(v, size, expected);
          return (end - start) / 1e6;
        }
      }
      var op = kc.resources(Sandbox.class).inAnyNamespace();
      try (SharedIndexInformer<Sandbox> informer = v == Variant.FABRIC8_PAGED
          ? op.withLimit(500L).inform() : op.inform()) {
        long end = System.nanoTime();
        size = informer.getIndexer().listKeys().size();
        check(v, size, expected);
        return (end - start) / 1e6;
      }
    }
  }

  private static void check(Variant v, int size, int expected) {
    if (size != expected) {
      throw new IllegalStateException(v + " synced " + size + " objects, expected " + expected);
    }
  }

  /**
   * Starts a real API server, runs P2, prints the table and stops the server.
   *
   * @param argv {@code --objects N --repetitions R --threads T}
   */
  public static void main(String[] argv) {
    Args args = new Args(argv);
    Result r;
    try (RealApiServer server = RealApiServer.start()) {
      r = run(server, args.integer("objects", 20_000), args.integer("repetitions", 5),
          args.integer("threads", 4));
    }
    System.out.println(r.markdown());
    System.exit(0);
  }
}
