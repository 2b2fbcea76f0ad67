package io.kruise.agents.testkit.gadget;

import io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A kind of the tests' own, with no CRD YAML on the classpath: the testkit generates its CRD
 * from this class. Its plural is not the default one, to show that {@code @Plural} is followed.
 */
@Group("testkit.example.io")
@Version("v1beta1")
@Plural("gizmos")
public class Gadget extends CustomResource<Gadget.Spec, Gadget.Status> implements Namespaced {

  private static final long serialVersionUID = 1L;

  /** @return a gadget of that size */
  public static Gadget of(String name, int size) {
    Gadget g = new Gadget();
    g.getMetadata().setName(name);
    Spec spec = new Spec();
    spec.setSize(size);
    g.setSpec(spec);
    return g;
  }

  /** Desired state. */
  public static class Spec {
    private Integer size;

    public Integer getSize() {
      return size;
    }

    public void setSize(Integer size) {
      this.size = size;
    }
  }

  /** Observed state. */
  public static class Status {
    private String phase;

    public String getPhase() {
      return phase;
    }

    public void setPhase(String phase) {
      this.phase = phase;
    }
  }

  /** The list type. */
  public static class List extends DefaultKubernetesResourceList<Gadget> {
    private static final long serialVersionUID = 1L;
  }
}
