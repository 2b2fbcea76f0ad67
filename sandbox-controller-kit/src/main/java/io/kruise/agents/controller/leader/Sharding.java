package io.kruise.agents.controller.leader;

import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.AgentsApi;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.CRC32;

/**
 * Splits one controller's SandboxSets into {@code count} shards, each run by its own set of
 * instances with its own Lease, so that several leaders work at once on disjoint SandboxSets.
 *
 * <p>A SandboxSet belongs to shard {@code i} when it carries the label
 * {@code agents.kruise.io/shard=i} ({@link #SHARD_LABEL}); its pod template carries the same label,
 * so the Sandboxes created from it do too (see {@link Shard#assign}). The instances of shard
 * {@code i} register their SandboxSet controller with {@link Shard#labelSelector()} (JOSDK's
 * {@code ControllerConfigurationOverrider.withLabelSelector}), watch their Sandboxes with the same
 * selector, and elect their leader on the Lease {@link Shard#leaseName()}
 * ({@code <controller>-shard-<i>}, see {@link Shard#leaderElection()}). Unlabelled SandboxSets
 * belong to no shard and are reconciled by none: {@link #shardOf} gives a stable choice for
 * labelling them.
 *
 * <pre>{@code
 * Shard shard = Sharding.of("pool-controller", 4).shard(index);
 * LeaderElectionSettings election = shard.leaderElection().leaseNamespace("agents-system").build();
 * Operator operator = new Operator(o -> o.withLeaderElectionConfiguration(election.toJosdk()));
 * operator.register(reconciler, c -> c.withLabelSelector(shard.labelSelector()));
 * }</pre>
 *
 * <p>Changing the shard count moves SandboxSets between shards only when they are relabelled;
 * instances of the old and new layout must not run at the same time. Immutable and thread-safe.
 */
public final class Sharding {

  /** The label that assigns a SandboxSet, and the Sandboxes of its template, to a shard. */
  public static final String SHARD_LABEL = AgentsApi.PREFIX + "shard";

  private final String controllerName;
  private final int count;

  private Sharding(String controllerName, int count) {
    this.controllerName = controllerName;
    this.count = count;
  }

  /**
   * @param controllerName the controller's name, the prefix of the shards' Lease names
   * @param count how many shards, at least 1
   * @return the sharding
   * @throws ValidationException when the name cannot prefix a Lease name or the count is below 1
   */
  public static Sharding of(String controllerName, int count) {
    KubernetesNames.requireSubdomain("controllerName", controllerName);
    if (count < 1) {
      throw ValidationException.forField("count", "Invalid", count + " is not at least 1");
    }
    // the longest Lease name must still be a valid name
    KubernetesNames.requireSubdomain("controllerName", leaseName(controllerName, count - 1));
    return new Sharding(controllerName, count);
  }

  static String leaseName(String controllerName, int index) {
    return controllerName + "-shard-" + index;
  }

  /** @return the controller's name */
  public String controllerName() {
    return controllerName;
  }

  /** @return how many shards there are */
  public int count() {
    return count;
  }

  /**
   * @param index the shard's index, from 0 to {@code count() - 1}
   * @return that shard
   * @throws ValidationException when the index is out of range
   */
  public Shard shard(int index) {
    if (index < 0 || index >= count) {
      throw ValidationException.forField("index", "Invalid", index + " is not between 0 and "
          + (count - 1));
    }
    return new Shard(this, index);
  }

  /**
   * A stable choice of shard for a SandboxSet that has none yet: the same in every JVM and
   * release, spread evenly by a CRC-32 of {@code namespace/name}.
   *
   * @param namespace the SandboxSet's namespace
   * @param name its name
   * @return the shard it should be labelled with
   * @throws ValidationException when the namespace or name is blank
   */
  public Shard shardOf(String namespace, String name) {
    KubernetesNames.requirePresent("namespace", namespace);
    KubernetesNames.requirePresent("name", name);
    CRC32 crc = new CRC32();
    crc.update((namespace + "/" + name).getBytes(StandardCharsets.UTF_8));
    return shard((int) (crc.getValue() % count));
  }

  /** @return every shard, in index order */
  public List<Shard> shards() {
    return IntStream.range(0, count).mapToObj(i -> new Shard(this, i)).toList();
  }

  @Override
  public String toString() {
    return "Sharding[" + controllerName + ", " + count + " shards]";
  }
}
