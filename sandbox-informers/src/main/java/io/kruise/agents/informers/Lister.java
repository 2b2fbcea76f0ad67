package io.kruise.agents.informers;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads of one shared informer's cache: no API request, ever. What it returns includes this
 * process's own writes at once (read your writes), even before the informer has seen them.
 *
 * <p>The objects are shared by every reader of the process and <b>must not be modified</b>: their
 * labels, annotations, finalizers, owner references and conditions are unmodifiable, and changing
 * anything else would corrupt the cache for everyone. To change one, copy it first
 * ({@code sandbox.deepCopy()}) and write the copy through the client.
 *
 * <p>A namespace argument of {@code ""} means every namespace the informer sees.
 *
 * <p>A lister never serves a frozen cache: once its informer has died (see
 * {@link InformerHealth#dead()}) every read throws
 * {@link io.kruise.agents.client.exceptions.InformerFailedException}, and once its
 * {@code AgentsClient} is closed every read throws
 * {@link io.kruise.agents.client.exceptions.ClientClosedException}.
 *
 * @param <T> Sandbox or SandboxSet
 */
public interface Lister<T> {

  /**
   * @param namespace the namespace
   * @param name the name
   * @return the cached object, or null when the cache does not hold it
   */
  T get(String namespace, String name);

  /**
   * @param namespace the namespace
   * @param name the name
   * @return the cached object, if the cache holds it
   */
  default Optional<T> find(String namespace, String name) {
    return Optional.ofNullable(get(namespace, name));
  }

  /**
   * @param namespace the namespace, or {@code ""} for all
   * @return the cached objects (a new, modifiable list of shared objects)
   */
  List<T> list(String namespace);

  /**
   * @param namespace the namespace, or {@code ""} for all
   * @param labelSelector equality or set-based label selector; null or blank for all
   * @return the cached objects that match
   */
  List<T> list(String namespace, String labelSelector);

  /**
   * The objects under one index key, as one consistent snapshot.
   *
   * <p>The list is <b>unmodifiable</b> (copy it to sort or change it: {@code new
   * ArrayList<>(lister.byIndex(..))}) and never changes after it is returned, so it is safe to
   * iterate while the cache changes. It holds the index bucket's contents at one moment between
   * two of the informer's updates, merged with this process's pending writes; it is shared with
   * other readers until that bucket next changes, so a repeated lookup of an unchanged bucket
   * copies nothing.
   *
   * @param indexName a built-in index ({@link SandboxIndexes}) or one added before start
   * @param key the index key
   * @return the cached objects under that key (unmodifiable)
   * @throws io.kruise.agents.client.exceptions.ValidationException for an unknown index (the
   *     message lists the known ones)
   */
  List<T> byIndex(String indexName, String key);

  /**
   * @param indexName the index
   * @return the keys that currently have objects in the informer's cache (this process's pending
   *     writes are not considered here, unlike in {@link #byIndex})
   */
  Set<String> indexKeys(String indexName);

  /** @return how many objects the informer caches */
  int size();
}
