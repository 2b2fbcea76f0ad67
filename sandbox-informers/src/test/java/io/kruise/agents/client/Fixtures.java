package io.kruise.agents.client;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetSpec;
import io.kruise.agents.model.SandboxSetStatus;
import io.kruise.agents.model.SandboxSpec;
import io.kruise.agents.model.SandboxStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Test objects. */
public final class Fixtures {

  private static final AtomicInteger SEQ = new AtomicInteger();

  private Fixtures() {}

  /** @return a unique DNS-1123 name with the given prefix */
  public static String uniqueName(String prefix) {
    return prefix + "-" + SEQ.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 100000, 36);
  }

  /** @return a Sandbox with a one-container pod template and an app label */
  public static Sandbox sandbox(String name, String app) {
    Sandbox s = Sandbox.of(null, name, new SandboxSpec().withTemplate(new PodTemplateSpecBuilder()
        .withNewSpec().addNewContainer().withName("app").withImage("nginx:latest").endContainer()
        .endSpec().build()));
    s.getMetadata().setLabels(Map.of("app", app));
    return s;
  }

  /** @return a SandboxSet with the given replicas */
  public static SandboxSet sandboxSet(String name, int replicas) {
    SandboxSet s = SandboxSet.of(null, name, new SandboxSetSpec().withReplicas(replicas)
        .withTemplate(new PodTemplateSpecBuilder().withNewSpec().addNewContainer().withName("app")
            .withImage("nginx:latest").endContainer().endSpec().build()));
    s.getMetadata().setLabels(Map.of("app", "pool"));
    return s;
  }

  /** @return a condition with a valid reason and transition time */
  public static Condition condition(String type, String status) {
    return new ConditionBuilder().withType(type).withStatus(status).withReason("Test")
        .withMessage("set by test").withLastTransitionTime(Instant.now().toString()).build();
  }

  /** @return a copy of the Sandbox with phase Running and the given Ready status */
  public static Sandbox withReady(Sandbox s, String ready) {
    Sandbox copy = s.deepCopy();
    copy.setStatus(new SandboxStatus().withPhase("Running")
        .withConditions(List.of(condition("Ready", ready))));
    return copy;
  }

  /** @return a copy of the SandboxSet with the given status counts */
  public static SandboxSet withCounts(SandboxSet s, int replicas, int available) {
    SandboxSet copy = s.deepCopy();
    SandboxSetStatus status = new SandboxSetStatus();
    status.setReplicas(replicas);
    status.setAvailableReplicas(available);
    copy.setStatus(status);
    return copy;
  }
}
