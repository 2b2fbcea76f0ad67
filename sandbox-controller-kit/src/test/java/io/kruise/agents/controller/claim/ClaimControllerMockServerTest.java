package io.kruise.agents.controller.claim;

import static io.kruise.agents.controller.ControllerFixtures.sandbox;
import static io.kruise.agents.controller.ControllerFixtures.sandboxSet;
import static io.kruise.agents.controller.ControllerFixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javaoperatorsdk.operator.Operator;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.exceptions.SandboxClaimNotFoundException;
import io.kruise.agents.controller.josdk.JosdkSharing;
import io.kruise.agents.controller.pool.PoolControllerOptions;
import io.kruise.agents.controller.pool.SandboxSetPoolController;
import io.kruise.agents.controller.pool.SimulatedSandboxRuntime;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.model.ConditionReasons;
import io.kruise.agents.model.ConditionTypes;
import io.kruise.agents.model.Conditions;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxAnnotations;
import io.kruise.agents.model.SandboxClaim;
import io.kruise.agents.model.SandboxClaimPhase;
import io.kruise.agents.model.SandboxClaimSpec;
import io.kruise.agents.model.SandboxClaimStatus;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxPhase;
import io.kruise.agents.model.SandboxRuntime;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxStates;
import io.kruise.agents.model.SandboxStatus;
import io.kruise.agents.model.SandboxTemplate;
import io.kruise.agents.model.SandboxTemplateSpec;
import io.kruise.agents.model.TemplateRef;
import io.kruise.agents.model.Times;
import io.kruise.agents.testkit.MockApiServer;
import io.kruise.agents.testkit.WithMockApiServer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The claim controller end to end on the mock server, next to the pool controller and a
 * simulated runtime that make a ready pool: claims complete with their sandboxes stamped, wait
 * for stock and are woken by the pool's refill, time out, meet a missing pool or a reserved key,
 * and are deleted after their time to live. The deadlines are also driven with a hand-moved
 * clock through single reconciles, without sleeping.
 */
@WithMockApiServer
class ClaimControllerMockServerTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String NS = "claims";
  private static final ObjectMapper JSON = new ObjectMapper();

  private SandboxSetPoolController pools;
  private SandboxClaimController claims;
  private Operator operator;
  private SimulatedSandboxRuntime runtime;

  @BeforeEach
  void start(AgentsClient agents) {
    // the claim controller first: creating it must not start the Sandbox informer, to which the
    // pool controller still adds its index
    claims = SandboxClaimController.create(agents,
        ClaimControllerOptions.builder().namespace(NS).build());
    pools = SandboxSetPoolController.create(agents,
        PoolControllerOptions.builder().namespace(NS).build());
    operator = new Operator(JosdkSharing.sharing(agents));
    pools.registerWith(operator);
    claims.registerWith(operator);
    runtime = SimulatedSandboxRuntime.start(agents, Duration.ZERO);
    operator.start();
  }

  @AfterEach
  void stop() {
    operator.stop();
    runtime.close();
    pools.close();
    claims.close();
  }

  private static SandboxClaim claim(String name, String pool, int replicas) {
    return SandboxClaim.of(NS, name, new SandboxClaimSpec().withTemplateName(pool)
        .withReplicas(replicas).withClaimTimeout(Duration.ofSeconds(20)));
  }

  private static SandboxSet pool(AgentsClient agents, int replicas) {
    SandboxSet set = agents.sandboxSets(NS).createSandboxSet(sandboxSet(NS, uniqueName("pool"),
        replicas));
    await().atMost(WAIT).until(() -> {
      SandboxSet s = agents.sandboxSets(NS).getSandboxSet(set.getMetadata().getName());
      return s.getStatus() != null && s.getStatus().getAvailableReplicas() == replicas;
    });
    return set;
  }

  @Test
  void aClaimTakesItsReplicasStampsThemAndCompletes(AgentsClient agents) throws Exception {
    SandboxSet set = sandboxSet(NS, uniqueName("pool"), 3);
    set.getSpec().setRuntimes(List.of(new SandboxRuntime().withName(SandboxRuntime.AGENT_RUNTIME)));
    agents.sandboxSets(NS).createSandboxSet(set);
    String poolName = set.getMetadata().getName();
    SandboxClaim c = claim("stamped", poolName, 2);
    c.getSpec().withLabels(Map.of("team", "a")).withAnnotations(Map.of("note", "hi"))
        .withEnvVars(Map.of("MODE", "fast")).withShutdownTime("2030-01-01T00:00:00Z");
    SandboxClaim created = agents.sandboxClaims(NS).createSandboxClaim(c);

    List<Sandbox> got = agents.sandboxClaims(NS).waitForSandboxClaimCompleted("stamped", WAIT);

    assertThat(got).hasSize(2).allSatisfy(s -> {
      assertThat(s.getMetadata().getLabels()).containsEntry("team", "a")
          .containsEntry(SandboxLabels.CLAIM_NAME, "stamped")
          .containsEntry(SandboxLabels.SANDBOX_CLAIMED, "true")
          .containsEntry(SandboxLabels.SANDBOX_POOL, poolName);
      Map<String, String> annotations = s.getMetadata().getAnnotations();
      assertThat(annotations).containsEntry("note", "hi")
          .containsEntry(SandboxAnnotations.OWNER, created.getMetadata().getUid());
      assertThat(s.getSpec().getShutdownTime()).isEqualTo("2030-01-01T00:00:00Z");
      JsonNode init = readJson(annotations.get(SandboxAnnotations.INIT_RUNTIME_REQUEST));
      assertThat(init.at("/envVars/MODE").asText()).isEqualTo("fast");
      assertThat(SandboxStates.isControlledBySandboxSet(s)).isFalse();
    });
    SandboxClaimStatus status = agents.sandboxClaims(NS).getSandboxClaim("stamped").getStatus();
    assertThat(status.getClaimedReplicas()).isEqualTo(2);
    assertThat(status.getClaimStartTime()).isNotNull();
    assertThat(status.getCompletionTime()).isNotNull();
    assertThat(status.getMessage()).isEqualTo("Successfully claimed 2/2 sandboxes");
    assertThat(Conditions.find(status.getConditions(), ConditionTypes.COMPLETED).orElseThrow()
        .getReason()).isEqualTo(ConditionReasons.Completed.ALL_REPLICAS_CLAIMED);
    assertThat(Conditions.find(status.getConditions(), ConditionTypes.TIMED_OUT)).isEmpty();
    assertThat(claims.stats().claimed()).isEqualTo(2);
    assertThat(claims.stats().completed()).isEqualTo(1);
    // the pool controller replaces what the claim took
    await().atMost(WAIT).until(() -> {
      SandboxSet s = agents.sandboxSets(NS).getSandboxSet(poolName);
      return s.getStatus() != null && s.getStatus().getAvailableReplicas() == 3;
    });
  }

  @Test
  void aClaimLargerThanThePoolIsWokenByTheRefillAndCompletes(AgentsClient agents) {
    SandboxSet set = pool(agents, 2);
    agents.sandboxClaims(NS).createSandboxClaim(claim("big", set.getMetadata().getName(), 5));
    // the pool of 2 is emptied at once, refilled by the pool controller, and every new sandbox
    // wakes the waiting claim: it completes well before its 20 s timeout
    List<Sandbox> got = agents.sandboxClaims(NS).waitForSandboxClaimCompleted("big", WAIT);
    assertThat(got).hasSize(5);
    SandboxClaimStatus status = agents.sandboxClaims(NS).getSandboxClaim("big").getStatus();
    assertThat(status.getClaimedReplicas()).isEqualTo(5);
    assertThat(Conditions.find(status.getConditions(), ConditionTypes.TIMED_OUT)).isEmpty();
  }

  @Test
  void aPoolFilledFromATemplateIsClaimedFromByTheSetsNameAndByTheTemplatesName(
      AgentsClient agents) {
    String template = uniqueName("tpl");
    SandboxSet set = sandboxSet(NS, uniqueName("from-tpl"), 4);
    agents.sandboxTemplates(NS).createSandboxTemplate(SandboxTemplate.of(NS, template,
        new SandboxTemplateSpec().withTemplate(set.getSpec().getTemplate())));
    set.getSpec().setTemplate(null);
    set.getSpec().setTemplateRef(TemplateRef.of(template));
    agents.sandboxSets(NS).createSandboxSet(set);

    agents.sandboxClaims(NS).createSandboxClaim(claim("by-set", set.getMetadata().getName(), 2));
    agents.sandboxClaims(NS).createSandboxClaim(claim("by-template", template, 2));

    // the set's sandboxes carry the template's name as their pool key, as upstream labels them
    for (String name : List.of("by-set", "by-template")) {
      assertThat(agents.sandboxClaims(NS).waitForSandboxClaimCompleted(name, WAIT)).hasSize(2)
          .allSatisfy(s -> assertThat(SandboxStates.poolOf(s)).isEqualTo(template));
      assertThat(Conditions.find(agents.sandboxClaims(NS).getSandboxClaim(name).getStatus()
          .getConditions(), ConditionTypes.TIMED_OUT)).as(name).isEmpty();
    }
  }

  @Test
  void aClaimOfAMissingPoolCompletesAtOnce(AgentsClient agents) {
    agents.sandboxClaims(NS).createSandboxClaim(claim("orphan", "no-such-pool", 1));
    assertThat(agents.sandboxClaims(NS).waitForSandboxClaimCompleted("orphan", WAIT)).isEmpty();
    SandboxClaimStatus status = agents.sandboxClaims(NS).getSandboxClaim("orphan").getStatus();
    assertThat(status.getMessage()).isEqualTo("SandboxSet no-such-pool not found");
    assertThat(Conditions.find(status.getConditions(), ConditionTypes.COMPLETED).orElseThrow()
        .getReason()).isEqualTo(ConditionReasons.Completed.SANDBOX_SET_NOT_FOUND);
  }

  @Test
  void aClaimWithAReservedLabelCompletesAsInvalidSpecWithoutTakingAnything(AgentsClient agents) {
    SandboxSet set = pool(agents, 1);
    SandboxClaim c = claim("reserved", set.getMetadata().getName(), 1);
    c.getSpec().withLabels(Map.of(SandboxLabels.SANDBOX_ID, "mine"));
    agents.sandboxClaims(NS).createSandboxClaim(c);
    assertThat(agents.sandboxClaims(NS).waitForSandboxClaimCompleted("reserved", WAIT)).isEmpty();
    SandboxClaimStatus status = agents.sandboxClaims(NS).getSandboxClaim("reserved").getStatus();
    assertThat(Conditions.find(status.getConditions(), ConditionTypes.COMPLETED).orElseThrow()
        .getReason()).isEqualTo(ConditionReasons.Completed.INVALID_SPEC);
    assertThat(status.getMessage()).contains("spec.labels[" + SandboxLabels.SANDBOX_ID + "]");
    assertThat(claims.stats().claimed()).isZero();
  }

  @Test
  void aClaimTimesOutWithWhatItGotAndIsDeletedAfterItsTtl(AgentsClient agents) {
    SandboxSet set = pool(agents, 0);
    SandboxClaim c = claim("short", set.getMetadata().getName(), 2);
    c.getSpec().withClaimTimeout(Duration.ofSeconds(1))
        .withTtlAfterCompleted(Duration.ofSeconds(1));
    agents.sandboxClaims(NS).createSandboxClaim(c);
    assertThat(agents.sandboxClaims(NS).waitForSandboxClaimCompleted("short", WAIT)).isEmpty();
    SandboxClaimStatus status = agents.sandboxClaims(NS).getSandboxClaim("short").getStatus();
    assertThat(status.getClaimedReplicas()).isZero();
    assertThat(Conditions.isTrue(status.getConditions(), ConditionTypes.TIMED_OUT)).isTrue();
    await().atMost(WAIT).until(() -> {
      try {
        agents.sandboxClaims(NS).getSandboxClaim("short");
        return false;
      } catch (SandboxClaimNotFoundException e) {
        return true;
      }
    });
    assertThat(claims.stats().timedOut()).isEqualTo(1);
    assertThat(claims.stats().deleted()).isEqualTo(1);
  }

  @Test
  void deadlinesFollowTheInjectedClock(AgentsClient agents, MockApiServer server) {
    MutableClock clock = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));
    SandboxSet set = pool(agents, 0);
    SandboxClaimController manual = SandboxClaimController.create(agents,
        ClaimControllerOptions.builder().namespace(NS).clock(clock).build());
    try {
      operator.stop(); // only the manual reconciles below run
      SandboxClaim c = claim("clocked", set.getMetadata().getName(), 1);
      c.getSpec().withClaimTimeout(Duration.ofMinutes(1))
          .withTtlAfterCompleted(Duration.ofMinutes(5));
      SandboxClaim created = agents.sandboxClaims(NS).createSandboxClaim(c);

      assertThat(manual.reconcileOnce(created)).isEqualTo(Duration.ofMinutes(1));
      SandboxClaim claiming = agents.sandboxClaims(NS).getSandboxClaim("clocked");
      assertThat(claiming.getStatus().getPhaseEnum()).isEqualTo(SandboxClaimPhase.CLAIMING);
      assertThat(claiming.getStatus().getClaimStartTime()).isEqualTo("2026-05-01T00:00:00Z");

      clock.advance(Duration.ofSeconds(30));
      int requests = server.requestCount();
      assertThat(manual.reconcileOnce(claiming)).isEqualTo(Duration.ofSeconds(30));
      assertThat(server.requestCount()).as("nothing changed: nothing sent").isEqualTo(requests);

      clock.advance(Duration.ofSeconds(30));
      assertThat(manual.reconcileOnce(claiming)).isEqualTo(Duration.ofMinutes(5));
      SandboxClaim timedOut = agents.sandboxClaims(NS).getSandboxClaim("clocked");
      assertThat(timedOut.getStatus().getCompletionTime()).isEqualTo("2026-05-01T00:01:00Z");
      assertThat(Conditions.isTrue(timedOut.getStatus().getConditions(),
          ConditionTypes.TIMED_OUT)).isTrue();

      clock.advance(Duration.ofMinutes(4));
      assertThat(manual.reconcileOnce(timedOut)).isEqualTo(Duration.ofMinutes(1));
      clock.advance(Duration.ofMinutes(1));
      assertThat(manual.reconcileOnce(timedOut)).isNull();
      await().atMost(WAIT).until(() -> agents.sandboxClaims(NS).listSandboxClaims(NS, null, null)
          .getItems().stream().noneMatch(x -> x.getMetadata().getName().equals("clocked")));
      assertThat(manual.stats().deleted()).isEqualTo(1);
    } finally {
      manual.close();
    }
  }

  @Test
  void aHeldSandboxNotReadyInTimeIsDeletedUnlessTheClaimReservesIt(AgentsClient agents) {
    MutableClock clock = new MutableClock(Instant.parse("2026-05-02T00:00:00Z"));
    SandboxSet set = pool(agents, 0);
    SandboxClaimController manual = SandboxClaimController.create(agents,
        ClaimControllerOptions.builder().namespace(NS).clock(clock).build());
    try {
      operator.stop(); // only the manual reconciles below run
      runtime.close(); // and nothing makes the held sandboxes Ready
      for (boolean reserve : new boolean[] {false, true}) {
        String name = reserve ? "keeps" : "drops";
        SandboxClaim c = claim(name, set.getMetadata().getName(), 1);
        c.getSpec().withClaimTimeout(Duration.ofMinutes(5))
            .withWaitReadyTimeout(Duration.ofSeconds(30)).withReserveFailedSandbox(reserve);
        SandboxClaim created = agents.sandboxClaims(NS).createSandboxClaim(c);
        // held by the claim, Running but not Ready
        Sandbox held = sandbox(NS, name + "-sandbox");
        held.getMetadata().setLabels(new HashMap<>(Map.of(SandboxLabels.SANDBOX_CLAIMED, "true",
            SandboxLabels.CLAIM_NAME, name)));
        held.getMetadata().setAnnotations(new HashMap<>(Map.of(
            SandboxAnnotations.OWNER, created.getMetadata().getUid(),
            SandboxAnnotations.LOCK, "l",
            SandboxAnnotations.CLAIM_TIMESTAMP, Times.format(clock.instant()))));
        Sandbox stored = agents.sandboxes(NS).createSandbox(held);
        stored.setStatus(new SandboxStatus().withPhase(SandboxPhase.RUNNING.value()));
        agents.sandboxes(NS).updateSandboxStatus(stored.getMetadata().getName(), stored);

        assertThat(manual.reconcileOnce(created)).as("woken at its ready deadline")
            .isEqualTo(Duration.ofSeconds(30));
        assertThat(agents.sandboxClaims(NS).getSandboxClaim(name).getStatus()
            .getClaimedReplicas()).isZero();
        clock.advance(Duration.ofSeconds(30));
        manual.reconcileOnce(agents.sandboxClaims(NS).getSandboxClaim(name));
        boolean exists = agents.sandboxes(NS).listSandboxes(NS, null, null).getItems().stream()
            .anyMatch(x -> x.getMetadata().getName().equals(name + "-sandbox"));
        assertThat(exists).as(name).isEqualTo(reserve);
      }
      assertThat(manual.stats().released()).isEqualTo(2);
    } finally {
      manual.close();
    }
  }

  @Test
  void creatingTheControllerStartsNoInformer(AgentsClient agents) {
    String ns = uniqueName("lazy");
    SandboxClaimController lazy = SandboxClaimController.create(agents,
        ClaimControllerOptions.builder().namespace(ns).build());
    try {
      // the pool controller, created after it, still adds its index to the Sandbox informer
      assertThat(SharedInformers.of(agents).sandboxes(InformerScope.namespace(ns)).health()
          .started()).isFalse();
    } finally {
      lazy.close();
    }
  }

  private static JsonNode readJson(String s) throws Exception {
    return JSON.readTree(s);
  }
}
