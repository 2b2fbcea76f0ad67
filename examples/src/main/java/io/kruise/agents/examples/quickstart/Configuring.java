package io.kruise.agents.examples.quickstart;

import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.Configuration;
import io.kruise.agents.client.SandboxClient;
import io.kruise.agents.client.SandboxSetClient;
import java.nio.file.Path;
import java.time.Duration;

/** README "Configuration": default discovery and explicit settings. */
public final class Configuring {

  private Configuring() {}

  /**
   * Connects with the default discovery and prints how many Sandboxes and SandboxSets
   * {@code default} holds.
   *
   * @throws io.kruise.agents.client.exceptions.ConfigurationException when no cluster
   *     configuration exists
   */
  public static void connectWithDefaults() {
    // tag::connect[]
    try (AgentsClient agents = AgentsClient.create()) { // KUBECONFIG, ~/.kube/config or in-cluster
      SandboxClient sandboxes = agents.sandboxes("default");
      SandboxSetClient sandboxSets = agents.sandboxSets("default");
      System.out.println(sandboxes.listSandboxes().getItems().size() + " sandboxes, "
          + sandboxSets.listSandboxSets().getItems().size() + " sandboxsets");
    }
    // end::connect[]
  }

  /**
   * Connects with explicit settings.
   *
   * @param kubeconfig the kubeconfig file to use
   * @return the client; the caller closes it
   */
  public static AgentsClient connect(Path kubeconfig) {
    // tag::configuration[]
    Configuration config = Configuration.builder()
        .kubeconfig(kubeconfig)                   // default: KUBECONFIG, ~/.kube/config, in-cluster
        .context("staging")                       // default: the kubeconfig's current context
        .namespace("default")                     // default: the context's namespace
        .defaultTimeout(Duration.ofSeconds(60))   // waits that are not given a timeout
        .requestTimeout(Duration.ofSeconds(120))  // each HTTP request
        .build();
    AgentsClient agents = AgentsClient.create(config);
    // end::configuration[]
    return agents;
  }
}
