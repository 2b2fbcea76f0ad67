package io.kruise.agents.controller.pool;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kruise.agents.model.SandboxSetSpec;
import io.kruise.agents.model.SandboxTemplate;
import io.kruise.agents.model.SandboxTemplateSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The revision of a SandboxSet's sandbox template, upstream's way ({@code computeRevisionHash}):
 * FNV-1 32 over the JSON of the pool-level fields that shape a sandbox (template,
 * volumeClaimTemplates, persistentContents, runtimes, pauseStrategy), written as its decimal
 * value encoded with Kubernetes' {@code rand.SafeEncodeString}. With {@code spec.templateRef}
 * the pod template is the referenced SandboxTemplate's and the other four fields are still the
 * SandboxSet's (upstream's {@code buildSandboxTemplateSpec}), so a changed SandboxTemplate
 * changes the revision and rolls the pool like a changed inline template, and an inline template
 * and a reference to the same content give the same revision.
 *
 * <p>The JSON here is fabric8's with object keys sorted, so the hash is stable across reads of
 * the same spec, but it is not byte-for-byte Go's {@code json.Marshal}: the value differs from
 * the one upstream's Go controller computes for the same spec. Do not run both controllers on
 * the same SandboxSet (each would see the other's sandboxes as an old revision).
 */
final class TemplateRevision {

  /** Kubernetes' {@code rand.SafeEncodeString} alphabet: no vowels, no look-alike digits. */
  private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private TemplateRevision() {
  }

  /**
   * @param spec the SandboxSet's spec, with an inline template; not changed
   * @return the revision hash of its sandbox template
   */
  static String of(SandboxSetSpec spec) {
    return of(effectiveSpec(spec, null));
  }

  /**
   * The sandbox template a SandboxSet's sandboxes are built from (upstream's
   * {@code buildSandboxTemplateSpec}): the pod template of the referenced SandboxTemplate when
   * {@code spec.templateRef} is set, else the inline one; volumeClaimTemplates,
   * persistentContents, runtimes and pauseStrategy always the SandboxSet's (upstream documents a
   * SandboxTemplate's pauseStrategy as informational for a SandboxSet).
   *
   * @param spec the SandboxSet's spec; not changed, its parts are shared (read them only)
   * @param referenced the SandboxTemplate {@code spec.templateRef} names, or null without one
   * @return the effective template spec, sharing parts with its inputs
   */
  static SandboxTemplateSpec effectiveSpec(SandboxSetSpec spec, SandboxTemplate referenced) {
    return new SandboxTemplateSpec()
        .withTemplate(spec.getTemplateRef() == null ? spec.getTemplate()
            : referenced == null || referenced.getSpec() == null ? null
            : referenced.getSpec().getTemplate())
        .withVolumeClaimTemplates(spec.getVolumeClaimTemplates())
        .withPersistentContents(spec.getPersistentContents())
        .withRuntimes(spec.getRuntimes())
        .withPauseStrategy(spec.getPauseStrategy());
  }

  /**
   * @param spec the effective sandbox template ({@link #effectiveSpec}); not changed
   * @return its revision hash
   */
  static String of(SandboxTemplateSpec spec) {
    // upstream's SandboxTemplateSpec field order; null fields are left out as Go's omitempty does
    Map<String, Object> fields = new LinkedHashMap<>();
    put(fields, "template", spec.getTemplate());
    put(fields, "volumeClaimTemplates", spec.getVolumeClaimTemplates());
    put(fields, "persistentContents", spec.getPersistentContents());
    put(fields, "runtimes", spec.getRuntimes());
    put(fields, "pauseStrategy", spec.getPauseStrategy());
    String json = SERIALIZATION.asJson(fields);
    return safeEncode(Integer.toUnsignedString(fnv1(json.getBytes(StandardCharsets.UTF_8))));
  }

  /**
   * @param setName the SandboxSet's name
   * @param revision its revision hash
   * @return upstream's name for the template of that revision ({@code currentRevision})
   */
  static String templateName(String setName, String revision) {
    return setName + "-" + revision;
  }

  private static void put(Map<String, Object> fields, String key, Object value) {
    if (value != null) {
      // the top level keeps upstream's field order; everything below has sorted keys
      fields.put(key, sorted(SERIALIZATION.convertValue(value, Object.class)));
    }
  }

  /** Nested maps with keys in order, so equal specs give equal JSON whatever the key order read. */
  private static Object sorted(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> result = new TreeMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        result.put(String.valueOf(e.getKey()), sorted(e.getValue()));
      }
      return result;
    }
    if (value instanceof List<?> list) {
      List<Object> result = new ArrayList<>(list.size());
      for (Object item : list) {
        result.add(sorted(item));
      }
      return result;
    }
    return value;
  }

  /** FNV-1 (multiply, then xor), 32 bits, as Go's {@code hash/fnv.New32}. */
  static int fnv1(byte[] data) {
    int hash = 0x811c9dc5;
    for (byte b : data) {
      hash *= 0x01000193;
      hash ^= b & 0xff;
    }
    return hash;
  }

  /** Kubernetes' {@code rand.SafeEncodeString}. */
  static String safeEncode(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      out.append(ALPHANUMS.charAt(s.charAt(i) % ALPHANUMS.length()));
    }
    return out.toString();
  }
}
