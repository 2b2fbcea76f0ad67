package io.kruise.agents.controller.josdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.kruise.agents.controller.testing.ApiRequests;
import io.kruise.agents.testkit.RequestCounts;
import io.kruise.agents.testkit.StartedRequests;
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
    // The API server's own count of requests started in this class's namespace: every client
    // of the process, whatever the client-side log sees. (Across all namespaces the server also
    // counts other test classes' informers in this JVM; that scope is checked on the client.)
    StartedRequests started = cluster.requestsStarted();
    for (String resource : List.of("sandboxes", "sandboxsets")) {
      for (RequestCounts.Verb verb : List.of(RequestCounts.Verb.LIST, RequestCounts.Verb.WATCH)) {
        assertThat(started.count(verb, "agents.kruise.io", resource,
            RequestCounts.Scope.NAMESPACE, running.namespace()))
            .as("the API server counted %s %s in %s", verb, resource, running.namespace())
            .isEqualTo(1);
      }
    }
  }

  /** The client-side counters to check: the Operator's client log. */
  private static List<ApiRequests> counters(RunningOperator running, TestCluster cluster) {
    List<ApiRequests> counters = new ArrayList<>();
    counters.add(running.requests());
    return counters;
  }
}
