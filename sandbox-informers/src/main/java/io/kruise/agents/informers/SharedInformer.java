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
   * @throws io.kruise.agents.client.exceptions.ValidationException after start, or when the
   *     name is blank or taken
   */
  SharedInformer<T> addIndex(String name, IndexFunction<T> function);

  /**
   * Starts the informer if it is not running. Idempotent.
   *
   * @return this informer
   * @throws io.kruise.agents.client.exceptions.ClientClosedException once its {@code
   *     AgentsClient} is closed (as do the other
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
   * <p>The wait starts from what this process can see at registration, its own writes included:
   * an event older than that (still in flight) neither completes nor fails it, and neither does
   * the delete of an earlier object of the same name (another UID). The futures of the waits on
   * one object complete in the order of the events that decided them, on the informers' bounded
   * completion pool ({@link InformerOptions#completionThreads()}): chain slow work with an
   * executor of your own.
   *
   * @param namespace the object's namespace
   * @param name the object's name
   * @param predicate what to wait for; cheap and non-blocking (it runs on the event thread)
   * @param timeout how long to wait; zero looks once
   * @return completes with the first satisfying version; fails with the kind's NotFound
   *     exception when the object is missing or deleted, with a
   *     {@link io.kruise.agents.client.exceptions.TimeoutException} naming the last state seen,
   *     or at once with an {@link io.kruise.agents.client.exceptions.AgentsApiException} naming
   *     the informer and the cause when the informer is dead (or dies while the wait is pending)
   * @throws io.kruise.agents.client.exceptions.ValidationException naming the argument when the
   *     namespace or name is null or blank, the predicate or timeout null, or the timeout
   *     negative; nothing is started or registered then
   */
  CompletableFuture<T> waitFor(String namespace, String name, Predicate<T> predicate,
      Duration timeout);

  /** @return the informer's health now */
  InformerHealth health();
}
