package io.kruise.agents.controller.pool;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.controller.OwnerReferences;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.model.AgentsApi;
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
 * <p>The index {@value #INDEX} is added to the informer if it has not started yet (indexes can
 * only be added before); on an informer that already runs without it, the members are found by
 * the {@code sandbox-pool} label instead (every sandbox a pool creates carries it) and filtered
 * by controller UID, a scan of the namespace.
 */
final class PoolMembers {

  /** Sandboxes by the UID of their SandboxSet controller reference. */
  static final String INDEX = "sandboxSetControllerUid";

  private static final Logger LOG = LoggerFactory.getLogger(PoolMembers.class);

  private final SharedInformer<Sandbox> informer;
  private volatile Boolean indexed;

  PoolMembers(SharedInformer<Sandbox> informer) {
    this.informer = informer;
    try {
      informer.addIndex(INDEX, PoolMembers::controllerUid);
      indexed = true;
    } catch (ValidationException e) {
      // already there (another pool controller on this informer) or the informer has started
      indexed = e.causes().stream().anyMatch(c -> "Duplicate".equals(c.reason())) ? true : null;
    }
  }

  /**
   * @param set the SandboxSet, with its UID
   * @return the sandboxes whose controller reference names it (shared cache objects: never
   *     modify them)
   */
  List<Sandbox> of(SandboxSet set) {
    String uid = set.getMetadata().getUid();
    if (indexed()) {
      return informer.lister().byIndex(INDEX, uid);
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

  /** @return whether the index can be used; decided on first use for a started informer */
  boolean indexed() {
    Boolean known = indexed;
    if (known == null) {
      try {
        informer.lister().byIndex(INDEX, "");
        known = true;
      } catch (ValidationException e) {
        LOG.warn("the Sandbox informer for {} started before the pool controller could add its"
            + " index; finding pool members by label instead", informer.scope());
        known = false;
      }
      indexed = known;
    }
    return known;
  }

  static List<String> controllerUid(Sandbox s) {
    OwnerReference ref = OwnerReferences.controllerOf(s).orElse(null);
    if (ref == null || ref.getUid() == null || !AgentsApi.SANDBOXSET_KIND.equals(ref.getKind())) {
      return List.of();
    }
    return List.of(ref.getUid());
  }
}
