package io.kruise.agents.examples.quickstart.widgets;

import io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList;

/** A list of widgets. */
public class WidgetList extends DefaultKubernetesResourceList<Widget> {
  private static final long serialVersionUID = 1L;
}
