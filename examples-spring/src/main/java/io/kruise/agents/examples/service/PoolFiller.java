package io.kruise.agents.examples.service;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.informers.Lister;
import io.kruise.agents.informers.SandboxIndexes;
import io.kruise.agents.model.AgentsApi;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSpec;
import io.kruise.agents.model.SandboxStates;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated pool controller's one decision: which sandboxes to create so that a SandboxSet
 * keeps {@code spec.replicas} unclaimed ones, and which surplus ones to delete (after a scale-down,
 * or a create too many). {@link #plan} only computes; {@link #fill} writes what it computed.
 * Counting goes through the pool index, which holds the available sandboxes and the creating ones
 * the set controls, less claimed ones; so a claim makes the pool refill. The client's own writes
 * show in the lister at once (read your writes), so fills in a row do not repeat a create.
 */
final class PoolFiller {

  private static final Logger LOG = LoggerFactory.getLogger(PoolFiller.class);

  private final AgentsClient agents;
  private final Lister<Sandbox> sandboxes;

  PoolFiller(AgentsClient agents, Lister<Sandbox> sandboxes) {
    this.agents = agents;
    this.sandboxes = sandboxes;
  }

  /**
   * @param set the pool
   * @param members the set's unclaimed sandboxes in the pool index
   * @return what to create and delete so that {@code spec.replicas} remain
   */
  static Plan plan(SandboxSet set, List<Sandbox> members) {
    int replicas = set.getSpec() == null || set.getSpec().getReplicas() == null ? 0
        : set.getSpec().getReplicas();
    List<Sandbox> create = new ArrayList<>();
    for (int i = members.size(); i < replicas; i++) {
      create.add(member(set));
    }
    // Surplus: the ones furthest from ready go first, newest first among equals.
    List<Sandbox> delete = members.stream()
        .sorted(Comparator.comparing((Sandbox s) -> SandboxStates.isReady(s))
            .thenComparing(s -> s.getMetadata().getCreationTimestamp(),
                Comparator.nullsFirst(Comparator.<String>reverseOrder())))
        .limit(Math.max(0, members.size() - replicas)).toList();
    return new Plan(create, delete);
  }

  /**
   * What a fill writes.
   *
   * @param create new members
   * @param delete surplus members
   */
  record Plan(List<Sandbox> create, List<Sandbox> delete) {}

  private static Sandbox member(SandboxSet set) {
    String name = set.getMetadata().getName();
    Sandbox s = Sandbox.of(set.getMetadata().getNamespace(),
        name + "-" + UUID.randomUUID().toString().substring(0, 8), new SandboxSpec());
    s.getMetadata().setLabels(Map.of(SandboxLabels.SANDBOX_POOL, name));
    s.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder()
        .withApiVersion(AgentsApi.API_VERSION).withKind(AgentsApi.SANDBOXSET_KIND)
        .withName(name).withUid(set.getMetadata().getUid()).withController(true)
        .withBlockOwnerDeletion(true).build()));
    return s;
  }

  /**
   * Creates what the set lacks now and deletes its surplus.
   *
   * @param set the pool
   */
  void fill(SandboxSet set) {
    String ns = set.getMetadata().getNamespace();
    List<Sandbox> members = sandboxes.byIndex(SandboxIndexes.POOL, set.getMetadata().getName())
        .stream().filter(s -> ns.equals(s.getMetadata().getNamespace())
            && !SandboxStates.isClaimed(s)) // see PoolView: the mock server keeps the owner
        .toList();
    Plan plan = plan(set, members);
    try {
      for (Sandbox create : plan.create()) {
        agents.sandboxes(ns).createSandbox(create);
      }
      for (Sandbox surplus : plan.delete()) {
        agents.sandboxes(ns).deleteSandbox(surplus.getMetadata().getName());
      }
    } catch (RuntimeException e) {
      // the next event of the pool fills it again
      LOG.warn("cannot fill pool {}/{}: {}", ns, set.getMetadata().getName(), e.toString());
    }
  }
}
