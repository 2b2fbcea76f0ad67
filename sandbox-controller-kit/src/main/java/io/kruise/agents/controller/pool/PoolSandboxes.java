package io.kruise.agents.controller.pool;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.kruise.agents.controller.OwnerReferences;
import io.kruise.agents.model.AgentsApi;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxAnnotations;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetSpec;
import io.kruise.agents.model.SandboxSpec;
import io.kruise.agents.model.SandboxStates;
import io.kruise.agents.model.SandboxTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the Sandboxes a SandboxSet creates, as upstream's {@code NewSandboxFromSandboxSet}: the
 * one place that copies pool-level spec fields onto every created sandbox.
 *
 * <p>A sandbox gets {@code generateName: <set>-} (at most 58 characters), the pod template's
 * labels and annotations without the internal {@code agents.kruise.io/} keys (except those kept
 * on creation, {@link SandboxAnnotations#PRESERVED_ON_CREATION}), the labels
 * {@code sandbox-pool} (the set's name), {@code sandbox-template} (the referenced
 * SandboxTemplate's name, else the set's), {@code sandbox-claimed=false} and
 * {@code template-hash} (the revision), the set's controller reference, and copies of the set's
 * volumeClaimTemplates, persistentContents, runtimes and pauseStrategy. With an inline template
 * it carries a copy of it; with {@code spec.templateRef} it carries the reference instead (the
 * Sandbox controller resolves it when it builds the pod) and its labels and annotations come
 * from the referenced SandboxTemplate's pod template.
 */
final class PoolSandboxes {

  /** Kubernetes limits a generateName prefix so that the random suffix still fits. */
  private static final int MAX_GENERATE_NAME = 58;

  private PoolSandboxes() {
  }

  /**
   * The {@code status.selector} of a pool for the scale subresource: its unclaimed sandboxes
   * (keys sorted, as {@code metav1.LabelSelectorAsSelector} writes them).
   *
   * @param setName the SandboxSet's name
   * @return the selector string
   */
  static String selector(String setName) {
    return SandboxLabels.SANDBOX_CLAIMED + "=" + SandboxLabels.FALSE + ","
        + SandboxLabels.SANDBOX_POOL + "=" + setName;
  }

  /**
   * @param set the SandboxSet as read, with its UID; not changed
   * @param referenced the SandboxTemplate its {@code spec.templateRef} names, or null without
   *     one; not changed
   * @param revision the template revision the sandbox is created at
   * @return a new sandbox to create (the caller copies it per create)
   */
  static Sandbox newSandbox(SandboxSet set, SandboxTemplate referenced, String revision) {
    SandboxSet copy = set.deepCopy(); // the cached set is shared: take nothing from it by reference
    SandboxSetSpec spec = copy.getSpec();
    String name = copy.getMetadata().getName();
    PodTemplateSpec template = spec.getTemplateRef() != null ? null : spec.getTemplate();
    PodTemplateSpec labelSource = spec.getTemplateRef() == null ? template
        : referenced == null || referenced.getSpec() == null ? null
        : referenced.getSpec().getTemplate(); // read only: the maps below are fresh copies
    ObjectMeta templateMeta = labelSource == null ? null : labelSource.getMetadata();

    Map<String, String> labels = withoutInternalKeys(
        templateMeta == null ? null : templateMeta.getLabels());
    labels.put(SandboxLabels.SANDBOX_POOL, name);
    labels.put(SandboxLabels.SANDBOX_CLAIMED, SandboxLabels.FALSE);
    labels.put(SandboxLabels.SANDBOX_TEMPLATE, SandboxStates.poolKey(copy));
    labels.put(SandboxLabels.TEMPLATE_HASH, revision);

    ObjectMeta meta = new ObjectMeta();
    meta.setNamespace(copy.getMetadata().getNamespace());
    meta.setGenerateName(generateName(name));
    meta.setLabels(labels);
    meta.setAnnotations(withoutInternalKeys(
        templateMeta == null ? null : templateMeta.getAnnotations()));
    meta.setOwnerReferences(new ArrayList<>(List.of(OwnerReferences.controllerReference(set))));

    Sandbox sandbox = new Sandbox();
    sandbox.setMetadata(meta);
    sandbox.setSpec(new SandboxSpec().withTemplate(template)
        .withTemplateRef(spec.getTemplateRef())
        .withVolumeClaimTemplates(spec.getVolumeClaimTemplates())
        .withPersistentContents(spec.getPersistentContents())
        .withRuntimes(spec.getRuntimes())
        .withPauseStrategy(spec.getPauseStrategy()));
    return sandbox;
  }

  static String generateName(String setName) {
    String prefix = setName + "-";
    return prefix.length() > MAX_GENERATE_NAME ? prefix.substring(0, MAX_GENERATE_NAME) : prefix;
  }

  /** Internal keys belong to the controllers, not to the template (upstream's clearAndInitInnerKeys). */
  private static Map<String, String> withoutInternalKeys(Map<String, String> from) {
    Map<String, String> result = new LinkedHashMap<>();
    if (from != null) {
      from.forEach((key, value) -> {
        if (!key.startsWith(AgentsApi.PREFIX)
            || SandboxAnnotations.PRESERVED_ON_CREATION.contains(key)) {
          result.put(key, value);
        }
      });
    }
    return result;
  }
}
