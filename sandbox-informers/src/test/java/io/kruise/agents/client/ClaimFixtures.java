package io.kruise.agents.client;

import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.kruise.agents.model.ConditionTypes;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxAnnotations;
import io.kruise.agents.model.SandboxClaim;
import io.kruise.agents.model.SandboxClaimPhase;
import io.kruise.agents.model.SandboxClaimSpec;
import io.kruise.agents.model.SandboxClaimStatus;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxTemplate;
import io.kruise.agents.model.SandboxTemplateSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test objects of the claim kinds. */
public final class ClaimFixtures {

  private ClaimFixtures() {}

  /** @return a claim of {@code replicas} sandboxes from a template, in the client's namespace */
  public static SandboxClaim claim(String name, String template, int replicas) {
    SandboxClaim c = SandboxClaim.of(null, name, new SandboxClaimSpec().withTemplateName(template)
        .withReplicas(replicas));
    c.getMetadata().setLabels(new HashMap<>(Map.of("app", "claims")));
    return c;
  }

  /** @return a template with a one-container pod template */
  public static SandboxTemplate template(String name, String image) {
    SandboxTemplate t = SandboxTemplate.of(null, name, new SandboxTemplateSpec()
        .withTemplate(new PodTemplateSpecBuilder().withNewSpec().addNewContainer()
            .withName("main").withImage(image).endContainer().endSpec().build()));
    t.getMetadata().setLabels(new HashMap<>(Map.of("app", "templates")));
    return t;
  }

  /**
   * @return a sandbox as a claim leaves it: labelled claimed with the claim's name, and owned
   *     (the owner annotation) by the claim's UID
   */
  public static Sandbox claimedBy(String namespace, String name, String claimName,
      String ownerUid) {
    Sandbox s = Fixtures.sandbox(name, "demo");
    s.getMetadata().setNamespace(namespace);
    Map<String, String> labels = new HashMap<>(s.getMetadata().getLabels());
    labels.put(SandboxLabels.SANDBOX_CLAIMED, SandboxLabels.TRUE);
    labels.put(SandboxLabels.CLAIM_NAME, claimName);
    s.getMetadata().setLabels(labels);
    s.getMetadata().setAnnotations(new HashMap<>(Map.of(SandboxAnnotations.OWNER, ownerUid)));
    return s;
  }

  /** @return a copy of the claim in phase Claiming with a count */
  public static SandboxClaim claiming(SandboxClaim claim, int claimed) {
    SandboxClaim copy = claim.deepCopy();
    copy.setStatus(new SandboxClaimStatus().withPhase(SandboxClaimPhase.CLAIMING)
        .withClaimedReplicas(claimed));
    return copy;
  }

  /** @return a copy of the claim Completed with a count, and TimedOut when {@code timedOut} */
  public static SandboxClaim completed(SandboxClaim claim, int claimed, boolean timedOut) {
    SandboxClaim copy = claim.deepCopy();
    SandboxClaimStatus status = new SandboxClaimStatus().withPhase(SandboxClaimPhase.COMPLETED)
        .withClaimedReplicas(claimed);
    status.setConditions(timedOut
        ? List.of(condition(ConditionTypes.COMPLETED), condition(ConditionTypes.TIMED_OUT))
        : List.of(condition(ConditionTypes.COMPLETED)));
    copy.setStatus(status);
    return copy;
  }

  private static io.fabric8.kubernetes.api.model.Condition condition(String type) {
    return Fixtures.condition(type, "True");
  }
}
