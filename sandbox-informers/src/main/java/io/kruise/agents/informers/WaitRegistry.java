package io.kruise.agents.informers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kruise.agents.client.StateSummary;
import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.client.exceptions.TimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * Waits on one informer's objects, woken by its events: no request, no watch and no polling per
 * wait. A wait registers before it looks at the cache, so a change racing with the registration
 * cannot be missed; it completes on the first version that satisfies it, fails when the object is
 * deleted, and looks once more at its deadline before it times out.
 */
final class WaitRegistry<T extends HasMetadata> {

  /** Builds the kind's NotFound exception. */
  @FunctionalInterface
  interface NotFound {
    AgentsApiException create(String namespace, String name, String detail);
  }

  private final class Waiter {
    final String namespace;
    final String name;
    final Predicate<T> predicate;
    final String description;
    final Duration timeout;
    final CompletableFuture<T> future = new CompletableFuture<>();
    /** The newest version offered (guarded by this): events older than it are stale. */
    private T lastSeen;
    volatile ScheduledFuture<?> timer;

    Waiter(String namespace, String name, Predicate<T> predicate, String description,
        Duration timeout) {
      this.namespace = namespace;
      this.name = name;
      this.predicate = predicate;
      this.description = description;
      this.timeout = timeout;
    }

    /**
     * Checks a version; completes (off the event thread) when it satisfies the wait. A version
     * older than one already seen (an event that was in flight while the caller read a newer
     * one, such as its own write) is ignored: it no longer says anything about the object.
     */
    synchronized boolean offer(T obj) {
      if (lastSeen != null && isOlder(obj, lastSeen)) {
        return false;
      }
      lastSeen = obj;
      boolean satisfied;
      try {
        satisfied = predicate.test(obj);
      } catch (RuntimeException e) {
        fail(new AgentsApiException("the wait's predicate threw on " + describe(obj) + ": " + e,
            0, e));
        return true;
      }
      if (satisfied) {
        completions.execute(() -> future.complete(obj));
      }
      return satisfied;
    }

    /**
     * Fails the wait on the delete of its object; ignores the delete of another incarnation of
     * the name (a wait on a re-created object outlives the old one's delete).
     */
    synchronized void offerDelete(T obj) {
      if (lastSeen != null && !sameIncarnation(obj, lastSeen)) {
        return;
      }
      lastSeen = obj;
      fail(notFound.create(namespace, name, "was deleted while waiting for " + description));
    }

    synchronized T lastSeen() {
      return lastSeen;
    }

    void fail(AgentsApiException e) {
      completions.execute(() -> future.completeExceptionally(e));
    }
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

  private final Map<String, List<Waiter>> waiters = new ConcurrentHashMap<>();
  private final Lister<T> lister;
  private final String kind;
  private final NotFound notFound;
  private final ScheduledExecutorService scheduler;
  private final Executor completions;
  private final LongAdder started = new LongAdder();
  private final LongAdder completed = new LongAdder();
  private final LongAdder timedOut = new LongAdder();
  private final LongAdder active = new LongAdder();

  WaitRegistry(Lister<T> lister, String kind, NotFound notFound,
      ScheduledExecutorService scheduler, Executor completions) {
    this.lister = lister;
    this.kind = kind;
    this.notFound = notFound;
    this.scheduler = scheduler;
    this.completions = completions;
  }

  CompletableFuture<T> waitFor(String namespace, String name, Predicate<T> predicate,
      String description, Duration timeout) {
    Waiter w = new Waiter(namespace, name, predicate, description, timeout);
    String key = IndexedStore.key(namespace, name);
    started.increment();
    active.increment();
    // Added inside compute, under the same lock as the removal of an emptied list.
    waiters.compute(key, (k, list) -> {
      List<Waiter> l = list == null ? new CopyOnWriteArrayList<>() : list;
      l.add(w);
      return l;
    });
    w.future.whenComplete((r, e) -> {
      remove(key, w);
      active.decrement();
      ScheduledFuture<?> t = w.timer;
      if (t != null) {
        t.cancel(false);
      }
      if (e == null) {
        completed.increment();
      }
    });
    // Registered first: any event from here on reaches the waiter. Now the current state.
    T current = lister.get(namespace, name);
    if (current == null) {
      w.fail(notFound.create(namespace, name, "not found in the informer's cache"));
    } else if (!w.offer(current)) {
      w.timer = scheduler.schedule(() -> expire(w), timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (w.future.isDone()) {
        w.timer.cancel(false);
      }
    }
    return w.future;
  }

  /** Called on the informer's event thread for every add and update. */
  void changed(T obj) {
    List<Waiter> list = waiters.get(IndexedStore.key(obj.getMetadata().getNamespace(),
        obj.getMetadata().getName()));
    if (list != null) {
      for (Waiter w : list) {
        if (!w.future.isDone()) {
          w.offer(obj);
        }
      }
    }
  }

  /** Called on the informer's event thread for every delete. */
  void deleted(T obj) {
    List<Waiter> list = waiters.get(IndexedStore.key(obj.getMetadata().getNamespace(),
        obj.getMetadata().getName()));
    if (list != null) {
      for (Waiter w : list) {
        if (!w.future.isDone()) {
          w.offerDelete(obj);
        }
      }
    }
  }

  /**
   * Fails every pending wait at once, on the calling thread (the informer stops, and with it the
   * executors that would complete or expire them).
   */
  void failAll(AgentsApiException e) {
    for (List<Waiter> list : waiters.values()) {
      for (Waiter w : list) {
        w.future.completeExceptionally(e);
      }
    }
  }

  private void expire(Waiter w) {
    if (w.future.isDone()) {
      return;
    }
    T current = lister.get(w.namespace, w.name);
    if (current != null && w.offer(current)) {
      return;
    }
    T last = current != null ? current : w.lastSeen();
    timedOut.increment();
    w.future.completeExceptionally(new TimeoutException(kind + " " + w.namespace + "/" + w.name
        + " did not reach " + w.description + " within " + w.timeout + "; last seen: "
        + describe(last), last, null));
  }

  private void remove(String key, Waiter w) {
    waiters.computeIfPresent(key, (k, list) -> {
      list.remove(w);
      return list.isEmpty() ? null : list;
    });
  }

  private static String describe(HasMetadata obj) {
    return StateSummary.of(obj);
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
}
