package io.kruise.agents.controller.josdk;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.informers.IndexFunction;
import io.kruise.agents.informers.SharedInformer;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Maps a secondary resource to the primaries to reconcile when it changes, for a
 * {@link SharedInformerEventSource}: by controller owner reference, by label, or through an index
 * of the primaries' shared informer. (JOSDK's own {@code Mappers} work too; these add the
 * controller-only and index variants.) Every mapper stays in the secondary's namespace.
 */
public final class SecondaryMappers {

  private SecondaryMappers() {}

  /**
   * The owner that controls the secondary: its owner reference with {@code controller: true}, if
   * that owner is of the primary's kind and API group (any version).
   *
   * @param primaryType the primary class, e.g. {@code SandboxSet.class}
   * @param <R> the secondary type
   * @return the mapper
   * @throws ValidationException when {@code primaryType} is null
   */
  public static <R extends HasMetadata> SecondaryToPrimaryMapper<R> controllerOwner(
      Class<? extends HasMetadata> primaryType) {
    if (primaryType == null) {
      throw ValidationException.forField("primaryType", "Required", "must not be null");
    }
    String kind = HasMetadata.getKind(primaryType);
    String group = HasMetadata.getGroup(primaryType);
    return secondary -> {
      List<OwnerReference> refs = secondary.getMetadata().getOwnerReferences();
      if (refs == null) {
        return Set.of();
      }
      for (OwnerReference ref : refs) {
        if (Boolean.TRUE.equals(ref.getController()) && kind.equals(ref.getKind())
            && Objects.equals(group, groupOf(ref.getApiVersion()))) {
          return Set.of(new ResourceID(ref.getName(), secondary.getMetadata().getNamespace()));
        }
      }
      return Set.of();
    };
  }

  /**
   * The primary named by a label of the secondary, in the secondary's namespace.
   *
   * @param nameLabel the label key that holds the primary's name
   * @param <R> the secondary type
   * @return the mapper
   * @throws ValidationException when the key is null or blank
   */
  public static <R extends HasMetadata> SecondaryToPrimaryMapper<R> label(String nameLabel) {
    if (nameLabel == null || nameLabel.isBlank()) {
      throw ValidationException.forField("nameLabel", "Required", "a label key is required");
    }
    return secondary -> {
      Map<String, String> labels = secondary.getMetadata().getLabels();
      String name = labels == null ? null : labels.get(nameLabel);
      return name == null || name.isEmpty() ? Set.of()
          : Set.of(new ResourceID(name, secondary.getMetadata().getNamespace()));
    };
  }

  /**
   * The primaries that an index of their own shared informer lists under the secondary's keys,
   * in the secondary's namespace. For example Sandboxes to their SandboxSet through the pool
   * label: {@code index(sets, SandboxIndexes.SANDBOXSET_NAME, s -> List.of(poolLabel(s)))}.
   *
   * @param primaries the primaries' shared informer
   * @param indexName an index of that informer
   * @param keysOfSecondary the index keys of a secondary's primaries
   * @param <R> the secondary type
   * @param <P> the primary type
   * @return the mapper; it reads the primaries' cache (and starts that informer on first use)
   * @throws ValidationException when an argument is null or the index name blank
   */
  public static <R extends HasMetadata, P extends HasMetadata> SecondaryToPrimaryMapper<R> index(
      SharedInformer<P> primaries, String indexName, IndexFunction<? super R> keysOfSecondary) {
    if (primaries == null) {
      throw ValidationException.forField("primaries", "Required", "must not be null");
    }
    if (indexName == null || indexName.isBlank()) {
      throw ValidationException.forField("indexName", "Required", "an index name is required");
    }
    if (keysOfSecondary == null) {
      throw ValidationException.forField("keysOfSecondary", "Required", "must not be null");
    }
    return secondary -> {
      Collection<String> keys = keysOfSecondary.keys(secondary);
      if (keys == null || keys.isEmpty()) {
        return Set.of();
      }
      String ns = secondary.getMetadata().getNamespace();
      Set<ResourceID> ids = new LinkedHashSet<>();
      for (String key : keys) {
        if (key == null) {
          continue;
        }
        for (P p : primaries.lister().byIndex(indexName, key)) {
          if (Objects.equals(ns, p.getMetadata().getNamespace())) {
            ids.add(ResourceID.fromResource(p));
          }
        }
      }
      return ids;
    };
  }

  /** @return the group of an apiVersion ({@code group/version}), or "" for the core group */
  static String groupOf(String apiVersion) {
    if (apiVersion == null) {
      return null;
    }
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }
}
