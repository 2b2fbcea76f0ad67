package io.kruise.agents.controller.josdk;

import static io.kruise.agents.controller.josdk.JosdkFixtures.SYNC;
import static io.kruise.agents.controller.josdk.JosdkFixtures.sandboxSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.health.InformerWrappingEventSourceHealthIndicator;
import io.kruise.agents.client.exceptions.ClientClosedException;
import io.kruise.agents.controller.testing.OperatorExtension;
import io.kruise.agents.controller.testing.RunningOperator;
import io.kruise.agents.testkit.WithMockApiServer;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** The JUnit extension that runs an Operator for a test class, seen from outside that class. */
class OperatorExtensionTest {

  /** Set while the engine below runs the nested classes; they are skipped on their own. */
  private static volatile boolean runByEngine;

  static boolean runByEngine() {
    return runByEngine;
  }

  private static Events run(Class<?> testClass, boolean containers) {
    runByEngine = true;
    try {
      var results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass))
          .execute();
      return containers ? results.containerEvents() : results.testEvents();
    } finally {
      runByEngine = false;
    }
  }

  /** Run only through the engine below, never on its own. */
  @WithMockApiServer
  @EnabledIf("io.kruise.agents.controller.josdk.OperatorExtensionTest#runByEngine")
  static class UsesAnOperator {
    static final AtomicReference<RunningOperator> SEEN = new AtomicReference<>();
    static final AtomicReference<TrivialPoolReconciler> RECONCILER = new AtomicReference<>();
    static final AtomicReference<Long> RUNNING_INFORMERS = new AtomicReference<>();

    @RegisterExtension
    static final OperatorExtension OPERATOR = OperatorExtension.builder().reconciler(agents -> {
      RECONCILER.set(new TrivialPoolReconciler(agents));
      return RECONCILER.get();
    }).build();

    @Test
    void reconcilesInTheClassNamespace(RunningOperator running, Operator operator) {
      SEEN.set(running);
      assertThat(operator).isSameAs(running.operator()).isSameAs(OPERATOR.running().operator());
      running.agents().sandboxSets(running.namespace()).createSandboxSet(
          sandboxSet(running.namespace(), "pool", 2));
      await().atMost(SYNC).until(() -> RECONCILER.get().created.get() == 2);
      RUNNING_INFORMERS.set(runningInformers(operator));
    }
  }

  /** Has an Operator but no server: must fail with a message saying what to add. */
  @EnabledIf("io.kruise.agents.controller.josdk.OperatorExtensionTest#runByEngine")
  static class NoServer {
    @RegisterExtension
    static final OperatorExtension OPERATOR = OperatorExtension.builder().build();

    @Test
    void never() {}
  }

  /** JOSDK's informers that run: views of the shared ones, until the Operator stops them. */
  private static long runningInformers(Operator operator) {
    long count = 0;
    for (RegisteredController<?> c : operator.getRegisteredControllers()) {
      for (InformerWrappingEventSourceHealthIndicator<?> source
          : c.getControllerHealthInfo().informerEventSourceHealthIndicators().values()) {
        for (InformerHealthIndicator informer : source.informerHealthIndicators().values()) {
          count += informer.isRunning() ? 1 : 0;
        }
      }
    }
    return count;
  }

  @Test
  void runsTheOperatorForTheClassAndStopsItWithItsClientsAfterwards() {
    Events tests = run(UsesAnOperator.class, false);

    assertThat(tests.succeeded().count()).as(tests.toString()).isEqualTo(1);
    RunningOperator running = UsesAnOperator.SEEN.get();
    assertThat(running.namespace()).isEqualTo("test"); // the mock server's
    assertThat(UsesAnOperator.RUNNING_INFORMERS.get()).as("the SandboxSet informer").isEqualTo(1);
    assertThat(runningInformers(running.operator())).as("the Operator was stopped").isZero();
    assertThatThrownBy(() -> running.agents().sandboxes(running.namespace()).listSandboxes())
        .isInstanceOf(ClientClosedException.class);
    assertThat(running.kubernetesClient().getHttpClient().isClosed()).isTrue();
    assertThatThrownBy(UsesAnOperator.OPERATOR::running).isInstanceOf(
        IllegalStateException.class);
  }

  @Test
  void withoutAServerTheClassFailsSayingWhatToAdd() {
    Events containers = run(NoServer.class, true);

    assertThat(containers.failed().count()).isEqualTo(1);
    assertThat(containers.failed().stream().findFirst().orElseThrow()
        .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow()
        .getMessage()).contains("@WithMockApiServer").contains("@WithRealApiServer");
  }
}
