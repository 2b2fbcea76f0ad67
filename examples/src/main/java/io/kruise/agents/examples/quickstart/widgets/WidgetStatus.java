package io.kruise.agents.examples.quickstart.widgets;

import io.fabric8.kubernetes.api.model.Condition;
import io.kruise.agents.model.HasConditions;
import java.util.List;

/** A widget's observed state: conditions, so that the generic condition waits work on it. */
public class WidgetStatus implements HasConditions {
  private List<Condition> conditions;

  @Override
  public List<Condition> getConditions() {
    return conditions;
  }

  /** @param conditions the conditions */
  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
