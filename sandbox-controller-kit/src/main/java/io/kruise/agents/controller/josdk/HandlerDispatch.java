package io.kruise.agents.controller.josdk;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.informers.ResourceListener;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener of an informer view on the shared informer: it brings the view's own indexes up
 * to date with each change, then hands the change to JOSDK's event handlers, in that order, so a
 * handler that looks an object up by index finds it. It runs on the listener's own queue: a slow
 * JOSDK handler delays neither the shared cache nor any other listener or wait.
 *
 * <p>What JOSDK receives is what {@link ResourceListener} promises: per object, add, updates in
 * order, delete; an object re-created under the same name is a delete then an add; the changes of
 * one object may be coalesced while the handler is behind (it gets the newest state, with
 * {@code oldObj} the state it was last given); a listener added to a running informer first gets
 * an add for every current object, as fabric8 does for a handler added to a running informer.
 *
 * @param <T> the cached type
 */
final class HandlerDispatch<T extends HasMetadata> implements ResourceListener<T> {

  private static final Logger LOG = LoggerFactory.getLogger(HandlerDispatch.class);

  private final LocalIndexes<T> indexes;
  private final List<ResourceEventHandler<? super T>> handlers;
  private final Consumer<AgentsApiException> closed;

  /**
   * @param indexes the view's indexes, or null when this listener keeps none
   * @param handlers the handlers to call, a live thread-safe list
   * @param closed told when the library closes the registration (backlog policy CLOSE)
   */
  HandlerDispatch(LocalIndexes<T> indexes, List<ResourceEventHandler<? super T>> handlers,
      Consumer<AgentsApiException> closed) {
    this.indexes = indexes;
    this.handlers = handlers;
    this.closed = closed;
  }

  @Override
  public void onAdd(T obj) {
    if (indexes != null) {
      indexes.put(obj);
    }
    for (ResourceEventHandler<? super T> h : handlers) {
      call(h, "onAdd", () -> h.onAdd(obj));
    }
  }

  @Override
  public void onUpdate(T oldObj, T newObj) {
    if (indexes != null) {
      indexes.put(newObj);
    }
    for (ResourceEventHandler<? super T> h : handlers) {
      call(h, "onUpdate", () -> h.onUpdate(oldObj, newObj));
    }
  }

  @Override
  public void onDelete(T obj, boolean finalStateUnknown) {
    if (indexes != null) {
      indexes.remove(obj);
    }
    for (ResourceEventHandler<? super T> h : handlers) {
      call(h, "onDelete", () -> h.onDelete(obj, finalStateUnknown));
    }
  }

  @Override
  public void onClosed(AgentsApiException cause) {
    closed.accept(cause);
  }

  /** One handler that throws must not keep the change from the others (fabric8 logs it too). */
  private static void call(ResourceEventHandler<?> handler, String callback, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("JOSDK event handler {} threw in {}", handler, callback, e);
    }
  }
}
