package io.kruise.agents.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.kruise.agents.client.exceptions.AgentsApiException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts a fabric8 watch to {@link WatchEvent} callbacks: maps the action, turns a watch failure
 * into one final ERROR event with a typed exception, and keeps a throwing callback from ending
 * the watch.
 *
 * <p>It also tracks the resourceVersion fabric8 resumes from when it reconnects (that of the
 * last event or bookmark), so that a 410 after a reconnect can name the version that expired.
 * Bookmarks are asked for only to see those versions; they are not passed on.
 */
final class CallbackWatcher<T extends HasMetadata> implements Watcher<T> {

  private static final Logger LOG = LoggerFactory.getLogger(CallbackWatcher.class);

  private final Consumer<WatchEvent<T>> callback;
  private final BiFunction<KubernetesClientException, String, AgentsApiException> translate;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile String resumeFrom;

  /**
   * @param callback receives the events
   * @param startedFrom the resourceVersion the watch starts from, or null
   * @param translate turns a failure into the typed exception, given the resourceVersion the
   *     watch was resuming from (null when it had seen none and was started from none)
   */
  CallbackWatcher(Consumer<WatchEvent<T>> callback, String startedFrom,
      BiFunction<KubernetesClientException, String, AgentsApiException> translate) {
    this.callback = callback;
    this.resumeFrom = startedFrom;
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
    if (resource != null && resource.getMetadata() != null
        && resource.getMetadata().getResourceVersion() != null) {
      resumeFrom = resource.getMetadata().getResourceVersion();
    }
    if (closed.get() || action == Action.BOOKMARK) {
      return;
    }
    deliver(WatchEvent.of(WatchEventType.valueOf(action.name()), resource));
  }

  /** @return the resourceVersion a reconnect would resume from, or null */
  String resumeFrom() {
    return resumeFrom;
  }

  @Override
  public void onClose(WatcherException cause) {
    if (closed.compareAndSet(false, true)) {
      deliver(WatchEvent.error(translate.apply(cause.asClientException(), resumeFrom)));
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
