package io.kruise.agents.informers;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Read your own writes for one informer: the server's answer to each write made through this
 * process's client, kept until this informer has delivered that resourceVersion (or a provably
 * newer one). Deletes leave a tombstone, so an event that was in flight before the delete cannot
 * bring the object back. Bounded and expiring (Caffeine, on an injectable {@link Ticker}), so a
 * missed event costs at most the TTL of staleness, never memory.
 *
 * <p>Every entry and every delete seen by the informer carries the object's UID and
 * resourceVersion: an event of an old incarnation never clears the entry of a re-created object,
 * and a late write answer never resurrects an object that the informer has seen deleted.
 *
 * <p>One overlay per informer: an informer that catches up clears only its own entries, so
 * another informer of the same kind that is still behind keeps showing the write.
 *
 * <p>Threading: the client's threads call {@link #written} and {@link #deleted}; the informer's
 * event thread calls {@link #observed} and {@link #observedDelete}; readers call {@link #resolve}.
 * All are lock-free; the races between them are resolved by comparing versions and UIDs.
 */
final class WriteOverlay<T extends HasMetadata> {

  /** A written object, or a tombstone ({@code object == null}) after a delete. */
  record Entry<T>(T object, String resourceVersion, String uid) {
    boolean isTombstone() {
      return object == null;
    }
  }

  /** The last delete the informer delivered for a key. */
  private record Deletion(String uid, String resourceVersion) {}

  private final Cache<String, Entry<T>> entries;
  /** Fast path: readers skip the cache lookup entirely while nothing is pending. */
  private final AtomicInteger pending = new AtomicInteger();
  /**
   * Deletes the informer has delivered, by key. The watch event of a delete can arrive before the
   * response to the DELETE request (a tombstone recorded after it would hide a re-created object
   * until it expired), or before a late response to an earlier write (which would resurrect it).
   */
  private final Cache<String, Deletion> deletedByInformer;

  WriteOverlay(InformerOptions options, Ticker ticker) {
    this.entries = Caffeine.newBuilder().expireAfterWrite(options.overlayTtl())
        .maximumSize(options.overlayMaxSize()).ticker(ticker)
        .removalListener((String k, Entry<T> v, RemovalCause c) -> pending.decrementAndGet())
        .executor(Runnable::run).build();
    this.deletedByInformer = Caffeine.newBuilder().expireAfterWrite(options.overlayTtl())
        .maximumSize(options.overlayMaxSize()).ticker(ticker).executor(Runnable::run).build();
  }

  /** Records a write's result, unless the informer has already delivered its deletion. */
  void written(T obj) {
    String key = keyOf(obj);
    String uid = obj.getMetadata().getUid();
    String version = obj.getMetadata().getResourceVersion();
    Deletion deletion = deletedByInformer.getIfPresent(key);
    if (deletion != null) {
      if (Objects.equals(deletion.uid(), uid)
          || ResourceVersions.isAtLeast(deletion.resourceVersion(), version)) {
        return; // a late answer about an object that is gone since
      }
      deletedByInformer.asMap().remove(key, deletion);
    }
    put(key, new Entry<>(obj, version, uid));
  }

  /**
   * Records a delete made through the client.
   *
   * @param uid the deleted object's UID, or null when the server did not say
   */
  void deleted(String namespace, String name, String uid) {
    String key = IndexedStore.key(namespace, name);
    Deletion deletion = deletedByInformer.getIfPresent(key);
    if (deletion != null && (uid == null || uid.equals(deletion.uid()))) {
      // The informer has already delivered this delete: nothing is left to hide, and a
      // tombstone now would outlive the event that should clear it.
      removeIf(key, e -> e.isTombstone() || Objects.equals(e.uid(), deletion.uid()));
      return;
    }
    put(key, new Entry<>(null, null, uid));
  }

  private void put(String key, Entry<T> entry) {
    // Counted per put: a replaced entry is counted down again by the removal listener.
    pending.incrementAndGet();
    entries.asMap().put(key, entry);
  }

  /** The informer delivered this version (add or update): drop what it has caught up with. */
  void observed(T obj) {
    if (pending.get() == 0 && deletedByInformer.asMap().isEmpty()) {
      return;
    }
    String key = keyOf(obj);
    String uid = obj.getMetadata().getUid();
    deletedByInformer.asMap().computeIfPresent(key,
        (k, d) -> Objects.equals(d.uid(), uid) ? d : null); // a new incarnation exists now
    if (pending.get() == 0) {
      return;
    }
    String version = obj.getMetadata().getResourceVersion();
    removeIf(key, e -> e.isTombstone()
        // a tombstone of an older incarnation: this object was created after our delete
        ? e.uid() != null && uid != null && !e.uid().equals(uid)
        : ResourceVersions.isAtLeast(version, e.resourceVersion()));
  }

  /** The informer delivered a delete. */
  void observedDelete(T obj) {
    String key = keyOf(obj);
    String uid = obj.getMetadata().getUid();
    String version = obj.getMetadata().getResourceVersion();
    deletedByInformer.put(key, new Deletion(uid, version));
    if (pending.get() == 0) {
      return;
    }
    // Only entries of the deleted incarnation go: a re-created object written by this process
    // (another UID, a newer version) must stay visible although the old one's delete arrives now.
    removeIf(key, e -> e.isTombstone() ? e.uid() == null || e.uid().equals(uid)
        : Objects.equals(e.uid(), uid) && !isNewer(e.resourceVersion(), version));
  }

  private static boolean isNewer(String a, String b) {
    return !Objects.equals(a, b) && ResourceVersions.isAtLeast(a, b);
  }

  private void removeIf(String key, java.util.function.Predicate<Entry<T>> condition) {
    Entry<T> e = entries.getIfPresent(key);
    if (e != null && condition.test(e)) {
      entries.asMap().remove(key, e);
    }
  }

  /**
   * What a reader should see for a key, given what the informer cached.
   *
   * @param key namespace/name
   * @param cached the informer's object, or null
   * @return the newer of the two; null when deleted by this process and not yet re-created
   */
  T resolve(String key, T cached) {
    return pending.get() == 0 ? cached : resolve(entries.getIfPresent(key), cached);
  }

  /**
   * The pending entry of a key. Readers take it BEFORE they read the store: the informer updates
   * its store before it delivers the event that clears the entry, so an entry gone by then means
   * the store already holds that version; read the other way round, a reader could see the old
   * store and no entry.
   *
   * @return the entry, or null when nothing is pending for the key
   */
  Entry<T> entry(String key) {
    return pending.get() == 0 ? null : entries.getIfPresent(key);
  }

  /**
   * @param e a pending entry taken before {@code cached} was read, or null
   * @param cached the informer's object, or null
   * @return what a reader should see: the newer of the two
   */
  static <T extends HasMetadata> T resolve(Entry<T> e, T cached) {
    if (e == null) {
      return cached;
    }
    if (e.isTombstone()) {
      boolean recreated = cached != null && e.uid() != null
          && !e.uid().equals(cached.getMetadata().getUid());
      return recreated ? cached : null;
    }
    if (cached != null && ResourceVersions.isAtLeast(cached.getMetadata().getResourceVersion(),
        e.resourceVersion())) {
      return cached;
    }
    return e.object();
  }

  /** @return true when nothing is pending, so lists need no merging */
  boolean isEmpty() {
    return pending.get() == 0;
  }

  /** @return the pending entries (objects and tombstones) by key, a live view */
  Collection<Map.Entry<String, Entry<T>>> pendingEntries() {
    return entries.asMap().entrySet();
  }

  /** @return a copy of the pending entries, taken before a reader reads the store */
  List<Map.Entry<String, Entry<T>>> snapshot() {
    return pending.get() == 0 ? List.of() : List.copyOf(entries.asMap().entrySet());
  }

  /** @return the number of pending entries */
  long size() {
    return entries.estimatedSize();
  }

  /** Applies pending expirations now. */
  void cleanUp() {
    entries.cleanUp();
    deletedByInformer.cleanUp();
  }

  private static String keyOf(HasMetadata obj) {
    return IndexedStore.key(obj.getMetadata().getNamespace(), obj.getMetadata().getName());
  }
}
