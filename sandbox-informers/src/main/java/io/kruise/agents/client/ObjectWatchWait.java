package io.kruise.agents.client;

import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.client.exceptions.ClientClosedException;
import io.kruise.agents.client.exceptions.TimeoutException;
import io.kruise.agents.client.exceptions.ValidationException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A wait on one object without an informer: list that object, check it, then watch it from the
 * list's resourceVersion, so no change can fall between the check and the watch. Completes on the
 * first version that satisfies the predicate, fails when the object is deleted, and fails with a
 * {@link TimeoutException} naming the last state seen at the deadline. Never polls.
 *
 * <p>Every wait ends: a watch that expires (410), ends without a cause, or fails with an error
 * that may pass (no answer, 404 of the collection while the server starts, 5xx) is replaced by a
 * new list and watch, retried with backoff until the deadline; an error that cannot pass (401,
 * 403, a bad request), a predicate that throws, and the {@link AgentsClient} closing end the
 * future exceptionally. The wait holds to the object it found first (its UID): an object of the
 * same name created after that one was deleted ends the wait with NotFound, never completes it. Threads: {@link #start()} lists on the caller's thread; events
 * arrive on fabric8's watch threads; re-lists run on the client's workers; the deadline on its
 * timer. Each watch gets its own {@link Session}, so callbacks of a replaced watch are ignored.
 */
final class ObjectWatchWait<T extends CustomResource<?, ?>, L extends KubernetesResourceList<T>>
    implements ClientContext.Pending {

  private static final Logger LOG = LoggerFactory.getLogger(ObjectWatchWait.class);
  private static final long FIRST_RETRY_MILLIS = 100;
  private static final long MAX_RETRY_MILLIS = 2_000;

  private final ResourceOperations<T, L> ops;
  private final String namespace;
  private final String name;
  private final Predicate<T> predicate;
  private final String description;
  private final Duration timeout;
  private final CompletableFuture<T> result = new CompletableFuture<>();
  private final AtomicInteger watchesStarted = new AtomicInteger();
  private volatile T lastSeen;
  /** The UID of the object the first list found; a different UID later is another object. */
  private volatile String uid;
  private volatile long retryDelayMillis = FIRST_RETRY_MILLIS;
  private volatile Session session;
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
    if (!ops.context().register(this)) {
      clientClosed();
      return result;
    }
    try {
      timer = ops.context().scheduler().schedule(this::expire, timeout.toNanos(),
          TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      clientClosed(); // the timer stops only when the client closes
      return result;
    }
    listThenWatchOrFail();
    return result;
  }

  /** How many watches this wait has opened, for tests. */
  int watchesStarted() {
    return watchesStarted.get();
  }

  /** The current watch, for tests; null before the first and after the end. */
  Watch currentWatch() {
    Session s = session;
    return s == null ? null : s.watch;
  }

  @Override
  public void clientClosed() {
    result.completeExceptionally(new ClientClosedException("the wait for " + target() + " to reach "
        + description + " ended because its AgentsClient was closed"));
  }

  /**
   * The first list and watch: a server that does not answer (or answers 5xx) is tried again
   * until the deadline; a 404 of the collection here means the CRD is missing, and fails at once.
   */
  private void listThenWatchOrFail() {
    attempt(e -> mayPass(e) && ((AgentsApiException) e).code() != 404);
  }

  private void listThenWatch() {
    if (result.isDone()) {
      return;
    }
    L list = ops.call("list", namespace, name, () -> ops.op().inNamespace(namespace)
        .withField("metadata.name", name).list());
    T current = list.getItems().isEmpty() ? null : list.getItems().get(0);
    if (current == null) {
      result.completeExceptionally(ops.kind().notFound().create(namespace, name,
          uid == null ? "not found" : "was deleted while waiting for " + description, null));
      return;
    }
    if (uid == null) {
      uid = current.getMetadata().getUid();
    } else if (isAnotherObject(current)) {
      lastSeen = current;
      result.completeExceptionally(ops.kind().notFound().create(namespace, name,
          "was deleted (and created again) while waiting for " + description, null));
      return;
    }
    if (check(current) || result.isDone()) {
      return;
    }
    String from = list.getMetadata() == null ? null : list.getMetadata().getResourceVersion();
    Session next = new Session();
    session = next;
    watchesStarted.incrementAndGet();
    Watch w = ops.call("watch", namespace, name, () -> ops.op().inNamespace(namespace)
        .withField("metadata.name", name)
        .watch(new ListOptionsBuilder().withResourceVersion(from).build(), next));
    next.watch = w;
    // The result may have been decided while the watch was opening: cleanUp may have missed it.
    if (result.isDone() || session != next) {
      w.close();
    }
  }

  /** Checks one version; true when the wait is decided by it. */
  private boolean check(T obj) {
    lastSeen = obj;
    if (matches(obj)) {
      result.complete(obj);
      return true;
    }
    return result.isDone();
  }

  /** The predicate, with a throw turned into the wait's failure (user code must not hang it). */
  private boolean matches(T obj) {
    try {
      return predicate.test(obj);
    } catch (RuntimeException | Error e) {
      result.completeExceptionally(new AgentsApiException("the predicate of the wait for "
          + target() + " (" + description + ") threw on resourceVersion "
          + obj.getMetadata().getResourceVersion() + ": " + e, 0, e));
      return false;
    }
  }

  private boolean isAnotherObject(T obj) {
    String known = uid;
    String seen = obj.getMetadata().getUid();
    return known != null && seen != null && !known.equals(seen);
  }

  /** Lists and watches again on a worker: listing blocks, and this runs on a watch thread. */
  private void restart(String why) {
    if (result.isDone()) {
      return;
    }
    if (ops.context().isClosed()) {
      clientClosed();
      return;
    }
    LOG.debug("watch of {} {}: listing and watching again", target(), why);
    try {
      ops.context().workers().execute(this::relist);
    } catch (RejectedExecutionException e) {
      clientClosed();
    }
  }

  /**
   * A list and watch after the first: an error that may pass (the server restarts) is retried
   * with backoff; the deadline ends the wait if it does not pass in time.
   */
  private void relist() {
    attempt(ObjectWatchWait::mayPass);
  }

  private void attempt(java.util.function.Predicate<Throwable> retryable) {
    try {
      listThenWatch();
      retryDelayMillis = FIRST_RETRY_MILLIS;
    } catch (RuntimeException e) {
      if (result.isDone() || ops.context().isClosed() || !retryable.test(e)) {
        fail(e);
        return;
      }
      long delay = retryDelayMillis;
      retryDelayMillis = Math.min(MAX_RETRY_MILLIS, delay * 2);
      LOG.debug("listing {} again failed ({}); retrying in {} ms", target(), e.getMessage(), delay);
      try {
        ops.context().scheduler().schedule(() -> restart("retry after " + e.getMessage()), delay,
            TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closed) {
        clientClosed();
      }
    }
  }

  /**
   * Errors of a re-list or a watch that a later attempt may not see: no answer, a server error,
   * a timeout, or a 404 of the collection (an existing type's list never answers 404, a server
   * that is still starting does). Refusals of the request itself (401, 403, 400, 422) do not pass.
   */
  static boolean mayPass(Throwable e) {
    if (!(e instanceof AgentsApiException api) || e instanceof ValidationException
        || e instanceof ClientClosedException) {
      return false; // not ours, refused before any request, or closed
    }
    int code = api.code();
    return code == 0 || code == 404 || code == 408 || code == 429 || code >= 500;
  }

  private void fail(Throwable e) {
    if (ops.context().isClosed()) {
      clientClosed();
    } else if (e instanceof AgentsApiException api) {
      result.completeExceptionally(api);
    } else {
      result.completeExceptionally(new AgentsApiException("the wait for " + target()
          + " failed: " + e, 0, e));
    }
  }

  private void expire() {
    try {
      T last = lastSeen;
      if (last != null && matches(last)) {
        result.complete(last);
        return;
      }
      result.completeExceptionally(TimeoutException.forWait(ops.kind().kind(), namespace, name,
          description, timeout, last));
    } catch (RuntimeException | Error e) {
      fail(e); // a timer task that throws would leave the wait pending forever
    }
  }

  private String target() {
    return ops.kind().kind() + " " + namespace + "/" + name;
  }

  private void cleanUp() {
    ops.context().unregister(this);
    ScheduledFuture<?> t = timer;
    if (t != null) {
      t.cancel(false);
    }
    Session s = session;
    if (s != null && s.watch != null) {
      s.watch.close();
    }
  }

  /** The callbacks of one watch; once a newer watch replaced it, they do nothing. */
  private final class Session implements Watcher<T> {
    private volatile Watch watch;

    private boolean current() {
      return session == this && !result.isDone();
    }

    @Override
    public void eventReceived(Action action, T obj) {
      if (!current() || obj == null || !name.equals(obj.getMetadata().getName())) {
        return;
      }
      if (isAnotherObject(obj)) {
        // the object we waited for was deleted while this watch was away; this is another one
        lastSeen = obj;
        result.completeExceptionally(ops.kind().notFound().create(namespace, name,
            "was deleted (and created again) while waiting for " + description, null));
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
      if (!current()) {
        return;
      }
      if (cause.isHttpGone()) {
        restart("expired (410)");
        return;
      }
      AgentsApiException e = ApiErrors.translate(cause.asClientException(), ops.kind(), "watch",
          namespace, name);
      if (mayPass(e)) {
        restart("failed: " + e.getMessage());
      } else {
        fail(e);
      }
    }

    @Override
    public void onClose() {
      // Ended without a cause while the result is open: not by us (we close only once decided).
      if (current()) {
        restart("ended without an error");
      }
    }
  }
}
