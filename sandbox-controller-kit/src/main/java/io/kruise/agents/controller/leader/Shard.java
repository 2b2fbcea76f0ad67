package io.kruise.agents.controller.leader;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetSpec;
import java.util.HashMap;
import java.util.Map;

/**
 * One shard of a {@link Sharding}: the label selector its instances reconcile, the label that
 * puts a SandboxSet (and its Sandboxes) in it, and the Lease its instances elect a leader on.
 * Immutable and thread-safe.
 */
public final class Shard {

  private final Sharding sharding;
  private final int index;

  Shard(Sharding sharding, int index) {
    this.sharding = sharding;
    this.index = index;
  }

  /** @return the shard's index, from 0 */
  public int index() {
    return index;
  }

  /** @return how many shards its sharding has */
  public int count() {
    return sharding.count();
  }

  /** @return the value of {@link Sharding#SHARD_LABEL} for this shard, its index */
  public String labelValue() {
    return Integer.toString(index);
  }

  /**
   * @return the label selector of this shard's SandboxSets and Sandboxes,
   *     {@code agents.kruise.io/shard=<index>}
   */
  public String labelSelector() {
    return Sharding.SHARD_LABEL + "=" + labelValue();
  }

  /**
   * @return the Lease this shard's instances elect their leader on,
   *     {@code <controller>-shard-<index>}
   */
  public String leaseName() {
    return Sharding.leaseName(sharding.controllerName(), index);
  }

  /** @return leader election settings on this shard's Lease, to complete and build */
  public LeaderElectionSettings.Builder leaderElection() {
    return LeaderElectionSettings.builder(leaseName());
  }

  /**
   * Puts a SandboxSet in this shard: a copy with the shard label on the SandboxSet and on its pod
   * template (when it has one), so that the Sandboxes created from the template carry it too. A
   * SandboxSet that uses a {@code templateRef} instead gets the label on itself only; its
   * Sandboxes then need the label from the referenced template.
   *
   * @param sandboxSet the SandboxSet; not changed (cached objects are shared)
   * @return the labelled copy, to create or update
   * @throws ValidationException when the SandboxSet or its metadata is missing
   */
  public SandboxSet assign(SandboxSet sandboxSet) {
    if (sandboxSet == null || sandboxSet.getMetadata() == null) {
      throw ValidationException.forField("sandboxSet", "Required",
          "a SandboxSet with metadata is required");
    }
    SandboxSet copy = sandboxSet.deepCopy();
    copy.getMetadata().setLabels(withShardLabel(copy.getMetadata().getLabels()));
    SandboxSetSpec spec = copy.getSpec();
    PodTemplateSpec template = spec == null ? null : spec.getTemplate();
    if (template != null) {
      if (template.getMetadata() == null) {
        template.setMetadata(new ObjectMeta());
      }
      template.getMetadata().setLabels(withShardLabel(template.getMetadata().getLabels()));
    }
    return copy;
  }

  /**
   * @param labels an object's labels, may be null
   * @return whether they put the object in this shard
   */
  public boolean owns(Map<String, String> labels) {
    return labels != null && labelValue().equals(labels.get(Sharding.SHARD_LABEL));
  }

  private Map<String, String> withShardLabel(Map<String, String> labels) {
    Map<String, String> result = labels == null ? new HashMap<>() : new HashMap<>(labels);
    result.put(Sharding.SHARD_LABEL, labelValue());
    return result;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shard s && s.index == index
        && s.sharding.controllerName().equals(sharding.controllerName())
        && s.count() == count();
  }

  @Override
  public int hashCode() {
    return 31 * sharding.controllerName().hashCode() + 17 * count() + index;
  }

  @Override
  public String toString() {
    return "Shard[" + leaseName() + ", " + labelSelector() + "]";
  }
}
