package io.kruise.agents.examples.quickstart;

import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.SandboxClaimClient;
import io.kruise.agents.client.SandboxTemplateClient;
import io.kruise.agents.client.WatchEvent;
import io.kruise.agents.client.WatchStream;
import io.kruise.agents.informers.Lister;
import io.kruise.agents.informers.SandboxIndexes;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.model.ConditionTypes;
import io.kruise.agents.model.Conditions;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxClaim;
import io.kruise.agents.model.SandboxClaimList;
import io.kruise.agents.model.SandboxClaimSpec;
import io.kruise.agents.model.SandboxTemplate;
import io.kruise.agents.model.SandboxTemplateSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * README "Working with SandboxClaims and SandboxTemplates": a template, a claim of three
 * sandboxes from its pool, the wait for the claim to complete, listing and watching claims; and
 * "Claims and templates in the cache".
 */
public final class WorkingWithClaims {

  private WorkingWithClaims() {}

  /**
   * Creates {@code default/python}, the template a SandboxSet's {@code templateRef} and a claim's
   * {@code templateName} point at.
   *
   * @param agents the client
   * @return the template as the server stored it
   */
  public static SandboxTemplate createTemplate(AgentsClient agents) {
    // tag::claims-template[]
    SandboxTemplateClient templates = agents.sandboxTemplates("default");

    SandboxTemplate python = templates.createSandboxTemplate(SandboxTemplate.of("default",
        "python", new SandboxTemplateSpec()
            .withTemplate(new PodTemplateSpecBuilder()
                .withNewSpec()
                  .addNewContainer().withName("agent").withImage("python:3.12").endContainer()
                .endSpec()
                .build())));
    // end::claims-template[]
    return python;
  }

  /**
   * Claims three sandboxes of the {@code python} pool.
   *
   * @param agents the client
   * @return the claim as the server stored it
   */
  public static SandboxClaim createClaim(AgentsClient agents) {
    // tag::claims-create[]
    SandboxClaimClient claims = agents.sandboxClaims("default");

    SandboxClaim claim = claims.createSandboxClaim(SandboxClaim.of("default", "batch-42",
        new SandboxClaimSpec()
            .withTemplateName("python")                  // the pool to claim from
            .withReplicas(3)
            .withClaimTimeout(Duration.ofSeconds(30))    // then Completed with what it got
            .withLabels(Map.of("job", "batch-42"))));    // stamped on the claimed sandboxes
    // end::claims-create[]
    return claim;
  }

  /**
   * Waits until {@code batch-42} is Completed and prints the sandboxes it holds.
   *
   * @param agents the client
   * @return the sandboxes it claimed
   */
  public static List<Sandbox> waitForClaim(AgentsClient agents) {
    SandboxClaimClient claims = agents.sandboxClaims("default");
    // tag::claims-wait[]
    List<Sandbox> sandboxes = claims.waitForSandboxClaimCompleted("batch-42",
        Duration.ofMinutes(2));
    sandboxes.forEach(s -> System.out.println("claimed " + s.getMetadata().getName()));

    SandboxClaim done = claims.getSandboxClaim("batch-42");
    if (Conditions.isTrue(done.getStatus().getConditions(), ConditionTypes.TIMED_OUT)) {
      System.out.println("timed out with " + done.getStatus().getClaimedReplicas() + " of "
          + done.getSpec().effectiveReplicas());
    }
    // end::claims-wait[]
    return sandboxes;
  }

  /**
   * Lists the claims labelled {@code team=ml}, then prints claim events until the stream ends.
   *
   * @param agents the client
   * @param timeoutSeconds when the stream ends; null for never (until closed)
   * @return the listed claims
   */
  public static SandboxClaimList listAndWatch(AgentsClient agents, Integer timeoutSeconds) {
    SandboxClaimClient claims = agents.sandboxClaims("default");
    // tag::claims-list-watch[]
    SandboxClaimList mine = claims.listSandboxClaims(null, "team=ml", null);

    try (WatchStream<SandboxClaim> events = claims.watchSandboxClaims(null, null, null,
        timeoutSeconds)) {
      for (WatchEvent<SandboxClaim> event : events) {
        SandboxClaim c = event.object();
        System.out.println(event.type() + " " + c.getMetadata().getName() + " "
            + (c.getStatus() == null ? "new" : c.getStatus().getPhase()));
      }
    }
    // end::claims-list-watch[]
    return mine;
  }

  /**
   * Reads claims, templates and the sandboxes of a claim from the shared cache.
   *
   * @param agents the client
   * @return the sandboxes {@code batch-42} holds, as cached
   */
  public static List<Sandbox> fromTheCache(AgentsClient agents) {
    // tag::cache-claim-kinds[]
    SharedInformers informers = SharedInformers.of(agents);
    informers.sandboxClaims().awaitSynced(Duration.ofSeconds(30));
    informers.sandboxTemplates().awaitSynced(Duration.ofSeconds(30));
    informers.sandboxes().awaitSynced(Duration.ofSeconds(30));

    Lister<SandboxClaim> claims = informers.sandboxClaims().lister();
    List<SandboxClaim> fromPython = claims.byIndex(SandboxIndexes.CLAIM_TEMPLATE, "python");
    List<SandboxClaim> claiming = claims.byIndex(SandboxIndexes.CLAIM_PHASE, "Claiming");
    List<SandboxClaim> notStarted = claims.byIndex(SandboxIndexes.CLAIM_PHASE, "");
    List<Sandbox> held = informers.sandboxes().lister().byIndex(SandboxIndexes.CLAIM, "batch-42");
    SandboxTemplate python = informers.sandboxTemplates().lister().get("default", "python");
    // end::cache-claim-kinds[]
    System.out.println(fromPython.size() + " claims of " + python.getMetadata().getName() + ", "
        + claiming.size() + " claiming, " + notStarted.size() + " not started");
    return held;
  }
}
