package io.kruise.agents.informers;

import io.kruise.agents.client.AgentsKinds;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxState;
import java.util.Collection;

/**
 * The names of the built-in indexes of the shared informers, with the semantics of upstream's
 * cache (openkruise/agents pkg/cache). Each kind's informers start with the indexes its
 * registration in {@link AgentsKinds} declares; these are their names.
 */
public final class SandboxIndexes {

  /**
   * Sandboxes that can be claimed now or soon, by pool: the {@code sandbox-template} label (else
   * {@code sandbox-pool}) of sandboxes whose derived state is available, or creating and
   * controlled by a SandboxSet.
   */
  public static final String POOL = AgentsKinds.POOL_INDEX;
  /**
   * Claimed sandboxes by sandbox id: the {@code sandbox-id} label, else
   * {@code <namespace>--<name>}; only sandboxes labelled {@code sandbox-claimed=true}.
   */
  public static final String CLAIMED_SANDBOX_ID = AgentsKinds.CLAIMED_SANDBOX_ID_INDEX;
  /** Sandboxes by the {@code agents.kruise.io/owner} annotation. */
  public static final String OWNER = AgentsKinds.OWNER_INDEX;
  /** Sandboxes by the node they run on ({@code status.nodeName}, else {@code status.podInfo.nodeName}). */
  public static final String NODE = AgentsKinds.NODE_INDEX;
  /** Sandboxes by derived state ({@link SandboxState#value()}: creating, available, ...). */
  public static final String STATE = AgentsKinds.STATE_INDEX;
  /**
   * Claimed sandboxes by the name of the SandboxClaim that holds them (the
   * {@code agents.kruise.io/claim-name} label of sandboxes labelled {@code sandbox-claimed=true});
   * the key is the claim's name alone, so filter by namespace when names repeat across them.
   */
  public static final String CLAIM = AgentsKinds.CLAIM_INDEX;
  /** SandboxSets by name (upstream's template id). */
  public static final String SANDBOXSET_NAME = AgentsKinds.SANDBOXSET_NAME_INDEX;
  /**
   * SandboxSets by {@code spec.templateRef.name}, the SandboxTemplate they are filled from; the
   * key is the template's name alone (a set refers to a template of its own namespace), so filter
   * by namespace when names repeat across them.
   */
  public static final String TEMPLATE_REF = AgentsKinds.TEMPLATE_REF_INDEX;
  /** SandboxClaims by {@code spec.templateName}, the pool they claim from. */
  public static final String CLAIM_TEMPLATE = AgentsKinds.CLAIM_TEMPLATE_INDEX;
  /**
   * SandboxClaims by {@code status.phase} ({@code Claiming}, {@code Completed}); a claim the
   * controller has not picked up yet is under the empty key.
   */
  public static final String CLAIM_PHASE = AgentsKinds.CLAIM_PHASE_INDEX;

  private SandboxIndexes() {}

  /** The keys a built-in Sandbox index gives an object (for tests of the index semantics). */
  static Collection<String> sandboxKeys(String index, Sandbox s) {
    return AgentsKinds.SANDBOX.indexes().get(index).apply(s);
  }
}
