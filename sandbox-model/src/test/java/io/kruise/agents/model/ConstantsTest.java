package io.kruise.agents.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConstantsTest {

  @Test
  void apiCoordinates() {
    assertThat(AgentsApi.GROUP).isEqualTo("agents.kruise.io");
    assertThat(AgentsApi.VERSION).isEqualTo("v1alpha1");
    assertThat(AgentsApi.API_VERSION).isEqualTo("agents.kruise.io/v1alpha1");
    assertThat(AgentsApi.PREFIX).isEqualTo("agents.kruise.io/");
    assertThat(AgentsApi.SANDBOX_KIND).isEqualTo("Sandbox");
    assertThat(AgentsApi.SANDBOXSET_KIND).isEqualTo("SandboxSet");
    assertThat(AgentsApi.SANDBOX_PLURAL).isEqualTo("sandboxes");
    assertThat(AgentsApi.SANDBOXSET_PLURAL).isEqualTo("sandboxsets");
    assertThat(AgentsApi.SANDBOX_SHORT_NAME).isEqualTo("sbx");
    assertThat(AgentsApi.SANDBOXSET_SHORT_NAME).isEqualTo("sbs");
    assertThat(AgentsApi.SANDBOX_CRD_NAME).isEqualTo("sandboxes.agents.kruise.io");
    assertThat(AgentsApi.SANDBOXSET_CRD_NAME).isEqualTo("sandboxsets.agents.kruise.io");
    assertThat(AgentsApi.SANDBOXCLAIM_KIND).isEqualTo("SandboxClaim");
    assertThat(AgentsApi.SANDBOXTEMPLATE_KIND).isEqualTo("SandboxTemplate");
    assertThat(AgentsApi.SANDBOXCLAIM_LIST_KIND).isEqualTo("SandboxClaimList");
    assertThat(AgentsApi.SANDBOXTEMPLATE_LIST_KIND).isEqualTo("SandboxTemplateList");
    assertThat(AgentsApi.SANDBOXCLAIM_PLURAL).isEqualTo("sandboxclaims");
    assertThat(AgentsApi.SANDBOXTEMPLATE_PLURAL).isEqualTo("sandboxtemplates");
    assertThat(AgentsApi.SANDBOXCLAIM_SINGULAR).isEqualTo("sandboxclaim");
    assertThat(AgentsApi.SANDBOXTEMPLATE_SINGULAR).isEqualTo("sandboxtemplate");
    assertThat(AgentsApi.SANDBOXCLAIM_SHORT_NAME).isEqualTo("sbc");
    assertThat(AgentsApi.SANDBOXTEMPLATE_SHORT_NAME).isEqualTo("sbt");
    assertThat(AgentsApi.SANDBOXCLAIM_CRD_NAME).isEqualTo("sandboxclaims.agents.kruise.io");
    assertThat(AgentsApi.SANDBOXTEMPLATE_CRD_NAME).isEqualTo("sandboxtemplates.agents.kruise.io");
  }

  @Test
  void resourceAnnotationsAgreeWithTheConstants() {
    assertThat(HasMetadata.getGroup(Sandbox.class)).isEqualTo(AgentsApi.GROUP);
    assertThat(HasMetadata.getVersion(Sandbox.class)).isEqualTo(AgentsApi.VERSION);
    assertThat(HasMetadata.getApiVersion(Sandbox.class)).isEqualTo(AgentsApi.API_VERSION);
    assertThat(HasMetadata.getKind(Sandbox.class)).isEqualTo(AgentsApi.SANDBOX_KIND);
    assertThat(HasMetadata.getPlural(Sandbox.class)).isEqualTo(AgentsApi.SANDBOX_PLURAL);
    assertThat(HasMetadata.getSingular(Sandbox.class)).isEqualTo(AgentsApi.SANDBOX_SINGULAR);
    assertThat(CustomResource.getCRDName(Sandbox.class)).isEqualTo(AgentsApi.SANDBOX_CRD_NAME);
    assertThat(CustomResource.getShortNames(Sandbox.class)).containsExactly(AgentsApi.SANDBOX_SHORT_NAME);
    assertThat(new Sandbox().getScope()).isEqualTo("Namespaced");

    assertThat(HasMetadata.getApiVersion(SandboxSet.class)).isEqualTo(AgentsApi.API_VERSION);
    assertThat(HasMetadata.getKind(SandboxSet.class)).isEqualTo(AgentsApi.SANDBOXSET_KIND);
    assertThat(HasMetadata.getPlural(SandboxSet.class)).isEqualTo(AgentsApi.SANDBOXSET_PLURAL);
    assertThat(HasMetadata.getSingular(SandboxSet.class)).isEqualTo(AgentsApi.SANDBOXSET_SINGULAR);
    assertThat(CustomResource.getCRDName(SandboxSet.class)).isEqualTo(AgentsApi.SANDBOXSET_CRD_NAME);
    assertThat(CustomResource.getShortNames(SandboxSet.class)).containsExactly(AgentsApi.SANDBOXSET_SHORT_NAME);
    assertThat(new SandboxSet().getScope()).isEqualTo("Namespaced");

    assertThat(HasMetadata.getApiVersion(SandboxClaim.class)).isEqualTo(AgentsApi.API_VERSION);
    assertThat(HasMetadata.getKind(SandboxClaim.class)).isEqualTo(AgentsApi.SANDBOXCLAIM_KIND);
    assertThat(HasMetadata.getPlural(SandboxClaim.class)).isEqualTo(AgentsApi.SANDBOXCLAIM_PLURAL);
    assertThat(HasMetadata.getSingular(SandboxClaim.class)).isEqualTo(AgentsApi.SANDBOXCLAIM_SINGULAR);
    assertThat(CustomResource.getCRDName(SandboxClaim.class)).isEqualTo(AgentsApi.SANDBOXCLAIM_CRD_NAME);
    assertThat(CustomResource.getShortNames(SandboxClaim.class)).containsExactly(AgentsApi.SANDBOXCLAIM_SHORT_NAME);
    assertThat(new SandboxClaim().getScope()).isEqualTo("Namespaced");

    assertThat(HasMetadata.getApiVersion(SandboxTemplate.class)).isEqualTo(AgentsApi.API_VERSION);
    assertThat(HasMetadata.getKind(SandboxTemplate.class)).isEqualTo(AgentsApi.SANDBOXTEMPLATE_KIND);
    assertThat(HasMetadata.getPlural(SandboxTemplate.class)).isEqualTo(AgentsApi.SANDBOXTEMPLATE_PLURAL);
    assertThat(HasMetadata.getSingular(SandboxTemplate.class)).isEqualTo(AgentsApi.SANDBOXTEMPLATE_SINGULAR);
    assertThat(CustomResource.getCRDName(SandboxTemplate.class)).isEqualTo(AgentsApi.SANDBOXTEMPLATE_CRD_NAME);
    assertThat(CustomResource.getShortNames(SandboxTemplate.class))
        .containsExactly(AgentsApi.SANDBOXTEMPLATE_SHORT_NAME);
    assertThat(new SandboxTemplate().getScope()).isEqualTo("Namespaced");
  }

  @Test
  void crdResourcesShipInTheJar() {
    assertThat(AgentsApi.class.getResource(AgentsApi.SANDBOX_CRD_RESOURCE)).isNotNull();
    assertThat(AgentsApi.class.getResource(AgentsApi.SANDBOXSET_CRD_RESOURCE)).isNotNull();
    assertThat(AgentsApi.class.getResource(AgentsApi.SANDBOXCLAIM_CRD_RESOURCE)).isNotNull();
    assertThat(AgentsApi.class.getResource(AgentsApi.SANDBOXTEMPLATE_CRD_RESOURCE)).isNotNull();
  }

  @Test
  void conditionTypes() {
    assertThat(ConditionTypes.READY).isEqualTo("Ready");
    assertThat(ConditionTypes.SANDBOX_PAUSED).isEqualTo("SandboxPaused");
    assertThat(ConditionTypes.SANDBOX_RESUMED).isEqualTo("SandboxResumed");
    assertThat(ConditionTypes.INPLACE_UPDATE).isEqualTo("InplaceUpdate");
    assertThat(ConditionTypes.UPGRADING).isEqualTo("Upgrading");
    assertThat(ConditionTypes.RUNTIME_INITIALIZED).isEqualTo("RuntimeInitialized");
    assertThat(ConditionTypes.RECYCLING).isEqualTo("Recycling");
    assertThat(ConditionTypes.COMPLETED).isEqualTo("Completed");
    assertThat(ConditionTypes.TIMED_OUT).isEqualTo("TimedOut");
    assertThat(List.of(ConditionTypes.STATUS_TRUE, ConditionTypes.STATUS_FALSE, ConditionTypes.STATUS_UNKNOWN))
        .containsExactly("True", "False", "Unknown");
  }

  @Test
  void conditionReasonsMatchUpstream() {
    Map<String, String> expected = new HashMap<>();
    expected.put("Ready.POD_READY", "PodReady");
    expected.put("Ready.INPLACE_UPDATING", "InplaceUpdating");
    expected.put("Ready.UPGRADING", "Upgrading");
    expected.put("Ready.START_CONTAINER_FAILED", "StartContainerFailed");
    expected.put("Ready.POD_CREATE_FAILED", "PodCreateFailed");
    expected.put("InplaceUpdate.INPLACE_UPDATING", "InplaceUpdating");
    expected.put("InplaceUpdate.SUCCEEDED", "Succeeded");
    expected.put("InplaceUpdate.FAILED", "Failed");
    expected.put("Upgrading.RESUMING", "Resuming");
    expected.put("Upgrading.RESUME_SUCCEED", "ResumeSucceed");
    expected.put("Upgrading.PRE_UPGRADE", "PreUpgrade");
    expected.put("Upgrading.PRE_UPGRADE_FAILED", "PreUpgradeFailed");
    expected.put("Upgrading.CHECKPOINTING", "Checkpointing");
    expected.put("Upgrading.CHECKPOINT_FAILED", "CheckpointFailed");
    expected.put("Upgrading.UPGRADE_POD", "UpgradePod");
    expected.put("Upgrading.UPGRADE_POD_FAILED", "UpgradePodFailed");
    expected.put("Upgrading.POST_UPGRADE", "PostUpgrade");
    expected.put("Upgrading.POST_UPGRADE_FAILED", "PostUpgradeFailed");
    expected.put("Upgrading.SUCCEEDED", "Succeeded");
    expected.put("SandboxPaused.PENDING", "Pending");
    expected.put("SandboxPaused.IMAGE_CHANGED", "ImageChanged");
    expected.put("SandboxPaused.CHECKPOINT_CREATING", "CheckpointCreating");
    expected.put("SandboxPaused.CHECKPOINT_SUCCEEDED", "CheckpointSucceeded");
    expected.put("SandboxPaused.CHECKPOINT_FAILED", "CheckpointFailed");
    expected.put("SandboxPaused.SNAPSHOT_PAUSE_SUCCEED", "SnapshotPauseSucceed");
    expected.put("SandboxPaused.STOP_PAUSE_SUCCEED", "StopPauseSucceed");
    expected.put("SandboxResumed.CREATE_POD", "CreatePod");
    expected.put("SandboxResumed.RESUME_POD", "ResumePod");
    expected.put("RuntimeInitialized.PENDING", "Pending");
    expected.put("RuntimeInitialized.SUCCEEDED", "Succeeded");
    expected.put("RuntimeInitialized.FAILED", "Failed");
    expected.put("Recycling.STARTED", "RecyclingStarted");
    expected.put("Recycling.COMPLETED", "RecyclingCompleted");
    expected.put("Recycling.SUCCEEDED", "RecyclingSucceeded");
    expected.put("Recycling.FAILED", "RecyclingFailed");
    expected.put("Recycling.TIMEOUT", "RecyclingTimeout");
    expected.put("Recycling.REJECTED", "RecyclingRejected");
    expected.put("Completed.ALL_REPLICAS_CLAIMED", "AllReplicasClaimed");
    expected.put("Completed.TIMEOUT_REACHED", "TimeoutReached");
    expected.put("Completed.SANDBOX_SET_NOT_FOUND", "SandboxSetNotFound");
    expected.put("Completed.INVALID_SPEC", "InvalidSpec");
    expected.put("TimedOut.CLAIM_TIMEOUT_REACHED", "ClaimTimeoutReached");

    Map<String, String> actual = new HashMap<>();
    for (Class<?> group : ConditionReasons.class.getDeclaredClasses()) {
      actual.putAll(constants(group, group.getSimpleName() + "."));
    }
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void labelsMatchUpstream() {
    Map<String, String> expected = new HashMap<>();
    expected.put("TRUE", "true");
    expected.put("FALSE", "false");
    expected.put("SANDBOX_POOL", "agents.kruise.io/sandbox-pool");
    expected.put("SANDBOX_TEMPLATE", "agents.kruise.io/sandbox-template");
    expected.put("SANDBOX_CLAIMED", "agents.kruise.io/sandbox-claimed");
    expected.put("CLAIM_NAME", "agents.kruise.io/claim-name");
    expected.put("TEMPLATE_HASH", "agents.kruise.io/template-hash");
    expected.put("RESERVED_FAILED_SANDBOX", "agents.kruise.io/reserved-failed-sandbox");
    expected.put("SANDBOX_NAME", "agents.kruise.io/sandbox-name");
    expected.put("ALLOW_INTERNET_ACCESS", "agents.kruise.io/allow-internet-access");
    expected.put("SANDBOX_ID", "agents.kruise.io/sandbox-id");
    expected.put("UPDATE_OPS", "agents.kruise.io/update-ops");
    expected.put("UPGRADE_FAILED", "agents.kruise.io/upgrade-failed");
    expected.put("CHECKPOINT_TYPE", "agents.kruise.io/checkpoint-type");
    expected.put("CHECKPOINT_ID", "agents.kruise.io/checkpoint-id");
    expected.put("POD_TEMPLATE_HASH", "pod-template-hash");
    assertThat(constants(SandboxLabels.class, "")).isEqualTo(expected);
  }

  @Test
  @SuppressWarnings("deprecation")
  void annotationsMatchUpstream() {
    Map<String, String> expected = new HashMap<>();
    expected.put("TRUE", "true");
    expected.put("LOCK", "agents.kruise.io/lock");
    expected.put("OWNER", "agents.kruise.io/owner");
    expected.put("CLAIM_TIMESTAMP", "agents.kruise.io/claim-timestamp");
    expected.put("RESTORE_FROM", "agents.kruise.io/restore-from");
    expected.put("INIT_RUNTIME_REQUEST", "agents.kruise.io/init-runtime-request");
    expected.put("SANDBOX_ID", "agents.kruise.io/sandbox-id");
    expected.put("MEMBERLIST_URL", "agents.kruise.io/memberlist-url");
    expected.put("CLEANUP_ENABLED", "agents.kruise.io/cleanup-enabled");
    expected.put("CLEANUP", "agents.kruise.io/cleanup");
    expected.put("CLEANUP_RETAIN_ON_FAILURE", "agents.kruise.io/cleanup-retain-on-failure");
    expected.put("UPDATED_METADATA_IN_CLAIM", "agents.kruise.io/updated-metadata-in-claim");
    expected.put("RUNTIME_URL", "agents.kruise.io/runtime-url");
    expected.put("RUNTIME_ACCESS_TOKEN", "agents.kruise.io/runtime-access-token");
    expected.put("RUNTIME_TLS_PORT", "agents.kruise.io/runtime-tls-port");
    expected.put("RESERVE_PAUSED_SANDBOX_DURATION", "agents.kruise.io/reserve-paused-sandbox-duration");
    expected.put("CLEANUP_CANDIDATE", "agents.kruise.io/cleanup-candidate");
    expected.put("SANDBOX_PRIORITY", "agents.kruise.io/sandbox-priority");
    expected.put("UPGRADE_RESUME_TRIGGER", "agents.kruise.io/upgrade-resume-trigger");
    expected.put("HASH_IMMUTABLE_PART", "sandbox.agents.kruise.io/hash-immutable-part");
    expected.put("HASH_WITHOUT_IMAGE_RESOURCES", "sandbox.agents.kruise.io/hash-without-image-resources");
    expected.put("E2B_PREFIX", "e2b.agents.kruise.io/");
    expected.put("ENVD_ACCESS_TOKEN", "e2b.agents.kruise.io/envd-access-token");
    expected.put("ENVD_URL", "e2b.agents.kruise.io/envd-url");
    expected.put("CSI_VOLUME_CONFIG", "e2b.agents.kruise.io/csi-volume-config");
    assertThat(constants(SandboxAnnotations.class, "")).isEqualTo(expected);

    assertThat(SandboxAnnotations.CLEARED_ON_RECYCLE).containsExactlyInAnyOrder(
        "agents.kruise.io/claim-timestamp", "agents.kruise.io/lock", "agents.kruise.io/owner",
        "agents.kruise.io/init-runtime-request", "agents.kruise.io/runtime-access-token", "agents.kruise.io/cleanup",
        "agents.kruise.io/cleanup-retain-on-failure", "e2b.agents.kruise.io/csi-volume-config",
        "agents.kruise.io/sandbox-priority", "e2b.agents.kruise.io/envd-access-token", "e2b.agents.kruise.io/envd-url",
        "agents.kruise.io/runtime-url");
    assertThat(SandboxAnnotations.PRESERVED_ON_CREATION).containsExactlyInAnyOrder(
        "agents.kruise.io/cleanup-enabled", "agents.kruise.io/cleanup-retain-on-failure");
  }

  @Test
  void enumLikeStringConstants() {
    assertThat(List.of(PauseStrategy.STOP, PauseStrategy.HIBERNATE)).containsExactly("Stop", "Hibernate");
    assertThat(HibernateStrategy.SNAPSHOT).isEqualTo("Snapshot");
    assertThat(List.of(UpgradePolicy.RECREATE, UpgradePolicy.CHECKPOINT_RESTORE))
        .containsExactly("Recreate", "CheckpointRestore");
    assertThat(List.of(PersistentContents.IP, PersistentContents.MEMORY, PersistentContents.FILESYSTEM))
        .containsExactly("ip", "memory", "filesystem");
    assertThat(List.of(SandboxRuntime.CSI, SandboxRuntime.AGENT_RUNTIME, SandboxRuntime.TRAFFIC_PROXY))
        .containsExactly("csi", "agent-runtime", "traffic-proxy");
  }

  @Test
  void constantsClassesCannotBeInstantiated() {
    for (Class<?> type : List.of(AgentsApi.class, ConditionTypes.class, ConditionReasons.class, SandboxLabels.class,
        SandboxAnnotations.class, PersistentContents.class, Times.class, Conditions.class, SandboxStates.class,
        GoDurations.class)) {
      assertThat(Modifier.isFinal(type.getModifiers())).as("%s is final", type).isTrue();
      assertThat(type.getConstructors()).as("%s has no public constructor", type).isEmpty();
    }
  }

  private static Map<String, String> constants(Class<?> type, String prefix) {
    Map<String, String> values = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (Field field : type.getDeclaredFields()) {
      int mod = field.getModifiers();
      if (Modifier.isPublic(mod) && Modifier.isStatic(mod) && field.getType() == String.class) {
        try {
          values.put(prefix + field.getName(), (String) field.get(null));
        } catch (IllegalAccessException e) {
          problems.add(field.getName());
        }
      }
    }
    assertThat(problems).isEmpty();
    return values;
  }
}
