package io.kruise.agents.testkit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kruise.agents.model.Sandbox;

/**
 * Run by {@link TestkitRealServerTest} in a child JVM: connects with the default configuration
 * (the {@code KUBECONFIG} its parent gave it) and prints what it sees, one fact per line.
 */
public final class KubeconfigChildMain {

  private KubeconfigChildMain() {}

  /**
   * @param args ignored
   */
  public static void main(String[] args) {
    JavaProcess.exitWithParent();
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      System.out.println("namespace " + client.getNamespace());
      System.out.println("sandboxes " + client.resources(Sandbox.class).list().getItems().stream()
          .map(s -> s.getMetadata().getName()).sorted().toList());
    }
  }
}
