package io.kruise.agents.controller.josdk;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.kruise.agents.client.exceptions.ValidationException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The indexes JOSDK adds to one informer view ({@code addIndexers}): index key to the store keys
 * of the objects under it, kept by the view from the events its listener receives. The shared
 * informer may already be running (for listers, or for another controller) when JOSDK asks, and
 * it only accepts indexes before it starts; so these indexes live with the view. They follow
 * the events the view has delivered to JOSDK: when JOSDK handles an event, the indexes already
 * reflect it.
 *
 * <p>Threading: functions are added before the view starts; afterwards one listener thread at a
 * time writes ({@link #put}, {@link #remove}) and any thread reads.
 *
 * @param <T> the cached type
 */
final class LocalIndexes<T extends HasMetadata> {

  private static final Logger LOG = LoggerFactory.getLogger(LocalIndexes.class);

  private final Map<String, Function<T, List<String>>> functions = new ConcurrentHashMap<>();
  /** index name to index key to store keys */
  private final Map<String, Map<String, Set<String>>> buckets = new ConcurrentHashMap<>();
  /** store key to index name to the keys the object was indexed under (to move it later) */
  private final Map<String, Map<String, List<String>>> indexedUnder = new ConcurrentHashMap<>();

  /** Adds indexes; a name already taken is refused, as fabric8 refuses it. */
  void add(Map<String, Function<T, List<String>>> indexers) {
    for (Map.Entry<String, Function<T, List<String>>> e : indexers.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw ValidationException.forField("indexers", "Required",
            "an index needs a name and a function");
      }
      if (functions.containsKey(e.getKey()) || Cache.NAMESPACE_INDEX.equals(e.getKey())) {
        throw ValidationException.forField("indexers", "Duplicate", "index '" + e.getKey()
            + "' already exists");
      }
    }
    indexers.forEach((name, function) -> {
      functions.put(name, function);
      buckets.put(name, new ConcurrentHashMap<>());
    });
  }

  void remove(String name) {
    functions.remove(name);
    buckets.remove(name);
  }

  boolean isEmpty() {
    return functions.isEmpty();
  }

  boolean has(String name) {
    return functions.containsKey(name);
  }

  /** @return the functions by index name; unmodifiable */
  Map<String, Function<T, List<String>>> functions() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(functions));
  }

  /** @return the function of an index, or null */
  Function<T, List<String>> function(String name) {
    return functions.get(name);
  }

  /** Indexes an added or updated object, moving it out of the buckets it left. */
  void put(T obj) {
    if (functions.isEmpty()) {
      return;
    }
    String key = Cache.metaNamespaceKeyFunc(obj);
    Map<String, List<String>> before = indexedUnder.getOrDefault(key, Map.of());
    Map<String, List<String>> after = new HashMap<>();
    functions.forEach((name, function) -> {
      List<String> keys = keys(name, function, obj);
      after.put(name, keys);
      Map<String, Set<String>> index = buckets.get(name);
      for (String old : before.getOrDefault(name, List.of())) {
        if (!keys.contains(old)) {
          removeFromBucket(index, old, key);
        }
      }
      for (String k : keys) {
        index.computeIfAbsent(k, x -> ConcurrentHashMap.newKeySet()).add(key);
      }
    });
    indexedUnder.put(key, after);
  }

  /** Takes a deleted object out of every index. */
  void remove(T obj) {
    String key = Cache.metaNamespaceKeyFunc(obj);
    Map<String, List<String>> before = indexedUnder.remove(key);
    if (before == null) {
      return;
    }
    before.forEach((name, keys) -> {
      Map<String, Set<String>> index = buckets.get(name);
      if (index != null) {
        keys.forEach(k -> removeFromBucket(index, k, key));
      }
    });
  }

  /**
   * @return the store keys of the objects under an index key (a copy)
   * @throws ValidationException for an unknown index
   */
  List<String> storeKeys(String name, String indexKey) {
    Map<String, Set<String>> index = buckets.get(name);
    if (index == null) {
      throw unknown(name);
    }
    Set<String> keys = index.get(indexKey);
    return keys == null ? List.of() : List.copyOf(keys);
  }

  ValidationException unknown(String name) {
    return ValidationException.forField("indexName", "NotFound", "no index named '" + name
        + "'; known: " + functions.keySet());
  }

  private static void removeFromBucket(Map<String, Set<String>> index, String indexKey,
      String key) {
    Set<String> bucket = index.get(indexKey);
    if (bucket != null) {
      bucket.remove(key);
      if (bucket.isEmpty()) {
        index.remove(indexKey, bucket);
      }
    }
  }

  /** A failing function leaves the object out of that index only, as the shared store does. */
  private List<String> keys(String name, Function<T, List<String>> function, T obj) {
    try {
      List<String> keys = function.apply(obj);
      if (keys == null) {
        return List.of();
      }
      return keys.stream().filter(java.util.Objects::nonNull).distinct().toList();
    } catch (RuntimeException e) {
      LOG.error("JOSDK index '{}' failed for {}; the object is left out of that index", name,
          Cache.metaNamespaceKeyFunc(obj), e);
      return List.of();
    }
  }
}
