package io.kruise.agents.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the README demo in-process on its embedded mock API server. */
class DemoTest {

  record Result(int code, String output) {}

  static Result run(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      code = Demo.run(out, args);
    }
    return new Result(code, bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void embeddedDemoPlaysEveryStepAndSucceeds() {
    Result r = run("--embedded");

    assertThat(r.code()).as(r.output()).isZero();
    assertThat(r.output()).as(r.output())
        .contains("started an embedded mock API server")
        .contains("created Sandbox default/demo-sandbox (resourceVersion ")
        .contains("created SandboxSet default/demo-pool with 3 replicas")
        .contains("scaled SandboxSet default/demo-pool to 5 replicas by a merge patch")
        .contains("spec.replicas = 5")
        .contains("listed Sandboxes with label selector app=demo: 1 found [demo-sandbox]")
        .contains("watch: ADDED Sandbox default/demo-sandbox")
        .contains("watch: MODIFIED Sandbox default/demo-sandbox")
        .contains("watch: DELETED Sandbox default/demo-sandbox")
        .contains("SimulatedController: set default/demo-sandbox phase Running, Ready=True")
        .contains("Ready=True reached after waiting ")
        .contains("deleted SandboxSet default/demo-pool")
        .contains("deleted Sandbox default/demo-sandbox")
        .contains("now raises SandboxNotFoundException: Sandbox default/demo-sandbox not found")
        .contains("watch stopped after 3 events")
        // part 2: the shared cache, a listener, waits on events, the pool controller
        .contains("shared informers synced: Sandboxes and SandboxSets of namespace default")
        .contains("listener 'demo-events' registered on pool demo-warm-pool")
        .contains("started the library's SandboxSet pool controller")
        .contains("created SandboxSet default/demo-warm-pool with 3 replicas")
        .contains("wait woke up on an event: demo-warm-pool has 3 available sandboxes")
        .contains("1,000 lookups sent 0 requests to the API server")
        .contains("the controller refilled the pool: 3 available again")
        .contains("the pool has 5 available sandboxes")
        .contains("created SandboxClaim demo-claim for 2 sandboxes of demo-warm-pool")
        .containsPattern("waitForSandboxClaimCompleted\\(demo-claim\\) returned"
            + " \\[demo-warm-pool-\\S+, demo-warm-pool-\\S+] \\(labels \\[demo=claimed]\\);"
            + " status: phase Completed, claimedReplicas 2, \"Successfully claimed 2/2 sandboxes\"")
        .contains("deleted SandboxSet demo-warm-pool and its sandboxes")
        .doesNotContain("FAILED");
    // every line is one timeline step, "[   12 ms] ...", and the last one says done
    List<String> lines = r.output().lines().toList();
    assertThat(lines).allMatch(line -> line.matches("\\[ *\\d+ ms] .+"));
    assertThat(lines.get(lines.size() - 1)).endsWith("] done");
  }

  @Test
  void embeddedDemoHonoursTheNamespaceOption() {
    Result r = run("--embedded", "--namespace=agents");

    assertThat(r.code()).as(r.output()).isZero();
    assertThat(r.output()).contains("created Sandbox agents/demo-sandbox");
  }

  @Test
  void aFailedStepEndsTheDemoWithOneErrorLineAndExitCodeOne() {
    Result r = run("--embedded", "--namespace", "Not_A_Namespace");

    assertThat(r.code()).as(r.output()).isEqualTo(1);
    assertThat(r.output().lines().filter(line -> line.contains("FAILED")))
        .singleElement().asString()
        .contains("FAILED: ValidationException: metadata.namespace");
  }

  @Test
  void badArgumentsPrintTheUsageAndExitWithTwo() {
    Result unknown = run("--bogus");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.output()).startsWith("error: unknown argument '--bogus'")
        .contains("usage: Demo");

    Result badTimeout = run("--timeout", "soon");
    assertThat(badTimeout.code()).isEqualTo(2);
    assertThat(badTimeout.output()).contains("--timeout needs a positive number of seconds");

    Result help = run("--help");
    assertThat(help.code()).isZero();
    assertThat(help.output()).startsWith("usage: Demo");
  }
}
