package io.kruise.agents.informers;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Read your own writes: the server's answer to each write made through this process's client,
 * kept until the informer has delivered that resourceVersion (or a provably newer one). Deletes
 * leave a tombstone, so an event that was in flight before the delete cannot bring the object
 * back. Bounded and expiring (Caffeine), so a missed event costs at most the TTL of staleness,
 * never memory.
 *
 * <p>One overlay per kind, shared by all informers of that kind.
 */
final class WriteOverlay<T extends HasMetadata> {

  /** A written object, or a tombstone ({@code object == null}) after a delete. */
  record Entry<T>(T object, String resourceVersion) {
    boolean isTombstone() {
      return object == null;
    }
  }

  private final Cache<String, Entry<T>> entries;
  /** Fast path: readers skip the cache lookup entirely while nothing is pending. */
  private final AtomicInteger pending = new AtomicInteger();
  /**
   * Keys whose latest informer event was a delete. The watch event of a delete can arrive before
   * the response to the DELETE request; a tombstone recorded after it would never be cleared and
   * would hide a re-created object of the same name until it expired.
   */
  private final Cache<String, Boolean> deletedByInformer;

  WriteOverlay(InformerOptions options) {
    this.entries = Caffeine.newBuilder().expireAfterWrite(options.overlayTtl())
        .maximumSize(options.overlayMaxSize())
        .removalListener((String k, Entry<T> v, com.github.benmanes.caffeine.cache.RemovalCause c)
            -> pending.decrementAndGet())
        .executor(Runnable::run).build();
    this.deletedByInformer = Caffeine.newBuilder().expireAfterWrite(options.overlayTtl())
        .maximumSize(options.overlayMaxSize()).executor(Runnable::run).build();
  }

  /** Records a write's result. */
  void written(T obj) {
    String key = IndexedStore.key(obj.getMetadata().getNamespace(), obj.getMetadata().getName());
    forgetInformerDelete(key);
    put(key, new Entry<>(obj, obj.getMetadata().getResourceVersion()));
  }

  /** Records a delete. */
  void deleted(String namespace, String name) {
    String key = IndexedStore.key(namespace, name);
    if (deletedByInformer.asMap().remove(key) != null) {
      // The informer has already delivered this delete: nothing is left to hide, and a
      // tombstone now would outlive the event that should clear it.
      entries.asMap().remove(key);
      return;
    }
    put(key, new Entry<>(null, null));
  }

  private void forgetInformerDelete(String key) {
    if (!deletedByInformer.asMap().isEmpty()) {
      deletedByInformer.asMap().remove(key);
    }
  }

  private void put(String key, Entry<T> entry) {
    // Counted per put: a replaced entry is counted down again by the removal listener.
    pending.incrementAndGet();
    entries.asMap().put(key, entry);
  }

  /** The informer delivered this version: drop an entry it has caught up with. */
  void observed(T obj) {
    if (pending.get() == 0 && deletedByInformer.asMap().isEmpty()) {
      return;
    }
    String key = IndexedStore.key(obj.getMetadata().getNamespace(), obj.getMetadata().getName());
    forgetInformerDelete(key);
    if (pending.get() == 0) {
      return;
    }
    Entry<T> e = entries.getIfPresent(key);
    if (e != null && !e.isTombstone()
        && ResourceVersions.isAtLeast(obj.getMetadata().getResourceVersion(), e.resourceVersion())) {
      entries.asMap().remove(key, e);
    }
  }

  /** The informer delivered a delete: a tombstone has served its purpose. */
  void observedDelete(T obj) {
    String key = IndexedStore.key(obj.getMetadata().getNamespace(), obj.getMetadata().getName());
    deletedByInformer.put(key, Boolean.TRUE);
    if (pending.get() == 0) {
      return;
    }
    Entry<T> e = entries.getIfPresent(key);
    if (e != null) {
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
    if (pending.get() == 0) {
      return cached;
    }
    Entry<T> e = entries.getIfPresent(key);
    if (e == null) {
      return cached;
    }
    if (e.isTombstone()) {
      return null;
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

  /** @return the pending entries (objects and tombstones) by key */
  Collection<java.util.Map.Entry<String, Entry<T>>> pendingEntries() {
    return entries.asMap().entrySet();
  }

  /** @return the number of pending entries */
  long size() {
    return entries.estimatedSize();
  }

  /** Applies pending expirations now (for tests). */
  void cleanUp() {
    entries.cleanUp();
  }
}
