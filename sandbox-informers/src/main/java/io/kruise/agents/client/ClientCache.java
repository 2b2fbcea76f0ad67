package io.kruise.agents.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * The service-provider seam between an {@link AgentsClient} and a cache built on it (the shared
 * informers of {@code io.kruise.agents.informers}): the cache serves the client's waits, and the
 * client reports its own writes to it (read your writes). The client depends only on this
 * interface, never on the cache's package.
 *
 * <p>A cache is attached once per client with {@link AgentsClient#cache(Class,
 * java.util.function.Supplier)}; only the client calls these methods, so nothing else can put
 * objects into a cache's view of this client's writes. Applications do not implement or call it.
 * Implementations are thread-safe and must not block: the client calls them on the caller's thread
 * right after each request.
 */
public interface ClientCache extends AutoCloseable {

  /** No cache: waits use their own watch, writes are not recorded. */
  ClientCache NONE = new ClientCache() {
    @Override
    public <T extends HasMetadata> CompletableFuture<T> waitFor(Class<T> type, String namespace,
        String name, Predicate<T> predicate, String description, Duration timeout) {
      return null;
    }

    @Override
    public void written(HasMetadata result) {}

    @Override
    public void deleted(Class<? extends HasMetadata> type, String namespace, String name,
        String uid) {}

    @Override
    public void close() {}
  };

  /**
   * Starts a wait on the cache, if a synced part of it covers the object.
   *
   * @param type the object's class
   * @param namespace the object's namespace
   * @param name the object's name
   * @param predicate what to wait for
   * @param description the condition, for timeout messages
   * @param timeout how long to wait
   * @param <T> the type
   * @return the wait, or null when nothing in the cache covers that namespace
   */
  <T extends HasMetadata> CompletableFuture<T> waitFor(Class<T> type, String namespace,
      String name, Predicate<T> predicate, String description, Duration timeout);

  /**
   * The cached copy of one object, for read-modify-write helpers that would otherwise read it
   * from the server. The default covers nothing.
   *
   * @param type the object's class (any registered kind)
   * @param namespace the object's namespace
   * @param name the object's name
   * @param <T> the type
   * @return the object as the cache (with this client's own writes) holds it, shared and never
   *     to be modified; null when no synced cache covers that namespace, when the cache does not
   *     hold the object, or when it holds only a partial (lean) copy
   */
  default <T extends HasMetadata> T cached(Class<T> type, String namespace, String name) {
    return null;
  }

  /**
   * The cached objects of one namespace under one index key, for client helpers that would
   * otherwise list them from the server. The default covers nothing.
   *
   * @param type the objects' class
   * @param namespace the namespace
   * @param index the index name, one of the kind's default indexes
   * @param key the index key
   * @param <T> the type
   * @return the objects (shared, never to be modified); null when no synced cache covers that
   *     namespace
   */
  default <T extends HasMetadata> java.util.List<T> cachedByIndex(Class<T> type,
      String namespace, String index, String key) {
    return null;
  }

  /**
   * Records the server's answer to a write made through the client.
   *
   * @param result the object as the server returned it; the cache keeps its own copy
   */
  void written(HasMetadata result);

  /**
   * Records a delete made through the client.
   *
   * @param type the object's class
   * @param namespace the namespace
   * @param name the name
   * @param uid the deleted object's UID as the server reported it, or null when unknown
   */
  void deleted(Class<? extends HasMetadata> type, String namespace, String name, String uid);

  /** Stops the cache; called once when its client closes. */
  @Override
  void close();
}
