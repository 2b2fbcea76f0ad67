package io.kruise.agents.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Shared fixtures: fully populated objects built in Java, and JSON/YAML helpers. */
final class TestSupport {

  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private TestSupport() {
  }

  static String resource(String path) {
    try (InputStream in = TestSupport.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("missing test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses JSON or YAML into a tree. */
  static JsonNode tree(String jsonOrYaml) {
    return SERIALIZATION.unmarshal(jsonOrYaml, JsonNode.class);
  }

  static JsonNode treeOf(Object value) {
    return tree(SERIALIZATION.asJson(value));
  }

  static ExecAction exec(String... command) {
    ExecAction exec = new ExecAction();
    exec.setCommand(new ArrayList<>(List.of(command)));
    return exec;
  }

  static Condition condition(String type, String status, String reason, String message, String time, Long generation) {
    return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
        .withLastTransitionTime(time).withObservedGeneration(generation).build();
  }

  static PodTemplateSpec podTemplate(String image) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata().addToLabels("app", "agent").endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("main")
        .withImage(image)
        .withCommand("sleep", "infinity")
        .withNewResources()
        .addToRequests("cpu", new Quantity("500m"))
        .addToRequests("memory", new Quantity("1Gi"))
        .endResources()
        .addNewVolumeMount().withName("workspace").withMountPath("/workspace").endVolumeMount()
        .endContainer()
        .withRestartPolicy("Always")
        .endSpec()
        .build();
  }

  static PersistentVolumeClaim pvc(String name, String size, String storageClass) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withNewResources().addToRequests("storage", new Quantity(size)).endResources()
        .withStorageClassName(storageClass)
        .endSpec()
        .build();
  }

  /** The Java twin of {@code fixtures/sandbox-full.json}: every field of the CRD is set. */
  static Sandbox fullSandbox() {
    SandboxSpec spec = new SandboxSpec()
        .withPaused(false)
        .withPauseStrategy(new PauseStrategy()
            .withType(PauseStrategy.HIBERNATE)
            .withHibernateStrategy(new HibernateStrategy().withType(HibernateStrategy.SNAPSHOT)))
        .withPersistentContents(List.of(PersistentContents.IP, PersistentContents.MEMORY, PersistentContents.FILESYSTEM))
        .withShutdownTime("2025-01-03T00:00:00Z")
        .withRuntimes(List.of(SandboxRuntime.of(SandboxRuntime.AGENT_RUNTIME), SandboxRuntime.of(SandboxRuntime.CSI)))
        .withPauseTime("2025-01-02T12:00:00Z")
        .withLifecycle(new SandboxLifecycle()
            .withPreUpgrade(new UpgradeAction().withExec(exec("/bin/bash", "-c", "backup.sh")).withTimeoutSeconds(30))
            .withPostUpgrade(new UpgradeAction().withExec(exec("/bin/bash", "-c", "restore.sh")).withTimeoutSeconds(90)))
        .withUpgradePolicy(new UpgradePolicy().withType(UpgradePolicy.CHECKPOINT_RESTORE))
        .withTemplateRef(TemplateRef.of("python-template").withKind("SandboxTemplate")
            .withApiVersion(AgentsApi.API_VERSION))
        .withTemplate(podTemplate("python:3.12"))
        .withVolumeClaimTemplates(List.of(pvc("workspace", "10Gi", "fast")));
    SandboxStatus status = new SandboxStatus()
        .withObservedGeneration(3L)
        .withPhase(SandboxPhase.RUNNING)
        .withMessage("all good")
        .addCondition(condition(ConditionTypes.READY, "True", ConditionReasons.Ready.POD_READY, "pod is ready",
            "2025-01-02T03:04:30Z", 3L))
        .addCondition(condition(ConditionTypes.RUNTIME_INITIALIZED, "True",
            ConditionReasons.RuntimeInitialized.SUCCEEDED, "", "2025-01-02T03:04:40Z", null))
        .withPodInfo(new PodInfo()
            .withAnnotations(Map.of("example.com/a", "1"))
            .withLabels(Map.of("app", "agent"))
            .withNodeName("node-1")
            .withPodIP("10.0.0.12")
            .withPodUID("7d1c2f4e-0000-4000-8000-000000000003"))
        .withNodeName("node-1")
        .withSandboxIp("10.0.0.12")
        .withUpdateRevision("5f7c9d")
        .withRecycledCount(2);
    Sandbox sandbox = Sandbox.of("team-a", "sbx-1", spec);
    sandbox.setMetadata(new ObjectMetaBuilder(sandbox.getMetadata())
        .withUid("7d1c2f4e-0000-4000-8000-000000000001")
        .withResourceVersion("12345")
        .withGeneration(3L)
        .withCreationTimestamp("2025-01-02T03:04:05Z")
        .addToLabels(SandboxLabels.SANDBOX_POOL, "pool-a")
        .addToLabels(SandboxLabels.SANDBOX_CLAIMED, SandboxLabels.TRUE)
        .addToLabels(SandboxLabels.SANDBOX_ID, "abc123")
        .addToAnnotations(SandboxAnnotations.OWNER, "user-1")
        .addToAnnotations(SandboxAnnotations.CLAIM_TIMESTAMP, "2025-01-02T03:05:00Z")
        .addToOwnerReferences(new OwnerReferenceBuilder()
            .withApiVersion(AgentsApi.API_VERSION)
            .withKind(AgentsApi.SANDBOXSET_KIND)
            .withName("pool-a")
            .withUid("7d1c2f4e-0000-4000-8000-000000000002")
            .withController(true)
            .withBlockOwnerDeletion(true)
            .build())
        .addToFinalizers("agents.kruise.io/cleanup")
        .build());
    sandbox.setStatus(status);
    return sandbox;
  }

  /** The Java twin of {@code fixtures/sandboxset-full.json}: every field of the CRD is set. */
  static SandboxSet fullSandboxSet() {
    PodTemplateSpec template = new PodTemplateSpecBuilder()
        .withNewMetadata().addToLabels("app", "agent").endMetadata()
        .withNewSpec()
        .addNewContainer().withName("main").withImage("python:3.12").withArgs("--serve").endContainer()
        .endSpec()
        .build();
    PersistentVolumeClaim claim = new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName("workspace").endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources()
        .endSpec()
        .build();
    SandboxSetSpec spec = new SandboxSetSpec()
        .withReplicas(5)
        .withPauseStrategy(new PauseStrategy().withType(PauseStrategy.HIBERNATE)
            .withHibernateStrategy(new HibernateStrategy().withType(HibernateStrategy.SNAPSHOT)))
        .withPersistentContents(List.of(PersistentContents.FILESYSTEM))
        .withRuntimes(List.of(SandboxRuntime.of(SandboxRuntime.TRAFFIC_PROXY)))
        .withTemplateRef(TemplateRef.of("python-template").withKind("PodTemplate").withApiVersion("v1"))
        .withTemplate(template)
        .withVolumeClaimTemplates(List.of(claim))
        .withScaleStrategy(new SandboxSetScaleStrategy().withMaxUnavailable(new IntOrString(2)))
        .withUpdateStrategy(new SandboxSetUpdateStrategy().withMaxUnavailable(new IntOrString("20%")));
    SandboxSetStatus status = new SandboxSetStatus()
        .withObservedGeneration(7L)
        .withReplicas(6)
        .withAvailableReplicas(4)
        .withUpdateRevision("5f7c9d")
        .withCurrentRevision("python-template")
        .withUpdatedReplicas(5)
        .withUpdatedAvailableReplicas(3)
        .withConditions(new ArrayList<>(List.of(condition("Ready", "False", "Scaling", "creating sandboxes",
            "2025-01-02T03:04:30Z", 7L))))
        .withSelector(SandboxLabels.SANDBOX_POOL + "=pool-a");
    SandboxSet set = SandboxSet.of("team-a", "pool-a", spec);
    set.setMetadata(new ObjectMetaBuilder(set.getMetadata())
        .withUid("7d1c2f4e-0000-4000-8000-000000000002")
        .withResourceVersion("999")
        .withGeneration(7L)
        .addToLabels("tier", "warm")
        .build());
    set.setStatus(status);
    return set;
  }

  /** The Java twin of {@code fixtures/sandboxclaim-full.json}: every field of the CRD is set. */
  static SandboxClaim fullSandboxClaim() {
    SandboxClaimSpec spec = new SandboxClaimSpec()
        .withTemplateName("python-template")
        .withReplicas(5)
        .withShutdownTime("2025-01-03T00:00:00Z")
        .withClaimTimeout("2m")
        .withTtlAfterCompleted("-1s")
        .withLabels(Map.of("team", "a"))
        .withAnnotations(Map.of("example.com/purpose", "eval"))
        .withEnvVars(Map.of("API_URL", "http://api.internal"))
        .withInplaceUpdate(new SandboxClaimInplaceUpdate()
            .withImage("python:3.13")
            .withResources(new SandboxClaimInplaceUpdateResources()
                .withRequests(Map.of("cpu", new Quantity("500m")))
                .withLimits(Map.of("cpu", new Quantity("2")))))
        .withDynamicVolumesMount(List.of(new DynamicVolumeMount()
            .withMountID("m-1")
            .withPvName("pv-data")
            .withMountPath("/data")
            .withSubPath("team-a")
            .withReadOnly(true)
            .withAttributes(Map.of("bucket", "datasets"))))
        .withRuntimes(List.of(SandboxRuntime.of(SandboxRuntime.AGENT_RUNTIME)))
        .withReserveFailedSandbox(true)
        .withCreateOnNoStock(false)
        .withWaitReadyTimeout("45s")
        .withSkipInitRuntime(true);
    SandboxClaimStatus status = new SandboxClaimStatus()
        .withObservedGeneration(1L)
        .withPhase(SandboxClaimPhase.COMPLETED)
        .withMessage("Timeout reached after 2m0s, claimed 3/5 sandboxes")
        .withClaimedReplicas(3)
        .withClaimStartTime("2025-01-02T03:05:01Z")
        .withCompletionTime("2025-01-02T03:07:01Z")
        .addCondition(condition(ConditionTypes.TIMED_OUT, "True", ConditionReasons.TimedOut.CLAIM_TIMEOUT_REACHED,
            "Timeout after 2m0s, claimed 3/5", "2025-01-02T03:07:01Z", 1L))
        .addCondition(condition(ConditionTypes.COMPLETED, "True", ConditionReasons.Completed.TIMEOUT_REACHED,
            "Timeout reached after 2m0s, claimed 3/5 sandboxes", "2025-01-02T03:07:01Z", null));
    SandboxClaim claim = SandboxClaim.of("team-a", "claim-1", spec);
    claim.setMetadata(new ObjectMetaBuilder(claim.getMetadata())
        .withUid("7d1c2f4e-0000-4000-8000-000000000004")
        .withResourceVersion("2024")
        .withGeneration(1L)
        .withCreationTimestamp("2025-01-02T03:05:00Z")
        .addToLabels("app", "agent")
        .build());
    claim.setStatus(status);
    return claim;
  }

  /** The Java twin of {@code fixtures/sandboxtemplate-full.json}: every field of the CRD is set. */
  static SandboxTemplate fullSandboxTemplate() {
    PodTemplateSpec template = new PodTemplateSpecBuilder()
        .withNewMetadata().addToLabels("app", "agent").endMetadata()
        .withNewSpec()
        .addNewContainer().withName("main").withImage("python:3.12").withArgs("--serve").endContainer()
        .endSpec()
        .build();
    PersistentVolumeClaim claim = new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName("workspace").endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources()
        .endSpec()
        .build();
    SandboxTemplateSpec spec = new SandboxTemplateSpec()
        .withTemplate(template)
        .withVolumeClaimTemplates(List.of(claim))
        .withPersistentContents(List.of(PersistentContents.IP, PersistentContents.FILESYSTEM))
        .withRuntimes(List.of(SandboxRuntime.of(SandboxRuntime.AGENT_RUNTIME), SandboxRuntime.of(SandboxRuntime.CSI)))
        .withPauseStrategy(new PauseStrategy().withType(PauseStrategy.HIBERNATE)
            .withHibernateStrategy(new HibernateStrategy().withType(HibernateStrategy.SNAPSHOT)));
    SandboxTemplate sandboxTemplate = SandboxTemplate.of("team-a", "python-template", spec);
    sandboxTemplate.setMetadata(new ObjectMetaBuilder(sandboxTemplate.getMetadata())
        .withUid("7d1c2f4e-0000-4000-8000-000000000005")
        .withResourceVersion("77")
        .withGeneration(2L)
        .addToLabels("lang", "python")
        .build());
    return sandboxTemplate;
  }
}
