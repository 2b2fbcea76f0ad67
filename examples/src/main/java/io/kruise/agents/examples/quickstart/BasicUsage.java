package io.kruise.agents.examples.quickstart;

import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.SandboxClient;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSpec;
import java.util.Map;

/** README "Basic usage": create a Sandbox from a one-container pod template. */
public final class BasicUsage {

  private BasicUsage() {}

  /**
   * Creates {@code default/example-sandbox}.
   *
   * @param agents the client
   * @return the Sandbox as the server stored it
   */
  public static Sandbox createSandbox(AgentsClient agents) {
    // tag::basic-usage[]
    SandboxClient sandboxes = agents.sandboxes("default");

    Sandbox sandbox = Sandbox.of("default", "example-sandbox", new SandboxSpec()
        .withTemplate(new PodTemplateSpecBuilder()
            .withNewSpec()
              .addNewContainer()
                .withName("app")
                .withImage("nginx:latest")
                .addNewPort().withContainerPort(80).endPort()
              .endContainer()
            .endSpec()
            .build()));
    sandbox.getMetadata().setLabels(Map.of("app", "example"));

    Sandbox created = sandboxes.createSandbox(sandbox);
    System.out.println("Created sandbox: " + created.getMetadata().getName());
    // end::basic-usage[]
    return created;
  }
}
