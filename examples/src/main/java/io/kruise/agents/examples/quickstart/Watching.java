package io.kruise.agents.examples.quickstart;

import io.kruise.agents.client.SandboxClient;
import io.kruise.agents.client.WatchEvent;
import io.kruise.agents.client.WatchEventType;
import io.kruise.agents.client.WatchHandle;
import io.kruise.agents.client.WatchStream;
import io.kruise.agents.model.Sandbox;
import java.util.function.Consumer;

/** README "Watching resources": a blocking event stream, and a callback watch. */
public final class Watching {

  private Watching() {}

  /**
   * Prints every Sandbox event until the stream ends.
   *
   * @param sandboxes the Sandbox client
   * @param timeoutSeconds when the stream ends; null for never (until closed)
   */
  public static void printEvents(SandboxClient sandboxes, Integer timeoutSeconds) {
    // tag::watching[]
    try (WatchStream<Sandbox> events = sandboxes.watchSandboxes(null, null, null, timeoutSeconds)) {
      for (WatchEvent<Sandbox> event : events) {
        if (event.type() == WatchEventType.ERROR) {
          System.out.println("Watch failed: " + event.error().getMessage());
          break;
        }
        System.out.println("Event: " + event.type() + " - " + event.object().getMetadata().getName());
      }
    }
    // end::watching[]
  }

  /**
   * Starts a callback watch of the Sandboxes labelled {@code app=example}.
   *
   * @param sandboxes the Sandbox client
   * @param handleEvent receives each event, on the watch thread
   * @return the running watch; close it to stop
   */
  public static WatchHandle watchWithCallback(SandboxClient sandboxes,
      Consumer<WatchEvent<Sandbox>> handleEvent) {
    // tag::watching-callback[]
    WatchHandle watch = sandboxes.watchSandboxes(null, "app=example", null, null, handleEvent);
    // ... later, to stop it:  watch.close();
    // end::watching-callback[]
    return watch;
  }
}
