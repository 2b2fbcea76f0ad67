package io.kruise.agents.informers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kruise.agents.client.LabelSelector;
import io.kruise.agents.client.exceptions.AgentsApiException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener's own queue: changes pending per object (coalesced), drained in order by at most
 * one turn at a time, which the {@link ListenerDispatcher} runs: fast listeners' turns one after
 * another on a shared task, a slow listener's on tasks of its own. A slow listener or filter
 * occupies one pool thread and delays only itself; one that throws is logged and counted and
 * keeps receiving.
 *
 * <p>Threading: {@link ListenerFanOut} calls {@link #changed} and {@link #removed} on the
 * informer's event thread, under the fan-out lock; they only record the change under this queue's
 * monitor (lock order: fan-out, then queue). The filter's label selector and predicate run on the
 * queue's turn, never there: only the namespace, which is part of the object's key and never
 * changes, is compared on the event thread, to keep other namespaces' changes out of the queue.
 * The turn (one at a time) alone calls the listener and owns {@link #given}.
 *
 * <p>Memory: one entry per object with undelivered changes (at most the backlog limit; past it
 * the queue is dropped and re-seeded, or closed), plus, while it is seeded, one reference per
 * object of the informer; and {@link #given}, the objects the listener currently has.
 */
final class ListenerQueue<T extends HasMetadata> implements ListenerRegistration {

  private static final Logger LOG = LoggerFactory.getLogger(ListenerQueue.class);
  /** Objects delivered per turn before the task yields its thread to others. */
  private static final int BATCH = 256;

  /** Where a queue (re)seeds from: what the informer's events have reported so far. */
  interface Source<T> {
    /**
     * Runs {@code action} with the delivered objects by key, under the lock that orders events:
     * no event falls between this view and the next event the queue receives.
     *
     * @param action reads the objects, and must not keep the map
     */
    void withDelivered(Consumer<Map<String, T>> action);
  }

  /** The backlog settings of {@link InformerOptions}. */
  record Settings(int backlogWarning, int backlogLimit, ListenerBacklogPolicy policy) {
    static Settings of(InformerOptions options) {
      return new Settings(options.listenerBacklogWarning(), options.listenerBacklogLimit(),
          options.listenerBacklogPolicy());
    }
  }

  /** Undelivered changes of one object: the first delete since it was queued, and the latest state. */
  private static final class Pending<T> {
    final String key;
    /** The object existed in the event stream when this entry opened. */
    final boolean existed;
    final boolean fromSeed;
    final long queuedAt;
    T gone;
    boolean goneUnknown;
    T current;

    Pending(String key, boolean existed, boolean fromSeed, long queuedAt) {
      this.key = key;
      this.existed = existed;
      this.fromSeed = fromSeed;
      this.queuedAt = queuedAt;
    }
  }

  private final String name;
  private final String namespace;
  private final Predicate<T> filter;
  private final ResourceListener<T> listener;
  private final ListenerDispatcher dispatcher;
  private final Settings settings;
  private final LongSupplier nanoClock;
  private final Source<T> source;
  private final Consumer<ListenerQueue<T>> onClose;

  // guarded by this
  private final LinkedHashMap<String, Pending<T>> pending = new LinkedHashMap<>();
  private final ArrayDeque<Pending<T>> seed = new ArrayDeque<>();
  /** Events are ignored until a turn takes its view of the source, which covers them. */
  private boolean seedDue = true;
  private boolean scheduled;
  private boolean closeNotified;
  private boolean warned;

  /** What the listener was last given, by key; only objects in its filter. Turns only. */
  private final Map<String, T> given = new HashMap<>();
  /** Changes delivered by the last turn and the time they took; turns and the dispatcher. */
  private int turnChanges;
  private long turnNanos;
  /** Moving mean of the time one change takes this listener; turns and the dispatcher only. */
  private long nanosPerChange;
  /** Whether its turns run on tasks of its own rather than the shared one. */
  private volatile boolean ownTasks;

  private final LongAdder delivered = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder coalesced = new LongAdder();
  private final LongAdder reseeds = new LongAdder();
  private volatile int backlog;
  private volatile long lastLagNanos;
  private volatile boolean closed;
  /**
   * Whether a callback may start: IDLE, CALLING while one runs, CLOSED for good. A callback
   * starts only by moving IDLE to CALLING and close() moves any state to CLOSED, so no callback
   * can start after close() returned, and close() never waits for one that is running.
   */
  private final java.util.concurrent.atomic.AtomicInteger callState =
      new java.util.concurrent.atomic.AtomicInteger(IDLE);
  private static final int IDLE = 0;
  private static final int CALLING = 1;
  private static final int CLOSED = 2;
  private volatile AgentsApiException closedCause;

  ListenerQueue(ListenerOptions<? super T> options, ResourceListener<T> listener,
      ListenerDispatcher dispatcher, Settings settings, LongSupplier nanoClock, Source<T> source,
      Consumer<ListenerQueue<T>> onClose) {
    this.name = options.name();
    this.namespace = options.namespace() == null || options.namespace().isEmpty()
        ? null : options.namespace();
    this.filter = filterOf(options);
    this.listener = listener;
    this.dispatcher = dispatcher;
    this.settings = settings;
    this.nanoClock = nanoClock;
    this.source = source;
    this.onClose = onClose;
  }

  private static <T extends HasMetadata> Predicate<T> filterOf(ListenerOptions<? super T> o) {
    LabelSelector selector = LabelSelector.parse(o.labelSelector());
    Predicate<? super T> predicate = o.predicate();
    return obj -> selector.test(obj.getMetadata().getLabels())
        && (predicate == null || predicate.test(obj));
  }

  /** Schedules the first turn, which seeds the listener; call once it receives events. */
  void start() {
    boolean submit;
    synchronized (this) {
      submit = schedule();
    }
    submit(submit);
  }

  /**
   * An object was added or updated; on the event thread, under the fan-out lock.
   *
   * @param existed whether the event stream had the object before this event
   */
  void changed(String key, boolean existed, T obj) {
    boolean submit;
    synchronized (this) {
      Pending<T> p = entry(key, existed, obj);
      if (p == null) {
        return;
      }
      p.current = obj;
      submit = schedule();
    }
    submit(submit);
  }

  /** An object was deleted; on the event thread, under the fan-out lock. */
  void removed(String key, T obj, boolean finalStateUnknown) {
    boolean submit;
    synchronized (this) {
      Pending<T> p = entry(key, true, obj);
      if (p == null) {
        return;
      }
      if (p.gone == null && !p.existed) {
        // created and deleted while queued: the listener never had it
        pending.remove(key);
        backlog = pending.size() + seed.size();
        return;
      }
      if (p.gone == null) {
        p.gone = obj;
        p.goneUnknown = finalStateUnknown;
      }
      p.current = null;
      submit = schedule();
    }
    submit(submit);
  }

  /** @return the entry to record a change in, or null when the change is not this queue's */
  private Pending<T> entry(String key, boolean existed, T obj) {
    if (closed || seedDue
        || namespace != null && !namespace.equals(obj.getMetadata().getNamespace())) {
      return null;
    }
    Pending<T> p = pending.get(key);
    if (p != null) {
      coalesced.increment();
      return p;
    }
    if (pending.size() >= settings.backlogLimit()) {
      overflow();
      return null;
    }
    p = new Pending<>(key, existed, false, nanoClock.getAsLong());
    pending.put(key, p);
    backlog = pending.size() + seed.size();
    warnIfBehind();
    return p;
  }

  private void warnIfBehind() {
    int size = pending.size();
    if (size >= settings.backlogWarning() && !warned) {
      warned = true;
      LOG.warn("listener '{}' has changes of {} objects queued; it is slower than the informer's"
          + " event rate", name, size);
    } else if (warned && size < settings.backlogWarning() / 2) {
      warned = false;
    }
  }

  /** Past the limit: memory must stay bounded, so the queue goes; the source can rebuild it. */
  private void overflow() {
    pending.clear();
    seed.clear();
    backlog = 0;
    if (settings.policy() == ListenerBacklogPolicy.RESEED) {
      reseeds.increment();
      seedDue = true;
      LOG.warn("listener '{}' fell more than {} objects behind (listenerBacklogLimit): its queue"
          + " is dropped and it will be re-seeded from the informer's objects", name,
          settings.backlogLimit());
    } else {
      ListenerBacklogExceededException cause =
          new ListenerBacklogExceededException(name, settings.backlogLimit());
      closedCause = cause;
      closed = true;
      callState.set(CLOSED);
      LOG.warn(cause.getMessage());
      onClose.accept(this);
    }
    // a turn is running or due (the backlog was full): it seeds, or calls onClosed
  }

  /** @return true when the caller must hand the queue to the dispatcher (outside this monitor) */
  private boolean schedule() {
    if (scheduled) {
      return false;
    }
    scheduled = true;
    return true;
  }

  private void submit(boolean submit) {
    if (submit) {
      dispatcher.ready(this);
    }
  }

  /**
   * Runs one turn: seeds the listener when due, then delivers pending changes until none is
   * left, {@link #BATCH} were delivered, or the clock passed {@code deadline} (checked before
   * each change but the first). Called by the dispatcher, one turn at a time.
   *
   * @param deadline the {@code nanoClock} time after which the turn ends; {@link Long#MAX_VALUE}
   *     for none
   * @return whether work remains: the queue stays scheduled and the caller must give it another
   *     turn
   */
  boolean runTurn(long deadline) {
    boolean more = false;
    int changes = 0;
    long started = 0;
    long now = 0;
    try {
      if (seedDue()) {
        takeSeed();
      }
      started = nanoClock.getAsLong();
      now = started;
      for (int i = 0; i < BATCH; i++) {
        if (i > 0) {
          now = nanoClock.getAsLong();
          if (deadline != Long.MAX_VALUE && now - deadline > 0) {
            break;
          }
        }
        Pending<T> p = next();
        if (p == null) {
          break;
        }
        deliver(p, now);
        changes++;
      }
    } finally {
      turnChanges = changes;
      turnNanos = changes == 0 ? 0 : nanoClock.getAsLong() - started;
      AgentsApiException notify = null;
      synchronized (this) {
        if (closed && closedCause != null && !closeNotified) {
          closeNotified = true;
          notify = closedCause;
        }
        more = !closed && (seedDue || !seed.isEmpty() || !pending.isEmpty());
        scheduled = more;
      }
      if (notify != null) {
        notifyClosed(notify);
      }
    }
    return more;
  }

  /**
   * Folds the last turn's time per change into this listener's mean, and decides from it where
   * its turns run: on tasks of its own above {@code slowNanos}, on the shared task again below
   * half of it (the gap keeps a listener near the threshold from switching on every turn).
   */
  void timed(long slowNanos) {
    if (turnChanges == 0) {
      return;
    }
    nanosPerChange += (turnNanos / turnChanges - nanosPerChange) / 4;
    if (nanosPerChange > slowNanos) {
      ownTasks = true;
    } else if (nanosPerChange < slowNanos / 2) {
      ownTasks = false;
    }
  }

  /** @return whether its turns run on tasks of its own */
  boolean ownTasks() {
    return ownTasks;
  }

  /** Its listener is stuck in a callback on the shared task: from now on it runs on its own. */
  void useOwnTasks() {
    ownTasks = true;
  }

  private synchronized boolean seedDue() {
    return seedDue && !closed;
  }

  /**
   * Replaces the queue by the difference between what the listener has and what the informer's
   * events have reported so far; under the fan-out lock, so the next event continues from it.
   */
  private void takeSeed() {
    source.withDelivered(objects -> {
      synchronized (this) {
        if (closed) {
          return;
        }
        long now = nanoClock.getAsLong();
        pending.clear();
        seed.clear();
        for (Map.Entry<String, T> e : objects.entrySet()) {
          T obj = e.getValue();
          if (namespace == null || namespace.equals(obj.getMetadata().getNamespace())) {
            Pending<T> p = new Pending<>(e.getKey(), true, true, now);
            p.current = obj;
            seed.add(p);
          }
        }
        for (Map.Entry<String, T> e : given.entrySet()) {
          if (!objects.containsKey(e.getKey())) {
            Pending<T> p = new Pending<>(e.getKey(), true, true, now);
            p.gone = e.getValue();
            p.goneUnknown = true;
            seed.add(p);
          }
        }
        seedDue = false;
        backlog = seed.size();
      }
    });
  }

  private synchronized Pending<T> next() {
    if (closed || seedDue) {
      return null;
    }
    Pending<T> p = seed.poll();
    if (p == null) {
      Iterator<Pending<T>> it = pending.values().iterator();
      if (!it.hasNext()) {
        return null;
      }
      p = it.next();
      it.remove();
    }
    backlog = pending.size() + seed.size();
    return p;
  }

  /** Turns an object's pending changes into callbacks, relative to what the listener has. */
  private void deliver(Pending<T> p, long now) {
    lastLagNanos = now - p.queuedAt;
    T had = given.get(p.key);
    T latest = p.current;
    if (had != null && (p.gone != null || latest != null && !sameUid(had, latest))) {
      // the incarnation it had is gone (a re-created object has another UID)
      T last = p.gone != null ? p.gone : had;
      boolean unknown = p.gone == null || p.goneUnknown;
      given.remove(p.key);
      call("DELETE", last, () -> listener.onDelete(last, unknown));
      had = null;
    }
    if (latest == null) {
      return;
    }
    Boolean in = matches(latest);
    if (in == null) {
      return; // the filter threw: nothing is delivered, the listener keeps what it had
    }
    T old = had;
    if (in) {
      given.put(p.key, latest);
      if (old == null) {
        call("ADD", latest, () -> listener.onAdd(latest));
      } else if (!p.fromSeed || !Objects.equals(old.getMetadata().getResourceVersion(),
          latest.getMetadata().getResourceVersion())) {
        call("UPDATE", latest, () -> listener.onUpdate(old, latest));
      }
    } else if (old != null) {
      given.remove(p.key);
      call("DELETE", old, () -> listener.onDelete(old, false));
    }
  }

  private static boolean sameUid(HasMetadata a, HasMetadata b) {
    String x = a.getMetadata().getUid();
    String y = b.getMetadata().getUid();
    return x == null || y == null || x.equals(y);
  }

  /** @return whether the filter accepts {@code obj}, or null when it threw */
  private Boolean matches(T obj) {
    try {
      return filter.test(obj);
    } catch (RuntimeException | Error t) {
      failures.increment();
      LOG.warn("the filter of listener '{}' threw on {}/{}; that change is not delivered to it",
          name, obj.getMetadata().getNamespace(), obj.getMetadata().getName(), t);
      if (t instanceof VirtualMachineError vme) {
        throw vme;
      }
      return null;
    }
  }

  private void call(String type, T obj, Runnable callback) {
    if (!callState.compareAndSet(IDLE, CALLING)) {
      return; // closed: no callback starts after close() returned
    }
    try {
      callback.run();
    } catch (RuntimeException | Error t) {
      failures.increment();
      LOG.warn("listener '{}' threw on {} of {}/{}; it keeps receiving events", name, type,
          obj.getMetadata().getNamespace(), obj.getMetadata().getName(), t);
      if (t instanceof VirtualMachineError vme) {
        throw vme;
      }
    } finally {
      callState.compareAndSet(CALLING, IDLE); // fails only when close() came meanwhile
      delivered.increment();
    }
  }

  private void notifyClosed(AgentsApiException cause) {
    try {
      listener.onClosed(cause);
    } catch (RuntimeException e) {
      LOG.warn("listener '{}' threw in onClosed", name, e);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int backlog() {
    return backlog;
  }

  @Override
  public long delivered() {
    return delivered.sum();
  }

  @Override
  public long failures() {
    return failures.sum();
  }

  @Override
  public long coalesced() {
    return coalesced.sum();
  }

  @Override
  public long reseeds() {
    return reseeds.sum();
  }

  @Override
  public long lastLagNanos() {
    return lastLagNanos;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public Optional<AgentsApiException> closedCause() {
    return Optional.ofNullable(closedCause);
  }

  @Override
  public void close() {
    callState.set(CLOSED);
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      pending.clear();
      seed.clear();
      backlog = 0;
    }
    onClose.accept(this);
  }

  @Override
  public String toString() {
    return "listener '" + name + "' " + Map.of("backlog", backlog(), "delivered", delivered(),
        "failures", failures(), "coalesced", coalesced(), "reseeds", reseeds());
  }
}
