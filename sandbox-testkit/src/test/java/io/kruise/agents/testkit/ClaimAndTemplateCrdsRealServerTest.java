package io.kruise.agents.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kruise.agents.model.ConditionReasons;
import io.kruise.agents.model.ConditionTypes;
import io.kruise.agents.model.DynamicVolumeMount;
import io.kruise.agents.model.PauseStrategy;
import io.kruise.agents.model.PersistentContents;
import io.kruise.agents.model.SandboxClaim;
import io.kruise.agents.model.SandboxClaimInplaceUpdate;
import io.kruise.agents.model.SandboxClaimInplaceUpdateResources;
import io.kruise.agents.model.SandboxClaimPhase;
import io.kruise.agents.model.SandboxClaimSpec;
import io.kruise.agents.model.SandboxClaimStatus;
import io.kruise.agents.model.SandboxRuntime;
import io.kruise.agents.model.SandboxTemplate;
import io.kruise.agents.model.SandboxTemplateSpec;
import io.kruise.agents.model.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SandboxClaim and SandboxTemplate CRDs generated from the model work on a real API server:
 * the server stores every field, applies the CRD's defaults, enforces its CEL rules and serves
 * the claim's status subresource.
 */
@WithRealApiServer
class ClaimAndTemplateCrdsRealServerTest {

  @Test
  void aTemplateIsStoredWithItsPodTemplate(KubernetesClient client, TestCluster cluster) {
    SandboxTemplateSpec spec = new SandboxTemplateSpec()
        .withTemplate(new PodTemplateSpecBuilder()
            .withNewMetadata().addToLabels("app", "agent").endMetadata()
            .withNewSpec().addNewContainer().withName("main").withImage("python:3.12").endContainer()
            .endSpec().build())
        .withPersistentContents(List.of(PersistentContents.FILESYSTEM))
        .withRuntimes(List.of(SandboxRuntime.of(SandboxRuntime.AGENT_RUNTIME)))
        .withPauseStrategy(new PauseStrategy().withType(PauseStrategy.STOP));
    SandboxTemplate created = client.resources(SandboxTemplate.class).inNamespace(cluster.namespace())
        .resource(SandboxTemplate.of(cluster.namespace(), "python", spec)).create();

    SandboxTemplate read = client.resources(SandboxTemplate.class).inNamespace(cluster.namespace())
        .withName("python").get();
    assertThat(read.getSpec()).isEqualTo(spec).isEqualTo(created.getSpec());
    assertThat(read.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("python:3.12");
  }

  @Test
  void aClaimGetsTheServerDefaultsAndKeepsEveryField(KubernetesClient client, TestCluster cluster) {
    SandboxClaim minimal = client.resources(SandboxClaim.class).inNamespace(cluster.namespace())
        .resource(SandboxClaim.of(cluster.namespace(), "minimal",
            new SandboxClaimSpec().withTemplateName("python"))).create();
    SandboxClaimSpec defaulted = minimal.getSpec();
    assertThat(defaulted.getReplicas()).isEqualTo(1);
    assertThat(defaulted.getClaimTimeout()).isEqualTo("1m");
    assertThat(defaulted.getWaitReadyTimeout()).isEqualTo("30s");
    assertThat(defaulted.getTtlAfterCompleted()).isEqualTo("60m");
    assertThat(defaulted.getCreateOnNoStock()).isTrue();
    assertThat(defaulted.getSkipInitRuntime()).isFalse();
    assertThat(defaulted.getReserveFailedSandbox()).isNull();
    assertThat(defaulted.effectiveClaimTimeout()).isEqualTo(Duration.ofMinutes(1));

    SandboxClaimSpec full = new SandboxClaimSpec()
        .withTemplateName("python")
        .withReplicas(3)
        .withShutdownTime("2030-01-02T03:04:05Z")
        .withClaimTimeout(Duration.ofSeconds(90))
        .withTtlAfterCompleted("-1s")
        .withLabels(Map.of("team", "a"))
        .withAnnotations(Map.of("example.com/purpose", "eval"))
        .withEnvVars(Map.of("API_URL", "http://api.internal"))
        .withInplaceUpdate(new SandboxClaimInplaceUpdate().withImage("python:3.13")
            .withResources(new SandboxClaimInplaceUpdateResources()
                .withRequests(Map.of("cpu", new Quantity("500m")))
                .withLimits(Map.of("cpu", new Quantity("2")))))
        .withDynamicVolumesMount(List.of(new DynamicVolumeMount().withPvName("pv-data")
            .withMountPath("/data").withMountID("m-1").withSubPath("a").withReadOnly(true)
            .withAttributes(Map.of("bucket", "datasets"))))
        .withRuntimes(List.of(SandboxRuntime.of(SandboxRuntime.CSI)))
        .withReserveFailedSandbox(true)
        .withCreateOnNoStock(false)
        .withWaitReadyTimeout("45s")
        .withSkipInitRuntime(true);
    client.resources(SandboxClaim.class).inNamespace(cluster.namespace())
        .resource(SandboxClaim.of(cluster.namespace(), "full", full)).create();
    SandboxClaim read = client.resources(SandboxClaim.class).inNamespace(cluster.namespace())
        .withName("full").get();
    assertThat(read.getSpec()).isEqualTo(full);
    assertThat(read.getSpec().getAdditionalProperties()).isEmpty();
  }

  @Test
  void theClaimRulesAreEnforced(KubernetesClient client, TestCluster cluster) {
    assertThatThrownBy(() -> client.resources(SandboxClaim.class).inNamespace(cluster.namespace())
        .resource(SandboxClaim.of(cluster.namespace(), "too-short",
            new SandboxClaimSpec().withTemplateName("python").withClaimTimeout("500ms"))).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getMessage()).contains("claimTimeout must be at least 1 second");
        });
    assertThatThrownBy(() -> client.resources(SandboxClaim.class).inNamespace(cluster.namespace())
        .resource(SandboxClaim.of(cluster.namespace(), "no-template", new SandboxClaimSpec())).create())
        .isInstanceOfSatisfying(KubernetesClientException.class,
            e -> assertThat(e.getCode()).isEqualTo(422));
    assertThatThrownBy(() -> client.resources(SandboxClaim.class).inNamespace(cluster.namespace())
        .resource(SandboxClaim.of(cluster.namespace(), "zero",
            new SandboxClaimSpec().withTemplateName("python").withReplicas(0))).create())
        .isInstanceOfSatisfying(KubernetesClientException.class,
            e -> assertThat(e.getCode()).isEqualTo(422));

    SandboxClaim created = client.resources(SandboxClaim.class).inNamespace(cluster.namespace())
        .resource(SandboxClaim.of(cluster.namespace(), "fixed",
            new SandboxClaimSpec().withTemplateName("python").withReplicas(2))).create();
    SandboxClaim changed = created.deepCopy();
    changed.getSpec().setReplicas(3);
    assertThatThrownBy(() -> client.resources(SandboxClaim.class).inNamespace(cluster.namespace())
        .resource(changed).update())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getMessage()).contains("replicas is immutable");
        });
  }

  @Test
  void theClaimStatusIsASubresource(KubernetesClient client, TestCluster cluster) {
    SandboxClaim created = client.resources(SandboxClaim.class).inNamespace(cluster.namespace())
        .resource(SandboxClaim.of(cluster.namespace(), "with-status",
            new SandboxClaimSpec().withTemplateName("python").withReplicas(2))).create();
    String now = Times.format(Instant.now());
    Condition timedOut = new ConditionBuilder().withType(ConditionTypes.TIMED_OUT).withStatus("True")
        .withReason(ConditionReasons.TimedOut.CLAIM_TIMEOUT_REACHED).withMessage("claimed 1/2")
        .withLastTransitionTime(now).build();
    SandboxClaim withStatus = created.deepCopy();
    withStatus.setStatus(new SandboxClaimStatus().withPhase(SandboxClaimPhase.COMPLETED)
        .withClaimedReplicas(1).withClaimStartTime(now).withCompletionTime(now)
        .withObservedGeneration(1L).withMessage("claimed 1/2").addCondition(timedOut));
    // a plain update ignores the status ...
    SandboxClaim updated = client.resources(SandboxClaim.class).inNamespace(cluster.namespace())
        .resource(withStatus).update();
    assertThat(updated.getStatus()).isNull();
    // ... the status subresource writes it
    withStatus.getMetadata().setResourceVersion(updated.getMetadata().getResourceVersion());
    client.resources(SandboxClaim.class).inNamespace(cluster.namespace()).resource(withStatus)
        .updateStatus();
    SandboxClaim read = client.resources(SandboxClaim.class).inNamespace(cluster.namespace())
        .withName("with-status").get();
    assertThat(read.getStatus()).isEqualTo(withStatus.getStatus());
    assertThat(read.getStatus().getPhaseEnum()).isEqualTo(SandboxClaimPhase.COMPLETED);
  }
}
