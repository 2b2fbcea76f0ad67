package io.kruise.agents.controller.josdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.kruise.agents.controller.testing.ApiRequests.Verb;
import io.kruise.agents.controller.testing.OperatorExtension;
import io.kruise.agents.controller.testing.RunningOperator;
import io.kruise.agents.testkit.WithMockApiServer;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The control of {@link OneWatchPerKindMockServerTest}: the same scenario with JOSDK on the plain
 * client builds JOSDK's own SandboxSet informer, and the request log sees the second watch. So the
 * count can fail, and the sharing is what keeps it at one.
 */
@WithMockApiServer
class WithoutSharingMockServerTest {

  private static final AtomicReference<TrivialPoolReconciler> RECONCILER = new AtomicReference<>();

  @RegisterExtension
  static final OperatorExtension OPERATOR = OperatorExtension.builder().recordRequests()
      .withoutSharing().reconciler(agents -> {
        RECONCILER.set(new TrivialPoolReconciler(agents));
        return RECONCILER.get();
      }).build();

  @Test
  void josdksOwnInformerIsASecondWatch(RunningOperator running) throws Exception {
    OneWatchScenario.run(running, RECONCILER.get());

    String ns = running.namespace();
    assertThat(running.requests().count(Verb.WATCH, "sandboxsets", ns))
        .as(running.requests().describe()).isEqualTo(2);
    assertThat(running.requests().count(Verb.LIST, "sandboxsets", ns)).isEqualTo(2);
    // the secondaries come from SharedInformerEventSource, shared in both set-ups
    assertThat(running.requests().count(Verb.WATCH, "sandboxes", ns)).isEqualTo(1);
  }
}
