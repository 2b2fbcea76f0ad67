package io.kruise.agents.informers;

import io.kruise.agents.client.LeanObjects;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prepares a freshly received object for the shared cache, in place and before anyone else sees
 * it: strips what the options say, interns the strings that thousands of sandboxes share, shares
 * one instance of each distinct pod template and managed-fields set, and makes the maps and lists
 * readers touch most (labels, annotations, finalizers, owner references, conditions)
 * unmodifiable, so an accidental mutation of a shared object fails loudly.
 *
 * <p>Called only under the informer's store lock, one object at a time; the reference counts of
 * the shared instances need no further locking.
 */
final class ObjectCompactor<T extends HasMetadata> {

  private final boolean stripManagedFields;
  private final boolean stripTemplates;
  private final boolean shareInstances;
  private final String partialMarker;
  private final Canonicals<PodTemplateSpec> templates = new Canonicals<>();
  private final Canonicals<FieldsV1> managedFields = new Canonicals<>();

  ObjectCompactor(InformerOptions options, Class<T> type) {
    this(options, type, true);
  }

  /**
   * @param shareInstances false for a compactor that keeps no state across objects (no shared
   *     templates or managed fields), so that any thread may use it: the one that prepares this
   *     process's written objects for the read-your-writes overlay
   */
  ObjectCompactor(InformerOptions options, Class<T> type, boolean shareInstances) {
    this.shareInstances = shareInstances;
    this.stripManagedFields = options.stripManagedFields();
    this.stripTemplates = options.stripTemplates()
        && (type == Sandbox.class || type == SandboxSet.class);
    List<String> stripped = new ArrayList<>();
    if (stripManagedFields) {
      stripped.add("managedFields");
    }
    if (stripTemplates) {
      stripped.add("template");
      stripped.add("volumeClaimTemplates");
    }
    this.partialMarker = stripped.isEmpty() ? null : String.join(",", stripped);
  }

  /** Compacts {@code obj} in place and returns it. */
  T compact(T obj) {
    ObjectMeta meta = obj.getMetadata();
    if (meta != null) {
      compactMetadata(meta);
    }
    if (obj instanceof Sandbox s) {
      compactSandbox(s);
    } else if (obj instanceof SandboxSet s) {
      compactSandboxSet(s);
    }
    return obj;
  }

  /** Releases the shared parts of an object that left the cache. */
  void release(T obj) {
    if (obj == null) {
      return;
    }
    if (obj.getMetadata() != null && obj.getMetadata().getManagedFields() != null) {
      for (ManagedFieldsEntry entry : obj.getMetadata().getManagedFields()) {
        if (entry.getFieldsV1() != null) {
          managedFields.release(entry.getFieldsV1());
        }
      }
    }
    PodTemplateSpec template = obj instanceof Sandbox s && s.getSpec() != null
        ? s.getSpec().getTemplate()
        : obj instanceof SandboxSet s && s.getSpec() != null ? s.getSpec().getTemplate() : null;
    if (template != null) {
      templates.release(template);
    }
  }

  /** @return how many distinct managed-field sets the cache holds (for tests) */
  int distinctManagedFieldSets() {
    return managedFields.size();
  }

  /** @return instances known by identity in both tables, canonical ones and aliases (tests) */
  int knownInstances() {
    return templates.knownInstances() + managedFields.knownInstances();
  }

  /** @return how many distinct pod templates the cache holds (for tests and metrics) */
  int distinctTemplates() {
    return templates.size();
  }

  private void compactMetadata(ObjectMeta meta) {
    meta.setNamespace(intern(meta.getNamespace()));
    Map<String, String> annotations = meta.getAnnotations();
    if (partialMarker != null) {
      annotations = annotations == null ? new HashMap<>() : new HashMap<>(annotations);
      annotations.put(LeanObjects.PARTIAL_ANNOTATION, partialMarker);
    }
    meta.setLabels(internMap(meta.getLabels()));
    meta.setAnnotations(internMap(annotations));
    if (meta.getFinalizers() != null) {
      meta.setFinalizers(List.copyOf(meta.getFinalizers().stream().map(String::intern).toList()));
    }
    if (meta.getOwnerReferences() != null) {
      for (OwnerReference ref : meta.getOwnerReferences()) {
        ref.setApiVersion(intern(ref.getApiVersion()));
        ref.setKind(intern(ref.getKind()));
        ref.setName(intern(ref.getName()));
      }
      meta.setOwnerReferences(List.copyOf(meta.getOwnerReferences()));
    }
    if (stripManagedFields) {
      meta.setManagedFields(null);
    } else if (meta.getManagedFields() != null) {
      // Entries differ by their time; the field sets (the bulk) repeat across similar objects.
      for (ManagedFieldsEntry entry : meta.getManagedFields()) {
        entry.setManager(intern(entry.getManager()));
        entry.setOperation(intern(entry.getOperation()));
        entry.setApiVersion(intern(entry.getApiVersion()));
        entry.setFieldsType(intern(entry.getFieldsType()));
        entry.setSubresource(intern(entry.getSubresource()));
        entry.setTime(intern(entry.getTime()));
        if (shareInstances && entry.getFieldsV1() != null) {
          entry.setFieldsV1(managedFields.share(entry.getFieldsV1()));
        }
      }
      meta.setManagedFields(List.copyOf(meta.getManagedFields()));
    }
  }

  private void compactSandbox(Sandbox s) {
    if (s.getSpec() != null) {
      s.getSpec().setTemplate(template(s.getSpec().getTemplate()));
      if (stripTemplates) {
        s.getSpec().setVolumeClaimTemplates(null);
      }
    }
    if (s.getStatus() != null) {
      s.getStatus().setPhase(intern(s.getStatus().getPhase()));
      s.getStatus().setNodeName(intern(s.getStatus().getNodeName()));
      s.getStatus().setConditions(conditions(s.getStatus().getConditions()));
    }
  }

  private void compactSandboxSet(SandboxSet s) {
    if (s.getSpec() != null) {
      s.getSpec().setTemplate(template(s.getSpec().getTemplate()));
      if (stripTemplates) {
        s.getSpec().setVolumeClaimTemplates(null);
      }
    }
    if (s.getStatus() != null) {
      s.getStatus().setConditions(conditions(s.getStatus().getConditions()));
    }
  }

  /** The template to keep: none in a lean store, else the shared instance of equal ones. */
  private PodTemplateSpec template(PodTemplateSpec template) {
    if (stripTemplates) {
      return null;
    }
    return shareInstances && template != null ? templates.share(template) : template;
  }

  private static List<Condition> conditions(List<Condition> conditions) {
    if (conditions == null) {
      return null;
    }
    for (Condition c : conditions) {
      c.setType(intern(c.getType()));
      c.setStatus(intern(c.getStatus()));
      c.setReason(intern(c.getReason()));
      c.setMessage(intern(c.getMessage()));
      c.setLastTransitionTime(intern(c.getLastTransitionTime()));
    }
    return List.copyOf(conditions);
  }

  private static Map<String, String> internMap(Map<String, String> map) {
    if (map == null) {
      return null;
    }
    Map<String, String> interned = new LinkedHashMap<>(map.size() * 2);
    map.forEach((k, v) -> {
      if (k != null && v != null) {
        interned.put(k.intern(), v.intern());
      }
    });
    return Map.copyOf(interned);
  }

  /** JVM interning: weak, so strings no cached object uses any more are collected. */
  private static String intern(String s) {
    return s == null ? null : s.intern();
  }

  /**
   * Reference-counted canonical instances of equal values. An instance seen before is found by
   * identity, without hashing its deep tree: {@link InformerDeserialization} hands out the same
   * instance for the same JSON text, so most lookups take that path. Another instance equal to a
   * canonical one is hashed once and then remembered as an alias of it, until the canonical
   * instance is released for good.
   */
  static final class Canonicals<V> {
    private final Map<V, Entry<V>> byValue = new HashMap<>();
    private final Map<V, Entry<V>> byIdentity = new IdentityHashMap<>();

    private static final class Entry<V> {
      final V value;
      int references;
      List<V> aliases;

      Entry(V value) {
        this.value = value;
      }
    }

    V share(V value) {
      Entry<V> e = byIdentity.get(value);
      if (e == null) {
        e = byValue.get(value);
        if (e == null) {
          e = new Entry<>(value);
          byValue.put(value, e);
        } else {
          if (e.aliases == null) {
            e.aliases = new ArrayList<>(1);
          }
          e.aliases.add(value);
        }
        byIdentity.put(value, e);
      }
      e.references++;
      return e.value;
    }

    void release(V value) {
      Entry<V> e = byIdentity.get(value);
      if (e != null && e.value == value && --e.references <= 0) {
        byIdentity.remove(value);
        if (e.aliases != null) {
          e.aliases.forEach(byIdentity::remove);
        }
        byValue.remove(value);
      }
    }

    int size() {
      return byValue.size();
    }

    /** @return the instances known by identity, canonical ones and aliases (for tests) */
    int knownInstances() {
      return byIdentity.size();
    }
  }
}
