package io.kruise.agents.model;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * A status that reports conditions ({@code status.conditions}): lets generic code, such as a
 * wait for a condition of any kind, read them without knowing the kind.
 */
public interface HasConditions {

  /** @return the conditions, or null when none were reported */
  List<Condition> getConditions();
}
