package io.kruise.agents.widget;

import io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList;

/** The list type of {@link Widget}. */
public class WidgetList extends DefaultKubernetesResourceList<Widget> {
  private static final long serialVersionUID = 1L;
}
