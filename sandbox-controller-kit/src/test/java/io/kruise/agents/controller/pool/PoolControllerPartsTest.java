package io.kruise.agents.controller.pool;

import static io.kruise.agents.controller.ControllerFixtures.sandboxSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kruise.agents.client.LeanObjects;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxAnnotations;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small parts of the pool controller: lock patch, freshest read, options. */
class PoolControllerPartsTest {

  private static void refused(Runnable call, String field) {
    assertThatThrownBy(call::run).isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).fields()).containsExactly(field));
  }

  private static SandboxSet at(String resourceVersion) {
    SandboxSet set = sandboxSet("ns", "pool", 1);
    set.getMetadata().setResourceVersion(resourceVersion);
    return set;
  }

  @Test
  @SuppressWarnings("unchecked")
  void theLockIsAMergePatchCarryingThePlannedVersion() {
    Sandbox planned = Sandbox.of("ns", "victim", new SandboxSpec());
    planned.getMetadata().setResourceVersion("4711");
    Map<String, Object> patch = new KubernetesSerialization().unmarshal(
        PlanExecutor.lockPatch(planned, "lock-1"), Map.class);
    Map<String, Object> metadata = (Map<String, Object>) patch.get("metadata");
    assertThat(patch).containsOnlyKeys("metadata");
    assertThat(metadata).containsEntry("resourceVersion", "4711");
    assertThat((Map<String, Object>) metadata.get("annotations")).containsExactlyInAnyOrderEntriesOf(
        Map.of(SandboxAnnotations.LOCK, "lock-1", SandboxAnnotations.OWNER, "__manager_scale_down"));
  }

  @Test
  void theNewerOfJosdksAndTheCachesCopyIsUsed() {
    SandboxSet given = at("10");
    assertThat(SandboxSetPoolController.newer(given, null)).isSameAs(given);
    SandboxSet newer = at("12");
    assertThat(SandboxSetPoolController.newer(given, newer)).isSameAs(newer);
    assertThat(SandboxSetPoolController.newer(given, at("9"))).isSameAs(given);
    assertThat(SandboxSetPoolController.newer(at("x"), newer)).as("not comparable: JOSDK's")
        .extracting(s -> s.getMetadata().getResourceVersion()).isEqualTo("x");
    SandboxSet lean = at("20");
    lean.getMetadata().setAnnotations(new HashMap<>(Map.of(LeanObjects.PARTIAL_ANNOTATION,
        "spec.template")));
    assertThat(SandboxSetPoolController.newer(given, lean)).as("a lean copy lacks the template")
        .isSameAs(given);
  }

  @Test
  void optionsCheckEverySetting() {
    PoolControllerOptions options = PoolControllerOptions.builder().namespace("pools")
        .sandboxSetLabelSelector("shard=a").sandboxLabelSelector("shard=a")
        .sandboxTemplateLabelSelector("tier=pools").initialBatchSize(4)
        .writeThreads(2).expectationTimeout(Duration.ofSeconds(5)).syncTimeout(Duration.ofSeconds(9))
        .build();
    assertThat(options.namespace()).isEqualTo("pools");
    assertThat(options.sandboxScope().labelSelector()).isEqualTo("shard=a");
    assertThat(options.sandboxSetScope().namespace()).isEqualTo("pools");
    assertThat(options.sandboxTemplateLabelSelector()).isEqualTo("tier=pools");
    assertThat(options.sandboxTemplateScope().labelSelector()).isEqualTo("tier=pools");
    assertThat(options.sandboxTemplateScope().namespace()).isEqualTo("pools");
    assertThat(PoolControllerOptions.DEFAULTS.sandboxTemplateScope().isAllNamespaces()).isTrue();
    assertThat(PoolControllerOptions.DEFAULTS.sandboxTemplateLabelSelector()).isNull();
    assertThat(options.initialBatchSize()).isEqualTo(4);
    assertThat(PoolControllerOptions.DEFAULTS.namespace()).isNull();
    assertThat(PoolControllerOptions.DEFAULTS.sandboxScope().isAllNamespaces()).isTrue();
    assertThat(PoolControllerOptions.DEFAULTS.initialBatchSize()).isEqualTo(16);

    refused(() -> PoolControllerOptions.builder().namespace("Not_A_Label"), "namespace");
    refused(() -> PoolControllerOptions.builder().sandboxSetLabelSelector("a in (b"),
        "labelSelector");
    refused(() -> PoolControllerOptions.builder().sandboxTemplateLabelSelector("a in (b"),
        "labelSelector");
    refused(() -> PoolControllerOptions.builder().initialBatchSize(0), "initialBatchSize");
    refused(() -> PoolControllerOptions.builder().writeThreads(0), "writeThreads");
    refused(() -> PoolControllerOptions.builder().expectationTimeout(Duration.ZERO),
        "expectationTimeout");
    refused(() -> PoolControllerOptions.builder().syncTimeout(null), "syncTimeout");
    refused(() -> PoolControllerOptions.builder().ticker(null), "ticker");
    refused(() -> PoolControllerOptions.builder().clock(null), "clock");
    refused(() -> SandboxSetPoolController.create(null, null), "agents");
    refused(() -> SandboxSetPoolController.register(null, null, null), "operator");
  }
}
