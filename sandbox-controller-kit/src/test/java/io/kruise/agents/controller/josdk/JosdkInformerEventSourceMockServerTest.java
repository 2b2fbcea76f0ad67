package io.kruise.agents.controller.josdk;

import static io.kruise.agents.controller.josdk.JosdkFixtures.SYNC;
import static io.kruise.agents.controller.josdk.JosdkFixtures.ownedBy;
import static io.kruise.agents.controller.josdk.JosdkFixtures.sandboxSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.kruise.agents.controller.testing.ApiRequests.Verb;
import io.kruise.agents.controller.testing.OperatorExtension;
import io.kruise.agents.controller.testing.RunningOperator;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.testkit.WithMockApiServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A controller written for plain JOSDK, with JOSDK's own {@link InformerEventSource} of
 * Sandboxes (and an index on it), shares the watch too: its informer comes from the sharing
 * client like the controller's.
 */
@WithMockApiServer
class JosdkInformerEventSourceMockServerTest {

  /** Reports, per SandboxSet, the Sandboxes JOSDK's own event source gives it. */
  @ControllerConfiguration(name = "plain-josdk")
  static final class PlainJosdkReconciler implements Reconciler<SandboxSet> {
    static final Map<String, Integer> SECONDARIES = new ConcurrentHashMap<>();
    static final Map<String, Integer> INDEXED = new ConcurrentHashMap<>();
    private InformerEventSource<Sandbox, SandboxSet> sandboxes;

    @Override
    public List<EventSource<?, SandboxSet>> prepareEventSources(
        EventSourceContext<SandboxSet> context) {
      sandboxes = new InformerEventSource<>(InformerEventSourceConfiguration
          .from(Sandbox.class, SandboxSet.class)
          .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(SandboxSet.class)).build(),
          context);
      sandboxes.addIndexers(Map.of("byOwnerName", s -> s.getMetadata().getOwnerReferences()
          .stream().map(r -> r.getName()).toList()));
      return List.of(sandboxes);
    }

    @Override
    public UpdateControl<SandboxSet> reconcile(SandboxSet set, Context<SandboxSet> context) {
      String name = set.getMetadata().getName();
      SECONDARIES.put(name, context.getSecondaryResources(Sandbox.class).size());
      INDEXED.put(name, sandboxes.byIndex("byOwnerName", name).size());
      return UpdateControl.noUpdate();
    }
  }

  @RegisterExtension
  static final OperatorExtension OPERATOR = OperatorExtension.builder().recordRequests()
      .reconciler(agents -> new PlainJosdkReconciler()).build();

  @Test
  void josdksOwnInformerEventSourceIsAViewOfTheSharedInformer(RunningOperator running) {
    String ns = running.namespace();
    SandboxSet pool = running.agents().sandboxSets(ns).createSandboxSet(
        sandboxSet(ns, "pool", 2));
    running.agents().sandboxes(ns).createSandbox(ownedBy(pool, "s1"));
    running.agents().sandboxes(ns).createSandbox(ownedBy(pool, "s2"));

    await().atMost(SYNC).until(() -> Integer.valueOf(2).equals(
        PlainJosdkReconciler.SECONDARIES.get("pool")));
    await().atMost(SYNC).until(() -> Integer.valueOf(2).equals(
        PlainJosdkReconciler.INDEXED.get("pool")));
    // the service reads the same informer
    assertThat(running.informers().sandboxes(InformerScope.namespace(ns)).lister().list(ns))
        .hasSize(2);

    assertThat(running.requests().count(Verb.WATCH, "sandboxes", ns))
        .as(running.requests().describe()).isEqualTo(1);
    assertThat(running.requests().count(Verb.LIST, "sandboxes", ns)).isEqualTo(1);
    assertThat(running.requests().count(Verb.WATCH, "sandboxsets", ns)).isEqualTo(1);
  }
}
