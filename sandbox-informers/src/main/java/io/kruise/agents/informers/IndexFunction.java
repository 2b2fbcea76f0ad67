package io.kruise.agents.informers;

import java.util.Collection;

/**
 * Computes the keys under which an object is indexed; an object may have none (it is then not
 * in the index) or several. Must be fast, side-effect free, and must not modify the object.
 *
 * <p>A function that throws, or returns null or a null key, fails for that object and that index
 * only: the object stays in the cache and in every other index, is left out of this one, and the
 * failure is logged at error level and counted per index.
 *
 * @param <T> the cached type
 */
@FunctionalInterface
public interface IndexFunction<T> {

  /**
   * @param obj a cached object
   * @return its index keys, never null (empty when the object is not indexed)
   */
  Collection<String> keys(T obj);
}
