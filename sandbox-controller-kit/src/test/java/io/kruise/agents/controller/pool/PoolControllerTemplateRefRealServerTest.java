package io.kruise.agents.controller.pool;

import static io.kruise.agents.controller.ControllerFixtures.template;
import static io.kruise.agents.controller.ControllerFixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.javaoperatorsdk.operator.Operator;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.controller.OwnerReferences;
import io.kruise.agents.controller.josdk.JosdkSharing;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.ListenerOptions;
import io.kruise.agents.informers.ListenerRegistration;
import io.kruise.agents.informers.ResourceListener;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.model.Conditions;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetSpec;
import io.kruise.agents.model.SandboxSetStatus;
import io.kruise.agents.model.SandboxSetUpdateStrategy;
import io.kruise.agents.model.SandboxStates;
import io.kruise.agents.model.SandboxTemplate;
import io.kruise.agents.model.SandboxTemplateSpec;
import io.kruise.agents.model.TemplateRef;
import io.kruise.agents.testkit.WithRealApiServer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * SandboxSets filled from a SandboxTemplate against a real API server, with JOSDK on the shared
 * cache ({@link JosdkSharing}): the set waits for a template that does not exist yet, fills from
 * it once it is created, rolls to the new revision when the template is updated (never more than
 * {@code updateStrategy.maxUnavailable} members unready at once), and the sandboxes it creates
 * carry the reference through the server's schema. The server has no validating webhook, so a set
 * with both a template and a reference is stored and the controller refuses it.
 */
@WithRealApiServer
class PoolControllerTemplateRefRealServerTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private static SandboxSet refSet(String name, int replicas, String templateName) {
    return SandboxSet.of(null, name, new SandboxSetSpec().withReplicas(replicas)
        .withTemplateRef(TemplateRef.of(templateName))
        .withUpdateStrategy(new SandboxSetUpdateStrategy().withMaxUnavailable(
            new IntOrString(1))));
  }

  private static List<Sandbox> members(AgentsClient agents, SandboxSet set) {
    return agents.sandboxes().listSandboxes(null, SandboxLabels.SANDBOX_POOL + "="
        + set.getMetadata().getName(), null).getItems().stream()
        .filter(s -> OwnerReferences.isControlledBy(s, set)).toList();
  }

  private static boolean fullAt(AgentsClient agents, SandboxSet set, int replicas,
      String revision) {
    SandboxSetStatus status = agents.sandboxSets().getSandboxSet(set.getMetadata().getName())
        .getStatus();
    List<Sandbox> members = members(agents, set);
    return status != null && revision.equals(status.getUpdateRevision())
        && status.getAvailableReplicas() == replicas && members.size() == replicas
        && members.stream().allMatch(s -> SandboxStates.isReady(s) && revision.equals(
            s.getMetadata().getLabels().get(SandboxLabels.TEMPLATE_HASH)));
  }

  private static Condition templateCondition(AgentsClient agents, String set) {
    return Conditions.find(agents.sandboxSets().getSandboxSet(set),
        PoolPlanner.TEMPLATE_CONDITION).orElse(null);
  }

  /** Tracks the pool's ready members and the fewest there were while a rollout ran. */
  private static final class ReadyWatcher implements ResourceListener<Sandbox> {
    final Set<String> ready = ConcurrentHashMap.newKeySet();
    final AtomicInteger fewest = new AtomicInteger(Integer.MAX_VALUE);

    @Override
    public void onAdd(Sandbox s) {
      track(s);
    }

    @Override
    public void onUpdate(Sandbox oldSandbox, Sandbox s) {
      track(s);
    }

    @Override
    public void onDelete(Sandbox s, boolean finalStateUnknown) {
      ready.remove(s.getMetadata().getName());
      fewest.accumulateAndGet(ready.size(), Math::min);
    }

    private void track(Sandbox s) {
      if (SandboxStates.isReady(s) && SandboxStates.isControlledBySandboxSet(s)) {
        ready.add(s.getMetadata().getName());
      } else {
        ready.remove(s.getMetadata().getName());
        fewest.accumulateAndGet(ready.size(), Math::min);
      }
    }
  }

  @Test
  void aTemplateCreatedLaterFillsThePoolAndItsUpdateRollsIt(AgentsClient agents) {
    String ns = agents.namespace();
    SandboxSetPoolController controller = SandboxSetPoolController.create(agents,
        PoolControllerOptions.builder().namespace(ns).build());
    Operator operator = new Operator(JosdkSharing.sharing(agents));
    controller.registerWith(operator);
    String templateName = uniqueName("python");
    String setName = uniqueName("ref");
    try (SimulatedSandboxRuntime runtime = SimulatedSandboxRuntime.start(agents,
        Duration.ofMillis(20))) {
      operator.start();
      SandboxSet set = agents.sandboxSets().createSandboxSet(refSet(setName, 3, templateName));

      await().atMost(WAIT).until(() -> templateCondition(agents, setName) != null);
      assertThat(templateCondition(agents, setName).getReason())
          .isEqualTo(PoolPlanner.TEMPLATE_NOT_FOUND);
      assertThat(members(agents, set)).isEmpty();

      SandboxTemplate v1 = agents.sandboxTemplates().createSandboxTemplate(SandboxTemplate.of(
          null, templateName, new SandboxTemplateSpec().withTemplate(template("python:3.12"))));
      String r1 = TemplateRevision.of(TemplateRevision.effectiveSpec(set.getSpec(), v1));
      await().atMost(WAIT).until(() -> fullAt(agents, set, 3, r1));
      assertThat(templateCondition(agents, setName)).isNull();
      assertThat(agents.sandboxSets().getSandboxSet(setName).getStatus().getCurrentRevision())
          .isEqualTo(templateName);
      // stored as created: the reference, no inline template
      assertThat(members(agents, set)).allSatisfy(s -> {
        assertThat(s.getSpec().getTemplateRef().getName()).isEqualTo(templateName);
        assertThat(s.getSpec().getTemplate()).isNull();
        assertThat(s.getMetadata().getLabels()).containsEntry(SandboxLabels.SANDBOX_TEMPLATE,
            templateName).containsEntry("app", "pool");
      });
      assertThat(controller.stats().created()).isEqualTo(3);

      ReadyWatcher watcher = new ReadyWatcher();
      try (ListenerRegistration registration = SharedInformers.of(agents)
          .sandboxes(InformerScope.namespace(ns)).addListener(ListenerOptions.<Sandbox>named(
              "ready").withLabelSelector(SandboxLabels.SANDBOX_POOL + "=" + setName), watcher)) {
        await().atMost(WAIT).until(() -> watcher.ready.size() == 3);

        SandboxTemplate changed = agents.sandboxTemplates().getSandboxTemplate(templateName);
        changed.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("python:3.13");
        SandboxTemplate v2 = agents.sandboxTemplates().updateSandboxTemplate(templateName,
            changed);
        String r2 = TemplateRevision.of(TemplateRevision.effectiveSpec(set.getSpec(), v2));
        assertThat(r2).isNotEqualTo(r1);

        await().atMost(WAIT).until(() -> fullAt(agents, set, 3, r2));
        assertThat(controller.stats().created()).isEqualTo(6);
        assertThat(controller.stats().deleted()).isEqualTo(3);
        // one at a time (updateStrategy.maxUnavailable=1): never fewer than 2 of 3 ready
        assertThat(watcher.fewest.get()).isEqualTo(2);
      }
    } finally {
      operator.stop();
      controller.close();
    }
  }

  @Test
  void aSetWithBothTemplateAndTemplateRefIsStoredByTheServerAndRefusedByTheController(
      AgentsClient agents) {
    SandboxSetPoolController controller = SandboxSetPoolController.create(agents,
        PoolControllerOptions.builder().namespace(agents.namespace()).build());
    try {
      String templateName = uniqueName("both");
      agents.sandboxTemplates().createSandboxTemplate(SandboxTemplate.of(null, templateName,
          new SandboxTemplateSpec().withTemplate(template("a:1"))));
      SandboxSet body = refSet(uniqueName("both"), 2, templateName);
      body.getSpec().setTemplate(template("b:1"));
      SandboxSet set = agents.sandboxSets().createSandboxSet(body);
      controller.reconcileOnce(set);
      Condition c = templateCondition(agents, set.getMetadata().getName());
      assertThat(c.getReason()).isEqualTo(PoolPlanner.TEMPLATE_CONFLICT);
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(members(agents, set)).isEmpty();
    } finally {
      controller.close();
    }
  }
}
