package io.kruise.agents.examples.quickstart;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetSpec;
import io.kruise.agents.model.SandboxSetUpdateStrategy;
import io.kruise.agents.model.SandboxTemplate;
import io.kruise.agents.model.SandboxTemplateSpec;
import io.kruise.agents.model.TemplateRef;

/** README "SandboxTemplates": a template, a SandboxSet filled from it, and a template update. */
public final class PoolsFromTemplates {

  private PoolsFromTemplates() {}

  /**
   * Creates the SandboxTemplate {@code default/python} and the SandboxSet
   * {@code default/python-pool} that refers to it.
   *
   * @param agents the client
   * @return the SandboxSet as the server stored it
   */
  public static SandboxSet createTemplateAndPool(AgentsClient agents) {
    // tag::templateref-create[]
    SandboxTemplate python = SandboxTemplate.of("default", "python", new SandboxTemplateSpec()
        .withTemplate(new PodTemplateSpecBuilder()
            .withNewMetadata().addToLabels("app", "python").endMetadata()
            .withNewSpec()
              .addNewContainer().withName("app").withImage("python:3.12").endContainer()
            .endSpec()
            .build()));
    agents.sandboxTemplates("default").createSandboxTemplate(python);

    SandboxSet pool = agents.sandboxSets("default").createSandboxSet(
        SandboxSet.of("default", "python-pool", new SandboxSetSpec()
            .withReplicas(3)
            .withTemplateRef(TemplateRef.of("python"))      // instead of withTemplate, not both
            .withUpdateStrategy(new SandboxSetUpdateStrategy()  // how many may roll at once;
                .withMaxUnavailable(new IntOrString("20%")))));  // upstream's webhook default
    // end::templateref-create[]
    return pool;
  }

  /**
   * Moves {@code default/python} to a new image: the pool controller rolls every SandboxSet that
   * refers to it.
   *
   * @param agents the client
   * @return the SandboxTemplate as the server stored it
   */
  public static SandboxTemplate updateTemplate(AgentsClient agents) {
    // tag::templateref-update[]
    SandboxTemplate template = agents.sandboxTemplates("default").getSandboxTemplate("python");
    template.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("python:3.13");
    SandboxTemplate updated = agents.sandboxTemplates("default")
        .updateSandboxTemplate("python", template);   // optimistic: fails on a concurrent change
    // end::templateref-update[]
    return updated;
  }
}
