package io.kruise.agents.controller.josdk;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.kruise.agents.model.AgentsApi;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetSpec;
import io.kruise.agents.model.SandboxSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Objects of the JOSDK tests. */
final class JosdkFixtures {

  static final Duration SYNC = Duration.ofSeconds(30);
  private static final AtomicInteger SEQ = new AtomicInteger();

  private JosdkFixtures() {}

  static String unique(String prefix) {
    return prefix + "-" + SEQ.incrementAndGet();
  }

  static PodTemplateSpec template() {
    return new PodTemplateSpecBuilder().withNewSpec().addNewContainer().withName("app")
        .withImage("nginx:latest").endContainer().endSpec().build();
  }

  static SandboxSet sandboxSet(String namespace, String name, int replicas) {
    SandboxSet s = SandboxSet.of(namespace, name, new SandboxSetSpec().withReplicas(replicas)
        .withTemplate(template()));
    s.getMetadata().setLabels(new HashMap<>(Map.of("app", "pool")));
    return s;
  }

  static Sandbox sandbox(String namespace, String name) {
    Sandbox s = Sandbox.of(namespace, name, new SandboxSpec().withTemplate(template()));
    s.getMetadata().setLabels(new HashMap<>(Map.of("app", "demo")));
    return s;
  }

  /** @return a Sandbox controlled by {@code owner} (which must carry its UID) */
  static Sandbox ownedBy(SandboxSet owner, String name) {
    Sandbox s = sandbox(owner.getMetadata().getNamespace(), name);
    s.getMetadata().getLabels().put(SandboxLabels.SANDBOX_POOL, owner.getMetadata().getName());
    s.getMetadata().setOwnerReferences(new ArrayList<>(List.of(controllerRef(owner))));
    return s;
  }

  static OwnerReference controllerRef(SandboxSet owner) {
    return new OwnerReferenceBuilder().withApiVersion(AgentsApi.API_VERSION)
        .withKind(AgentsApi.SANDBOXSET_KIND).withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid()).withController(true)
        .withBlockOwnerDeletion(true).build();
  }
}
