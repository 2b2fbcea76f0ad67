package io.kruise.agents.client;

import io.fabric8.kubernetes.client.CustomResource;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Serves a client's waits from a shared informer when one runs for the object's namespace, so a
 * wait costs no request and no watch of its own.
 */
interface CachedWaits {

  /** No informers: every wait uses its own list-then-watch. */
  CachedWaits NONE = new CachedWaits() {
    @Override
    public <T extends CustomResource<?, ?>> CompletableFuture<T> waitFor(ResourceKind<T, ?> kind,
        String namespace, String name, Predicate<T> predicate, String description,
        Duration timeout) {
      return null;
    }
  };

  /**
   * Starts a wait on the shared cache.
   *
   * @return the wait, or null when no synced informer covers this namespace
   */
  <T extends CustomResource<?, ?>> CompletableFuture<T> waitFor(ResourceKind<T, ?> kind,
      String namespace, String name, Predicate<T> predicate, String description, Duration timeout);
}
