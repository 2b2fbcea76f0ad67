package io.kruise.agents.widget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kruise.agents.client.PatchType;
import io.kruise.agents.client.ResourceClient;
import io.kruise.agents.client.UpdateMode;
import io.kruise.agents.client.exceptions.ConflictException;
import java.util.HashMap;
import java.util.Map;

/** What the generic client does for a registered kind, on the mock and the real server alike. */
final class WidgetScenarios {

  private WidgetScenarios() {}

  /** Every verb of the generic client, in the client's namespace. */
  static void crud(ResourceClient<Widget, WidgetList> widgets) {
    assertThat(widgets.kind()).isSameAs(Widgets.WIDGET);
    Widget labelled = Widget.of("w1", "red");
    labelled.getMetadata().setLabels(Map.of("app", "demo"));
    Widget created = widgets.create(labelled, null);
    assertThat(created.getMetadata().getNamespace()).isEqualTo(widgets.namespace());
    assertThat(created.getMetadata().getResourceVersion()).isNotNull();
    widgets.create(Widget.of("w2", "blue"), null);

    assertThat(widgets.get("w1", null).getSpec().getColor()).isEqualTo("red");
    assertThat(widgets.list(null, "app=demo", null, null, null).getItems())
        .extracting(w -> w.getMetadata().getName()).containsExactly("w1");
    assertThat(widgets.list(null, null, null, null, null).getItems()).hasSize(2);

    Widget green = widgets.get("w1", null);
    green.getSpec().setColor("green");
    Widget updated = widgets.update("w1", green, UpdateMode.OPTIMISTIC, null);
    assertThat(updated.getSpec().getColor()).isEqualTo("green");

    Widget patched = widgets.patch("w1", "{\"metadata\":{\"labels\":{\"tier\":\"gold\"}}}", null,
        PatchType.MERGE, null);
    assertThat(patched.getMetadata().getLabels()).containsEntry("tier", "gold");

    Widget withStatus = WidgetKindMockServerTest.withReady(patched, "False");
    Widget statusWritten = widgets.updateStatus("w1", withStatus, UpdateMode.OPTIMISTIC, null);
    assertThat(statusWritten.getStatus().getConditions()).singleElement()
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo("False"));

    Widget modified = widgets.modify("w1", w -> {
      Map<String, String> labels = new HashMap<>(w.getMetadata().getLabels());
      labels.put("modified", "yes");
      w.getMetadata().setLabels(labels);
      return w;
    }, null);
    assertThat(modified.getMetadata().getLabels()).containsEntry("modified", "yes");
    Widget ready = widgets.modifyStatus("w1",
        w -> WidgetKindMockServerTest.withReady(w, "True"), null);
    assertThat(WidgetKindMockServerTest.ready(ready)).isTrue();
    assertThat(widgets.waitForCondition("w1", "Ready", "True", null, null)
        .getMetadata().getResourceVersion()).isEqualTo(ready.getMetadata().getResourceVersion());

    widgets.delete("w1", null, null);
    assertThatThrownBy(() -> widgets.get("w1", null)).isInstanceOf(WidgetNotFoundException.class);
    assertThat(widgets.deleteCollection(null, null, null)).hasSize(1);
    assertThat(widgets.list(null, null, null, null, null).getItems()).isEmpty();
  }

  /** An update with a stale resourceVersion conflicts (on the real server). */
  static void staleUpdateConflicts(ResourceClient<Widget, WidgetList> widgets) {
    Widget created = widgets.create(Widget.of("stale", "red"), null);
    widgets.patch("stale", "{\"spec\":{\"color\":\"blue\"}}", null, PatchType.MERGE, null);
    created.getSpec().setColor("green");
    assertThatThrownBy(() -> widgets.update("stale", created, UpdateMode.OPTIMISTIC, null))
        .isInstanceOf(ConflictException.class);
    Widget staleStatus = WidgetKindMockServerTest.withReady(created, "True");
    assertThatThrownBy(() -> widgets.updateStatus("stale", staleStatus, UpdateMode.OPTIMISTIC,
        null)).isInstanceOf(ConflictException.class);
  }
}
