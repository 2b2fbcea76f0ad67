package io.kruise.agents.informers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The informer's store: objects by namespace and name, plus named indexes from key to objects.
 * fabric8's informer writes it (one writer, under its cache lock); any number of readers read it
 * without locks. Index buckets hold the objects themselves, and each bucket keeps an immutable
 * snapshot of its members from its first read after a change until its next change (see
 * {@link Bucket}), so a repeated lookup of an unchanged bucket copies nothing.
 *
 * <p>Objects are compacted ({@link ObjectCompactor}) as they enter, and never modified afterwards.
 *
 * <p>An index function that fails (throws, or returns null or a null key) fails that index only:
 * the object is stored and kept in every other index, left out of the failing one, and the
 * failure is logged and counted ({@link #indexFailures()}). A store failure would make fabric8
 * retry its initial list forever, over a bug that no retry can fix.
 */
final class IndexedStore<T extends HasMetadata> implements ItemStore<T> {

  private static final Logger LOG = LoggerFactory.getLogger(IndexedStore.class);

  private final ConcurrentHashMap<String, ConcurrentHashMap<String, T>> byNamespace =
      new ConcurrentHashMap<>();
  private final Map<String, IndexFunction<? super T>> indexers;
  private final Map<String, ConcurrentHashMap<String, Bucket<T>>> indexes;
  private final ObjectCompactor<T> compactor;
  private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
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
    // The cached version lends the new one its unchanged (already compacted) parts. One writer:
    // the namespace's map found here is the one the new version goes into.
    ConcurrentHashMap<String, T> names = byNamespace.get(namespaceOf(obj));
    T previous = names == null ? null : names.get(obj.getMetadata().getName());
    T stored = compactor.compact(obj, previous);
    if (names == null) {
      names = byNamespace.computeIfAbsent(namespaceOf(stored), n -> new ConcurrentHashMap<>());
    }
    T old = names.put(stored.getMetadata().getName(), stored);
    if (old == null) {
      size++;
    }
    try {
      reindex(key, old, stored);
    } finally {
      compactor.release(old);
    }
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
      try {
        reindex(key, old, null);
      } finally {
        compactor.release(old);
      }
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

  /**
   * @return the objects under an index key: an unmodifiable snapshot of the bucket at one moment
   *     between two writes, shared with other readers until the bucket changes
   */
  List<T> byIndex(String indexName, String key) {
    Bucket<T> bucket = index(indexName).get(key);
    return bucket == null ? List.of() : bucket.snapshot();
  }

  /** @return the keys of an index that have at least one object */
  Set<String> indexKeys(String indexName) {
    return Collections.unmodifiableSet(new HashSet<>(index(indexName).keySet()));
  }

  /**
   * @return per index, how many times its function failed (threw, or returned null or a null key)
   *     since the store was created; indexes that never failed are absent
   */
  Map<String, Long> indexFailures() {
    Map<String, Long> counts = new TreeMap<>();
    failures.forEach((name, count) -> counts.put(name, count.sum()));
    return counts;
  }

  /** @return the names of this store's indexes */
  java.util.Set<String> indexNames() {
    return indexers.keySet();
  }

  IndexFunction<? super T> indexer(String indexName) {
    index(indexName);
    return indexers.get(indexName);
  }

  private ConcurrentHashMap<String, Bucket<T>> index(String indexName) {
    ConcurrentHashMap<String, Bucket<T>> index = indexes.get(indexName);
    if (index == null) {
      throw io.kruise.agents.client.exceptions.ValidationException.forField("indexName",
          "NotFound", "no index named '" + indexName + "'; known: " + indexers.keySet());
    }
    return index;
  }

  /** Moves {@code key} from the buckets of {@code old} to those of {@code current}, per index. */
  private void reindex(String key, T old, T current) {
    for (Map.Entry<String, IndexFunction<? super T>> e : indexers.entrySet()) {
      String indexName = e.getKey();
      ConcurrentHashMap<String, Bucket<T>> index = indexes.get(indexName);
      // The new keys first: a failure then leaves the old buckets to be cleaned up below.
      Collection<String> newKeys = current == null ? List.of()
          : keys(indexName, e.getValue(), key, current);
      if (old != null) {
        // Computed again rather than remembered, which would cost memory per object and index.
        Collection<String> oldKeys = keysQuietly(e.getValue(), old);
        if (oldKeys == null) {
          // The function fails on a version it indexed before: find that version's buckets.
          index.forEach((k, bucket) -> {
            if (!newKeys.contains(k)) {
              removeFromBucket(index, k, key);
            }
          });
        } else {
          for (String k : oldKeys) {
            if (!newKeys.contains(k)) {
              removeFromBucket(index, k, key);
            }
          }
        }
      }
      for (String k : newKeys) {
        index.computeIfAbsent(k, x -> new Bucket<>()).put(key, current);
      }
    }
  }

  private static <T> void removeFromBucket(ConcurrentHashMap<String, Bucket<T>> index,
      String indexKey, String key) {
    Bucket<T> bucket = index.get(indexKey);
    if (bucket != null && bucket.remove(key)) {
      index.remove(indexKey, bucket);
    }
  }

  /** @return the object's keys in one index; none, logged and counted, when the function fails */
  private Collection<String> keys(String indexName, IndexFunction<? super T> function, String key,
      T obj) {
    RuntimeException error = null;
    Collection<String> keys;
    try {
      keys = function.keys(obj);
    } catch (RuntimeException e) {
      keys = null;
      error = e;
    }
    if (keys != null && !containsNull(keys)) {
      return keys;
    }
    LongAdder count = failures.computeIfAbsent(indexName, n -> new LongAdder());
    count.increment();
    String problem = error != null ? "threw " + error : keys == null ? "returned null"
        : "returned a null key";
    // The stack trace once per index: a broken function fails on every event.
    if (count.sum() == 1) {
      LOG.error("index '{}' {} for {}; the object is left out of that index", indexName, problem,
          key, error);
    } else {
      LOG.error("index '{}' {} for {}; the object is left out of that index ({} failures)",
          indexName, problem, key, count.sum());
    }
    return List.of();
  }

  /** @return the keys, or null when the function fails (already counted when they were put) */
  private static <T> Collection<String> keysQuietly(IndexFunction<? super T> function, T obj) {
    try {
      Collection<String> keys = function.keys(obj);
      return keys == null || containsNull(keys) ? null : keys;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static boolean containsNull(Collection<String> keys) {
    for (String k : keys) {
      if (k == null) {
        return true;
      }
    }
    return false;
  }

  private static String namespaceOf(HasMetadata obj) {
    String ns = obj.getMetadata().getNamespace();
    return ns == null ? "" : ns;
  }

  /**
   * The objects under one index key, by store key, and a cached immutable snapshot of them.
   *
   * <p>Threading: the store's single writer calls {@link #put} and {@link #remove}; any reader
   * calls {@link #snapshot}. Writes and snapshot builds hold the bucket's monitor, and a write
   * drops the snapshot before it returns, so every snapshot is exactly the bucket's contents
   * between two writes, and none outlives the next write: a reader that starts after a write has
   * returned never gets an older snapshot. A reader of a cached snapshot takes no lock; the writer
   * waits on a reader only while that reader copies a changed bucket (its first read since the
   * change), and readers of a bucket that changes wait on its writes only as long as one write.
   */
  static final class Bucket<T> {
    private final Map<String, T> members = new HashMap<>();
    /** The members at the last write, or null until a reader asks after a write. */
    private volatile List<T> snapshot;

    synchronized void put(String key, T obj) {
      members.put(key, obj);
      snapshot = null;
    }

    /** @return true when the bucket is empty now */
    synchronized boolean remove(String key) {
      if (members.remove(key) != null) {
        snapshot = null;
      }
      return members.isEmpty();
    }

    /** @return the members, as an unmodifiable list shared by readers until the next write */
    List<T> snapshot() {
      List<T> s = snapshot;
      return s != null ? s : build();
    }

    private synchronized List<T> build() {
      // Readers that waited here for the same change find the first one's copy.
      List<T> s = snapshot;
      if (s == null) {
        s = List.copyOf(members.values());
        snapshot = s;
      }
      return s;
    }

    /** @return how many objects the bucket holds (for tests) */
    synchronized int size() {
      return members.size();
    }
  }
}
