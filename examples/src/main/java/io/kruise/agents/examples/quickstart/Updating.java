package io.kruise.agents.examples.quickstart;

import io.kruise.agents.client.SandboxClient;
import io.kruise.agents.model.Sandbox;

/** README "Updating": read-modify-write that retries when another writer got there first. */
public final class Updating {

  private Updating() {}

  /**
   * Adds a label to {@code example-sandbox}, on top of whatever others wrote meanwhile.
   *
   * @param sandboxes the Sandbox client
   * @return the Sandbox as the server stored it
   */
  public static Sandbox addLabel(SandboxClient sandboxes) {
    // tag::updating[]
    Sandbox labelled = sandboxes.modifySandbox("example-sandbox", s -> {
      s.getMetadata().getLabels().put("tier", "gold"); // s: a fresh copy of the current version
      return s;
    });
    System.out.println("Labelled at resourceVersion "
        + labelled.getMetadata().getResourceVersion());
    // end::updating[]
    return labelled;
  }
}
