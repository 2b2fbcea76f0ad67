package io.kruise.agents.client;

import io.kruise.agents.client.exceptions.SandboxClaimNotFoundException;
import io.kruise.agents.client.exceptions.SandboxNotFoundException;
import io.kruise.agents.client.exceptions.SandboxSetNotFoundException;
import io.kruise.agents.client.exceptions.SandboxTemplateNotFoundException;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxAnnotations;
import io.kruise.agents.model.SandboxClaim;
import io.kruise.agents.model.SandboxClaimList;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxList;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetList;
import io.kruise.agents.model.SandboxState;
import io.kruise.agents.model.SandboxStates;
import io.kruise.agents.model.SandboxTemplate;
import io.kruise.agents.model.SandboxTemplateList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The registrations of the built-in kinds of {@code agents.kruise.io/v1alpha1}, with their
 * default indexes (the semantics of upstream's cache, openkruise/agents {@code pkg/cache}). The
 * index names are the ones informer users know from {@code SandboxIndexes}.
 */
public final class AgentsKinds {

  /** Index of sandboxes that can be claimed now or soon, by pool (see {@code SandboxIndexes.POOL}). */
  public static final String POOL_INDEX = "sandboxPool";
  /** Index of claimed sandboxes by sandbox id. */
  public static final String CLAIMED_SANDBOX_ID_INDEX = "sandboxID";
  /** Index of sandboxes by the {@code agents.kruise.io/owner} annotation. */
  public static final String OWNER_INDEX = "owner";
  /** Index of sandboxes by node. */
  public static final String NODE_INDEX = "node";
  /** Index of sandboxes by derived state. */
  public static final String STATE_INDEX = "state";
  /** Index of claimed sandboxes by the name of the SandboxClaim that holds them. */
  public static final String CLAIM_INDEX = "sandboxClaim";
  /** Index of SandboxSets by name (upstream's template id). */
  public static final String SANDBOXSET_NAME_INDEX = "templateID";
  /**
   * Index of SandboxSets by {@code spec.templateRef.name}, the SandboxTemplate they are filled
   * from (the name alone: filter by namespace when names repeat across them).
   */
  public static final String TEMPLATE_REF_INDEX = "templateRef";
  /** Index of SandboxClaims by {@code spec.templateName}. */
  public static final String CLAIM_TEMPLATE_INDEX = "claimTemplate";
  /** Index of SandboxClaims by {@code status.phase}; a claim without one is under {@code ""}. */
  public static final String CLAIM_PHASE_INDEX = "claimPhase";

  /** Sandbox: one isolated workload. */
  public static final ResourceKind<Sandbox, SandboxList> SANDBOX =
      ResourceKind.builder(Sandbox.class, SandboxList.class, SandboxNotFoundException::new)
          .index(POOL_INDEX, AgentsKinds::pool)
          .index(CLAIMED_SANDBOX_ID_INDEX, AgentsKinds::claimedId)
          .index(OWNER_INDEX, AgentsKinds::owner)
          .index(NODE_INDEX, AgentsKinds::node)
          .index(STATE_INDEX, s -> List.of(SandboxStates.of(s).value()))
          .index(CLAIM_INDEX, AgentsKinds::claim)
          .build();

  /** SandboxSet: a warm pool of unclaimed sandboxes. */
  public static final ResourceKind<SandboxSet, SandboxSetList> SANDBOX_SET =
      ResourceKind.builder(SandboxSet.class, SandboxSetList.class,
              SandboxSetNotFoundException::new)
          .index(SANDBOXSET_NAME_INDEX, s -> List.of(s.getMetadata().getName()))
          .index(TEMPLATE_REF_INDEX, AgentsKinds::templateRef)
          .build();

  /** SandboxClaim: a request for N sandboxes from a pool. */
  public static final ResourceKind<SandboxClaim, SandboxClaimList> SANDBOX_CLAIM =
      ResourceKind.builder(SandboxClaim.class, SandboxClaimList.class,
              SandboxClaimNotFoundException::new)
          .index(CLAIM_TEMPLATE_INDEX, c -> c.getSpec() == null
              || c.getSpec().getTemplateName() == null ? List.of()
              : List.of(c.getSpec().getTemplateName()))
          .index(CLAIM_PHASE_INDEX, c -> List.of(c.getStatus() == null
              || c.getStatus().getPhase() == null ? "" : c.getStatus().getPhase()))
          .build();

  /** SandboxTemplate: a pod template that SandboxSets refer to. */
  public static final ResourceKind<SandboxTemplate, SandboxTemplateList> SANDBOX_TEMPLATE =
      ResourceKind.builder(SandboxTemplate.class, SandboxTemplateList.class,
              SandboxTemplateNotFoundException::new)
          .build();

  private AgentsKinds() {}

  /** @return the built-in kinds, in the order Sandbox, SandboxSet, SandboxClaim, SandboxTemplate */
  public static List<ResourceKind<?, ?>> all() {
    return List.of(SANDBOX, SANDBOX_SET, SANDBOX_CLAIM, SANDBOX_TEMPLATE);
  }

  private static Collection<String> templateRef(SandboxSet s) {
    String name = s.getSpec() == null || s.getSpec().getTemplateRef() == null ? null
        : s.getSpec().getTemplateRef().getName();
    return name == null || name.isEmpty() ? List.of() : List.of(name);
  }

  private static Collection<String> pool(Sandbox s) {
    SandboxState state = SandboxStates.of(s);
    if (state == SandboxState.AVAILABLE
        || (state == SandboxState.CREATING && SandboxStates.isControlledBySandboxSet(s))) {
      String pool = SandboxStates.poolOf(s);
      if (pool != null && !pool.isEmpty()) {
        return List.of(pool);
      }
    }
    return List.of();
  }

  private static Collection<String> claimedId(Sandbox s) {
    return claimed(s) ? List.of(SandboxStates.sandboxId(s)) : List.of();
  }

  private static Collection<String> claim(Sandbox s) {
    Map<String, String> labels = s.getMetadata().getLabels();
    String claim = labels == null || !claimed(s) ? null : labels.get(SandboxLabels.CLAIM_NAME);
    return claim == null || claim.isEmpty() ? List.of() : List.of(claim);
  }

  private static boolean claimed(Sandbox s) {
    Map<String, String> labels = s.getMetadata().getLabels();
    return labels != null && SandboxLabels.TRUE.equals(labels.get(SandboxLabels.SANDBOX_CLAIMED));
  }

  private static Collection<String> owner(Sandbox s) {
    Map<String, String> annotations = s.getMetadata().getAnnotations();
    String owner = annotations == null ? null : annotations.get(SandboxAnnotations.OWNER);
    return owner == null || owner.isEmpty() ? List.of() : List.of(owner);
  }

  private static Collection<String> node(Sandbox s) {
    if (s.getStatus() == null) {
      return List.of();
    }
    String node = s.getStatus().getNodeName();
    if ((node == null || node.isEmpty()) && s.getStatus().getPodInfo() != null) {
      node = s.getStatus().getPodInfo().getNodeName();
    }
    return node == null || node.isEmpty() ? List.of() : List.of(node);
  }
}
