package io.kruise.agents.informers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kruise.agents.client.LabelSelector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link Lister} of one informer: its {@link IndexedStore}, with this process's pending writes
 * from the informer's {@link WriteOverlay} laid over it. Every read first asks the informer
 * whether its cache may still be served (not dead, not closed), so a frozen cache is never read.
 */
final class CacheLister<T extends HasMetadata> implements Lister<T> {

  private final IndexedStore<T> store;
  private final WriteOverlay<T> overlay;
  private final InformerScope scope;
  private final LabelSelector scopeSelector;
  private final Runnable ensureServing;

  CacheLister(IndexedStore<T> store, WriteOverlay<T> overlay, InformerScope scope,
      Runnable ensureServing) {
    this.ensureServing = ensureServing;
    this.store = store;
    this.overlay = overlay;
    this.scope = scope;
    this.scopeSelector = LabelSelector.parse(scope.labelSelector());
  }

  @Override
  public T get(String namespace, String name) {
    ensureServing.run();
    // The overlay first, then the store (see WriteOverlay.entry). Nothing pending now means no
    // entry now, the same answer entry() would give, so the store alone answers, without a key.
    if (overlay.isEmpty()) {
      return store.get(namespace, name);
    }
    WriteOverlay.Entry<T> pending = overlay.entry(IndexedStore.key(namespace, name));
    T cached = store.get(namespace, name);
    if (pending == null) {
      return cached;
    }
    T resolved = WriteOverlay.resolve(pending, cached);
    if (resolved == cached) {
      return cached;
    }
    // A newer own write that left this informer's scope (namespace or label selector) is no
    // longer this informer's object, as in list() and byIndex(); the cached version is stale.
    return inScope(resolved) ? resolved : null;
  }

  @Override
  public List<T> list(String namespace) {
    ensureServing.run();
    List<Map.Entry<String, WriteOverlay.Entry<T>>> pending = overlay.snapshot();
    List<T> cached = store.list(namespace);
    return pending.isEmpty() ? cached : merge(cached, pending, namespace, null, null);
  }

  @Override
  public List<T> list(String namespace, String labelSelector) {
    LabelSelector selector = LabelSelector.parse(labelSelector);
    List<T> all = list(namespace);
    if (selector.matchesEverything()) {
      return all;
    }
    List<T> matching = new ArrayList<>();
    for (T obj : all) {
      if (selector.test(obj.getMetadata().getLabels())) {
        matching.add(obj);
      }
    }
    return matching;
  }

  @Override
  public List<T> byIndex(String indexName, String key) {
    ensureServing.run();
    List<Map.Entry<String, WriteOverlay.Entry<T>>> pending = overlay.snapshot();
    List<T> cached = store.byIndex(indexName, key);
    // unmodifiable either way: the store's snapshot is shared by every reader
    return pending.isEmpty() ? cached
        : Collections.unmodifiableList(merge(cached, pending, "", indexName, key));
  }

  @Override
  public Set<String> indexKeys(String indexName) {
    ensureServing.run();
    return store.indexKeys(indexName);
  }

  @Override
  public int size() {
    ensureServing.run();
    return store.size();
  }

  /**
   * Lays pending writes over a cached result: replaces objects with newer written versions, drops
   * tombstoned ones and those whose written version left the index key, and adds written objects
   * that belong but are not cached yet.
   */
  private List<T> merge(List<T> cached, List<Map.Entry<String, WriteOverlay.Entry<T>>> pending,
      String namespace, String indexName, String indexKey) {
    IndexFunction<? super T> indexer = indexName == null ? null : store.indexer(indexName);
    Map<String, T> byKey = new LinkedHashMap<>(cached.size() * 2);
    for (T obj : cached) {
      byKey.put(IndexedStore.key(obj.getMetadata().getNamespace(), obj.getMetadata().getName()),
          obj);
    }
    for (Map.Entry<String, WriteOverlay.Entry<T>> entry : pending) {
      String key = entry.getKey();
      T current = byKey.containsKey(key) ? byKey.get(key) : store.get(key);
      T resolved = WriteOverlay.resolve(entry.getValue(), current);
      if (resolved == current) {
        continue;
      }
      boolean belongs = resolved != null && inScope(resolved)
          && (namespace.isEmpty() || namespace.equals(resolved.getMetadata().getNamespace()))
          && (indexer == null || indexedUnder(indexer, resolved, indexKey));
      if (belongs) {
        byKey.put(key, resolved);
      } else {
        byKey.remove(key);
      }
    }
    return new ArrayList<>(byKey.values());
  }

  /** A user's index function that fails leaves the written object out of that index. */
  private static <T> boolean indexedUnder(IndexFunction<? super T> indexer, T obj, String key) {
    try {
      java.util.Collection<String> keys = indexer.keys(obj);
      return keys != null && keys.contains(key);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private boolean inScope(T obj) {
    if (obj == null) {
      return true;
    }
    String ns = obj.getMetadata().getNamespace();
    return (scope.isAllNamespaces() || scope.namespace().equals(ns))
        && scopeSelector.test(obj.getMetadata().getLabels());
  }
}
