package io.kruise.agents.examples.quickstart;

import io.kruise.agents.client.SandboxClient;
import io.kruise.agents.client.exceptions.TimeoutException;
import io.kruise.agents.model.Sandbox;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** README "Waiting for conditions": block, or get a future. */
public final class Waiting {

  private Waiting() {}

  /**
   * Waits up to ten minutes for {@code my-sandbox} to be Ready, and prints the outcome.
   *
   * @param sandboxes the Sandbox client
   */
  public static void waitUntilReady(SandboxClient sandboxes) {
    // tag::waiting[]
    try {
      Sandbox ready = sandboxes.waitForSandboxCondition(
          "my-sandbox", "Ready", "True", Duration.ofMinutes(10));
      System.out.println("Sandbox is ready! Phase: " + ready.getStatus().getPhase());
    } catch (TimeoutException e) {
      System.out.println("Sandbox did not become ready within timeout");
    }
    // end::waiting[]
  }

  /**
   * Starts waiting for {@code my-sandbox} to be Ready without blocking.
   *
   * @param sandboxes the Sandbox client
   * @return completes with the ready Sandbox, or exceptionally with a typed exception
   */
  public static CompletableFuture<Sandbox> whenReady(SandboxClient sandboxes) {
    // tag::waiting-async[]
    CompletableFuture<Sandbox> ready = sandboxes.waitForSandboxConditionAsync(
        "my-sandbox", "Ready", "True", Duration.ofMinutes(10), null);
    ready.thenAccept(s -> System.out.println(s.getMetadata().getName() + " is ready"));
    // end::waiting-async[]
    return ready;
  }
}
