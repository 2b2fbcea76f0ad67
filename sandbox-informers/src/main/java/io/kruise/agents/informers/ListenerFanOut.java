package io.kruise.agents.informers;

import io.kruise.agents.client.exceptions.ClientClosedException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Hands each informer event to every listener's queue, and remembers what the events have
 * reported so far, so that a listener added later (or re-seeded) starts from exactly what the
 * others were told: not from the store, which runs ahead of event delivery.
 *
 * <p>Threading: the event methods run on fabric8's serial event thread; {@link #add} runs on any
 * thread; queues read {@link #withDelivered} from their turns. All meet under one lock,
 * held only to update {@link #delivered} and record the change in each queue: no filter and no
 * callback runs under it.
 */
final class ListenerFanOut<T extends HasMetadata> implements ListenerQueue.Source<T> {

  private final Object lock = new Object();
  /** Last object the events reported, by key; guarded by {@link #lock}. */
  private final Map<String, T> delivered = new HashMap<>();
  private final List<ListenerQueue<T>> queues = new CopyOnWriteArrayList<>();
  private final ListenerDispatcher dispatcher;
  private final ListenerQueue.Settings settings;
  private final LongSupplier nanoClock;
  private boolean closed;

  /**
   * @param executor runs the queues' turns
   * @param timer runs the watchdog that moves a stuck listener off the shared task
   * @param options the backlog settings
   * @param nanoClock a monotonic clock in nanoseconds, for the listeners' lag and turns
   */
  ListenerFanOut(Executor executor, ScheduledExecutorService timer, InformerOptions options,
      LongSupplier nanoClock) {
    this.dispatcher = new ListenerDispatcher(executor, timer, nanoClock);
    this.settings = ListenerQueue.Settings.of(options);
    this.nanoClock = nanoClock;
  }

  /**
   * Registers a listener; its first turn seeds it with every object delivered so far.
   *
   * @throws ClientClosedException after {@link #closeAll()}: the informer's client was closed
   */
  ListenerRegistration add(ListenerOptions<? super T> options, ResourceListener<T> listener) {
    ListenerQueue<T> queue = new ListenerQueue<>(options, listener, dispatcher, settings,
        nanoClock, this, queues::remove);
    synchronized (lock) {
      if (closed) {
        throw new ClientClosedException("cannot add listener '" + options.name()
            + "': the informer was stopped, its AgentsClient was closed");
      }
      queues.add(queue);
    }
    queue.start();
    return queue;
  }

  /** An object was added; on the event thread. */
  void added(T obj) {
    changed(obj);
  }

  /** An object was updated (or resynced); on the event thread. */
  void updated(T obj) {
    changed(obj);
  }

  private void changed(T obj) {
    String key = key(obj);
    synchronized (lock) {
      boolean existed = delivered.put(key, obj) != null;
      for (ListenerQueue<T> q : queues) {
        q.changed(key, existed, obj);
      }
    }
  }

  /** An object was deleted; on the event thread. */
  void deleted(T obj, boolean finalStateUnknown) {
    String key = key(obj);
    synchronized (lock) {
      if (delivered.remove(key) == null) {
        return; // never reported, so no listener has it
      }
      for (ListenerQueue<T> q : queues) {
        q.removed(key, obj, finalStateUnknown);
      }
    }
  }

  private static String key(HasMetadata obj) {
    return IndexedStore.key(obj.getMetadata().getNamespace(), obj.getMetadata().getName());
  }

  @Override
  public void withDelivered(Consumer<Map<String, T>> action) {
    synchronized (lock) {
      action.accept(Collections.unmodifiableMap(delivered));
    }
  }

  /** @return the registered queues, for metrics and tests */
  List<ListenerQueue<T>> queues() {
    return queues;
  }

  /** @return what runs the queues' turns, for tests */
  ListenerDispatcher dispatcher() {
    return dispatcher;
  }

  /** Closes every listener; later {@link #add} calls fail. Idempotent. */
  void closeAll() {
    synchronized (lock) {
      closed = true;
    }
    queues.forEach(ListenerQueue::close);
  }
}
