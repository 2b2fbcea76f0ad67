package io.kruise.agents.examples.quickstart;

import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.model.SandboxList;
import io.kruise.agents.model.SandboxSetList;

/** README "Filtering and label selection": list with label and field selectors. */
public final class Filtering {

  private Filtering() {}

  /**
   * Lists the Sandboxes labelled {@code app=example,version=v1} in {@code default}.
   *
   * @param agents the client
   * @return the matching Sandboxes
   */
  public static SandboxList sandboxesByLabel(AgentsClient agents) {
    // tag::filtering-labels[]
    SandboxList sandboxes = agents.sandboxes("default")
        .listSandboxes(null, "app=example,version=v1", null);
    // end::filtering-labels[]
    return sandboxes;
  }

  /**
   * Lists the SandboxSets whose {@code metadata.namespace} is {@code default}.
   *
   * @param agents the client
   * @return the matching SandboxSets
   */
  public static SandboxSetList sandboxSetsByField(AgentsClient agents) {
    // tag::filtering-fields[]
    SandboxSetList sandboxSets = agents.sandboxSets("default")
        .listSandboxSets(null, null, "metadata.namespace=default");
    // end::filtering-fields[]
    return sandboxSets;
  }
}
