package io.kruise.agents.testkit.gadget;

import io.fabric8.kubernetes.client.CustomResource;

/** A resource class without {@code @Group}/{@code @Version}: it names no API and no CRD. */
public class Unregistered extends CustomResource<Void, Void> {
  private static final long serialVersionUID = 1L;
}
