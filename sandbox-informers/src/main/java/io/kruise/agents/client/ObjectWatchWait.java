package io.kruise.agents.client;

import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.client.exceptions.TimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A wait on one object without an informer: list that object, check it, then watch it from the
 * list's resourceVersion, so no change can fall between the check and the watch. Completes on the
 * first version that satisfies the predicate, fails when the object is deleted, and fails with a
 * {@link TimeoutException} naming the last state seen at the deadline. A 410 during the wait
 * lists and watches again. Never polls.
 */
final class ObjectWatchWait<T extends CustomResource<?, ?>, L extends KubernetesResourceList<T>>
    implements Watcher<T> {

  private static final Logger LOG = LoggerFactory.getLogger(ObjectWatchWait.class);

  private final ResourceOperations<T, L> ops;
  private final String namespace;
  private final String name;
  private final Predicate<T> predicate;
  private final String description;
  private final Duration timeout;
  private final CompletableFuture<T> result = new CompletableFuture<>();
  private volatile T lastSeen;
  private volatile Watch watch;
  private volatile ScheduledFuture<?> timer;

  ObjectWatchWait(ResourceOperations<T, L> ops, String namespace, String name,
      Predicate<T> predicate, String description, Duration timeout) {
    this.ops = ops;
    this.namespace = namespace;
    this.name = name;
    this.predicate = predicate;
    this.description = description;
    this.timeout = timeout;
  }

  CompletableFuture<T> start() {
    result.whenComplete((r, e) -> cleanUp());
    timer = ops.context().scheduler().schedule(this::expire, timeout.toNanos(),
        TimeUnit.NANOSECONDS);
    try {
      listThenWatch();
    } catch (AgentsApiException e) {
      result.completeExceptionally(e);
    }
    return result;
  }

  private void listThenWatch() {
    L list = ops.call("list", namespace, name, () -> ops.op().inNamespace(namespace)
        .withField("metadata.name", name).list());
    T current = list.getItems().isEmpty() ? null : list.getItems().get(0);
    if (current == null) {
      result.completeExceptionally(ops.kind().notFound().create(namespace, name,
          "not found", null));
      return;
    }
    if (check(current) || result.isDone()) {
      return;
    }
    String from = list.getMetadata() == null ? null : list.getMetadata().getResourceVersion();
    Watch w = ops.call("watch", namespace, name, () -> ops.op().inNamespace(namespace)
        .withField("metadata.name", name)
        .watch(new ListOptionsBuilder().withResourceVersion(from).build(), this));
    watch = w;
    if (result.isDone()) {
      w.close();
    }
  }

  private boolean check(T obj) {
    lastSeen = obj;
    if (predicate.test(obj)) {
      result.complete(obj);
      return true;
    }
    return false;
  }

  @Override
  public void eventReceived(Action action, T obj) {
    if (result.isDone() || obj == null || !name.equals(obj.getMetadata().getName())) {
      return;
    }
    switch (action) {
      case ADDED, MODIFIED -> check(obj);
      case DELETED -> {
        lastSeen = obj;
        result.completeExceptionally(ops.kind().notFound().create(namespace, name,
            "was deleted while waiting for " + description, null));
      }
      default -> { }
    }
  }

  @Override
  public void onClose(WatcherException cause) {
    if (result.isDone()) {
      return;
    }
    if (cause.isHttpGone()) {
      LOG.debug("watch of {} {}/{} expired (410); listing again", ops.kind().kind(), namespace,
          name);
      // Not on fabric8's watch thread: listing blocks.
      ops.context().workers().execute(() -> {
        try {
          listThenWatch();
        } catch (AgentsApiException e) {
          result.completeExceptionally(e);
        }
      });
      return;
    }
    KubernetesClientException e = cause.asClientException();
    result.completeExceptionally(ApiErrors.translate(e, ops.kind(), "watch", namespace, name));
  }

  @Override
  public void onClose() {
    // closed by us once the result is known
  }

  private void expire() {
    T last = lastSeen;
    if (last != null && predicate.test(last)) {
      result.complete(last);
      return;
    }
    result.completeExceptionally(TimeoutException.forWait(ops.kind().kind(), namespace,
        name, description, timeout, last));
  }

  private void cleanUp() {
    ScheduledFuture<?> t = timer;
    if (t != null) {
      t.cancel(false);
    }
    Watch w = watch;
    if (w != null) {
      w.close();
    }
  }
}
