package io.kruise.agents.informers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kruise.agents.client.LabelSelector;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener's own queue, drained in order by at most one task at a time on a shared pool:
 * a slow listener occupies one pool thread and delays only itself; one that throws is logged and
 * counted and keeps receiving. The backlog is measured and a warning logged when it grows past
 * the configured mark.
 */
final class ListenerQueue<T extends HasMetadata> implements ListenerRegistration {

  private static final Logger LOG = LoggerFactory.getLogger(ListenerQueue.class);
  /** Events delivered per turn before the task yields its thread to others. */
  private static final int BATCH = 256;

  private enum Type { ADD, UPDATE, DELETE }

  private record Event<T>(Type type, T oldObj, T obj, boolean finalStateUnknown, long queuedAt) {}

  private final String name;
  private final ResourceListener<T> listener;
  private final Predicate<T> filter;
  private final Executor executor;
  private final int backlogWarning;
  private final Runnable onClose;
  private final Queue<Event<T>> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger backlog = new AtomicInteger();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final LongAdder delivered = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private volatile long lastLagNanos;
  private volatile boolean closed;
  private volatile boolean warned;
  /**
   * Versions this listener got from the snapshot at registration: events for them that were
   * already on their way are not delivered twice. Emptied shortly after registration.
   */
  private volatile Map<String, String> seeded = Map.of();

  ListenerQueue(ListenerOptions<? super T> options, ResourceListener<T> listener,
      Executor executor, int backlogWarning, Runnable onClose) {
    this.name = options.name();
    this.listener = listener;
    this.filter = filterOf(options);
    this.executor = executor;
    this.backlogWarning = backlogWarning;
    this.onClose = onClose;
  }

  private static <T extends HasMetadata> Predicate<T> filterOf(ListenerOptions<? super T> o) {
    String ns = o.namespace() == null || o.namespace().isEmpty() ? null : o.namespace();
    LabelSelector selector = LabelSelector.parse(o.labelSelector());
    Predicate<? super T> predicate = o.predicate();
    return obj -> (ns == null || ns.equals(obj.getMetadata().getNamespace()))
        && selector.test(obj.getMetadata().getLabels())
        && (predicate == null || predicate.test(obj));
  }

  /**
   * Delivers the current objects as adds; called under the informer's fan-out lock, before the
   * queue receives events.
   */
  void seed(java.util.List<T> snapshot) {
    Map<String, String> versions = new java.util.HashMap<>();
    for (T obj : snapshot) {
      if (filter.test(obj)) {
        versions.put(IndexedStore.key(obj.getMetadata().getNamespace(),
            obj.getMetadata().getName()), obj.getMetadata().getResourceVersion());
        enqueue(new Event<>(Type.ADD, null, obj, false, System.nanoTime()));
      }
    }
    seeded = versions.isEmpty() ? Map.of() : new java.util.concurrent.ConcurrentHashMap<>(versions);
  }

  /** Ends duplicate suppression; events in flight at registration have long been handled. */
  void forgetSeed() {
    seeded = Map.of();
  }

  private boolean alreadySeeded(T obj) {
    Map<String, String> s = seeded;
    if (s.isEmpty()) {
      return false;
    }
    String key = IndexedStore.key(obj.getMetadata().getNamespace(), obj.getMetadata().getName());
    String seededVersion = s.get(key);
    if (seededVersion == null) {
      return false;
    }
    String version = obj.getMetadata().getResourceVersion();
    if (seededVersion.equals(version)) {
      s.remove(key, seededVersion);
      return true;
    }
    // The store runs ahead of event delivery: an event for a version older than the one the
    // snapshot gave this listener is old news, and delivering it would repeat the add.
    if (ResourceVersions.isAtLeast(seededVersion, version)) {
      return true;
    }
    s.remove(key, seededVersion);
    return false;
  }

  void added(T obj) {
    if (filter.test(obj) && !alreadySeeded(obj)) {
      enqueue(new Event<>(Type.ADD, null, obj, false, System.nanoTime()));
    }
  }

  void updated(T oldObj, T newObj) {
    if (alreadySeeded(newObj)) {
      return;
    }
    boolean was = filter.test(oldObj);
    boolean is = filter.test(newObj);
    if (was && is) {
      enqueue(new Event<>(Type.UPDATE, oldObj, newObj, false, System.nanoTime()));
    } else if (is) {
      enqueue(new Event<>(Type.ADD, null, newObj, false, System.nanoTime()));
    } else if (was) {
      enqueue(new Event<>(Type.DELETE, null, oldObj, false, System.nanoTime()));
    }
  }

  void deleted(T obj, boolean finalStateUnknown) {
    if (filter.test(obj)) {
      enqueue(new Event<>(Type.DELETE, null, obj, finalStateUnknown, System.nanoTime()));
    }
  }

  private void enqueue(Event<T> event) {
    if (closed) {
      return;
    }
    queue.add(event);
    int size = backlog.incrementAndGet();
    if (size >= backlogWarning && !warned) {
      warned = true;
      LOG.warn("listener '{}' is {} events behind; it is slower than the informer's event rate",
          name, size);
    } else if (warned && size < backlogWarning / 2) {
      warned = false;
    }
    if (scheduled.compareAndSet(false, true)) {
      executor.execute(this::drain);
    }
  }

  private void drain() {
    try {
      for (int i = 0; i < BATCH && !closed; i++) {
        Event<T> e = queue.poll();
        if (e == null) {
          break;
        }
        backlog.decrementAndGet();
        deliver(e);
      }
    } finally {
      scheduled.set(false);
      if (!queue.isEmpty() && !closed && scheduled.compareAndSet(false, true)) {
        executor.execute(this::drain);
      }
    }
  }

  private void deliver(Event<T> e) {
    lastLagNanos = System.nanoTime() - e.queuedAt();
    try {
      switch (e.type()) {
        case ADD -> listener.onAdd(e.obj());
        case UPDATE -> listener.onUpdate(e.oldObj(), e.obj());
        case DELETE -> listener.onDelete(e.obj(), e.finalStateUnknown());
      }
    } catch (RuntimeException | Error t) {
      failures.increment();
      LOG.warn("listener '{}' threw on {} of {}/{}; it keeps receiving events", name, e.type(),
          e.obj().getMetadata().getNamespace(), e.obj().getMetadata().getName(), t);
      if (t instanceof VirtualMachineError vme) {
        throw vme;
      }
    } finally {
      delivered.increment();
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int backlog() {
    return backlog.get();
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
  public long lastLagNanos() {
    return lastLagNanos;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      queue.clear();
      backlog.set(0);
      onClose.run();
    }
  }

  @Override
  public String toString() {
    return "listener '" + name + "' " + Map.of("backlog", backlog(), "delivered", delivered(),
        "failures", failures());
  }
}
