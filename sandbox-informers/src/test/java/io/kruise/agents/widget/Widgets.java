package io.kruise.agents.widget;

import io.kruise.agents.client.ResourceKind;
import java.util.List;

/** The one registration of the Widget kind. */
public final class Widgets {

  /** Index of widgets by {@code spec.color}. */
  public static final String BY_COLOR = "byColor";

  /** The Widget kind: clients, informers, waits and the testkit work from this. */
  public static final ResourceKind<Widget, WidgetList> WIDGET =
      ResourceKind.builder(Widget.class, WidgetList.class, WidgetNotFoundException::new)
          .index(BY_COLOR, w -> w.getSpec() == null || w.getSpec().getColor() == null
              ? List.of() : List.of(w.getSpec().getColor()))
          .build();

  private Widgets() {}
}
