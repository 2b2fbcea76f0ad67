package io.kruise.agents.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * How an {@link AgentsClient} and its shared informers cooperate: the informers serve the
 * client's waits from their cache, and see the client's own writes at once (read your writes).
 * Implemented by {@code io.kruise.agents.informers.SharedInformers}; applications do not call it.
 */
public interface ClientCache {

  /** No informers: waits use their own watch, writes are not recorded. */
  ClientCache NONE = new ClientCache() {
    @Override
    public <T extends HasMetadata> CompletableFuture<T> waitFor(Class<T> type, String namespace,
        String name, Predicate<T> predicate, String description, Duration timeout) {
      return null;
    }

    @Override
    public void written(HasMetadata result) {}

    @Override
    public void deleted(Class<? extends HasMetadata> type, String namespace, String name) {}
  };

  /**
   * Starts a wait on a shared informer.
   *
   * @param type Sandbox or SandboxSet
   * @param namespace the object's namespace
   * @param name the object's name
   * @param predicate what to wait for
   * @param description the condition, for timeout messages
   * @param timeout how long to wait
   * @param <T> the type
   * @return the wait, or null when no synced informer covers that namespace
   */
  <T extends HasMetadata> CompletableFuture<T> waitFor(Class<T> type, String namespace,
      String name, Predicate<T> predicate, String description, Duration timeout);

  /**
   * The cached copy of one object, for read-modify-write helpers that would otherwise read it
   * from the server. The default covers nothing.
   *
   * @param type Sandbox or SandboxSet
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
   * Records the server's answer to a write made through the client.
   *
   * @param result the object as the server returned it
   */
  void written(HasMetadata result);

  /**
   * Records a delete made through the client.
   *
   * @param type Sandbox or SandboxSet
   * @param namespace the namespace
   * @param name the name
   */
  void deleted(Class<? extends HasMetadata> type, String namespace, String name);
}
