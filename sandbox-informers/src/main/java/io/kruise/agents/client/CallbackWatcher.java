package io.kruise.agents.client;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.kruise.agents.client.exceptions.AgentsApiException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts a fabric8 watch to {@link WatchEvent} callbacks: maps the action, turns a watch failure
 * into one final ERROR event with a typed exception, and keeps a throwing callback from ending
 * the watch.
 */
final class CallbackWatcher<T> implements Watcher<T> {

  private static final Logger LOG = LoggerFactory.getLogger(CallbackWatcher.class);

  private final Consumer<WatchEvent<T>> callback;
  private final Function<KubernetesClientException, AgentsApiException> translate;
  private final AtomicBoolean closed = new AtomicBoolean();

  CallbackWatcher(Consumer<WatchEvent<T>> callback,
      Function<KubernetesClientException, AgentsApiException> translate) {
    this.callback = callback;
    this.translate = translate;
  }

  WatchHandle handle(Watch watch) {
    return () -> {
      if (closed.compareAndSet(false, true)) {
        watch.close();
      }
    };
  }

  @Override
  public void eventReceived(Action action, T resource) {
    if (closed.get()) {
      return;
    }
    deliver(WatchEvent.of(WatchEventType.valueOf(action.name()), resource));
  }

  @Override
  public void onClose(WatcherException cause) {
    if (closed.compareAndSet(false, true)) {
      deliver(WatchEvent.error(translate.apply(cause.asClientException())));
    }
  }

  @Override
  public void onClose() {
    closed.set(true);
  }

  private void deliver(WatchEvent<T> event) {
    try {
      callback.accept(event);
    } catch (RuntimeException e) {
      LOG.warn("watch callback threw on a {} event; the watch goes on", event.type(), e);
    }
  }
}
