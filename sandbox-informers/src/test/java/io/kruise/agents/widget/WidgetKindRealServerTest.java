package io.kruise.agents.widget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.PatchType;
import io.kruise.agents.client.ResourceClient;
import io.kruise.agents.client.UpdateMode;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.testkit.RequestCounts.Scope;
import io.kruise.agents.testkit.RequestCounts.Verb;
import io.kruise.agents.testkit.StartedRequests;
import io.kruise.agents.testkit.TestCluster;
import io.kruise.agents.testkit.WithRealApiServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The Widget kind on a real API server, its CRD installed by the testkit from the model class:
 * every verb, optimistic concurrency on the object and its status subresource, the schema the
 * generator derived, and waits served by the informer with no request of their own.
 */
@WithRealApiServer(kinds = Widget.class)
class WidgetKindRealServerTest {

  private static final Duration SYNC = Duration.ofSeconds(30);

  @Test
  void everyOperationWorksThroughTheGenericClient(AgentsClient agents) {
    WidgetScenarios.crud(agents.resources(Widgets.WIDGET));
  }

  @Test
  void staleWritesConflictOnTheObjectAndItsStatus(AgentsClient agents) {
    WidgetScenarios.staleUpdateConflicts(agents.resources(Widgets.WIDGET));
  }

  @Test
  void theSchemaRefusesAWrongTypeNamingTheField(AgentsClient agents) {
    ResourceClient<Widget, WidgetList> widgets = agents.resources(Widgets.WIDGET);
    widgets.create(Widget.of("typed", "red"), null);
    assertThatThrownBy(() -> widgets.patch("typed", "{\"spec\":{\"color\":7}}", null,
        PatchType.MERGE, null))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).contains("spec.color"));
  }

  @Test
  void theClientsWaitsUseTheInformerWithoutARequest(AgentsClient agents, AgentsClient writer,
      TestCluster cluster) {
    String ns = cluster.namespace();
    SharedInformer<Widget> informer = SharedInformers.of(agents)
        .informer(Widgets.WIDGET, InformerScope.namespace(ns));
    assertThat(informer.awaitSynced(SYNC)).isTrue();
    await().atMost(SYNC).until(() -> informer.health().watching());
    ResourceClient<Widget, WidgetList> written = writer.resources(Widgets.WIDGET);
    Widget created = written.create(Widget.of("waited", "red"), null);
    await().atMost(SYNC).until(() -> informer.lister().get(ns, "waited") != null);

    StartedRequests before = cluster.requestsStarted();
    CompletableFuture<Widget> ready = agents.resources(Widgets.WIDGET).waitFor("waited", null,
        WidgetKindMockServerTest::ready, Duration.ofMinutes(5));
    written.updateStatus("waited", WidgetKindMockServerTest.withReady(created, "True"),
        UpdateMode.OPTIMISTIC, null);
    assertThat(ready).succeedsWithin(SYNC);
    StartedRequests made = cluster.requestsStarted().since(before);
    String group = Widgets.WIDGET.group();
    assertThat(made.count(Verb.WATCH, group, "widgets", Scope.NAMESPACE, ns)
        + made.count(Verb.WATCH, group, "widgets", Scope.RESOURCE, ns)
        + made.count(Verb.GET, group, "widgets", Scope.RESOURCE, ns)
        + made.count(Verb.LIST, group, "widgets", Scope.NAMESPACE, ns))
        .as("reads and watches to wait: %s", made).isZero();
    assertThat(made.count(Verb.PUT, group, "widgets/status", Scope.RESOURCE, ns))
        .as("the writer's status write: %s", made).isEqualTo(1);
    assertThat(informer.lister().byIndex(Widgets.BY_COLOR, "red"))
        .extracting(w -> w.getMetadata().getName()).containsExactly("waited");
  }
}
