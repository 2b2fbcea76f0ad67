package io.kruise.agents.examples.operator;

import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.examples.quickstart.Controllers;
import java.util.concurrent.CountDownLatch;

/**
 * A runnable operator: the SandboxSet pool controller with leader election, against the
 * cluster of the kubeconfig (or in-cluster account). Run several instances: one holds the Lease
 * and reconciles; when it dies another takes over. Needs RBAC for sandboxes, sandboxsets (and
 * their status and scale) and coordination.k8s.io leases in the namespace.
 *
 * <pre>
 * mvn -q -Pdemo -pl examples -am package -DskipTests \
 *     -Ddemo.mainClass=io.kruise.agents.examples.operator.PoolOperator -Dexec.args=NAMESPACE
 * </pre>
 */
public final class PoolOperator {

  private PoolOperator() {}

  /**
   * Runs until the JVM is stopped.
   *
   * @param args the namespace (default: the kubeconfig's)
   * @throws InterruptedException when interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    AgentsClient agents = AgentsClient.create();
    String namespace = args.length > 0 ? args[0] : agents.namespace();
    Controllers.Running running = Controllers.runWithLeaderElection(agents, namespace);
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      running.close();
      agents.close();
      stop.countDown();
    }, "pool-operator-shutdown"));
    System.out.println("pool operator running in namespace " + namespace
        + " (leader election on Lease sandboxset-pool)");
    stop.await();
  }
}
