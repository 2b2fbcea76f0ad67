package io.kruise.agents.widget;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import io.kruise.agents.model.HasConditions;
import java.util.List;

/**
 * A kind that only the tests know: one model class, registered once in {@link Widgets}. Its CRD
 * is generated from this class by the testkit ({@code @WithMockApiServer(kinds = Widget.class)}).
 */
@Group("widgets.example.io")
@Version("v1")
public class Widget extends CustomResource<Widget.Spec, Widget.Status> implements Namespaced {

  private static final long serialVersionUID = 1L;

  /** @return a widget of a color, in the client's namespace */
  public static Widget of(String name, String color) {
    Widget w = new Widget();
    w.getMetadata().setName(name);
    Spec spec = new Spec();
    spec.setColor(color);
    w.setSpec(spec);
    return w;
  }

  /** Desired state. */
  public static class Spec {
    private String color;

    public String getColor() {
      return color;
    }

    public void setColor(String color) {
      this.color = color;
    }
  }

  /** Observed state: conditions, so that waits for a condition work on it. */
  public static class Status implements HasConditions {
    private List<Condition> conditions;

    @Override
    public List<Condition> getConditions() {
      return conditions;
    }

    public void setConditions(List<Condition> conditions) {
      this.conditions = conditions;
    }
  }
}
