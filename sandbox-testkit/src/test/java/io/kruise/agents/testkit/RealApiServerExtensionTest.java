package io.kruise.agents.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * What {@link WithRealApiServer} does when no real server can be prepared: skip with one line
 * saying why, or fail when {@code sandbox.testkit.required=true}.
 */
class RealApiServerExtensionTest {

  private final Supplier<RealApiServer> original = RealApiServerExtension.servers;
  private final java.util.function.BooleanSupplier requirement =
      RealApiServerExtension.requirement;

  /** Run only through the engine below, never on its own. */
  @WithRealApiServer
  static class NeedsARealServer {
    @Test
    void usesIt(TestCluster cluster) {
      assertThat(cluster).isNotNull();
    }
  }

  @AfterEach
  void restore() {
    RealApiServerExtension.servers = original;
    RealApiServerExtension.requirement = requirement;
  }

  private static Events runNeedsARealServer() {
    RealApiServerExtension.servers = () -> {
      throw new IllegalStateException("testkit: error: apt-get is not available");
    };
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(NeedsARealServer.class))
        .execute().containerEvents();
  }

  @Test
  void skipsWithTheReasonWhenTheServerCannotBePrepared() {
    RealApiServerExtension.requirement = () -> false;
    Events events = runNeedsARealServer();
    assertThat(events.aborted().count()).isEqualTo(1);
    assertThat(events.failed().count()).isZero();
    assertThat(events.aborted().stream().findFirst().orElseThrow().getPayload(
        org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable()
        .orElseThrow().getMessage())
        .isEqualTo("real API server unavailable: testkit: error: apt-get is not available");
  }

  @Test
  void failsInsteadWhenRealServerTestsAreRequired() {
    RealApiServerExtension.requirement = () -> true;
    Events events = runNeedsARealServer();
    assertThat(events.failed().count()).isEqualTo(1);
    assertThat(events.aborted().count()).isZero();
    assertThat(events.failed().stream().findFirst().orElseThrow().getPayload(
        org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable()
        .orElseThrow().getMessage()).contains("required").contains("apt-get is not available");
  }

  @Test
  void namespacesAreFreshValidLabelsPerClass() {
    String a = RealApiServerExtension.namespaceFor(NeedsARealServer.class);
    String b = RealApiServerExtension.namespaceFor(NeedsARealServer.class);
    assertThat(a).isNotEqualTo(b).startsWith("t-needsarealserver-")
        .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").hasSizeLessThanOrEqualTo(63);
  }
}
