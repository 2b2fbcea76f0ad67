package io.kruise.agents.controller.pool;

import io.kruise.agents.controller.OwnerReferences;
import io.kruise.agents.controller.josdk.OwnerIndexes;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxSet;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Sandboxes a SandboxSet controls, read from the shared Sandbox informer (no request), as
 * upstream lists them by its controller-UID field index. This process's own writes show at once.
 *
 * <p>The index {@link OwnerIndexes#CONTROLLER_UID} is added to the informer if it has not started
 * yet (indexes can only be added before; the same index serves the JOSDK event sources); on an
 * informer that already runs without it, the members are found by the {@code sandbox-pool} label
 * instead (every sandbox a pool creates carries it) and filtered by controller UID, a scan of the
 * namespace.
 */
final class PoolMembers {

  private static final Logger LOG = LoggerFactory.getLogger(PoolMembers.class);

  private final SharedInformer<Sandbox> informer;
  private final boolean indexed;

  PoolMembers(SharedInformer<Sandbox> informer) {
    this.informer = informer;
    this.indexed = OwnerIndexes.ensureControllerUid(informer);
    if (!indexed) {
      LOG.warn("the Sandbox informer for {} started before the pool controller could add its"
          + " index; finding pool members by label instead", informer.scope());
    }
  }

  /**
   * @param set the SandboxSet, with its UID
   * @return the sandboxes whose controller reference names it (shared cache objects: never
   *     modify them)
   */
  List<Sandbox> of(SandboxSet set) {
    String uid = set.getMetadata().getUid();
    if (indexed) {
      return informer.lister().byIndex(OwnerIndexes.CONTROLLER_UID, uid);
    }
    List<Sandbox> members = new ArrayList<>();
    for (Sandbox s : informer.lister().list(set.getMetadata().getNamespace(),
        SandboxLabels.SANDBOX_POOL + "=" + set.getMetadata().getName())) {
      if (OwnerReferences.isControlledBy(s, set)) {
        members.add(s);
      }
    }
    return members;
  }

  /** @return whether members are found through the index (else by label) */
  boolean indexed() {
    return indexed;
  }
}
