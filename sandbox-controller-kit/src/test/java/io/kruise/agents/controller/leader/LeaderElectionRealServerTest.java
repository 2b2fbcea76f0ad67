package io.kruise.agents.controller.leader;

import static io.kruise.agents.controller.leader.LeaderElectionChildMain.LEASE_DURATION;
import static io.kruise.agents.controller.leader.LeaderElectionChildMain.RENEW_DEADLINE;
import static io.kruise.agents.controller.leader.LeaderElectionChildMain.RETRY_PERIOD;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetSpec;
import io.kruise.agents.testkit.JavaProcess;
import io.kruise.agents.testkit.TestCluster;
import io.kruise.agents.testkit.WithRealApiServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leader election through java-operator-sdk between separate JVMs ({@link
 * LeaderElectionChildMain}) on the real API server's Lease: only the leader reconciles, a follower
 * takes over after the leader's {@code kill -9} within lease duration + renew deadline, and a
 * leader that loses its Lease ends its JVM.
 */
@WithRealApiServer
class LeaderElectionRealServerTest {

  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration TAKEOVER_BOUND = LEASE_DURATION.plus(RENEW_DEADLINE);

  @Test
  void onlyTheLeaderReconcilesAndAFollowerTakesOverAfterTheLeaderIsKilled(
      KubernetesClient client, TestCluster cluster, @TempDir Path dir) {
    String ns = cluster.namespace();
    client.resources(SandboxSet.class).inNamespace(ns)
        .resource(SandboxSet.of(ns, "work", new SandboxSetSpec().withReplicas(1))).create();
    Path kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"));

    try (JavaProcess a = child(kubeconfig, "a", "lease=failover")) {
      a.awaitLine("leading"::equals, START);
      a.awaitLine("reconcile work 1"::equals, START);
      // b starts once a leads
      try (JavaProcess b = child(kubeconfig, "b", "lease=failover", "observe=true")) {
        followerTakesOver(client, ns, a, b);
      }
    }
  }

  private static void followerTakesOver(KubernetesClient client, String ns, JavaProcess a,
      JavaProcess b) {
    // b runs, has seen the Lease held by a, and so does not lead
    b.awaitLine("new-leader a"::equals, START);
    b.awaitLine("started"::equals, START);

    // a change while a leads: a reconciles it; b sees it (its own informer) but does not
    scale(client, ns, "work", 2);
    a.awaitLine("reconcile work 2"::equals, START);
    b.awaitLine("seen work 2"::equals, START);
    assertThat(b.output()).noneMatch(l -> l.startsWith("reconcile") || l.equals("leading"));
    assertThat(lease(client, ns, "failover").getSpec().getHolderIdentity()).isEqualTo("a");

    long killed = System.nanoTime();
    a.kill(); // SIGKILL: a neither releases the Lease nor runs a shutdown hook
    b.awaitLine("leading"::equals, TAKEOVER_BOUND);
    Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
    System.out.println("leader-election: takeover " + takeover.toMillis() + " ms after kill -9"
        + " (lease " + LEASE_DURATION.toSeconds() + " s, renew deadline "
        + RENEW_DEADLINE.toSeconds() + " s, retry " + RETRY_PERIOD.toSeconds() + " s)");
    assertThat(takeover).isLessThan(TAKEOVER_BOUND)
        // b waited for a's Lease to expire: a's last renewal was at most a retry period (plus a
        // request) before the kill, so no earlier than this
        .isGreaterThan(LEASE_DURATION.minus(RETRY_PERIOD.multipliedBy(2)));

    b.awaitLine("reconcile work 2"::equals, START);
    List<String> out = b.output();
    assertThat(out.indexOf("leading")).as("b reconciles only once it leads, in %s", out)
        .isLessThan(out.indexOf("reconcile work 2"));
    Lease lease = lease(client, ns, "failover");
    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("b");
    assertThat(lease.getSpec().getLeaseTransitions()).isEqualTo(1);
    assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(4);
  }

  @Test
  void aLeaderThatLosesItsLeaseEndsItsJvm(KubernetesClient client, TestCluster cluster,
      @TempDir Path dir) {
    String ns = cluster.namespace();
    Path kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"));
    try (JavaProcess c = child(kubeconfig, "c", "lease=stolen")) {
      c.awaitLine("leading"::equals, START);

      // another holder takes the Lease: a write on the resourceVersion read, as electors do,
      // read again when c's renewal (every second) came in between
      for (int attempt = 1; ; attempt++) {
        Lease held = lease(client, ns, "stolen");
        try {
          client.leases().inNamespace(ns).resource(new LeaseBuilder(held).editSpec()
              .withHolderIdentity("thief").withRenewTime(ZonedDateTime.now(ZoneOffset.UTC))
              .withLeaseDurationSeconds(60).endSpec().build()).update();
          break;
        } catch (KubernetesClientException e) {
          if (e.getCode() != 409 || attempt == 5) {
            throw e;
          }
        }
      }

      // c sees it on its next renewal, and java-operator-sdk ends the JVM with exit code 1
      c.awaitLine("lost"::equals, RENEW_DEADLINE.plus(RETRY_PERIOD.multipliedBy(2)));
      assertThat(c.awaitExit(Duration.ofSeconds(10))).isEqualTo(1);
      assertThat(c.output()).contains("new-leader thief");
    }
  }

  static JavaProcess child(Path kubeconfig, String identity, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "identity=" + identity;
    System.arraycopy(args, 0, all, 1, args.length);
    return JavaProcess.builder(LeaderElectionChildMain.class).name(identity)
        .kubeconfig(kubeconfig).jvmArgs("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xmx256m").args(all).start();
  }

  /** A spec change (a new generation); fabric8's edit hands the function its own copy. */
  static void scale(KubernetesClient client, String namespace, String name, int replicas) {
    client.resources(SandboxSet.class).inNamespace(namespace).withName(name).edit(s -> {
      s.getSpec().setReplicas(replicas);
      return s;
    });
  }

  static Lease lease(KubernetesClient client, String namespace, String name) {
    return client.leases().inNamespace(namespace).withName(name).get();
  }
}
