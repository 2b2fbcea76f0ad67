package io.kruise.agents.benchmarks;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.controller.josdk.JosdkSharing;
import io.kruise.agents.controller.pool.PoolControllerOptions;
import io.kruise.agents.controller.pool.PoolControllerStats;
import io.kruise.agents.controller.pool.SandboxSetPoolController;
import io.kruise.agents.controller.pool.SimulatedSandboxRuntime;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.SandboxPool;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetSpec;
import io.kruise.agents.testkit.RealApiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * P7: the SandboxSet pool controller on the real API server, whole runs. Each round, in a fresh
 * namespace, with the controller on java-operator-sdk over the shared informers and a
 * {@link SimulatedSandboxRuntime} that marks each new Sandbox Running and Ready at once (the test
 * server has no kubelet):
 *
 * <ul>
 *   <li>fill: a SandboxSet of {@code replicas} created at t0; time until its status reports all
 *       of them available;</li>
 *   <li>refill: {@code claims} claims through {@link SandboxPool} (one thread); time from the
 *       last claim's answer until the status reports the pool full again;</li>
 *   <li>reconciles per second during the fill, and the controller's writes.</li>
 * </ul>
 *
 * <p>The times include everything a pool needs here: the controller's creations, the simulated
 * runtime's status writes and the controller's status writes, all against one API server on the
 * same 2 cores. There is no alternative in the same run: no other Java pool controller exists
 * (upstream's is Go); the figures are the controller's own.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.kruise.agents.benchmarks.P7PoolController \
 *     --replicas 1000 --claims 100 --rounds 3
 * </pre>
 */
public final class P7PoolController {

  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private P7PoolController() {}

  /**
   * One round.
   *
   * @param fillMillis from the SandboxSet's creation to all replicas available
   * @param claimMillis from the first claim's start to the last claim's answer (the controller
   *     refills meanwhile)
   * @param refillMillis from the last claim to the pool full again
   * @param reconciles reconciles during the fill
   * @param reconcilesPerSecond reconciles per second during the fill
   * @param stats the controller's counters at the end of the round
   */
  public record Round(long fillMillis, long claimMillis, long refillMillis, long reconciles,
      double reconcilesPerSecond, PoolControllerStats stats) {}

  /**
   * The rounds of a run.
   *
   * @param replicas the pool size
   * @param claims claims per round
   * @param rounds the rounds
   */
  public record Result(int replicas, int claims, List<Round> rounds) {

    /** @return the rounds as a markdown table, with medians */
    public String markdown() {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "P7 pool controller, real API server: pool of %,d,"
          + " %,d claims, %d rounds%n%n", replicas, claims, rounds.size()));
      sb.append("| round | fill (s) | claims (s) | full again after the last claim (s) |"
          + " reconciles in fill | reconciles/s | created | deleted | status writes |\n");
      sb.append("|---|---|---|---|---|---|---|---|---|\n");
      for (int i = 0; i < rounds.size(); i++) {
        Round r = rounds.get(i);
        sb.append(String.format(Locale.ROOT,
            "| %d | %.2f | %.2f | %.2f | %,d | %.1f | %,d | %,d | %,d |%n",
            i + 1, r.fillMillis() / 1000.0, r.claimMillis() / 1000.0,
            r.refillMillis() / 1000.0, r.reconciles(),
            r.reconcilesPerSecond(), r.stats().created(), r.stats().deleted(),
            r.stats().statusWrites()));
      }
      sb.append(String.format(Locale.ROOT, "| median | %.2f | %.2f | %.2f | | %.1f | | | |%n",
          median(rounds.stream().mapToDouble(r -> r.fillMillis() / 1000.0).toArray()),
          median(rounds.stream().mapToDouble(r -> r.claimMillis() / 1000.0).toArray()),
          median(rounds.stream().mapToDouble(r -> r.refillMillis() / 1000.0).toArray()),
          median(rounds.stream().mapToDouble(Round::reconcilesPerSecond).toArray())));
      return sb.toString();
    }
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int n = sorted.length;
    return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2]
        : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * Runs P7 on a started server.
   *
   * @param server the real API server
   * @param replicas the pool size
   * @param claims claims per round (at most {@code replicas})
   * @param rounds how many rounds, each in its own namespace and process-local clients
   * @return the rounds
   */
  public static Result run(RealApiServer server, int replicas, int claims, int rounds) {
    List<Round> results = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      results.add(round(server, "p7-" + System.nanoTime() % 100_000 + "-" + i, replicas,
          claims));
    }
    return new Result(replicas, claims, results);
  }

  private static Round round(RealApiServer server, String ns, int replicas, int claims) {
    try (KubernetesClient kc = server.newAdminClient(ns);
        AgentsClient agents = AgentsClient.create(kc)) {
      SandboxSetPoolController controller = SandboxSetPoolController.create(agents,
          PoolControllerOptions.builder().namespace(ns).build());
      Operator operator = new Operator(JosdkSharing.sharing(agents));
      controller.registerWith(operator);
      SharedInformer<SandboxSet> sets = SharedInformers.of(agents)
          .sandboxSets(InformerScope.namespace(ns));
      try (SimulatedSandboxRuntime runtime = SimulatedSandboxRuntime.start(agents,
          Duration.ZERO)) {
        operator.start();
        sets.awaitSynced(TIMEOUT);
        long t0 = System.nanoTime();
        agents.sandboxSets(ns).createSandboxSet(SandboxSet.of(ns, "p7-pool",
            new SandboxSetSpec().withReplicas(replicas).withTemplate(
                SandboxGenerator.poolTemplate(7))));
        SandboxSet full = awaitFull(sets, ns, replicas, null);
        long fillNanos = System.nanoTime() - t0;
        long reconciles = controller.stats().reconciles();

        long claimStart = System.nanoTime();
        try (SandboxPool pool = new SandboxPool(agents,
            SharedInformers.of(agents).sandboxes(InformerScope.namespace(ns)))) {
          for (int c = 0; c < claims; c++) {
            pool.claim(ns, "p7-pool", "p7-user-" + c, TIMEOUT);
          }
        }
        long t1 = System.nanoTime();
        awaitFull(sets, ns, replicas, full.getMetadata().getResourceVersion());
        long refillNanos = System.nanoTime() - t1;
        PoolControllerStats stats = controller.stats();
        return new Round(TimeUnit.NANOSECONDS.toMillis(fillNanos),
            TimeUnit.NANOSECONDS.toMillis(t1 - claimStart),
            TimeUnit.NANOSECONDS.toMillis(refillNanos), reconciles,
            reconciles / (fillNanos / 1e9), stats);
      } finally {
        operator.stop();
        controller.close();
      }
    }
  }

  /** Waits on the shared cache for a status with every replica available (and newer than). */
  private static SandboxSet awaitFull(SharedInformer<SandboxSet> sets, String ns, int replicas,
      String after) {
    try {
      return sets.waitFor(ns, "p7-pool", s -> s.getStatus() != null
          && s.getStatus().getAvailableReplicas() == replicas
          && s.getStatus().getReplicas() == replicas
          && !s.getMetadata().getResourceVersion().equals(after), TIMEOUT)
          .get(TIMEOUT.toMillis() + 10_000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the pool did not fill: " + e, e);
    }
  }

  /**
   * Starts a real API server, runs P7, prints the table and stops the server.
   *
   * @param argv {@code --replicas N --claims C --rounds R}
   */
  public static void main(String[] argv) {
    Args args = new Args(argv);
    Result r;
    try (RealApiServer server = RealApiServer.start()) {
      r = run(server, args.integer("replicas", 1000), args.integer("claims", 100),
          args.integer("rounds", 3));
    }
    System.out.println(r.markdown());
    System.exit(0);
  }
}
