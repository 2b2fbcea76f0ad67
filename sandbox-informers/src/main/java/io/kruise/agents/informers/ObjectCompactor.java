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
import io.kruise.agents.model.SandboxTemplate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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

  ObjectCompactor(InformerOptions options) {
    this(options, true);
  }

  /**
   * @param shareInstances false for a compactor that keeps no state across objects (no shared
   *     templates or managed fields), so that any thread may use it: the one that prepares this
   *     process's written objects for the read-your-writes overlay
   */
  ObjectCompactor(InformerOptions options, boolean shareInstances) {
    this.shareInstances = shareInstances;
    this.stripManagedFields = options.stripManagedFields();
    // The lean parser skips pod templates of every kind (InformerDeserialization), so every kind
    // is marked partial when they are stripped.
    this.stripTemplates = options.stripTemplates();
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
    return compact(obj, null);
  }

  /**
   * Compacts {@code obj} in place and returns it, taking over every part that equals the same
   * part of {@code previous} (the cached version it replaces, already compacted and immutable)
   * instead of interning and copying it again: most updates change a few fields, and the watch
   * event path pays for every intern (a JVM string-table lookup) and copy.
   *
   * @param previous the cached version {@code obj} replaces, or null
   */
  T compact(T obj, T previous) {
    ObjectMeta meta = obj.getMetadata();
    if (meta != null) {
      compactMetadata(meta, previous == null ? null : previous.getMetadata());
    }
    if (obj instanceof Sandbox s) {
      compactSandbox(s, previous instanceof Sandbox p ? p : null);
    } else if (obj instanceof SandboxSet s) {
      compactSandboxSet(s, previous instanceof SandboxSet p ? p : null);
    } else if (obj instanceof SandboxTemplate t && t.getSpec() != null) {
      t.getSpec().setTemplate(template(t.getSpec().getTemplate()));
      if (stripTemplates) {
        t.getSpec().setVolumeClaimTemplates(null);
      }
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
        : obj instanceof SandboxSet s && s.getSpec() != null ? s.getSpec().getTemplate()
        : obj instanceof SandboxTemplate t && t.getSpec() != null ? t.getSpec().getTemplate()
        : null;
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

  private void compactMetadata(ObjectMeta meta, ObjectMeta previous) {
    meta.setNamespace(previous != null && Objects.equals(previous.getNamespace(),
        meta.getNamespace()) ? previous.getNamespace() : intern(meta.getNamespace()));
    Map<String, String> annotations = meta.getAnnotations();
    if (partialMarker != null) {
      annotations = annotations == null ? new HashMap<>() : new HashMap<>(annotations);
      annotations.put(LeanObjects.PARTIAL_ANNOTATION, partialMarker);
    }
    meta.setLabels(previous != null && sameMap(previous.getLabels(), meta.getLabels())
        ? previous.getLabels() : internMap(meta.getLabels()));
    meta.setAnnotations(previous != null && sameMap(previous.getAnnotations(), annotations)
        ? previous.getAnnotations() : internMap(annotations));
    if (previous != null && previous.getFinalizers() != null
        && previous.getFinalizers().equals(meta.getFinalizers())) {
      meta.setFinalizers(previous.getFinalizers());
    } else if (meta.getFinalizers() != null) {
      meta.setFinalizers(List.copyOf(meta.getFinalizers().stream().map(String::intern).toList()));
    }
    if (previous != null && previous.getOwnerReferences() != null
        && previous.getOwnerReferences().equals(meta.getOwnerReferences())) {
      meta.setOwnerReferences(previous.getOwnerReferences());
    } else if (meta.getOwnerReferences() != null) {
      for (OwnerReference ref : meta.getOwnerReferences()) {
        ref.setApiVersion(intern(ref.getApiVersion()));
        ref.setKind(intern(ref.getKind()));
        ref.setName(intern(ref.getName()));
      }
      meta.setOwnerReferences(List.copyOf(meta.getOwnerReferences()));
    }
    if (stripManagedFields) {
      meta.setManagedFields(null);
    } else if (previous != null && sameManagedFields(previous.getManagedFields(),
        meta.getManagedFields())) {
      // The previous version's entries, each field set now also referenced by this version.
      for (ManagedFieldsEntry entry : previous.getManagedFields()) {
        if (shareInstances && entry.getFieldsV1() != null) {
          managedFields.share(entry.getFieldsV1());
        }
      }
      meta.setManagedFields(previous.getManagedFields());
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

  private void compactSandbox(Sandbox s, Sandbox previous) {
    if (s.getSpec() != null) {
      s.getSpec().setTemplate(template(s.getSpec().getTemplate()));
      if (stripTemplates) {
        s.getSpec().setVolumeClaimTemplates(null);
      }
    }
    if (s.getStatus() != null) {
      var before = previous == null ? null : previous.getStatus();
      if (before != null) {
        s.getStatus().setPhase(reuse(before.getPhase(), s.getStatus().getPhase()));
        s.getStatus().setNodeName(reuse(before.getNodeName(), s.getStatus().getNodeName()));
      } else {
        s.getStatus().setPhase(intern(s.getStatus().getPhase()));
        s.getStatus().setNodeName(intern(s.getStatus().getNodeName()));
      }
      s.getStatus().setConditions(conditions(s.getStatus().getConditions(),
          before == null ? null : before.getConditions()));
    }
  }

  private void compactSandboxSet(SandboxSet s, SandboxSet previous) {
    if (s.getSpec() != null) {
      s.getSpec().setTemplate(template(s.getSpec().getTemplate()));
      if (stripTemplates) {
        s.getSpec().setVolumeClaimTemplates(null);
      }
    }
    if (s.getStatus() != null) {
      s.getStatus().setConditions(conditions(s.getStatus().getConditions(),
          previous == null || previous.getStatus() == null ? null
              : previous.getStatus().getConditions()));
    }
  }

  /** @return the previous version's (interned) string when equal, else the new one interned */
  private static String reuse(String before, String now) {
    return before != null && before.equals(now) ? before : intern(now);
  }

  /** @return true when a compacted map (no null keys or values) equals a received one */
  private static boolean sameMap(Map<String, String> compacted, Map<String, String> received) {
    return compacted != null && received != null && compacted.size() == received.size()
        && compacted.equals(received);
  }

  /**
   * @return true when the received entries equal the compacted ones field by field, each field
   *     set the same canonical instance (found by identity when known) or equal to it
   */
  private boolean sameManagedFields(List<ManagedFieldsEntry> compacted,
      List<ManagedFieldsEntry> received) {
    if (compacted == null || received == null || compacted.size() != received.size()) {
      return false;
    }
    for (int i = 0; i < compacted.size(); i++) {
      ManagedFieldsEntry a = compacted.get(i);
      ManagedFieldsEntry b = received.get(i);
      if (!Objects.equals(a.getManager(), b.getManager())
          || !Objects.equals(a.getOperation(), b.getOperation())
          || !Objects.equals(a.getApiVersion(), b.getApiVersion())
          || !Objects.equals(a.getFieldsType(), b.getFieldsType())
          || !Objects.equals(a.getSubresource(), b.getSubresource())
          || !Objects.equals(a.getTime(), b.getTime())
          || !Objects.equals(a.getAdditionalProperties(), b.getAdditionalProperties())) {
        return false;
      }
      FieldsV1 fields = b.getFieldsV1();
      if (a.getFieldsV1() == fields) {
        continue;
      }
      // Usually the deserializer's shared instance, known by identity; else compared deeply,
      // as sharing it would hash it anyway.
      FieldsV1 known = shareInstances && fields != null ? managedFields.canonicalIfKnown(fields)
          : null;
      if (known != null ? known != a.getFieldsV1() : !Objects.equals(fields, a.getFieldsV1())) {
        return false;
      }
    }
    return true;
  }

  /** The template to keep: none in a lean store, else the shared instance of equal ones. */
  private PodTemplateSpec template(PodTemplateSpec template) {
    if (stripTemplates) {
      return null;
    }
    return shareInstances && template != null ? templates.share(template) : template;
  }

  private static List<Condition> conditions(List<Condition> conditions,
      List<Condition> previous) {
    if (conditions == null) {
      return null;
    }
    if (previous != null && previous.equals(conditions)) {
      return previous;
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

    /** @return the canonical instance {@code value} is known as (by identity), or null */
    V canonicalIfKnown(V value) {
      Entry<V> e = byIdentity.get(value);
      return e == null ? null : e.value;
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
