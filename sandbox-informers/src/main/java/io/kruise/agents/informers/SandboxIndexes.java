package io.kruise.agents.informers;

import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxAnnotations;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxState;
import io.kruise.agents.model.SandboxStates;
import java.util.List;
import java.util.Map;

/**
 * The built-in indexes of the shared informers, with the semantics of upstream's cache
 * (openkruise/agents pkg/cache). Every Sandbox informer has the Sandbox indexes, every SandboxSet
 * informer the SandboxSet ones.
 */
public final class SandboxIndexes {

  /**
   * Sandboxes that can be claimed now or soon, by pool: the {@code sandbox-template} label (else
   * {@code sandbox-pool}) of sandboxes whose derived state is available, or creating and
   * controlled by a SandboxSet.
   */
  public static final String POOL = "sandboxPool";
  /**
   * Claimed sandboxes by sandbox id: the {@code sandbox-id} label, else
   * {@code <namespace>--<name>}; only sandboxes labelled {@code sandbox-claimed=true}.
   */
  public static final String CLAIMED_SANDBOX_ID = "sandboxID";
  /** Sandboxes by the {@code agents.kruise.io/owner} annotation. */
  public static final String OWNER = "owner";
  /** Sandboxes by the node they run on ({@code status.nodeName}, else {@code status.podInfo.nodeName}). */
  public static final String NODE = "node";
  /** Sandboxes by derived state ({@link SandboxState#value()}: creating, available, ...). */
  public static final String STATE = "state";
  /** SandboxSets by name (upstream's template id). */
  public static final String SANDBOXSET_NAME = "templateID";

  private SandboxIndexes() {}

  /** @return the built-in Sandbox indexes by name */
  static Map<String, IndexFunction<Sandbox>> sandboxIndexes() {
    return Map.of(POOL, SandboxIndexes::pool, CLAIMED_SANDBOX_ID, SandboxIndexes::claimedId,
        OWNER, SandboxIndexes::owner, NODE, SandboxIndexes::node, STATE, SandboxIndexes::state);
  }

  /** @return the built-in SandboxSet indexes by name */
  static Map<String, IndexFunction<SandboxSet>> sandboxSetIndexes() {
    return Map.of(SANDBOXSET_NAME, s -> List.of(s.getMetadata().getName()));
  }

  static List<String> pool(Sandbox s) {
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

  static List<String> claimedId(Sandbox s) {
    Map<String, String> labels = s.getMetadata().getLabels();
    if (labels != null && SandboxLabels.TRUE.equals(labels.get(SandboxLabels.SANDBOX_CLAIMED))) {
      return List.of(SandboxStates.sandboxId(s));
    }
    return List.of();
  }

  static List<String> owner(Sandbox s) {
    Map<String, String> annotations = s.getMetadata().getAnnotations();
    String owner = annotations == null ? null : annotations.get(SandboxAnnotations.OWNER);
    return owner == null || owner.isEmpty() ? List.of() : List.of(owner);
  }

  static List<String> node(Sandbox s) {
    if (s.getStatus() == null) {
      return List.of();
    }
    String node = s.getStatus().getNodeName();
    if ((node == null || node.isEmpty()) && s.getStatus().getPodInfo() != null) {
      node = s.getStatus().getPodInfo().getNodeName();
    }
    return node == null || node.isEmpty() ? List.of() : List.of(node);
  }

  static List<String> state(Sandbox s) {
    return List.of(SandboxStates.of(s).value());
  }
}
