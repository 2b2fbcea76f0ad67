package io.kruise.agents.examples.quickstart;

import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.ResourceClient;
import io.kruise.agents.examples.quickstart.widgets.Widget;
import io.kruise.agents.examples.quickstart.widgets.WidgetList;
import io.kruise.agents.examples.quickstart.widgets.Widgets;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.informers.SharedInformers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** README "Adding a kind": the client, the informer and a wait of a kind of one's own. */
public final class AddingAKind {

  private AddingAKind() {}

  /**
   * Creates a red widget, reads the red ones from the cache and waits for the widget's Ready
   * condition on the cache.
   *
   * @param agents the client
   * @return the wait for {@code w1} to be Ready
   */
  public static CompletableFuture<Widget> useIt(AgentsClient agents) {
    // tag::kind-usage[]
    ResourceClient<Widget, WidgetList> widgets = agents.resources(Widgets.WIDGET, "default");
    widgets.create(Widgets.widget("default", "w1", "red"), null);
    Widget read = widgets.get("w1", null);          // WidgetNotFoundException when absent

    SharedInformer<Widget> cache = SharedInformers.of(agents).informer(Widgets.WIDGET);
    cache.awaitSynced(Duration.ofSeconds(30));
    List<Widget> red = cache.lister().byIndex(Widgets.BY_COLOR, "red");

    // served by that informer's cache: no watch of its own
    CompletableFuture<Widget> ready = CompletableFuture.supplyAsync(() -> widgets
        .waitForCondition("w1", "Ready", "True", Duration.ofMinutes(1), null));
    // end::kind-usage[]
    System.out.println(read.getMetadata().getName() + " is one of " + red.size() + " red");
    return ready;
  }
}
