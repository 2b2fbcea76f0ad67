package io.kruise.agents.controller.josdk;

import io.kruise.agents.controller.testing.ApiRequests;
import io.kruise.agents.controller.testing.OperatorExtension;
import io.kruise.agents.controller.testing.RunningOperator;
import io.kruise.agents.testkit.TestCluster;
import io.kruise.agents.testkit.WithRealApiServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On the real API server: a JOSDK SandboxSet controller (Sandboxes as secondaries) and a service
 * using listers, listeners and waits on both kinds, in one process, open exactly one LIST and one
 * WATCH per kind and scope.
 *
 * <p>Counted on the client ({@link io.kruise.agents.controller.testing.RequestLog}); every
 * counter in {@link #counters} is asserted, so the server's own count (the testkit's request
 * counters, which see every client of the process) is added there.
 */
@WithRealApiServer
class OneWatchPerKindRealServerTest {

  private static final AtomicReference<TrivialPoolReconciler> RECONCILER = new AtomicReference<>();

  @RegisterExtension
  static final OperatorExtension OPERATOR = OperatorExtension.builder().recordRequests()
      .reconciler(agents -> {
        RECONCILER.set(new TrivialPoolReconciler(agents));
        return RECONCILER.get();
      }).build();

  @Test
  void oneListAndOneWatchPerKindForControllerAndService(RunningOperator running,
      TestCluster cluster) throws Exception {
    OneWatchScenario.run(running, RECONCILER.get());

    for (ApiRequests counter : counters(running, cluster)) {
      OneWatchScenario.assertOneListAndOneWatchPerKind(counter, running.namespace());
    }
  }

  /**
   * The counters to check: the Operator's client log, and (when the testkit's request counters
   * are available) the API server's count of requests started in the class's namespace, e.g.
   * {@code (verb, resource, ns) -> cluster.requestsStarted().count(
   * RequestCounts.Verb.valueOf(verb.name()), "agents.kruise.io", resource,
   * ns.isEmpty() ? Scope.CLUSTER : Scope.NAMESPACE, ns)}.
   */
  private static List<ApiRequests> counters(RunningOperator running, TestCluster cluster) {
    List<ApiRequests> counters = new ArrayList<>();
    counters.add(running.requests());
    return counters;
  }
}
