package io.kruise.agents.spring;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.informers.IndexFunction;
import io.kruise.agents.informers.InformerHealth;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.Lister;
import io.kruise.agents.informers.ListenerOptions;
import io.kruise.agents.informers.ListenerRegistration;
import io.kruise.agents.informers.ResourceListener;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.informers.SharedInformers;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One kind and scope of the {@link AgentsCache}: a {@link SharedInformer} that forwards to the
 * current library informer and, when that one has died and a replacement has synced, switches to
 * the replacement. Its lister reads the current informer on every call, and its listeners move
 * along ({@link MovingListener}), so what an application holds keeps working across a recovery.
 *
 * <p>Threading: thread-safe. {@link #switchTo} runs on the recovery thread; readers see the
 * current informer through a volatile field.
 */
final class RecoveringInformer<T extends HasMetadata> implements SharedInformer<T> {

  private final String kind;
  private final InformerScope scope;
  private final Function<SharedInformers, SharedInformer<T>> select;
  /** Indexes added through this view, added again to every replacement before it starts. */
  private final Map<String, IndexFunction<T>> indexes = new LinkedHashMap<>();
  private final List<MovingListener<T>> listeners = new CopyOnWriteArrayList<>();
  private final Lister<T> lister = new CurrentLister();
  private final Runnable listenersChanged;
  private volatile SharedInformer<T> current;
  private volatile Object currentHost;
  /** A replacement started and not yet synced; guarded by {@code this}. */
  private SharedInformer<T> pending;
  private Object pendingHost;

  RecoveringInformer(String kind, InformerScope scope,
      Function<SharedInformers, SharedInformer<T>> select, SharedInformers first,
      Runnable listenersChanged) {
    this.kind = kind;
    this.scope = scope;
    this.select = select;
    this.listenersChanged = listenersChanged;
    this.current = select.apply(first);
    this.currentHost = first;
  }

  /** @return Sandbox or SandboxSet */
  String kind() {
    return kind;
  }

  @Override
  public InformerScope scope() {
    return scope;
  }

  @Override
  public synchronized SharedInformer<T> addIndex(String name, IndexFunction<T> function) {
    current.addIndex(name, function); // refuses after start, as the library's informer does
    indexes.put(name, function);
    return this;
  }

  @Override
  public SharedInformer<T> start() {
    current.start();
    return this;
  }

  @Override
  public boolean awaitSynced(Duration timeout) {
    return current.awaitSynced(timeout);
  }

  @Override
  public CompletableFuture<Void> synced() {
    return current.synced();
  }

  @Override
  public Lister<T> lister() {
    current.start();
    return lister;
  }

  @Override
  public ListenerRegistration addListener(ListenerOptions<? super T> options,
      ResourceListener<T> listener) {
    if (options == null) {
      throw ValidationException.forField("options", "Required", "a listener needs options");
    }
    if (listener == null) {
      throw ValidationException.forField("listener", "Required", "a listener needs callbacks");
    }
    MovingListener<T> moving = new MovingListener<>(options, listener, listeners::remove);
    synchronized (this) { // not while a switch moves the others
      moving.attach(current);
      listeners.add(moving);
    }
    listenersChanged.run();
    return moving;
  }

  /**
   * {@inheritDoc}
   *
   * <p>A wait pending when the informer dies fails then, as the library's waits do; waits started
   * after a recovery run on the replacement.
   */
  @Override
  public CompletableFuture<T> waitFor(String namespace, String name, Predicate<T> predicate,
      Duration timeout) {
    return current.waitFor(namespace, name, predicate, timeout);
  }

  @Override
  public InformerHealth health() {
    return current.health();
  }

  /** @return the library informer reads go to now */
  SharedInformer<T> current() {
    return current;
  }

  /** @return the shared informers the current informer belongs to */
  Object currentHost() {
    return currentHost;
  }

  /** @return the shared informers of a replacement that has not synced yet, or null */
  synchronized Object pendingHost() {
    return pendingHost;
  }

  /**
   * Creates and starts a replacement on other shared informers, unless one is under way already.
   *
   * @param informers where the replacement lives
   * @return the replacement, or empty when one is pending or the current one is alive
   */
  synchronized Optional<SharedInformer<T>> replaceOn(SharedInformers informers) {
    if (pending != null || !current.health().dead()) {
      return Optional.empty();
    }
    SharedInformer<T> fresh = select.apply(informers);
    indexes.forEach(fresh::addIndex);
    pending = fresh;
    pendingHost = informers;
    fresh.start();
    return Optional.of(fresh);
  }

  /**
   * The replacement has synced: reads, waits and listeners go to it from now on.
   *
   * @param fresh the replacement from {@link #replaceOn}
   */
  void switchTo(SharedInformer<T> fresh) {
    synchronized (this) {
      if (pending != fresh) {
        return;
      }
      current = fresh;
      currentHost = pendingHost;
      pending = null;
      pendingHost = null;
      for (MovingListener<T> listener : listeners) {
        listener.moveTo(fresh);
      }
    }
    listenersChanged.run();
  }

  /**
   * The replacement died before it synced.
   *
   * @param fresh the replacement from {@link #replaceOn}
   */
  synchronized void abandon(SharedInformer<T> fresh) {
    if (pending == fresh) {
      pending = null;
      pendingHost = null;
    }
  }

  /** Reads of whatever informer is current at the time of each call. */
  private final class CurrentLister implements Lister<T> {
    @Override
    public T get(String namespace, String name) {
      return current.lister().get(namespace, name);
    }

    @Override
    public List<T> list(String namespace) {
      return current.lister().list(namespace);
    }

    @Override
    public List<T> list(String namespace, String labelSelector) {
      return current.lister().list(namespace, labelSelector);
    }

    @Override
    public List<T> byIndex(String indexName, String key) {
      return current.lister().byIndex(indexName, key);
    }

    @Override
    public Set<String> indexKeys(String indexName) {
      return current.lister().indexKeys(indexName);
    }

    @Override
    public int size() {
      return current.lister().size();
    }
  }
}
