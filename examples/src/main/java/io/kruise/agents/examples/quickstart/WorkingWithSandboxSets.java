package io.kruise.agents.examples.quickstart;

import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.SandboxSetClient;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetSpec;
import java.util.Map;

/** README "Working with SandboxSets": create a warm pool, then scale it. */
public final class WorkingWithSandboxSets {

  private WorkingWithSandboxSets() {}

  /**
   * Creates {@code default/example-sandboxset} with 3 replicas.
   *
   * @param agents the client
   * @return the SandboxSet as the server stored it
   */
  public static SandboxSet createSandboxSet(AgentsClient agents) {
    // tag::sandboxsets-create[]
    SandboxSetClient sandboxSets = agents.sandboxSets("default");

    SandboxSet sandboxSet = SandboxSet.of("default", "example-sandboxset", new SandboxSetSpec()
        .withReplicas(3)
        .withTemplate(new PodTemplateSpecBuilder()
            .withNewSpec()
              .addNewContainer()
                .withName("app")
                .withImage("nginx:latest")
                .addNewPort().withContainerPort(80).endPort()
              .endContainer()
            .endSpec()
            .build()));
    sandboxSet.getMetadata().setLabels(Map.of("app", "example"));

    SandboxSet created = sandboxSets.createSandboxSet(sandboxSet);
    System.out.println("Created sandboxset: " + created.getMetadata().getName()
        + " with " + created.getSpec().getReplicas() + " replicas");
    // end::sandboxsets-create[]
    return created;
  }

  /**
   * Scales {@code default/example-sandboxset} to 5 through the {@code /scale} subresource and
   * reads the replica count back the same way.
   *
   * @param agents the client
   * @return the replica count read back
   */
  public static int scaleSandboxSet(AgentsClient agents) {
    SandboxSetClient sandboxSets = agents.sandboxSets("default");
    // tag::sandboxsets-scale[]
    SandboxSet scaled = sandboxSets.scaleSandboxSet("example-sandboxset", 5);
    System.out.println("Scaled to " + scaled.getSpec().getReplicas() + " replicas");

    int replicas = sandboxSets.getSandboxSetReplicas("example-sandboxset");
    // end::sandboxsets-scale[]
    return replicas;
  }
}
