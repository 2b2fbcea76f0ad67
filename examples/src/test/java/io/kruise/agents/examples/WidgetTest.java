package io.kruise.agents.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.ResourceClient;
import io.kruise.agents.examples.quickstart.widgets.Widget;
import io.kruise.agents.examples.quickstart.widgets.WidgetList;
import io.kruise.agents.examples.quickstart.widgets.Widgets;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.testkit.WithMockApiServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's "Adding a kind" test example, run as it is shown there. */
// tag::kind-testing[]
@WithMockApiServer(kinds = Widget.class) // serves the CRD generated from the class
class WidgetTest {

  @Test
  void widgetsAreIndexedByColor(AgentsClient agents) {
    ResourceClient<Widget, WidgetList> widgets = agents.resources(Widgets.WIDGET);
    widgets.create(Widgets.widget(null, "w1", "red"), null);

    SharedInformer<Widget> cache = SharedInformers.of(agents).informer(Widgets.WIDGET);
    assertThat(cache.awaitSynced(Duration.ofSeconds(10))).isTrue();
    assertThat(cache.lister().byIndex(Widgets.BY_COLOR, "red")).hasSize(1);
  }
}
// end::kind-testing[]
