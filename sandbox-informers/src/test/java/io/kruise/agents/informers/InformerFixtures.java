package io.kruise.agents.informers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.Fixtures;
import io.kruise.agents.model.AgentsApi;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test objects and helpers of the informer tests. */
final class InformerFixtures {

  static final Duration SYNC = Duration.ofSeconds(20);

  private InformerFixtures() {}

  /** @return a namespace no other test uses */
  static String uniqueNamespace() {
    return Fixtures.uniqueName("ns");
  }

  /** @return a Sandbox in a namespace with a one-container template and the given labels */
  static Sandbox sandbox(String namespace, String name, Map<String, String> labels) {
    Sandbox s = Fixtures.sandbox(name, "demo");
    s.getMetadata().setNamespace(namespace);
    Map<String, String> all = new HashMap<>(s.getMetadata().getLabels());
    all.putAll(labels);
    s.getMetadata().setLabels(all);
    return s;
  }

  /** @return a Sandbox in a namespace with only the app=demo label */
  static Sandbox sandbox(String namespace, String name) {
    return sandbox(namespace, name, Map.of());
  }

  /**
   * @return an unclaimed pool member: labelled sandbox-pool=pool and controlled by SandboxSet
   *     {@code pool}
   */
  static Sandbox poolSandbox(String namespace, String name, String pool) {
    Sandbox s = sandbox(namespace, name, Map.of(SandboxLabels.SANDBOX_POOL, pool));
    s.getMetadata().setOwnerReferences(new ArrayList<>(List.of(sandboxSetController(pool))));
    return s;
  }

  /** @return a controller reference to a SandboxSet */
  static OwnerReference sandboxSetController(String setName) {
    return new OwnerReferenceBuilder().withApiVersion(AgentsApi.API_VERSION)
        .withKind(AgentsApi.SANDBOXSET_KIND).withName(setName).withUid("uid-" + setName)
        .withController(true).withBlockOwnerDeletion(true).build();
  }

  /** @return status phase Running with Ready=ready */
  static SandboxStatus running(boolean ready) {
    List<Condition> conditions = new ArrayList<>();
    conditions.add(Fixtures.condition("Ready", ready ? "True" : "False"));
    return new SandboxStatus().withPhase("Running").withConditions(conditions);
  }

  /** Creates a Sandbox and writes its status; @return the stored object */
  static Sandbox createWithStatus(AgentsClient client, Sandbox body, SandboxStatus status) {
    String ns = body.getMetadata().getNamespace();
    Sandbox created = client.sandboxes(ns).createSandbox(body);
    Sandbox withStatus = created.deepCopy();
    withStatus.setStatus(status);
    return client.sandboxes(ns).updateSandboxStatus(created.getMetadata().getName(), withStatus);
  }

  /** Writes a new status onto the current version of a Sandbox; @return the stored object */
  static Sandbox writeStatus(AgentsClient client, String namespace, String name,
      SandboxStatus status) {
    Sandbox current = client.sandboxes(namespace).getSandbox(name);
    current.setStatus(status);
    return client.sandboxes(namespace).updateSandboxStatus(name, current);
  }

  /**
   * Reads a Sandbox, changes it and writes it back with a full update (the mock server's merge
   * patches cannot remove list items or keys, so removals go this way).
   *
   * @return the stored object
   */
  static Sandbox edit(AgentsClient client, String namespace, String name,
      java.util.function.Consumer<Sandbox> change) {
    Sandbox current = client.sandboxes(namespace).getSandbox(name);
    current.getMetadata().setLabels(new HashMap<>(current.getMetadata().getLabels()));
    current.getMetadata().setAnnotations(new HashMap<>(current.getMetadata().getAnnotations()));
    current.getMetadata().setOwnerReferences(
        new ArrayList<>(current.getMetadata().getOwnerReferences()));
    change.accept(current);
    return client.sandboxes(namespace).updateSandbox(name, current);
  }

  /** @return a SandboxSet in a namespace */
  static SandboxSet sandboxSet(String namespace, String name, int replicas) {
    SandboxSet s = Fixtures.sandboxSet(name, replicas);
    s.getMetadata().setNamespace(namespace);
    return s;
  }

  /** Starts an informer, waits for its sync and its watch. */
  static <T> SharedInformer<T> synced(SharedInformer<T> informer) {
    assertThat(informer.awaitSynced(SYNC)).as("informer synced").isTrue();
    await().atMost(SYNC).until(() -> informer.health().watching());
    return informer;
  }

  /** @return the all-namespaces Sandbox informer, synced and watching */
  static SharedInformer<Sandbox> syncedSandboxes(AgentsClient agents) {
    return synced(SharedInformers.of(agents).sandboxes());
  }

  /** @return the names of objects */
  static List<String> names(List<? extends io.fabric8.kubernetes.api.model.HasMetadata> objects) {
    return objects.stream().map(o -> o.getMetadata().getName()).toList();
  }

  /**
   * Runs something while collecting what is logged (slf4j-simple writes to System.err).
   *
   * @param action what to run
   * @param until waits, after the action, until the collected text satisfies this
   * @return the collected text
   */
  static String stderrOf(Runnable action, java.util.function.Predicate<String> until) {
    java.io.PrintStream original = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      action.run();
      await().atMost(SYNC).until(
          () -> until.test(captured.toString(java.nio.charset.StandardCharsets.UTF_8)));
    } finally {
      System.setErr(original);
    }
    return captured.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** @return the internals of an informer created by SharedInformers */
  @SuppressWarnings("unchecked")
  static <T extends io.fabric8.kubernetes.client.CustomResource<?, ?>> DefaultSharedInformer<T, ?>
      internals(SharedInformer<T> informer) {
    return (DefaultSharedInformer<T, ?>) informer;
  }
}
