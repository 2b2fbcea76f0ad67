package io.kruise.agents.controller.josdk;

import io.kruise.agents.controller.testing.OperatorExtension;
import io.kruise.agents.controller.testing.RunningOperator;
import io.kruise.agents.testkit.WithMockApiServer;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On the mock API server: a JOSDK SandboxSet controller and a service reading both kinds in one
 * process open exactly one LIST and one WATCH per kind (counted on the client).
 */
@WithMockApiServer
class OneWatchPerKindMockServerTest {

  private static final AtomicReference<TrivialPoolReconciler> RECONCILER = new AtomicReference<>();

  @RegisterExtension
  static final OperatorExtension OPERATOR = OperatorExtension.builder().recordRequests()
      .reconciler(agents -> {
        RECONCILER.set(new TrivialPoolReconciler(agents));
        return RECONCILER.get();
      }).build();

  @Test
  void oneListAndOneWatchPerKindForControllerAndService(RunningOperator running)
      throws Exception {
    OneWatchScenario.run(running, RECONCILER.get());

    OneWatchScenario.assertOneListAndOneWatchPerKind(running.requests(), running.namespace());
  }
}
