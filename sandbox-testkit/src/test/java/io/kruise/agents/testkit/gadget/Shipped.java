package io.kruise.agents.testkit.gadget;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A test kind whose CRD YAML is on the classpath (as the CRD generator's Maven plugin would put
 * it), with a short name the generator would not add: loading it must take the YAML.
 */
@Group("testkit.example.io")
@Version("v1")
public class Shipped extends CustomResource<Void, Void> implements Namespaced {
  private static final long serialVersionUID = 1L;
}
