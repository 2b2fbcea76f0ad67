package io.kruise.agents.widget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.Fixtures;
import io.kruise.agents.client.ResourceClient;
import io.kruise.agents.client.UpdateMode;
import io.kruise.agents.client.exceptions.NotFoundException;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.testkit.MockApiServer;
import io.kruise.agents.testkit.WithMockApiServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * A kind the library does not know, end to end from its one registration ({@link Widgets#WIDGET})
 * and its model class: the generic client with the kind's NotFound exception, waits, an informer
 * with the registration's default index, and the client's waits served by that informer.
 */
@WithMockApiServer(kinds = Widget.class)
class WidgetKindMockServerTest {

  static final Duration SYNC = Duration.ofSeconds(20);
  static final Duration LONG = Duration.ofMinutes(5);

  static Widget withReady(Widget w, String status) {
    Widget copy = new io.fabric8.kubernetes.client.utils.KubernetesSerialization().clone(w);
    copy.setStatus(new Widget.Status());
    copy.getStatus().setConditions(List.of(new ConditionBuilder().withType("Ready")
        .withStatus(status).withReason("Test").withMessage("set by test")
        .withLastTransitionTime(Instant.now().toString()).build()));
    return copy;
  }

  static boolean ready(Widget w) {
    return w.getStatus() != null && w.getStatus().getConditions() != null
        && w.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  @Test
  void everyOperationWorksThroughTheGenericClient(AgentsClient agents) {
    String ns = Fixtures.uniqueName("ns");
    WidgetScenarios.crud(agents.resources(Widgets.WIDGET, ns));
  }

  @Test
  void aMissingWidgetIsTheKindsNotFoundException(AgentsClient agents, MockApiServer server) {
    ResourceClient<Widget, WidgetList> widgets = agents.resources(Widgets.WIDGET);
    assertThatThrownBy(() -> widgets.get("absent", null))
        .isInstanceOfSatisfying(WidgetNotFoundException.class, e -> {
          assertThat(e.kind()).isEqualTo("Widget");
          assertThat(e.name()).isEqualTo("absent");
          assertThat(e.namespace()).isEqualTo(agents.namespace());
        });
    assertThatThrownBy(() -> widgets.delete("absent", null, null))
        .isInstanceOf(WidgetNotFoundException.class);
    assertThatThrownBy(() -> widgets.modify("absent", w -> w, null))
        .isInstanceOf(WidgetNotFoundException.class);
    assertThat(widgets.waitFor("absent", null, w -> true, LONG))
        .failsWithin(SYNC).withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(WidgetNotFoundException.class);
    // bad input is refused naming the field, before any request
    int before = server.requestCount();
    assertThatThrownBy(() -> widgets.get("Not_A_Name", null))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("metadata.name"));
    assertThatThrownBy(() -> widgets.waitFor("w", null, null, LONG))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("predicate"));
    assertThatThrownBy(() -> agents.resources(io.kruise.agents.client.AgentsKinds
        .SANDBOX_TEMPLATE).waitForCondition("t", "Ready", "True", LONG, null))
        .as("a kind without conditions: the wait could only time out")
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("conditionType"));
    Widget elsewhere = Widget.of("w", "red");
    elsewhere.getMetadata().setNamespace("elsewhere");
    assertThatThrownBy(() -> widgets.create(elsewhere, agents.namespace()))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("metadata.namespace"));
    assertThat(server.requestCount()).isEqualTo(before);
  }

  @Test
  void aWaitWithoutInformerWatchesTheWidget(AgentsClient agents, KubernetesClient writerClient) {
    String ns = Fixtures.uniqueName("ns");
    ResourceClient<Widget, WidgetList> widgets = agents.resources(Widgets.WIDGET, ns);
    Widget created = widgets.create(Widget.of("w1", "red"), null);
    CompletableFuture<Widget> ready = widgets.waitFor("w1", null, WidgetKindMockServerTest::ready,
        LONG);
    assertThat(ready).isNotDone();
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      writer.resources(Widgets.WIDGET, ns).updateStatus("w1", withReady(created, "True"),
          UpdateMode.UNCONDITIONAL, null);
    }
    assertThat(ready).succeedsWithin(SYNC).satisfies(w -> assertThat(ready(w)).isTrue());
    assertThat(widgets.waitForCondition("w1", "Ready", "True", LONG, null).getMetadata()
        .getName()).isEqualTo("w1");
  }

  @Test
  void theInformerHasTheRegistrationsIndexAndServesTheClientsWaitsWithoutRequests(
      AgentsClient agents, KubernetesClient writerClient, MockApiServer server) {
    String ns = Fixtures.uniqueName("ns");
    SharedInformer<Widget> informer = SharedInformers.of(agents).informer(Widgets.WIDGET);
    assertThat(informer.awaitSynced(SYNC)).isTrue();
    await().atMost(SYNC).until(() -> informer.health().watching());
    assertThat(SharedInformers.of(agents).informer(Widgets.WIDGET)).isSameAs(informer);
    assertThat(SharedInformers.of(agents).registration(Widget.class)).contains(Widgets.WIDGET);

    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      ResourceClient<Widget, WidgetList> written = writer.resources(Widgets.WIDGET, ns);
      Widget red = written.create(Widget.of("red", "red"), null);
      written.create(Widget.of("blue", "blue"), null);
      await().atMost(SYNC).until(() -> informer.lister().list(ns).size() == 2);
      assertThat(informer.lister().byIndex(Widgets.BY_COLOR, "red"))
          .extracting(w -> w.getMetadata().getName()).containsExactly("red");

      int before = server.requestCount();
      CompletableFuture<Widget> ready = agents.resources(Widgets.WIDGET, ns).waitFor("red", null,
          WidgetKindMockServerTest::ready, LONG);
      assertThat(server.requestCount()).as("requests to wait").isEqualTo(before);
      assertThat(ready).isNotDone();

      written.updateStatus("red", withReady(red, "True"), UpdateMode.UNCONDITIONAL, null);
      assertThat(ready).succeedsWithin(SYNC).satisfies(w -> assertThat(ready(w)).isTrue());

      // the index follows a change of color
      written.modify("blue", w -> {
        w.getSpec().setColor("red");
        return w;
      }, null);
      await().atMost(SYNC).until(() -> informer.lister().byIndex(Widgets.BY_COLOR, "red")
          .size() == 2);
      assertThat(informer.lister().byIndex(Widgets.BY_COLOR, "blue")).isEmpty();
    }
  }

  @Test
  void aWaitOnTheInformerFailsWithTheKindsNotFoundOnDelete(AgentsClient agents,
      KubernetesClient writerClient) {
    String ns = Fixtures.uniqueName("ns");
    SharedInformer<Widget> informer = SharedInformers.of(agents).informer(Widgets.WIDGET);
    assertThat(informer.awaitSynced(SYNC)).isTrue();
    try (AgentsClient writer = AgentsClient.create(writerClient)) {
      writer.resources(Widgets.WIDGET, ns).create(Widget.of("doomed", "red"), null);
      await().atMost(SYNC).until(() -> informer.lister().get(ns, "doomed") != null);
      CompletableFuture<Widget> wait = agents.resources(Widgets.WIDGET, ns).waitFor("doomed",
          null, WidgetKindMockServerTest::ready, LONG);
      writer.resources(Widgets.WIDGET, ns).delete("doomed", null, null);
      assertThat(wait).failsWithin(SYNC).withThrowableOfType(ExecutionException.class)
          .havingCause().isInstanceOf(WidgetNotFoundException.class)
          .isInstanceOf(NotFoundException.class).withMessageContaining("doomed");
    }
  }
}
