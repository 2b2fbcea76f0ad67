package io.kruise.agents.controller.josdk;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.kruise.agents.client.exceptions.ConfigurationException;
import io.kruise.agents.informers.Lister;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What JOSDK reads as the store of an informer ({@code getStore()}, cast to fabric8's
 * {@link Cache}): the shared informer's {@link Lister}, so JOSDK sees the same objects as every
 * other reader of the process, this process's own writes through the {@code AgentsClient}
 * included. The objects are shared and must not be modified (JOSDK clones a primary before it
 * hands it to a reconciler). Before the view starts, it is empty.
 *
 * <p>Indexes: JOSDK's own ({@code addIndexers}) are {@link LocalIndexes}; fabric8's built-in
 * {@link Cache#NAMESPACE_INDEX} is answered by the lister.
 *
 * @param <T> the cached type
 */
final class CacheView<T extends HasMetadata> implements Cache<T> {

  private final Supplier<Lister<T>> lister;
  private final LocalIndexes<T> indexes;
  private final BooleanSupplier started;
  private volatile boolean namespaceIndex = true;

  /**
   * @param lister the shared lister once the view started, else null
   * @param indexes JOSDK's indexes
   * @param started whether the view started (indexes can no longer change)
   */
  CacheView(Supplier<Lister<T>> lister, LocalIndexes<T> indexes, BooleanSupplier started) {
    this.lister = lister;
    this.indexes = indexes;
    this.started = started;
  }

  @Override
  public List<T> list() {
    Lister<T> l = lister.get();
    return l == null ? new ArrayList<>() : l.list("");
  }

  @Override
  public List<String> listKeys() {
    return list().stream().map(Cache::metaNamespaceKeyFunc).toList();
  }

  @Override
  public T get(T object) {
    return getByKey(getKey(object));
  }

  @Override
  public T getByKey(String key) {
    Lister<T> l = lister.get();
    if (l == null || key == null) {
      return null;
    }
    int slash = key.indexOf('/');
    return slash < 0 ? l.get("", key) : l.get(key.substring(0, slash), key.substring(slash + 1));
  }

  @Override
  public String getKey(T object) {
    return Cache.metaNamespaceKeyFunc(object);
  }

  @Override
  public List<T> index(String indexName, T obj) {
    List<String> keys = isNamespaceIndex(indexName) ? Cache.metaNamespaceIndexFunc(obj)
        : functionOf(indexName).apply(obj);
    Map<T, Boolean> distinct = new IdentityHashMap<>();
    List<T> result = new ArrayList<>();
    for (String key : keys == null ? List.<String>of() : keys) {
      for (T match : byIndex(indexName, key)) {
        if (distinct.put(match, Boolean.TRUE) == null) {
          result.add(match);
        }
      }
    }
    return result;
  }

  @Override
  public List<String> indexKeys(String indexName, String indexKey) {
    if (isNamespaceIndex(indexName)) {
      Lister<T> l = lister.get();
      return l == null ? new ArrayList<>()
          : l.list(indexKey).stream().map(Cache::metaNamespaceKeyFunc).toList();
    }
    return indexes.storeKeys(indexName, indexKey);
  }

  @Override
  public List<T> byIndex(String indexName, String indexKey) {
    if (isNamespaceIndex(indexName)) {
      Lister<T> l = lister.get();
      return l == null ? new ArrayList<>() : l.list(indexKey);
    }
    List<T> result = new ArrayList<>();
    for (String key : indexes.storeKeys(indexName, indexKey)) {
      // the current object: the index follows delivered events, the lister the newest state
      T current = getByKey(key);
      if (current != null) {
        result.add(current);
      }
    }
    return result;
  }

  @Override
  public Map<String, Function<T, List<String>>> getIndexers() {
    Map<String, Function<T, List<String>>> all = new LinkedHashMap<>();
    if (namespaceIndex) {
      all.put(NAMESPACE_INDEX, Cache::metaNamespaceIndexFunc);
    }
    all.putAll(indexes.functions());
    return all;
  }

  /**
   * Adds JOSDK's indexes; only before the view starts, as fabric8 allows. An empty map is always
   * fine (JOSDK passes one for every informer).
   */
  @Override
  public void addIndexers(Map<String, Function<T, List<String>>> indexers) {
    if (indexers == null || indexers.isEmpty()) {
      return;
    }
    if (started.getAsBoolean()) {
      throw new ConfigurationException("cannot add indexes " + indexers.keySet()
          + " to a running informer: add them before it starts");
    }
    indexes.add(indexers);
  }

  @Override
  public void removeIndexer(String name) {
    if (NAMESPACE_INDEX.equals(name)) {
      // harmless: nothing is kept for it, the lister answers it
      namespaceIndex = false;
      return;
    }
    if (started.getAsBoolean()) {
      throw new ConfigurationException("cannot remove index '" + name
          + "' from a running informer");
    }
    indexes.remove(name);
  }

  private boolean isNamespaceIndex(String indexName) {
    return namespaceIndex && NAMESPACE_INDEX.equals(indexName) && !indexes.has(indexName);
  }

  private Function<T, List<String>> functionOf(String indexName) {
    Function<T, List<String>> function = indexes.function(indexName);
    if (function == null) {
      throw indexes.unknown(indexName);
    }
    return function;
  }

  /** @return the names of JOSDK's indexes (for tests) */
  Set<String> indexNames() {
    return indexes.functions().keySet();
  }
}
