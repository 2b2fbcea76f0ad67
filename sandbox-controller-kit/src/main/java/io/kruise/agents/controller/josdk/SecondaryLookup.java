package io.kruise.agents.controller.josdk;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.informers.Lister;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * How a {@link SharedInformerEventSource} finds the secondary resources of a primary in the
 * shared cache, for JOSDK's {@code Context.getSecondaryResources}. The lister shows this process's
 * own writes at once, so a reconciler that just created a secondary through the
 * {@code AgentsClient} finds it, even before the watch reports it.
 *
 * @param <R> the secondary type
 * @param <P> the primary type
 */
@FunctionalInterface
public interface SecondaryLookup<R extends HasMetadata, P extends HasMetadata> {

  /**
   * @param primary the primary being reconciled
   * @param lister the cache of the shared informer that covers the primary's namespace
   * @return the primary's secondaries; shared objects that must not be modified
   */
  Collection<R> find(P primary, Lister<R> lister);

  /**
   * Secondaries under an index key computed from the primary, in the primary's namespace.
   *
   * @param indexName an index of the secondaries' informer (built in, or added before it started)
   * @param keyOfPrimary the index key of a primary's secondaries
   * @param <R> the secondary type
   * @param <P> the primary type
   * @return the lookup
   * @throws ValidationException when an argument is null or the name blank
   */
  static <R extends HasMetadata, P extends HasMetadata> SecondaryLookup<R, P> byIndex(
      String indexName, Function<? super P, String> keyOfPrimary) {
    if (indexName == null || indexName.isBlank()) {
      throw ValidationException.forField("indexName", "Required", "an index name is required");
    }
    if (keyOfPrimary == null) {
      throw ValidationException.forField("keyOfPrimary", "Required", "must not be null");
    }
    return (primary, lister) -> {
      String key = keyOfPrimary.apply(primary);
      if (key == null) {
        return List.of();
      }
      String ns = primary.getMetadata().getNamespace();
      return lister.byIndex(indexName, key).stream()
          .filter(r -> Objects.equals(ns, r.getMetadata().getNamespace())).toList();
    };
  }

  /**
   * Secondaries controlled by the primary (their controller owner reference carries its UID),
   * from the {@link OwnerIndexes#CONTROLLER_UID} index.
   *
   * @param <R> the secondary type
   * @param <P> the primary type
   * @return the lookup; the informer must have that index ({@link OwnerIndexes#ensureControllerUid})
   */
  static <R extends HasMetadata, P extends HasMetadata> SecondaryLookup<R, P> controlledBy() {
    return byIndex(OwnerIndexes.CONTROLLER_UID, p -> p.getMetadata().getUid());
  }

  /**
   * Secondaries controlled by the primary, found by scanning the primary's namespace: for an
   * informer that started without the {@link OwnerIndexes#CONTROLLER_UID} index.
   *
   * @param <R> the secondary type
   * @param <P> the primary type
   * @return the lookup
   */
  static <R extends HasMetadata, P extends HasMetadata> SecondaryLookup<R, P> controlledByScan() {
    return (primary, lister) -> {
      String uid = primary.getMetadata().getUid();
      List<R> controlled = new ArrayList<>();
      if (uid == null) {
        return controlled;
      }
      for (R r : lister.list(primary.getMetadata().getNamespace())) {
        List<OwnerReference> refs = r.getMetadata().getOwnerReferences();
        if (refs != null && refs.stream().anyMatch(ref -> Boolean.TRUE.equals(ref.getController())
            && uid.equals(ref.getUid()))) {
          controlled.add(r);
        }
      }
      return controlled;
    };
  }

  /**
   * Secondaries in the primary's namespace whose label {@code label} holds the primary's name.
   *
   * @param label the label key, e.g. {@code agents.kruise.io/sandbox-pool}
   * @param <R> the secondary type
   * @param <P> the primary type
   * @return the lookup
   * @throws ValidationException when the label is null or blank
   */
  static <R extends HasMetadata, P extends HasMetadata> SecondaryLookup<R, P> byLabel(
      String label) {
    if (label == null || label.isBlank()) {
      throw ValidationException.forField("label", "Required", "a label key is required");
    }
    return (primary, lister) -> lister.list(primary.getMetadata().getNamespace(),
        label + "=" + primary.getMetadata().getName());
  }
}
