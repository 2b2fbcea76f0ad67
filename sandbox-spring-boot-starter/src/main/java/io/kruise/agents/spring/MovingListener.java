package io.kruise.agents.spring;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.informers.ListenerOptions;
import io.kruise.agents.informers.ListenerRegistration;
import io.kruise.agents.informers.ResourceListener;
import io.kruise.agents.informers.SharedInformer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A listener registration that survives the replacement of its informer: when a dead informer is
 * replaced, the listener is registered on the new one and keeps one consistent history per object,
 * as {@link ResourceListener} promises.
 *
 * <p>A new informer seeds a new registration with an add for every object it holds, and objects
 * deleted while the old one was dead are never reported by it. So this class remembers the last
 * state it gave the listener per object and turns what arrives into the difference: an add of an
 * object the listener has is an update (or nothing when the resourceVersion is the same), an
 * update of one it lacks is an add, a delete of one it lacks is dropped, another UID under the same
 * name is a delete then an add, and after a move every object it has that the new informer lacks
 * is deleted with {@code finalStateUnknown}.
 *
 * <p>Threading: callbacks come from the library's listener queue of the current registration; a
 * move runs on the recovery thread. Both take this object's lock, so the listener is called by one
 * thread at a time, and callbacks of a registration that was moved away from are dropped.
 */
final class MovingListener<T extends HasMetadata> implements ListenerRegistration {

  private final ListenerOptions<? super T> options;
  private final ResourceListener<T> target;
  private final Consumer<MovingListener<T>> onClose;
  /** The state last given to the listener, by namespace/name; guarded by {@code this}. */
  private final Map<String, T> given = new HashMap<>();
  /** Which registration's callbacks count; guarded by {@code this}. */
  private int generation;
  private volatile ListenerRegistration registration;
  private volatile boolean closed;
  /** Counters of the registrations moved away from, so the totals survive a move. */
  private volatile long retiredDelivered;
  private volatile long retiredFailures;
  private volatile long retiredCoalesced;
  private volatile long retiredReseeds;

  MovingListener(ListenerOptions<? super T> options, ResourceListener<T> target,
      Consumer<MovingListener<T>> onClose) {
    this.options = options;
    this.target = target;
    this.onClose = onClose;
  }

  /** Registers on the first informer. */
  synchronized void attach(SharedInformer<T> informer) {
    registration = informer.addListener(options, new Relay(generation));
  }

  /**
   * Moves to a replacement informer that has synced.
   *
   * @param informer the replacement
   */
  void moveTo(SharedInformer<T> informer) {
    ListenerRegistration old;
    int next;
    synchronized (this) {
      if (closed) {
        return;
      }
      old = registration;
      next = ++generation; // from here on the old registration's callbacks are dropped
      retiredDelivered += old.delivered();
      retiredFailures += old.failures();
      retiredCoalesced += old.coalesced();
      retiredReseeds += old.reseeds();
    }
    // Outside the lock: a callback of the old registration may be waiting for it.
    old.close();
    ListenerRegistration fresh = informer.addListener(options, new Relay(next));
    List<T> present = informer.lister().list(namespaceOf(options), options.labelSelector());
    synchronized (this) {
      registration = fresh;
      if (closed) { // closed while moving: the new registration must not outlive it
        fresh.close();
        return;
      }
      Set<String> keep = new HashSet<>();
      for (T obj : present) {
        if (accepts(obj)) {
          keep.add(key(obj));
        }
      }
      // Gone while the old informer was dead: no event of the new one will say so.
      for (String key : Set.copyOf(given.keySet())) {
        if (!keep.contains(key)) {
          target.onDelete(given.remove(key), true);
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private boolean accepts(T obj) {
    return options.predicate() == null || ((Predicate<T>) options.predicate())
        .test(obj);
  }

  private static String namespaceOf(ListenerOptions<?> options) {
    return options.namespace() == null ? "" : options.namespace();
  }

  private static String key(HasMetadata obj) {
    return obj.getMetadata().getNamespace() + "/" + obj.getMetadata().getName();
  }

  private static boolean sameObject(HasMetadata a, HasMetadata b) {
    return Objects.equals(a.getMetadata().getUid(), b.getMetadata().getUid());
  }

  private synchronized void added(int from, T obj) {
    if (from != generation || closed) {
      return;
    }
    T last = given.put(key(obj), obj);
    if (last == null) {
      target.onAdd(obj);
    } else if (!sameObject(last, obj)) {
      target.onDelete(last, true);
      target.onAdd(obj);
    } else if (!Objects.equals(last.getMetadata().getResourceVersion(),
        obj.getMetadata().getResourceVersion())) {
      target.onUpdate(last, obj);
    }
  }

  private synchronized void updated(int from, T obj) {
    if (from != generation || closed) {
      return;
    }
    T last = given.put(key(obj), obj);
    if (last == null) {
      target.onAdd(obj);
    } else if (!sameObject(last, obj)) {
      target.onDelete(last, true);
      target.onAdd(obj);
    } else {
      target.onUpdate(last, obj);
    }
  }

  private synchronized void deleted(int from, T obj, boolean finalStateUnknown) {
    if (from != generation || closed) {
      return;
    }
    T last = given.remove(key(obj));
    if (last != null) {
      target.onDelete(obj, finalStateUnknown);
    }
  }

  private synchronized void libraryClosed(int from, AgentsApiException cause) {
    if (from != generation || closed) {
      return;
    }
    target.onClosed(cause);
  }

  /** The listener registered on one informer; {@code from} tells its registration apart. */
  private final class Relay implements ResourceListener<T> {
    private final int from;

    Relay(int from) {
      this.from = from;
    }

    @Override
    public void onAdd(T obj) {
      added(from, obj);
    }

    @Override
    public void onUpdate(T oldObj, T newObj) {
      updated(from, newObj);
    }

    @Override
    public void onDelete(T obj, boolean finalStateUnknown) {
      deleted(from, obj, finalStateUnknown);
    }

    @Override
    public void onClosed(AgentsApiException cause) {
      libraryClosed(from, cause);
    }
  }

  @Override
  public String name() {
    return options.name();
  }

  @Override
  public int backlog() {
    return registration.backlog();
  }

  @Override
  public long delivered() {
    return retiredDelivered + registration.delivered();
  }

  @Override
  public long failures() {
    return retiredFailures + registration.failures();
  }

  @Override
  public long coalesced() {
    return retiredCoalesced + registration.coalesced();
  }

  @Override
  public long reseeds() {
    return retiredReseeds + registration.reseeds();
  }

  @Override
  public long lastLagNanos() {
    return registration.lastLagNanos();
  }

  @Override
  public boolean isClosed() {
    return closed || registration.isClosed();
  }

  @Override
  public Optional<AgentsApiException> closedCause() {
    return closed ? Optional.empty() : registration.closedCause();
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    registration.close();
    onClose.accept(this);
  }
}
