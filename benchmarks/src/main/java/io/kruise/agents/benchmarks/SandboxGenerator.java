package io.kruise.agents.benchmarks;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kruise.agents.model.AgentsApi;
import io.kruise.agents.model.ConditionTypes;
import io.kruise.agents.model.PodInfo;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxAnnotations;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxSpec;
import io.kruise.agents.model.SandboxStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Makes the realistic Sandboxes every benchmark uses, deterministically from an index, so that
 * every variant of a benchmark sees byte-identical objects.
 *
 * <p>One object is what a SandboxSet controller stamps out and a sandbox controller reports on,
 * about 2.9 KB of JSON: labels (including {@code agents.kruise.io/sandbox-pool}), a controller
 * owner reference to its SandboxSet, a finalizer, two {@code managedFields} entries with
 * {@code fieldsV1} (the spec manager and the status subresource manager), a ~30-line pod
 * template, and a Running status with {@code Ready=True} and {@code RuntimeInitialized=True},
 * pod info, node and IP.
 *
 * <p>Sandboxes are spread over {@code pools} pools and 10 namespaces; sandboxes of one pool share
 * their pod template (they were stamped from the same SandboxSet template), everything else that
 * a real object carries per instance (name, uid, resourceVersion, timestamps, IPs, node, pod uid,
 * managed-fields times) is unique. Every {@code claimedEvery}-th sandbox is claimed: it carries
 * the claimed label, a sandbox id and an owner annotation and no SandboxSet owner reference, so it
 * is not in its pool's index (every pool loses the same share).
 */
public final class SandboxGenerator {

  /** The namespaces the sandboxes are spread over. */
  public static final int NAMESPACES = 10;
  private static final Instant BASE = Instant.parse("2025-06-01T08:00:00Z");
  private static final String[] APPS = {"code-interpreter", "browser-use", "data-analysis",
      "web-agent", "swe-runner"};
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final int pools;
  private final int claimedEvery;
  private final List<PodTemplateSpec> templates = new ArrayList<>();

  /**
   * @param pools how many pools (SandboxSets) the sandboxes belong to
   * @param claimedEvery every n-th sandbox is claimed; 0 for none
   */
  public SandboxGenerator(int pools, int claimedEvery) {
    if (pools <= 0) {
      throw new IllegalArgumentException("pools must be positive");
    }
    this.pools = pools;
    this.claimedEvery = claimedEvery;
    for (int p = 0; p < pools; p++) {
      templates.add(template(p));
    }
  }

  /** @return the default mix: 100 pools, every 10th sandbox claimed */
  public static SandboxGenerator standard() {
    return new SandboxGenerator(100, 10);
  }

  /** @return how many pools */
  public int pools() {
    return pools;
  }

  /**
   * @param p a pool number
   * @return the pool's name (the {@code sandbox-pool} label value and SandboxSet name)
   */
  public static String poolName(int p) {
    return APPS[p % APPS.length] + "-" + p;
  }

  /**
   * @param p a pool number
   * @return the namespace of the pool
   */
  public static String namespaceOfPool(int p) {
    return "team-" + (p % NAMESPACES);
  }

  /**
   * @param i the sandbox index
   * @return the pool number of sandbox {@code i}
   */
  public int poolOf(int i) {
    return i % pools;
  }

  /**
   * @param i the sandbox index
   * @return whether sandbox {@code i} is claimed (outside its pool's index)
   */
  public boolean isClaimed(int i) {
    // every claimedEvery-th member of each pool
    return claimedEvery > 0 && (i / pools) % claimedEvery == claimedEvery - 1;
  }

  /**
   * @param i the sandbox index
   * @return its namespace
   */
  public String namespace(int i) {
    return namespaceOfPool(poolOf(i));
  }

  /**
   * @param i the sandbox index
   * @return its name: the pool name and a 5-character suffix, like a SandboxSet's children
   */
  public String name(int i) {
    return poolName(poolOf(i)) + "-" + suffix(i);
  }

  /**
   * The full object as the API server would return it from a list.
   *
   * @param i the sandbox index
   * @return a new Sandbox
   */
  public Sandbox sandbox(int i) {
    int p = poolOf(i);
    Random rnd = new Random(0x5eed0000L + i);
    Instant created = BASE.plusMillis(100L * i).truncatedTo(ChronoUnit.SECONDS);
    Instant ready = created.plusSeconds(2 + rnd.nextInt(7));
    boolean claimed = isClaimed(i);

    Sandbox s = Sandbox.of(namespace(i), name(i), new SandboxSpec()
        .withTemplate(templates.get(p)));
    ObjectMeta m = s.getMetadata();
    m.setUid(new UUID(rnd.nextLong(), rnd.nextLong()).toString());
    m.setResourceVersion(String.valueOf(1_000_000L + 3L * i));
    m.setGeneration(1L);
    m.setCreationTimestamp(created.toString());
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", APPS[p % APPS.length]);
    labels.put(SandboxLabels.SANDBOX_POOL, poolName(p));
    labels.put(SandboxLabels.TEMPLATE_HASH, templateHash(p));
    labels.put("team", namespaceOfPool(p));
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(SandboxAnnotations.RUNTIME_URL, "http://" + podIp(i) + ":49983");
    if (claimed) {
      String id = m.getNamespace() + "--" + m.getName();
      labels.put(SandboxLabels.SANDBOX_CLAIMED, SandboxLabels.TRUE);
      labels.put(SandboxLabels.SANDBOX_ID, id);
      annotations.put(SandboxAnnotations.OWNER, "user-" + (i % 997));
      annotations.put(SandboxAnnotations.CLAIM_TIMESTAMP, ready.plusSeconds(30).toString());
    } else {
      m.setOwnerReferences(List.of(owner(p)));
    }
    m.setLabels(labels);
    m.setAnnotations(annotations);
    m.setFinalizers(List.of(AgentsApi.PREFIX + "sandbox-protection"));
    m.setManagedFields(managedFields(created, ready, claimed));

    Condition readyCondition = new ConditionBuilder().withType(ConditionTypes.READY)
        .withStatus(ConditionTypes.STATUS_TRUE).withReason("PodReady")
        .withMessage("").withLastTransitionTime(ready.toString()).build();
    Condition initialized = new ConditionBuilder().withType(ConditionTypes.RUNTIME_INITIALIZED)
        .withStatus(ConditionTypes.STATUS_TRUE).withReason("RuntimeReady")
        .withMessage("").withLastTransitionTime(ready.minusSeconds(1).toString()).build();
    String node = "node-" + (rnd.nextInt(200));
    s.setStatus(new SandboxStatus().withPhase("Running").withObservedGeneration(1L)
        .withConditions(new ArrayList<>(List.of(readyCondition, initialized)))
        .withNodeName(node).withSandboxIp(podIp(i)).withUpdateRevision(templateHash(p))
        .withPodInfo(new PodInfo().withNodeName(node).withPodIP(podIp(i))
            .withPodUID(new UUID(rnd.nextLong(), rnd.nextLong()).toString())));
    return s;
  }

  /**
   * @param i the sandbox index
   * @return the object as a client creates it: no server-set metadata, no status
   */
  public Sandbox forCreate(int i) {
    Sandbox s = sandbox(i);
    ObjectMeta m = s.getMetadata();
    m.setUid(null);
    m.setResourceVersion(null);
    m.setGeneration(null);
    m.setCreationTimestamp(null);
    m.setManagedFields(null);
    if (m.getOwnerReferences() != null) {
      // a real SandboxSet would be the owner; the owner's uid stays the generated one
      m.setOwnerReferences(List.copyOf(m.getOwnerReferences()));
    }
    s.setStatus(null);
    return s;
  }

  /**
   * @param obj any object
   * @return its JSON, as the API server would send it
   */
  public static String json(Object obj) {
    return JSON.asJson(obj);
  }

  /** @return the serializer the benchmarks use */
  public static KubernetesSerialization serialization() {
    return JSON;
  }

  private static OwnerReference owner(int p) {
    Random rnd = new Random(0x0badL + p);
    return new OwnerReferenceBuilder().withApiVersion(AgentsApi.API_VERSION)
        .withKind(AgentsApi.SANDBOXSET_KIND).withName(poolName(p))
        .withUid(new UUID(rnd.nextLong(), rnd.nextLong()).toString())
        .withController(true).withBlockOwnerDeletion(true).build();
  }

  private static String templateHash(int p) {
    return Integer.toString(Math.abs(("tpl-" + p).hashCode() % 0x7fffffff), 36) + "b9c";
  }

  private static String suffix(int i) {
    // five base-36 characters, unique for i < 36^5 (a multiplier coprime to 36^5 permutes the
    // range), scrambled like a generated name
    long x = (i * 1_000_003L + 12_345L) % 60_466_176L;
    String s = Long.toString(x, 36);
    return ("00000" + s).substring(s.length()).toLowerCase(Locale.ROOT);
  }

  private static String podIp(int i) {
    return "10." + (64 + (i >> 16 & 63)) + "." + (i >> 8 & 255) + "." + (i & 255);
  }

  /**
   * @param p the pool's number
   * @return the realistic pod template the pool stamps on its sandboxes (as for the cached ones)
   */
  static PodTemplateSpec poolTemplate(int p) {
    return template(p);
  }

  /** The pod template of a pool: about 30 lines as YAML. */
  private static PodTemplateSpec template(int p) {
    String app = APPS[p % APPS.length];
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
          .addToLabels("app.kubernetes.io/name", app)
          .addToLabels(SandboxLabels.SANDBOX_POOL, poolName(p))
        .endMetadata()
        .withNewSpec()
          .withRestartPolicy("Always")
          .withAutomountServiceAccountToken(false)
          .addNewContainer()
            .withName("sandbox")
            .withImage("registry.example.com/agents/" + app + ":v1." + (p % 7) + ".3")
            .withImagePullPolicy("IfNotPresent")
            .withCommand("/usr/local/bin/envd")
            .addNewEnv().withName("SANDBOX_POOL").withValue(poolName(p)).endEnv()
            .addNewEnv().withName("WORKDIR").withValue("/home/user").endEnv()
            .addNewPort().withName("envd").withContainerPort(49983).withProtocol("TCP").endPort()
            .withNewResources()
              .addToRequests("cpu", new Quantity("500m"))
              .addToRequests("memory", new Quantity("1Gi"))
              .addToLimits("cpu", new Quantity("2"))
              .addToLimits("memory", new Quantity("4Gi"))
            .endResources()
            .withNewReadinessProbe()
              .withNewHttpGet().withPath("/health").withNewPort(49983).endHttpGet()
              .withPeriodSeconds(2)
            .endReadinessProbe()
          .endContainer()
        .endSpec()
        .build();
  }

  private static List<ManagedFieldsEntry> managedFields(Instant created, Instant ready,
      boolean claimed) {
    Map<String, Object> meta = new LinkedHashMap<>();
    Map<String, Object> labels = new LinkedHashMap<>();
    labels.put(".", Map.of());
    labels.put("f:app.kubernetes.io/name", Map.of());
    labels.put("f:" + SandboxLabels.SANDBOX_POOL, Map.of());
    labels.put("f:" + SandboxLabels.TEMPLATE_HASH, Map.of());
    labels.put("f:team", Map.of());
    meta.put("f:labels", labels);
    meta.put("f:finalizers", Map.of(".", Map.of(),
        "v:\"" + AgentsApi.PREFIX + "sandbox-protection\"", Map.of()));
    if (!claimed) {
      meta.put("f:ownerReferences", Map.of(".", Map.of(), "k:{\"uid\":\"owner\"}", Map.of()));
    }
    Map<String, Object> spec = Map.of("f:template", Map.of("f:metadata",
        Map.of("f:labels", Map.of(".", Map.of(), "f:app.kubernetes.io/name", Map.of())),
        "f:spec", Map.of("f:containers", Map.of("k:{\"name\":\"sandbox\"}", Map.of(".", Map.of(),
            "f:image", Map.of(), "f:name", Map.of(), "f:resources", Map.of())))));
    Map<String, Object> specFields = new LinkedHashMap<>();
    specFields.put("f:metadata", meta);
    specFields.put("f:spec", spec);
    Map<String, Object> status = Map.of("f:status", Map.of(".", Map.of(), "f:conditions",
        Map.of(), "f:nodeName", Map.of(), "f:observedGeneration", Map.of(), "f:phase", Map.of(),
        "f:podInfo", Map.of(".", Map.of(), "f:nodeName", Map.of(), "f:podIP", Map.of()),
        "f:sandboxIp", Map.of()));
    FieldsV1 specV1 = new FieldsV1();
    specFields.forEach(specV1::setAdditionalProperty);
    FieldsV1 statusV1 = new FieldsV1();
    status.forEach(statusV1::setAdditionalProperty);
    return new ArrayList<>(List.of(
        new ManagedFieldsEntryBuilder().withManager("sandboxset-controller").withOperation("Update")
            .withApiVersion(AgentsApi.API_VERSION).withTime(created.toString())
            .withFieldsType("FieldsV1").withFieldsV1(specV1).build(),
        new ManagedFieldsEntryBuilder().withManager("sandbox-controller").withOperation("Update")
            .withApiVersion(AgentsApi.API_VERSION).withTime(ready.toString())
            .withFieldsType("FieldsV1").withSubresource("status").withFieldsV1(statusV1).build()));
  }
}
