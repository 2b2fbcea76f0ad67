package io.kruise.agents.controller.pool;

import static io.kruise.agents.controller.ControllerFixtures.template;
import static io.kruise.agents.controller.ControllerFixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.exceptions.ConfigurationException;
import io.kruise.agents.controller.FakeTicker;
import io.kruise.agents.controller.OwnerReferences;
import io.kruise.agents.informers.InformerOptions;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.model.Conditions;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetSpec;
import io.kruise.agents.model.SandboxSetStatus;
import io.kruise.agents.model.SandboxSetUpdateStrategy;
import io.kruise.agents.model.SandboxTemplate;
import io.kruise.agents.model.SandboxTemplateSpec;
import io.kruise.agents.model.TemplateRef;
import io.kruise.agents.testkit.MockApiServer;
import io.kruise.agents.testkit.WithMockApiServer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * SandboxSets with {@code spec.templateRef} on the mock server: filled from the SandboxTemplate
 * through the shared SandboxTemplate informer, waiting for one that does not exist yet (woken by
 * its creation: JOSDK's own reschedule is hours away), rolled when it changes, and how SandboxTemplate
 * events find the sets that refer to them.
 */
@WithMockApiServer
class PoolControllerTemplateRefMockServerTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String NS = "tref";

  static SandboxTemplate sandboxTemplate(String name, String image) {
    return SandboxTemplate.of(NS, name, new SandboxTemplateSpec().withTemplate(template(image)));
  }

  static SandboxSet refSet(String name, int replicas, String templateName) {
    return SandboxSet.of(NS, name, new SandboxSetSpec().withReplicas(replicas)
        .withTemplateRef(TemplateRef.of(templateName))
        .withUpdateStrategy(new SandboxSetUpdateStrategy().withMaxUnavailable(
            new IntOrString(1))));
  }

  private static List<Sandbox> members(AgentsClient agents, SandboxSet set) {
    return agents.sandboxes(NS).listSandboxes(NS, SandboxLabels.SANDBOX_POOL + "="
        + set.getMetadata().getName(), null).getItems().stream()
        .filter(s -> OwnerReferences.isControlledBy(s, set)).toList();
  }

  /** Full at {@code revision}: every member carries it, all available, status says so. */
  private static boolean fullAt(AgentsClient agents, SandboxSet set, int replicas,
      String revision) {
    SandboxSetStatus status = agents.sandboxSets(NS).getSandboxSet(set.getMetadata().getName())
        .getStatus();
    List<Sandbox> members = members(agents, set);
    return status != null && revision.equals(status.getUpdateRevision())
        && members.size() == replicas && status.getAvailableReplicas() == replicas
        && members.stream().allMatch(s -> revision.equals(
            s.getMetadata().getLabels().get(SandboxLabels.TEMPLATE_HASH)));
  }

  private static Condition templateCondition(AgentsClient agents, SandboxSet set) {
    return Conditions.find(agents.sandboxSets(NS).getSandboxSet(set.getMetadata().getName()),
        PoolPlanner.TEMPLATE_CONDITION).orElse(null);
  }

  private static String revision(SandboxSet set, SandboxTemplate template) {
    return TemplateRevision.of(TemplateRevision.effectiveSpec(set.getSpec(), template));
  }

  @Test
  void aSetIsFilledFromATemplateThatAppearsLaterAndRolledWhenItChanges(AgentsClient agents,
      MockApiServer server) {
    SandboxSetPoolController controller = SandboxSetPoolController.create(agents,
        PoolControllerOptions.builder().namespace(NS).build());
    Operator operator = new Operator(o -> o.withKubernetesClient(agents.kubernetesClient())
        .withCloseClientOnStop(false));
    controller.registerWith(operator);
    String templateName = uniqueName("python");
    try (SimulatedSandboxRuntime runtime = SimulatedSandboxRuntime.start(agents,
        Duration.ZERO)) {
      operator.start();
      SandboxSet set = agents.sandboxSets(NS).createSandboxSet(refSet(uniqueName("ref"), 2,
          templateName));

      // no template yet: reported by name, nothing created
      await().atMost(WAIT).until(() -> templateCondition(agents, set) != null);
      Condition missing = templateCondition(agents, set);
      assertThat(missing.getStatus()).isEqualTo("False");
      assertThat(missing.getReason()).isEqualTo(PoolPlanner.TEMPLATE_NOT_FOUND);
      assertThat(missing.getMessage()).contains("SandboxTemplate " + NS + "/" + templateName);
      assertThat(members(agents, set)).isEmpty();
      assertThat(controller.stats().created()).isZero();

      // it appears: its creation alone wakes the set, which fills from it
      SandboxTemplate v1 = agents.sandboxTemplates(NS).createSandboxTemplate(
          sandboxTemplate(templateName, "python:3.12"));
      String r1 = revision(set, v1);
      await().atMost(WAIT).until(() -> fullAt(agents, set, 2, r1));
      assertThat(templateCondition(agents, set)).isNull();
      SandboxSetStatus status = agents.sandboxSets(NS).getSandboxSet(set.getMetadata().getName())
          .getStatus();
      assertThat(status.getCurrentRevision()).isEqualTo(templateName);
      assertThat(members(agents, set)).allSatisfy(s -> {
        assertThat(s.getSpec().getTemplateRef().getName()).isEqualTo(templateName);
        assertThat(s.getSpec().getTemplate()).isNull();
        assertThat(s.getMetadata().getLabels()).containsEntry("app", "pool")
            .containsEntry(SandboxLabels.SANDBOX_TEMPLATE, templateName);
      });
      assertThat(controller.stats().created()).isEqualTo(2);

      // it changes: the sets that use it roll to the new revision, one at a time
      SandboxTemplate changed = agents.sandboxTemplates(NS).getSandboxTemplate(templateName);
      changed.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("python:3.13");
      SandboxTemplate v2 = agents.sandboxTemplates(NS).updateSandboxTemplate(templateName,
          changed);
      String r2 = revision(set, v2);
      assertThat(r2).isNotEqualTo(r1);
      await().atMost(WAIT).until(() -> fullAt(agents, set, 2, r2));
      assertThat(controller.stats().created()).isEqualTo(4);

      // at rest a reconcile reads the template from the cache: no request at all
      operator.stop();
      await().atMost(WAIT).until(() -> controller.reconcileOnce(
          agents.sandboxSets(NS).getSandboxSet(set.getMetadata().getName())) == null);
      SandboxSet current = agents.sandboxSets(NS).getSandboxSet(set.getMetadata().getName());
      int requests = server.requestCount();
      controller.reconcileOnce(current);
      assertThat(server.requestCount()).isEqualTo(requests);

      // deleted: reported again, the members stay (nothing is deleted for it)
      agents.sandboxTemplates(NS).deleteSandboxTemplate(templateName);
      await().atMost(WAIT).until(() -> {
        controller.reconcileOnce(agents.sandboxSets(NS).getSandboxSet(
            set.getMetadata().getName()));
        Condition c = templateCondition(agents, set);
        return c != null && PoolPlanner.TEMPLATE_NOT_FOUND.equals(c.getReason());
      });
      assertThat(members(agents, set)).hasSize(2);
    } finally {
      operator.stop();
      controller.close();
    }
  }

  @Test
  void templateEventsFindTheSetsThatReferToTheTemplateAndNoOthers(AgentsClient agents) {
    SharedInformers informers = SharedInformers.of(agents);
    FakeTicker ticker = new FakeTicker();
    PoolTemplates templates = new PoolTemplates(
        informers.sandboxTemplates(InformerScope.namespace(NS)),
        informers.sandboxSets(InformerScope.allNamespaces()), WAIT, Duration.ofMinutes(1),
        ticker);
    String name = uniqueName("shared");
    SandboxSet a = agents.sandboxSets(NS).createSandboxSet(refSet(uniqueName("a"), 0, name));
    SandboxSet b = agents.sandboxSets(NS).createSandboxSet(refSet(uniqueName("b"), 0, name));
    agents.sandboxSets(NS).createSandboxSet(refSet(uniqueName("other"), 0, "other"));
    agents.sandboxSets("elsewhere").createSandboxSet(SandboxSet.of("elsewhere", uniqueName("x"),
        refSet("x", 0, name).getSpec()));
    assertThat(informers.sandboxSets(InformerScope.allNamespaces()).awaitSynced(WAIT)).isTrue();

    // by the index of the shared SandboxSet cache (the client's writes show at once)
    assertThat(templates.users(NS, name)).containsExactlyInAnyOrder(ResourceID.fromResource(a),
        ResourceID.fromResource(b));

    // a set the shared cache does not have yet (JOSDK's copy can be ahead) is found because its
    // reconcile recorded the reference before looking the template up; that record expires
    SandboxSet ahead = refSet(uniqueName("ahead"), 1, name);
    assertThat(templates.resolve(ahead)).isNull();
    assertThat(templates.users(NS, name)).contains(ResourceID.fromResource(ahead)).hasSize(3);
    ticker.advance(Duration.ofMinutes(1));
    assertThat(templates.users(NS, name)).doesNotContain(ResourceID.fromResource(ahead));
    assertThat(templates.remembered()).isZero();

    // the listener: add and delete trigger the users, an update only when the spec changed
    List<ResourceID> triggered = new CopyOnWriteArrayList<>();
    PoolTemplateListener listener = new PoolTemplateListener(templates, triggered::add);
    SandboxTemplate t = sandboxTemplate(name, "python:3.12");
    listener.onAdd(t);
    assertThat(triggered).hasSize(2);
    SandboxTemplate relabelled = t.deepCopy();
    relabelled.getMetadata().setLabels(java.util.Map.of("x", "y"));
    listener.onUpdate(t, relabelled);
    assertThat(triggered).hasSize(2);
    SandboxTemplate newImage = sandboxTemplate(name, "python:3.13");
    listener.onUpdate(t, newImage);
    assertThat(triggered).hasSize(4);
    listener.onDelete(newImage, false);
    assertThat(triggered).hasSize(6);
    assertThat(Set.copyOf(triggered)).containsExactlyInAnyOrder(ResourceID.fromResource(a),
        ResourceID.fromResource(b));
  }

  @Test
  void aSetWithTemplateAndTemplateRefCreatesNothing(AgentsClient agents) {
    SandboxSetPoolController controller = SandboxSetPoolController.create(agents,
        PoolControllerOptions.builder().namespace(NS).build());
    try {
      String templateName = uniqueName("both");
      agents.sandboxTemplates(NS).createSandboxTemplate(sandboxTemplate(templateName, "a:1"));
      SandboxSet body = refSet(uniqueName("both"), 2, templateName);
      body.getSpec().setTemplate(template("b:1"));
      SandboxSet set = agents.sandboxSets(NS).createSandboxSet(body);
      controller.reconcileOnce(set);
      assertThat(templateCondition(agents, set).getReason())
          .isEqualTo(PoolPlanner.TEMPLATE_CONFLICT);
      assertThat(members(agents, set)).isEmpty();
    } finally {
      controller.close();
    }
  }

  @Test
  void aLeanCacheIsRefusedAtCreationBecauseItHasNoTemplatesToBuildFrom(MockApiServer server) {
    try (KubernetesClient other = server.createClient();
        AgentsClient lean = AgentsClient.create(other)) {
      SharedInformers.of(lean, InformerOptions.builder().lean().build());
      assertThatThrownBy(() -> SandboxSetPoolController.create(lean, null))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("stripTemplates");
      assertThat(SharedInformers.of(lean).health()).noneMatch(h -> h.started());
    }
    // managed fields alone may go: templates stay
    try (KubernetesClient other = server.createClient();
        AgentsClient slim = AgentsClient.create(other)) {
      SharedInformers.of(slim, InformerOptions.builder().stripManagedFields(true).build());
      SandboxSetPoolController.create(slim, null).close();
    }
  }

  @Test
  void aTemplateOfTheSetsNamespaceOnlyIsUsed(AgentsClient agents) {
    SandboxSetPoolController controller = SandboxSetPoolController.create(agents,
        PoolControllerOptions.builder().build());
    try {
      String templateName = uniqueName("ns-only");
      agents.sandboxTemplates("elsewhere").createSandboxTemplate(SandboxTemplate.of("elsewhere",
          templateName, new SandboxTemplateSpec().withTemplate(template("a:1"))));
      SandboxSet set = agents.sandboxSets(NS).createSandboxSet(refSet(uniqueName("ns"), 1,
          templateName));
      controller.reconcileOnce(set);
      assertThat(templateCondition(agents, set).getReason())
          .isEqualTo(PoolPlanner.TEMPLATE_NOT_FOUND);
      assertThat(members(agents, set)).isEmpty();
    } finally {
      controller.close();
    }
  }

  @Test
  void aTemplateOutsideTheTemplateLabelSelectorCountsAsMissing(AgentsClient agents) {
    SandboxSetPoolController controller = SandboxSetPoolController.create(agents,
        PoolControllerOptions.builder().namespace(NS).sandboxTemplateLabelSelector("tier=pools")
            .build());
    try {
      String unlabelled = uniqueName("unlabelled");
      agents.sandboxTemplates(NS).createSandboxTemplate(sandboxTemplate(unlabelled, "a:1"));
      SandboxTemplate labelled = sandboxTemplate(uniqueName("labelled"), "a:1");
      labelled.getMetadata().setLabels(java.util.Map.of("tier", "pools"));
      agents.sandboxTemplates(NS).createSandboxTemplate(labelled);
      SandboxSet outside = agents.sandboxSets(NS).createSandboxSet(refSet(uniqueName("out"), 1,
          unlabelled));
      SandboxSet inside = agents.sandboxSets(NS).createSandboxSet(refSet(uniqueName("in"), 1,
          labelled.getMetadata().getName()));
      controller.reconcileOnce(outside);
      controller.reconcileOnce(inside);
      assertThat(templateCondition(agents, outside).getReason())
          .isEqualTo(PoolPlanner.TEMPLATE_NOT_FOUND);
      assertThat(members(agents, outside)).isEmpty();
      assertThat(templateCondition(agents, inside)).isNull();
      assertThat(members(agents, inside)).hasSize(1);
    } finally {
      controller.close();
    }
  }
}
