package io.kruise.agents.controller;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetSpec;
import io.kruise.agents.model.SandboxSpec;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Test objects of the controller-kit tests. */
public final class ControllerFixtures {

  private static final AtomicInteger SEQ = new AtomicInteger();

  private ControllerFixtures() {}

  /** @return a unique DNS-1123 name with the given prefix */
  public static String uniqueName(String prefix) {
    return prefix + "-" + SEQ.incrementAndGet() + "-"
        + Long.toString(System.nanoTime() % 100000, 36);
  }

  /** @return a one-container pod template */
  public static PodTemplateSpec template(String image) {
    return new PodTemplateSpecBuilder().withNewMetadata().withLabels(Map.of("app", "pool"))
        .endMetadata().withNewSpec().addNewContainer().withName("app").withImage(image)
        .endContainer().endSpec().build();
  }

  /** @return a SandboxSet with an inline template */
  public static SandboxSet sandboxSet(String namespace, String name, int replicas) {
    return SandboxSet.of(namespace, name, new SandboxSetSpec().withReplicas(replicas)
        .withTemplate(template("nginx:1")));
  }

  /** @return a Sandbox with a one-container template */
  public static Sandbox sandbox(String namespace, String name) {
    return Sandbox.of(namespace, name, new SandboxSpec().withTemplate(template("nginx:1")));
  }

  /**
   * @return a copy of {@code obj} whose labels, annotations, finalizers and owner references are
   *     unmodifiable, as the shared cache hands them out
   */
  public static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T frozen(T obj) {
    var m = obj.getMetadata();
    obj.setMetadata(new ObjectMetaBuilder(m).build());
    var f = obj.getMetadata();
    f.setLabels(m.getLabels() == null ? null : Collections.unmodifiableMap(m.getLabels()));
    f.setAnnotations(m.getAnnotations() == null ? null
        : Collections.unmodifiableMap(m.getAnnotations()));
    f.setFinalizers(m.getFinalizers() == null ? null
        : Collections.unmodifiableList(m.getFinalizers()));
    List<OwnerReference> refs = m.getOwnerReferences();
    f.setOwnerReferences(refs == null ? null : Collections.unmodifiableList(refs));
    return obj;
  }
}
