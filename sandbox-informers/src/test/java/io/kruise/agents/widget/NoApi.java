package io.kruise.agents.widget;

import io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;

/** A resource class with a group but no {@code @Version}: it names no API to serve it. */
@Group("widgets.example.io")
public class NoApi extends CustomResource<Void, Void> {
  private static final long serialVersionUID = 1L;

  /** Its list type. */
  public static class List extends DefaultKubernetesResourceList<NoApi> {
    private static final long serialVersionUID = 1L;
  }
}
