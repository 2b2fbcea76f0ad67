package io.kruise.agents.informers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.AgentsKinds;
import io.kruise.agents.client.ResourceKind;
import io.kruise.agents.client.exceptions.ConfigurationException;
import io.kruise.agents.client.exceptions.SandboxNotFoundException;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxClaim;
import io.kruise.agents.model.SandboxList;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxTemplate;
import io.kruise.agents.testkit.MockApiServer;
import io.kruise.agents.testkit.WithMockApiServer;
import io.kruise.agents.widget.Widget;
import io.kruise.agents.widget.WidgetList;
import io.kruise.agents.widget.WidgetNotFoundException;
import io.kruise.agents.widget.Widgets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One registration per class and process: the built-in kinds are known from the start, another
 * kind once its informer is asked for, and a second registration of a known class is refused
 * before any request (it would bring a second set of default indexes).
 */
@WithMockApiServer(kinds = Widget.class)
class KindRegistrationMockServerTest {

  @Test
  void theBuiltInKindsAreRegisteredFromTheStart(AgentsClient agents) {
    SharedInformers informers = SharedInformers.of(agents);
    assertThat(informers.registration(Sandbox.class)).contains(AgentsKinds.SANDBOX);
    assertThat(informers.registration(SandboxSet.class)).contains(AgentsKinds.SANDBOX_SET);
    assertThat(informers.registration(SandboxClaim.class)).contains(AgentsKinds.SANDBOX_CLAIM);
    assertThat(informers.registration(SandboxTemplate.class))
        .contains(AgentsKinds.SANDBOX_TEMPLATE);
    assertThat(informers.registration(null)).isEmpty();
  }

  @Test
  void anotherKindIsRegisteredByItsFirstInformer(AgentsClient agents, MockApiServer server) {
    SharedInformers informers = SharedInformers.of(agents);
    assertThat(informers.registration(Widget.class)).isEmpty();
    int before = server.requestCount();
    SharedInformer<Widget> informer = informers.informer(Widgets.WIDGET);
    assertThat(informers.registration(Widget.class)).contains(Widgets.WIDGET);
    assertThat(informers.informer(Widgets.WIDGET, InformerScope.allNamespaces()))
        .isSameAs(informer);
    assertThat(informer.health().started()).isFalse();
    assertThat(server.requestCount()).as("requests before start").isEqualTo(before);
  }

  @Test
  void aSecondRegistrationOfAKnownClassIsRefused(AgentsClient agents, MockApiServer server) {
    SharedInformers informers = SharedInformers.of(agents);
    informers.informer(Widgets.WIDGET);
    ResourceKind<Widget, WidgetList> again = ResourceKind.builder(Widget.class, WidgetList.class,
        WidgetNotFoundException::new).index("bySize", w -> List.of()).build();
    int before = server.requestCount();
    assertThatThrownBy(() -> informers.informer(again))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(Widget.class.getName())
        .hasMessageContaining(Widgets.BY_COLOR);
    assertThatThrownBy(() -> informers.informer(again, InformerScope.namespace("other")))
        .isInstanceOf(ConfigurationException.class);
    ResourceKind<Sandbox, SandboxList> sandboxes = ResourceKind.builder(Sandbox.class,
        SandboxList.class, SandboxNotFoundException::new).build();
    assertThatThrownBy(() -> informers.informer(sandboxes))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(Sandbox.class.getName());
    // the first registrations stay in use
    assertThat(informers.registration(Widget.class)).contains(Widgets.WIDGET);
    assertThat(informers.registration(Sandbox.class)).contains(AgentsKinds.SANDBOX);
    assertThat(server.requestCount()).isEqualTo(before);
  }

  @Test
  void aMissingKindOrScopeIsNamed(AgentsClient agents) {
    SharedInformers informers = SharedInformers.of(agents);
    assertThatThrownBy(() -> informers.informer(null))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("kind"));
    assertThatThrownBy(() -> informers.informer(Widgets.WIDGET, null))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("scope"));
    assertThat(informers.registration(Widget.class)).as("nothing registered by a refused call")
        .isEmpty();
    assertThatThrownBy(() -> agents.resources(null))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("kind"));
    assertThatThrownBy(() -> agents.resources(null, "ns"))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("kind"));
  }
}
