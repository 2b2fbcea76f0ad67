package io.kruise.agents.examples.service;

import io.kruise.agents.informers.SandboxIndexes;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxState;
import io.kruise.agents.model.SandboxStates;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The pools as the cache sees them, for the API and the dashboard: every read goes through the
 * informers' listers, never to the API server.
 */
final class PoolView {

  private final SharedInformer<SandboxSet> sets;
  private final SharedInformer<Sandbox> sandboxes;
  private final String namespace;

  PoolView(SharedInformer<SandboxSet> sets, SharedInformer<Sandbox> sandboxes, String namespace) {
    this.sets = sets;
    this.sandboxes = sandboxes;
    this.namespace = namespace;
  }

  /** @return the namespace of the pools */
  String namespace() {
    return namespace;
  }

  /** @return every pool of the namespace with its counts, by name */
  List<PoolCounts> pools() {
    return sets.lister().list(namespace).stream()
        .sorted(Comparator.comparing(s -> s.getMetadata().getName()))
        .map(this::counts).toList();
  }

  /**
   * @param name a SandboxSet's name
   * @return its counts, or empty when the cache has no such pool
   */
  Optional<PoolCounts> pool(String name) {
    return Optional.ofNullable(sets.lister().get(namespace, name)).map(this::counts);
  }

  private PoolCounts counts(SandboxSet set) {
    String name = set.getMetadata().getName();
    int available = 0;
    int creating = 0;
    for (Sandbox s : sandboxes.lister().byIndex(SandboxIndexes.POOL, name)) {
      // A claim removes the controller reference, which takes a sandbox out of the pool index;
      // the claimed label decides too, for a claimer that leaves the reference in place.
      if (!namespace.equals(s.getMetadata().getNamespace()) || SandboxStates.isClaimed(s)) {
        continue;
      }
      SandboxState state = SandboxStates.of(s);
      if (state == SandboxState.AVAILABLE) {
        available++;
      } else if (state == SandboxState.CREATING) {
        creating++;
      }
    }
    int claimed = sandboxes.lister().list(namespace, SandboxLabels.SANDBOX_CLAIMED + "="
        + SandboxLabels.TRUE + "," + SandboxLabels.SANDBOX_POOL + "=" + name).size();
    int replicas = set.getSpec() == null || set.getSpec().getReplicas() == null ? 0
        : set.getSpec().getReplicas();
    return new PoolCounts(name, namespace, replicas, available, claimed, creating);
  }

  /**
   * One pool's numbers.
   *
   * @param name the SandboxSet
   * @param namespace its namespace
   * @param replicas how many unclaimed sandboxes it should keep
   * @param available ready and unclaimed now
   * @param claimed handed out (labelled claimed, from this pool)
   * @param creating on their way to available
   */
  record PoolCounts(String name, String namespace, int replicas, int available, int claimed,
      int creating) {}
}
