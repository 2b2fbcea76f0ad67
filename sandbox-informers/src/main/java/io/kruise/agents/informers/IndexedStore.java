package io.kruise.agents.informers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The informer's store: objects by namespace and name, plus named indexes from key to objects.
 * fabric8's informer writes it (one writer, under its cache lock); any number of readers read it
 * without locks. Index buckets hold the objects themselves, so a lookup copies references only.
 *
 * <p>Objects are compacted ({@link ObjectCompactor}) as they enter, and never modified afterwards.
 */
final class IndexedStore<T extends HasMetadata> implements ItemStore<T> {

  private final ConcurrentHashMap<String, ConcurrentHashMap<String, T>> byNamespace =
      new ConcurrentHashMap<>();
  private final Map<String, IndexFunction<? super T>> indexers;
  private final Map<String, ConcurrentHashMap<String, ConcurrentHashMap<String, T>>> indexes;
  private final ObjectCompactor<T> compactor;
  private volatile int size;

  IndexedStore(Map<String, IndexFunction<? super T>> indexers, ObjectCompactor<T> compactor) {
    this.indexers = Map.copyOf(indexers);
    this.indexes = new ConcurrentHashMap<>();
    for (String name : indexers.keySet()) {
      indexes.put(name, new ConcurrentHashMap<>());
    }
    this.compactor = compactor;
  }

  static String key(String namespace, String name) {
    return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
  }

  @Override
  public String getKey(T obj) {
    return key(obj.getMetadata().getNamespace(), obj.getMetadata().getName());
  }

  @Override
  public T put(String key, T obj) {
    T stored = compactor.compact(obj);
    String ns = namespaceOf(stored);
    T old = byNamespace.computeIfAbsent(ns, n -> new ConcurrentHashMap<>())
        .put(stored.getMetadata().getName(), stored);
    if (old == null) {
      size++;
    }
    reindex(key, old, stored);
    compactor.release(old);
    return old;
  }

  @Override
  public T remove(String key) {
    int slash = key.indexOf('/');
    String ns = slash < 0 ? "" : key.substring(0, slash);
    String name = slash < 0 ? key : key.substring(slash + 1);
    Map<String, T> names = byNamespace.get(ns);
    T old = names == null ? null : names.remove(name);
    if (old != null) {
      size--;
      if (names.isEmpty()) {
        byNamespace.remove(ns, names);
      }
      reindex(key, old, null);
      compactor.release(old);
    }
    return old;
  }

  @Override
  public Stream<String> keySet() {
    return byNamespace.entrySet().stream()
        .flatMap(e -> e.getValue().keySet().stream().map(name -> key(e.getKey(), name)));
  }

  @Override
  public Stream<T> values() {
    return byNamespace.values().stream().flatMap(m -> m.values().stream());
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public T get(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? get("", key) : get(key.substring(0, slash), key.substring(slash + 1));
  }

  /** Lock-free read by namespace and name. */
  T get(String namespace, String name) {
    Map<String, T> names = byNamespace.get(namespace == null ? "" : namespace);
    return names == null ? null : names.get(name);
  }

  /** @return the objects of one namespace, or of all when {@code namespace} is empty */
  List<T> list(String namespace) {
    if (namespace == null || namespace.isEmpty()) {
      List<T> all = new ArrayList<>(size);
      byNamespace.values().forEach(m -> all.addAll(m.values()));
      return all;
    }
    Map<String, T> names = byNamespace.get(namespace);
    return names == null ? new ArrayList<>() : new ArrayList<>(names.values());
  }

  /** @return the objects under an index key (a new list of shared objects) */
  List<T> byIndex(String indexName, String key) {
    Map<String, T> bucket = index(indexName).get(key);
    return bucket == null ? new ArrayList<>() : new ArrayList<>(bucket.values());
  }

  /** @return the keys of an index that have at least one object */
  Set<String> indexKeys(String indexName) {
    return Collections.unmodifiableSet(new HashSet<>(index(indexName).keySet()));
  }

  IndexFunction<? super T> indexer(String indexName) {
    index(indexName);
    return indexers.get(indexName);
  }

  private ConcurrentHashMap<String, ConcurrentHashMap<String, T>> index(String indexName) {
    ConcurrentHashMap<String, ConcurrentHashMap<String, T>> index = indexes.get(indexName);
    if (index == null) {
      throw io.kruise.agents.client.exceptions.ValidationException.forField("indexName",
          "NotFound", "no index named '" + indexName + "'; known: " + indexers.keySet());
    }
    return index;
  }

  private void reindex(String key, T old, T current) {
    for (Map.Entry<String, IndexFunction<? super T>> e : indexers.entrySet()) {
      ConcurrentHashMap<String, ConcurrentHashMap<String, T>> index = indexes.get(e.getKey());
      Collection<String> oldKeys = old == null ? List.of() : e.getValue().keys(old);
      Collection<String> newKeys = current == null ? List.of() : e.getValue().keys(current);
      for (String k : oldKeys) {
        if (!newKeys.contains(k)) {
          ConcurrentHashMap<String, T> bucket = index.get(k);
          if (bucket != null) {
            bucket.remove(key);
            if (bucket.isEmpty()) {
              index.remove(k, bucket);
            }
          }
        }
      }
      for (String k : newKeys) {
        index.computeIfAbsent(k, x -> new ConcurrentHashMap<>()).put(key, current);
      }
    }
  }

  private static String namespaceOf(HasMetadata obj) {
    String ns = obj.getMetadata().getNamespace();
    return ns == null ? "" : ns;
  }
}
