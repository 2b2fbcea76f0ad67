package io.kruise.agents.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.kruise.agents.testkit.WithRealApiServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README demo with {@code --real-server}: the same timeline against a real API server, where
 * scaling goes through the real /scale subresource. (The extension makes the test skip, or fail
 * in CI, when no real server can be prepared.)
 */
@WithRealApiServer
class DemoRealServerTest {

  @Test
  void realServerDemoScalesThroughTheScaleSubresource() {
    DemoTest.Result r = DemoTest.run("--real-server", "--namespace", "demo-real");

    assertThat(r.code()).as(r.output()).isZero();
    assertThat(r.output()).as(r.output())
        .contains("started a real API server at https://127.0.0.1:")
        .contains("created Sandbox demo-real/demo-sandbox (resourceVersion ")
        .contains("created SandboxSet demo-real/demo-pool with 3 replicas")
        .contains("scaled SandboxSet demo-real/demo-pool to 5 replicas with scaleSandboxSet")
        .contains("getSandboxSetReplicas(demo-pool) = 5")
        .contains("watch: ADDED Sandbox demo-real/demo-sandbox")
        .contains("watch: DELETED Sandbox demo-real/demo-sandbox")
        .contains("created SandboxSet demo-real/demo-warm-pool with 3 replicas")
        .contains("1,000 lookups sent 0 requests to the API server")
        .contains("the controller refilled the pool: 3 available again")
        .contains("scaled demo-warm-pool to 5 with scaleSandboxSet (/scale subresource)")
        .contains("the pool has 5 available sandboxes")
        .contains("created SandboxClaim demo-claim for 2 sandboxes of demo-warm-pool")
        .containsPattern("waitForSandboxClaimCompleted\\(demo-claim\\) returned"
            + " \\[demo-warm-pool-\\S+, demo-warm-pool-\\S+] \\(labels \\[demo=claimed]\\);"
            + " status: phase Completed, claimedReplicas 2, \"Successfully claimed 2/2 sandboxes\"")
        .contains("SimulatedController: set demo-real/demo-sandbox phase Running, Ready=True")
        .contains("Ready=True reached after waiting ")
        .contains("now raises SandboxNotFoundException")
        .doesNotContain("FAILED");
    List<String> lines = r.output().lines().toList();
    assertThat(lines.get(lines.size() - 1)).endsWith("] done");
  }
}
