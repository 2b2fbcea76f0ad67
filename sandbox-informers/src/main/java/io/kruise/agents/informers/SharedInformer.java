package io.kruise.agents.informers;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * One shared informer: a list-then-watch of one kind in one {@link InformerScope}, feeding an
 * indexed cache that every lister, listener and wait of the process shares. Obtained from
 * {@link SharedInformers}; started on first use (or {@link #start()}); stopped when the
 * {@code AgentsClient} closes.
 *
 * @param <T> Sandbox or SandboxSet
 */
public interface SharedInformer<T> {

  /** @return what this informer watches */
  InformerScope scope();

  /**
   * Adds an index; only before the informer starts.
   *
   * @param name the index name, not one of the built-in ones
   * @param function computes an object's keys
   * @return this informer
   * @throws IllegalStateException after start
   */
  SharedInformer<T> addIndex(String name, IndexFunction<T> function);

  /**
   * Starts the informer if it is not running. Idempotent.
   *
   * @return this informer
   * @throws IllegalStateException once its {@code AgentsClient} is closed (as do the other
   *     methods that start it: {@link #lister()}, {@link #addListener}, {@link #waitFor},
   *     {@link #awaitSynced} and {@link #synced()})
   */
  SharedInformer<T> start();

  /**
   * Starts the informer if needed and waits for its initial list.
   *
   * @param timeout how long to wait
   * @return true when synced in time
   */
  boolean awaitSynced(Duration timeout);

  /** @return completes when the initial list is in the cache */
  CompletableFuture<Void> synced();

  /** @return the reads of this informer's cache (starts the informer) */
  Lister<T> lister();

  /**
   * Registers a listener on its own queue. It first receives an add for every object this
   * informer's events have reported so far (all current objects once synced), then every change,
   * each object exactly once in one consistent history (see {@link ResourceListener}). Its filter
   * runs on its queue too. Starts the informer.
   *
   * @param options its name and filters
   * @param listener the callbacks
   * @return the registration; close it to remove the listener
   * @throws io.kruise.agents.client.exceptions.ValidationException when an argument is null
   */
  ListenerRegistration addListener(ListenerOptions<? super T> options, ResourceListener<T> listener);

  /**
   * Waits until an object satisfies a predicate, woken by this informer's events. Cancelling the
   * future removes the wait. Starts the informer and waits for its sync within the timeout.
   *
   * @param namespace the object's namespace
   * @param name the object's name
   * @param predicate what to wait for; cheap and non-blocking (it runs on the event thread)
   * @param timeout how long to wait
   * @return completes with the first satisfying version; fails with the kind's NotFound
   *     exception when the object is missing or deleted, or with a
   *     {@link io.kruise.agents.client.exceptions.TimeoutException} naming the last state seen
   */
  CompletableFuture<T> waitFor(String namespace, String name, Predicate<T> predicate,
      Duration timeout);

  /** @return the informer's health now */
  InformerHealth health();
}
