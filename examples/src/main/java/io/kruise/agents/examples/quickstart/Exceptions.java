package io.kruise.agents.examples.quickstart;

import io.kruise.agents.client.SandboxClient;
import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.client.exceptions.SandboxNotFoundException;
import io.kruise.agents.model.Sandbox;

/** README "Exceptions": typed, unchecked exceptions per HTTP status. */
public final class Exceptions {

  private Exceptions() {}

  /**
   * Reads a Sandbox that does not exist, and prints what happened.
   *
   * @param sandboxes the Sandbox client
   */
  public static void getMissingSandbox(SandboxClient sandboxes) {
    // tag::exceptions[]
    try {
      Sandbox sandbox = sandboxes.getSandbox("non-existent-sandbox");
      System.out.println("Found " + sandbox.getMetadata().getName());
    } catch (SandboxNotFoundException e) {
      System.out.println("Sandbox not found");
    } catch (AgentsApiException e) {
      System.out.println("An error occurred (HTTP " + e.code() + "): " + e.getMessage());
    }
    // end::exceptions[]
  }
}
