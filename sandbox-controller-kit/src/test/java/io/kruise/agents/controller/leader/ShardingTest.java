package io.kruise.agents.controller.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Shards: their selector, Lease and label, and a stable spread of SandboxSets over them. */
class ShardingTest {

  @Test
  void eachShardHasItsSelectorLeaseAndLeaderElection() {
    Sharding sharding = Sharding.of("pool-controller", 3);
    Shard shard = sharding.shard(2);

    assertThat(shard.labelSelector()).isEqualTo("agents.kruise.io/shard=2");
    assertThat(shard.leaseName()).isEqualTo("pool-controller-shard-2");
    assertThat(shard.leaderElection().identity("x").build().toJosdk().getLeaseName())
        .isEqualTo("pool-controller-shard-2");
    assertThat(sharding.shards()).extracting(Shard::leaseName).containsExactly(
        "pool-controller-shard-0", "pool-controller-shard-1", "pool-controller-shard-2");
    assertThat(shard).isEqualTo(Sharding.of("pool-controller", 3).shard(2))
        .isNotEqualTo(sharding.shard(1)).isNotEqualTo(Sharding.of("pool-controller", 4).shard(2));
  }

  @Test
  void assigningLabelsTheSetAndItsTemplateOnACopy() {
    SandboxSet original = SandboxSet.of("ns", "pool", new SandboxSetSpec().withReplicas(2)
        .withTemplate(new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", "a")
            .endMetadata().build()));
    original.getMetadata().setLabels(Map.of("team", "t"));

    SandboxSet assigned = Sharding.of("c", 2).shard(1).assign(original);

    assertThat(assigned.getMetadata().getLabels())
        .containsExactlyInAnyOrderEntriesOf(Map.of("team", "t", "agents.kruise.io/shard", "1"));
    assertThat(assigned.getSpec().getTemplate().getMetadata().getLabels())
        .containsExactlyInAnyOrderEntriesOf(Map.of("app", "a", "agents.kruise.io/shard", "1"));
    assertThat(original.getMetadata().getLabels()).doesNotContainKey(Sharding.SHARD_LABEL);
    assertThat(original.getSpec().getTemplate().getMetadata().getLabels())
        .doesNotContainKey(Sharding.SHARD_LABEL);
    assertThat(Sharding.of("c", 2).shard(1).owns(assigned.getMetadata().getLabels())).isTrue();
    assertThat(Sharding.of("c", 2).shard(0).owns(assigned.getMetadata().getLabels())).isFalse();
    assertThat(Sharding.of("c", 2).shard(0).owns(null)).isFalse();
  }

  @Test
  void assigningASetWithATemplateWithoutMetadataOrWithATemplateRefWorks() {
    SandboxSet bare = SandboxSet.of("ns", "bare", new SandboxSetSpec()
        .withTemplate(new PodTemplateSpec()));
    assertThat(Sharding.of("c", 2).shard(0).assign(bare).getSpec().getTemplate().getMetadata()
        .getLabels()).containsEntry(Sharding.SHARD_LABEL, "0");
    SandboxSet noTemplate = SandboxSet.of("ns", "ref", new SandboxSetSpec());
    assertThat(Sharding.of("c", 2).shard(0).assign(noTemplate).getMetadata().getLabels())
        .containsEntry(Sharding.SHARD_LABEL, "0");
  }

  @Test
  void shardOfIsStableAndSpreadsEvenly() {
    Sharding sharding = Sharding.of("c", 4);
    // the same answer in every JVM: CRC-32 of "namespace/name"
    assertThat(sharding.shardOf("default", "pool-a").index())
        .isEqualTo(sharding.shardOf("default", "pool-a").index());
    assertThat(sharding.shardOf("default", "pool-a").index()).isEqualTo(
        (int) (crc("default/pool-a") % 4));
    Map<Integer, Long> spread = IntStream.range(0, 4000)
        .mapToObj(i -> sharding.shardOf("ns", "pool-" + i).index())
        .collect(Collectors.groupingBy(i -> i, HashMap::new, Collectors.counting()));
    assertThat(spread).hasSize(4);
    assertThat(spread.values()).allSatisfy(n -> assertThat(n).isBetween(900L, 1100L));
  }

  private static long crc(String s) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return crc.getValue();
  }

  @Test
  void badArgumentsFailNamingThem() {
    assertField(() -> Sharding.of("c", 0), "count");
    assertField(() -> Sharding.of("Bad Name", 2), "controllerName");
    assertField(() -> Sharding.of("x".repeat(246), 10), "controllerName");
    assertField(() -> Sharding.of("c", 2).shard(2), "index");
    assertField(() -> Sharding.of("c", 2).shard(-1), "index");
    assertField(() -> Sharding.of("c", 2).shardOf("", "n"), "namespace");
    assertField(() -> Sharding.of("c", 2).shard(0).assign(null), "sandboxSet");
  }

  private static void assertField(Runnable call, String field) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.fields()).containsExactly(field));
  }
}
