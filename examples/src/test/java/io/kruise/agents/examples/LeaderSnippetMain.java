package io.kruise.agents.examples;

import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.controller.leader.LeaderElectionSettings;
import io.kruise.agents.controller.pool.SimulatedSandboxRuntime;
import io.kruise.agents.examples.quickstart.Controllers;
import io.kruise.agents.testkit.JavaProcess;
import java.time.Duration;

/**
 * The child JVM of {@link ReadmeSnippetsRealServerTest}: runs the README's leader-election
 * snippet (with a simulated sandbox runtime) against the kubeconfig the test wrote, until killed.
 */
public final class LeaderSnippetMain {

  private LeaderSnippetMain() {}

  /**
   * Runs until killed.
   *
   * @param args none
   * @throws InterruptedException never in practice
   */
  public static void main(String[] args) throws InterruptedException {
    JavaProcess.exitWithParent();
    AgentsClient agents = AgentsClient.create();
    SimulatedSandboxRuntime.start(agents, Duration.ZERO);
    Controllers.runWithLeaderElection(agents, agents.namespace());
    System.out.println("running as " + LeaderElectionSettings.defaultIdentity());
    System.out.flush();
    Thread.currentThread().join();
  }
}
