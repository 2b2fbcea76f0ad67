package io.kruise.agents.examples.quickstart.widgets;

import io.kruise.agents.client.ResourceKind;
import java.util.List;

/** README "Adding a kind": the one registration of {@link Widget}. */
public final class Widgets {

  /** The index of widgets by {@code spec.color}. */
  public static final String BY_COLOR = "byColor";

  /** The Widget kind. */
  // tag::kind-registration[]
  public static final ResourceKind<Widget, WidgetList> WIDGET =
      ResourceKind.builder(Widget.class, WidgetList.class, WidgetNotFoundException::new)
          .index(BY_COLOR, w -> w.getSpec() == null || w.getSpec().getColor() == null
              ? List.of() : List.of(w.getSpec().getColor()))
          .build();
  // end::kind-registration[]

  private Widgets() {}

  /**
   * @param namespace the namespace, or null for the client's
   * @param name the name
   * @param color the color
   * @return a new widget
   */
  public static Widget widget(String namespace, String name, String color) {
    Widget w = new Widget();
    w.getMetadata().setNamespace(namespace);
    w.getMetadata().setName(name);
    w.setSpec(new WidgetSpec());
    w.getSpec().setColor(color);
    return w;
  }
}
