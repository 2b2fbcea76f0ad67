package io.kruise.agents.informers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.client.exceptions.TimeoutException;
import io.kruise.agents.client.exceptions.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * Waits on one informer's objects, woken by its events: no request, no watch and no polling per
 * wait. A wait registers before it looks at the cache, so a change racing with the registration
 * cannot be missed; it completes on the first version that satisfies it, fails when the object is
 * deleted, and looks once more at its deadline before it times out. A wait registered before the
 * informer synced looks when it syncs, within the same deadline.
 *
 * <p>Threads: the informer's event thread calls {@link #changed} and {@link #deleted}; callers
 * register from any thread; deadlines fire on the timer. Whichever decides a wait first settles
 * it (under the wait's lock); its future then completes on the completion pool, in order per
 * object (one task per event however many waits it decides), except on {@link #terminate},
 * which fails every wait on the calling thread, so that none depends on a pool that is stopping.
 */
final class WaitRegistry<T extends HasMetadata> {

  /** Keys spread over this many serial lanes of the completion pool. */
  private static final int COMPLETION_LANES = 64;

  /** Builds the kind's NotFound exception. */
  @FunctionalInterface
  interface NotFound {
    AgentsApiException create(String namespace, String name, String detail);
  }

  private final Map<String, List<Waiter>> waiters = new ConcurrentHashMap<>();
  private final Lister<T> lister;
  private final String kind;
  private final InformerScope scope;
  private final NotFound notFound;
  private final CompletableFuture<Void> synced;
  private final ScheduledExecutorService timer;
  private final KeyedSerialExecutor completions;
  /** Set once the informer is dead or stopped: every wait fails with it at once. */
  private volatile AgentsApiException failure;
  private final LongAdder started = new LongAdder();
  private final LongAdder completed = new LongAdder();
  private final LongAdder timedOut = new LongAdder();
  private final LongAdder active = new LongAdder();

  /**
   * @param lister the informer's reads, including this process's writes
   * @param kind the kind, for messages
   * @param scope the informer's scope, for messages
   * @param notFound the kind's NotFound exception
   * @param synced the informer's initial list; waits look at the cache once it completes, and
   *     all fail when it fails
   * @param timer runs the deadlines (injected: tests advance a fake clock)
   * @param completions the bounded pool that completes the futures
   */
  WaitRegistry(Lister<T> lister, String kind, InformerScope scope, NotFound notFound,
      CompletableFuture<Void> synced, ScheduledExecutorService timer, Executor completions) {
    this.lister = lister;
    this.kind = kind;
    this.scope = scope;
    this.notFound = notFound;
    this.synced = synced;
    this.timer = timer;
    this.completions = new KeyedSerialExecutor(completions, COMPLETION_LANES);
    synced.whenComplete((v, e) -> {
      if (e == null) {
        waiters.values().forEach(list -> list.forEach(this::look));
      } else {
        terminate(e instanceof AgentsApiException a ? a
            : new AgentsApiException(kind + " informer for " + scope + " failed: " + e, 0, e));
      }
    });
  }

  /**
   * Checks the arguments of a wait before anything is registered or started.
   *
   * @throws ValidationException naming the first bad argument
   */
  static void checkArguments(String namespace, String name, Predicate<?> predicate,
      Duration timeout) {
    if (namespace == null || namespace.isBlank()) {
      throw ValidationException.forField("namespace", "Required", "must not be null or blank");
    }
    if (name == null || name.isBlank()) {
      throw ValidationException.forField("name", "Required", "must not be null or blank");
    }
    if (predicate == null) {
      throw ValidationException.forField("predicate", "Required", "must not be null");
    }
    if (timeout == null) {
      throw ValidationException.forField("timeout", "Required", "must not be null");
    }
    if (timeout.isNegative()) {
      throw ValidationException.forField("timeout", "Invalid",
          "must not be negative, was " + timeout);
    }
  }

  CompletableFuture<T> waitFor(String namespace, String name, Predicate<T> predicate,
      String description, Duration timeout) {
    checkArguments(namespace, name, predicate, timeout);
    AgentsApiException dead = failure;
    if (dead != null) {
      return CompletableFuture.failedFuture(dead);
    }
    Waiter w = new Waiter(namespace, name, predicate, description, timeout);
    started.increment();
    active.increment();
    // Added inside compute, under the same lock as the removal of an emptied list.
    waiters.compute(w.key, (k, list) -> {
      List<Waiter> l = list == null ? new CopyOnWriteArrayList<>() : list;
      l.add(w);
      return l;
    });
    // Cancelled (or completed) by the caller: deregister and drop the deadline.
    w.future.whenComplete((r, e) -> w.settle());
    try {
      w.timer(timer.schedule(() -> expire(w), timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (RejectedExecutionException e) {
      // The timer stops with the client: this wait raced with close().
      dead = failure;
      w.failNow(dead != null ? dead : new AgentsApiException("the " + kind + " informer for "
          + scope + " is stopped: its AgentsClient was closed", 0, e));
      return w.future;
    }
    // Registered first: any event or failure from here on reaches the waiter. Now look.
    dead = failure;
    if (dead != null) {
      w.failNow(dead);
    } else if (isSynced()) {
      look(w);
    }
    return w.future;
  }

  private boolean isSynced() {
    return synced.isDone() && !synced.isCompletedExceptionally();
  }

  /** Called on the informer's event thread for every add and update. */
  void changed(T obj) {
    offer(obj, Waiter::offer);
  }

  /** Called on the informer's event thread for every delete. */
  void deleted(T obj) {
    offer(obj, Waiter::offerDelete);
  }

  /** Offers an event to the waits on its object; what it decides completes in one task. */
  private void offer(T obj, java.util.function.BiFunction<Waiter, T, Runnable> offer) {
    String key = keyOf(obj);
    List<Waiter> list = waiters.get(key);
    if (list == null) {
      return;
    }
    List<Runnable> decided = null;
    for (Waiter w : list) {
      Runnable completion = offer.apply(w, obj);
      if (completion != null) {
        decided = decided == null ? new ArrayList<>() : decided;
        decided.add(completion);
      }
    }
    complete(key, decided);
  }

  /** One task for all the waits an event decided, in their registration order. */
  private void complete(String key, List<Runnable> decided) {
    if (decided == null) {
      return;
    }
    if (decided.size() == 1) {
      completions.execute(key, decided.get(0));
    } else {
      completions.execute(key, () -> decided.forEach(Runnable::run));
    }
  }

  /**
   * Fails every pending wait now, on the calling thread, and every later one at once: the
   * informer is dead or stopped, and no event will come. The first failure is kept.
   */
  void terminate(AgentsApiException e) {
    if (failure == null) {
      failure = e;
    }
    for (List<Waiter> list : waiters.values()) {
      for (Waiter w : list) {
        w.failNow(e);
      }
    }
  }

  /** Looks at the cache: at registration when synced, else when the informer syncs. */
  private void look(Waiter w) {
    T current = lister.get(w.namespace, w.name);
    completeLater(w, current == null
        ? w.notFound("not found in the informer's cache") : w.offer(current));
  }

  private void expire(Waiter w) {
    if (!isSynced()) {
      completeLater(w, w.timeOut(new TimeoutException(kind + " " + w.key + ": the informer for "
          + scope + " did not sync within " + w.timeout, null, null)));
      return;
    }
    T current = lister.get(w.namespace, w.name);
    Runnable completion = current == null ? null : w.offer(current);
    completeLater(w, completion != null ? completion : w.timeOut(null));
  }

  private void completeLater(Waiter w, Runnable completion) {
    if (completion != null) {
      completions.execute(w.key, completion);
    }
  }

  private static String keyOf(HasMetadata obj) {
    return IndexedStore.key(obj.getMetadata().getNamespace(), obj.getMetadata().getName());
  }

  /** @return true when {@code a} is provably older than {@code b} (numeric resourceVersions) */
  private static boolean isOlder(HasMetadata a, HasMetadata b) {
    String va = a.getMetadata().getResourceVersion();
    String vb = b.getMetadata().getResourceVersion();
    return !ResourceVersions.isAtLeast(va, vb) && ResourceVersions.isAtLeast(vb, va);
  }

  /** @return false only when both UIDs are known and differ */
  private static boolean sameIncarnation(HasMetadata a, HasMetadata b) {
    String ua = a.getMetadata().getUid();
    String ub = b.getMetadata().getUid();
    return ua == null || ub == null || ua.equals(ub);
  }

  long started() {
    return started.sum();
  }

  long completed() {
    return completed.sum();
  }

  long timedOut() {
    return timedOut.sum();
  }

  long active() {
    return active.sum();
  }

  /**
   * One wait. Its methods decide under its lock and return the completion to run (off the
   * event thread), or null when the version leaves the wait open or it was already decided.
   */
  private final class Waiter {
    final String key;
    final String namespace;
    final String name;
    final Predicate<T> predicate;
    final String description;
    final Duration timeout;
    final CompletableFuture<T> future = new CompletableFuture<>();
    /** The newest version offered: events older than it are stale (guarded by this). */
    private T lastSeen;
    private boolean settled;
    private ScheduledFuture<?> deadline;

    Waiter(String namespace, String name, Predicate<T> predicate, String description,
        Duration timeout) {
      this.key = IndexedStore.key(namespace, name);
      this.namespace = namespace;
      this.name = name;
      this.predicate = predicate;
      this.description = description;
      this.timeout = timeout;
    }

    /**
     * A version of the object. One older than a version already seen (an event that was in
     * flight while the caller read a newer one, such as its own write) is ignored: it no longer
     * says anything about the object.
     */
    synchronized Runnable offer(T obj) {
      if (settled || (lastSeen != null && isOlder(obj, lastSeen))) {
        return null;
      }
      if (lastSeen != null && !sameIncarnation(obj, lastSeen)) {
        // Another object of the same name: the one waited for is gone, although no delete of it
        // reached this wait. It never completes the wait.
        lastSeen = obj;
        return notFound("was deleted (and created again) while waiting for " + description);
      }
      lastSeen = obj;
      boolean satisfied;
      try {
        satisfied = predicate.test(obj);
      } catch (RuntimeException e) {
        AgentsApiException failed = new AgentsApiException("the wait's predicate threw on "
            + kind + " " + key + " at resourceVersion " + obj.getMetadata().getResourceVersion()
            + ": " + e, 0, e);
        return settle() ? () -> future.completeExceptionally(failed) : null;
      }
      if (!satisfied || !settle()) {
        return null;
      }
      completed.increment();
      return () -> future.complete(obj);
    }

    /**
     * The object's delete. The delete of another incarnation of the name is ignored: a wait on
     * a re-created object outlives the old one's delete.
     */
    synchronized Runnable offerDelete(T obj) {
      if (settled || (lastSeen != null && !sameIncarnation(obj, lastSeen))) {
        return null;
      }
      lastSeen = obj;
      return notFound("was deleted while waiting for " + description);
    }

    synchronized Runnable notFound(String detail) {
      if (!settle()) {
        return null;
      }
      AgentsApiException e = WaitRegistry.this.notFound.create(namespace, name, detail);
      return () -> future.completeExceptionally(e);
    }

    /** @param cause why, or null for the deadline of a synced informer */
    synchronized Runnable timeOut(TimeoutException cause) {
      if (!settle()) {
        return null;
      }
      timedOut.increment();
      TimeoutException e = cause != null ? cause
          : TimeoutException.forWait(kind, namespace, name, description, timeout, lastSeen);
      return () -> future.completeExceptionally(e);
    }

    void failNow(AgentsApiException e) {
      if (settle()) {
        future.completeExceptionally(e);
      }
    }

    synchronized void timer(ScheduledFuture<?> f) {
      if (settled) {
        f.cancel(false);
      } else {
        deadline = f;
      }
    }

    /**
     * Decides the wait: deregisters it and cancels its deadline, so that nothing keeps it alive.
     *
     * @return false when it was decided already
     */
    synchronized boolean settle() {
      if (settled) {
        return false;
      }
      settled = true;
      active.decrement();
      waiters.computeIfPresent(key, (k, list) -> {
        list.remove(this);
        return list.isEmpty() ? null : list;
      });
      if (deadline != null) {
        deadline.cancel(false);
        deadline = null;
      }
      return true;
    }
  }
}
