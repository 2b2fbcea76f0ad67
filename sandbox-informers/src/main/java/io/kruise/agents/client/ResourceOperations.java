package io.kruise.agents.client;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.client.exceptions.ClientClosedException;
import io.kruise.agents.client.exceptions.ResourceVersionExpiredException;
import io.kruise.agents.client.exceptions.TimeoutException;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.HasConditions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The operations of every client ({@link ResourceClient} and the typed ones), written once for
 * any registered kind ({@link ResourceKind}): validation before the request, the fabric8 call, and translation of its failures.
 */
final class ResourceOperations<T extends CustomResource<?, ?>, L extends KubernetesResourceList<T>> {

  private final ClientContext ctx;
  private final ResourceKind<T, L> kind;
  private final String defaultNamespace;

  ResourceOperations(ClientContext ctx, ResourceKind<T, L> kind, String defaultNamespace) {
    this.ctx = ctx;
    this.kind = kind;
    this.defaultNamespace = defaultNamespace;
  }

  ResourceKind<T, L> kind() {
    return kind;
  }

  String defaultNamespace() {
    return defaultNamespace;
  }

  /** A null namespace means the client's; the empty string means all namespaces. */
  String namespace(String namespace) {
    if (namespace == null) {
      return defaultNamespace;
    }
    return namespace.isEmpty() ? namespace : Validation.namespace(namespace);
  }

  /** Namespace for single-object requests: "all namespaces" makes no sense there. */
  String objectNamespace(String namespace) {
    String ns = namespace(namespace);
    if (ns.isEmpty()) {
      throw ValidationException.forField("namespace", "Invalid",
          "a single " + kind.kind() + " needs a namespace, not all namespaces");
    }
    return ns;
  }

  MixedOperation<T, L, Resource<T>> op() {
    return ctx.client().resources(kind.type(), kind.listType());
  }

  FilterWatchListDeletable<T, L, Resource<T>> scope(String namespace) {
    return namespace.isEmpty() ? op().inAnyNamespace() : op().inNamespace(namespace);
  }

  T create(T body, String namespace) {
    Validation.body(body, kind.apiVersion(), kind.kind());
    String ns = objectNamespace(namespace != null ? namespace : bodyNamespace(body));
    Validation.bodyNamespace(body, ns);
    Validation.nameOrGenerateName(body);
    T prepared = withTypeMeta(body, null);
    String name = body.getMetadata().getName();
    return written(call("create", ns, name,
        () -> op().inNamespace(ns).resource(prepared).create()));
  }

  T get(String name, String namespace) {
    Validation.name(name);
    String ns = objectNamespace(namespace);
    T found = call("get", ns, name, () -> op().inNamespace(ns).withName(name).get());
    if (found == null) {
      throw kind.notFound().create(ns, name, "not found", null);
    }
    return found;
  }

  L list(String namespace, String labelSelector, String fieldSelector, Integer limit,
      String continueToken) {
    String ns = namespace(namespace);
    if (limit != null && limit <= 0) {
      throw ValidationException.forField("limit", "Invalid", "must be positive, was " + limit);
    }
    ListOptions options = new ListOptionsBuilder()
        .withLabelSelector(Validation.labelSelector(labelSelector))
        .withFieldSelector(Validation.fieldSelector(fieldSelector))
        .withLimit(limit == null ? null : (long) limit)
        .withContinue(blankToNull(continueToken)).build();
    return call("list", ns, null, () -> scope(ns).list(options));
  }

  T update(String name, T body, UpdateMode mode, String namespace) {
    return replace(name, body, mode, namespace, false);
  }

  T updateStatus(String name, T body, UpdateMode mode, String namespace) {
    return replace(name, body, mode, namespace, true);
  }

  /**
   * PUT of the object, or of its status subresource. fabric8's update() sends the body's
   * resourceVersion as it is (a GET first only when there is none), so an optimistic update
   * carries exactly the caller's version; an unconditional one fetches the current version itself
   * and retries on conflicts.
   */
  private T replace(String name, T body, UpdateMode mode, String namespace, boolean status) {
    Validation.name(name);
    Validation.body(body, kind.apiVersion(), kind.kind());
    Validation.required("mode", mode);
    String ns = objectNamespace(namespace != null ? namespace : bodyNamespace(body));
    Validation.bodyNamespace(body, ns);
    Validation.bodyName(body, name);
    if (mode == UpdateMode.OPTIMISTIC) {
      Validation.resourceVersion(body, kind.kind());
      return put(ns, name, withTypeMeta(body, name), status);
    }
    return ctx.configuration().conflictRetry().run(() -> {
      String current = get(name, ns).getMetadata().getResourceVersion();
      return put(ns, name, withResourceVersion(body, name, current), status);
    });
  }

  private T put(String ns, String name, T prepared, boolean status) {
    return written(call(status ? "update status of" : "update", ns, name, () -> {
      Resource<T> resource = op().inNamespace(ns).resource(prepared);
      return status ? resource.updateStatus() : resource.update();
    }));
  }

  /**
   * Read-modify-write with retries on conflicts: each attempt reads the current object (from the
   * shared cache when one covers it, else from the server), applies the mutation to a copy, and
   * writes it with the resourceVersion it read. A mutation that changes nothing sends nothing.
   */
  T modify(String name, UnaryOperator<T> mutation, String namespace, boolean status) {
    Validation.name(name);
    Validation.required("mutation", mutation);
    String ns = objectNamespace(namespace);
    return ctx.configuration().conflictRetry().run(() -> modifyOnce(name, mutation, ns, status));
  }

  private T modifyOnce(String name, UnaryOperator<T> mutation, String ns, boolean status) {
    T read = ctx.cache().cached(kind.type(), ns, name);
    if (read == null) {
      read = get(name, ns);
    }
    // The read object may be the cache's shared copy: the mutation gets its own.
    T changed = mutation.apply(copy(read));
    if (changed == null) {
      throw ValidationException.forField("mutation", "Invalid", "returned null; return the "
          + kind.kind() + " it was given, changed or not");
    }
    if (changed.equals(read)) {
      return changed;
    }
    String rv = read.getMetadata().getResourceVersion();
    T body = Objects.equals(rv, resourceVersionOf(changed)) ? changed
        : withResourceVersion(changed, name, rv);
    return replace(name, body, UpdateMode.OPTIMISTIC, ns, status);
  }

  T patch(String name, String patch, String namespace, PatchType type, PatchOptions options) {
    Validation.name(name);
    String ns = objectNamespace(namespace);
    if (patch == null || patch.isBlank()) {
      throw ValidationException.forField("patch", "Required", "must not be null or blank");
    }
    PatchType patchType = type == null ? PatchType.MERGE : type;
    PatchBodies.check(patchType, patch);
    PatchOptions opts = options == null ? PatchOptions.DEFAULTS : options;
    PatchContext.Builder context = new PatchContext.Builder().withPatchType(switch (patchType) {
      case MERGE -> io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE;
      case JSON -> io.fabric8.kubernetes.client.dsl.base.PatchType.JSON;
      case APPLY -> io.fabric8.kubernetes.client.dsl.base.PatchType.SERVER_SIDE_APPLY;
    });
    if (patchType == PatchType.APPLY) {
      context.withFieldManager(opts.fieldManager() != null ? opts.fieldManager()
          : ctx.configuration().fieldManager()).withForce(opts.force());
    } else if (opts.fieldManager() != null) {
      context.withFieldManager(opts.fieldManager());
    }
    PatchContext patchContext = context.build();
    // A stub item names the target, so fabric8 sends the patch without a GET first (and server-side
    // apply can create the object).
    T target = stub(ns, name);
    return written(call("patch", ns, name,
        () -> op().inNamespace(ns).resource(target).patch(patchContext, patch)));
  }

  void delete(String name, String namespace, Long gracePeriodSeconds) {
    Validation.name(name);
    String ns = objectNamespace(namespace);
    if (gracePeriodSeconds != null && gracePeriodSeconds < 0) {
      throw ValidationException.forField("gracePeriodSeconds", "Invalid",
          "must not be negative, was " + gracePeriodSeconds);
    }
    List<StatusDetails> deleted = call("delete", ns, name, () -> {
      Resource<T> resource = op().inNamespace(ns).withName(name);
      return gracePeriodSeconds == null ? resource.delete()
          : resource.withGracePeriod(gracePeriodSeconds).delete();
    });
    if (deleted.isEmpty()) {
      throw kind.notFound().create(ns, name, "not found", null);
    }
    ctx.cache().deleted(kind.type(), ns, name, deleted.get(0).getUid());
  }

  List<StatusDetails> deleteCollection(String namespace, String labelSelector,
      String fieldSelector) {
    String ns = namespace(namespace);
    String labels = Validation.labelSelector(labelSelector);
    List<FieldSelectors.Term> fields = FieldSelectors.parse(fieldSelector);
    return call("deletecollection", ns, null, () -> {
      FilterWatchListDeletable<T, L, Resource<T>> scope = scope(ns);
      if (labels != null) {
        scope = scope.withLabelSelector(labels);
      }
      for (FieldSelectors.Term term : fields) {
        scope = term.negated() ? scope.withoutField(term.field(), term.value())
            : scope.withField(term.field(), term.value());
      }
      return scope.delete();
    });
  }

  WatchStream<T> watch(String namespace, String labelSelector, String fieldSelector,
      String resourceVersion, Integer timeoutSeconds) {
    String ns = namespace(namespace);
    Duration timeout = watchTimeout(timeoutSeconds);
    ListOptions options = watchOptions(labelSelector, fieldSelector, resourceVersion);
    QueueWatchStream<T> stream = new QueueWatchStream<>();
    WatchHandle handle = startWatch(ns, options, resourceVersion, stream::offer);
    stream.onClose(handle);
    if (timeout != null) {
      stream.closeAfter(ctx.scheduler(), timeout);
    }
    return stream;
  }

  WatchHandle watch(String namespace, String labelSelector, String fieldSelector,
      String resourceVersion, Consumer<WatchEvent<T>> callback) {
    String ns = namespace(namespace);
    ListOptions options = watchOptions(labelSelector, fieldSelector, resourceVersion);
    Validation.required("callback", callback);
    return startWatch(ns, options, resourceVersion, callback);
  }

  /** Checks the selectors before any request; bookmarks let the watcher see resume versions. */
  private static ListOptions watchOptions(String labelSelector, String fieldSelector,
      String resourceVersion) {
    return new ListOptionsBuilder().withLabelSelector(Validation.labelSelector(labelSelector))
        .withFieldSelector(Validation.fieldSelector(fieldSelector))
        .withResourceVersion(blankToNull(resourceVersion)).withAllowWatchBookmarks(true).build();
  }

  private WatchHandle startWatch(String ns, ListOptions options, String resourceVersion,
      Consumer<WatchEvent<T>> callback) {
    String startedFrom = blankToNull(resourceVersion);
    CallbackWatcher<T> watcher = new CallbackWatcher<>(callback, startedFrom,
        (e, resumeFrom) -> translateWatchFailure(e, ns, startedFrom, resumeFrom));
    io.fabric8.kubernetes.client.Watch watch =
        call("watch", ns, null, () -> scope(ns).watch(options, watcher));
    return watcher.handle(watch);
  }

  /**
   * A 410 names the version that expired: the one the watch was resuming from when it reconnected
   * (its last event's or bookmark's), which is the resourceVersion argument only if it had seen
   * nothing newer.
   */
  AgentsApiException translateWatchFailure(KubernetesClientException e, String ns,
      String startedFrom, String resumeFrom) {
    AgentsApiException translated = ApiErrors.translate(e, kind, "watch", ns, null);
    if (translated.code() != 410) {
      return translated;
    }
    String origin = resumeFrom == null ? "started without a resourceVersion"
        : resumeFrom.equals(startedFrom) ? "the resourceVersion argument"
            : "the last version the watch had seen; it was started from resourceVersion argument "
                + (startedFrom == null ? "null (the current state)" : startedFrom);
    return new ResourceVersionExpiredException("watch " + ApiErrors.describe(kind, ns, null)
        + " could not resume from resourceVersion " + resumeFrom + " (" + origin + "): that"
        + " version has been compacted (HTTP 410 Gone); list again and watch from the list's"
        + " resourceVersion", resumeFrom, e);
  }

  /**
   * Waits until the named object satisfies a predicate: list-then-watch of that one object, or
   * the shared informer when one runs for this namespace.
   */
  CompletableFuture<T> waitFor(String name, String namespace, Predicate<T> predicate,
      String description, Duration timeout) {
    Validation.name(name);
    String ns = objectNamespace(namespace);
    Validation.required("predicate", predicate);
    Duration deadline = deadline(timeout);
    if (ctx.isClosed()) {
      return CompletableFuture.failedFuture(new ClientClosedException("cannot wait for "
          + ApiErrors.describe(kind, ns, name) + ": its AgentsClient was closed"));
    }
    CompletableFuture<T> viaCache = ctx.cache().waitFor(kind.type(), ns, name, predicate,
        description, deadline);
    if (viaCache != null) {
      return viaCache;
    }
    return new ObjectWatchWait<>(this, ns, name, predicate, description, deadline).start();
  }

  /** The deadline of a wait: the given timeout, or the configured default when null. */
  Duration deadline(Duration timeout) {
    return timeout == null ? ctx.configuration().defaultTimeout() : Validation.timeout(timeout);
  }

  /**
   * Blocks for a wait's result. The wait ends itself at its deadline; the bound here (deadline
   * plus a grace period) is a safety net, so that a wait that failed to end cannot block its
   * caller forever.
   */
  <R> R await(CompletableFuture<R> future, Duration timeout, String what) {
    Duration bound = deadline(timeout).plus(ctx.awaitGrace());
    try {
      return future.get(bound.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new AgentsApiException("interrupted while waiting for " + what, 0, e);
    } catch (java.util.concurrent.TimeoutException e) {
      future.cancel(true);
      throw new TimeoutException("the wait for " + what + " did not end within " + bound
          + " (its timeout plus " + ctx.awaitGrace() + "); it was cancelled", null, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AgentsApiException api) {
        // Rethrown on the caller's thread: a fresh stack trace with the original as cause.
        throw api;
      }
      throw new AgentsApiException("the wait for " + what + " failed: " + e.getCause(), 0,
          e.getCause());
    } catch (java.util.concurrent.CancellationException e) {
      throw new AgentsApiException("the wait for " + what + " was cancelled", 0, e);
    }
  }

  /** The conditions of any kind whose status reports them ({@link HasConditions}), else null. */
  List<Condition> conditions(T obj) {
    return obj.getStatus() instanceof HasConditions status ? status.getConditions() : null;
  }

  Predicate<T> conditionPredicate(Function<T, List<Condition>> conditions, String type,
      String status) {
    Validation.condition(type, status);
    return obj -> {
      List<Condition> list = conditions.apply(obj);
      if (list == null) {
        return false;
      }
      for (Condition c : list) {
        if (type.equals(c.getType())) {
          return status.equals(c.getStatus());
        }
      }
      return false;
    };
  }

  /** Hands a write's result to the shared informers (read your writes) and returns it. */
  T written(T result) {
    if (result != null) {
      ctx.cache().written(result);
    }
    return result;
  }

  ClientContext context() {
    return ctx;
  }

  <R> R call(String verb, String namespace, String name, Supplier<R> request) {
    if (ctx.isClosed()) {
      // Close is final: a SandboxClient kept from before close sends nothing afterwards.
      throw new ClientClosedException("cannot " + verb + " " + ApiErrors.describe(kind,
          namespace, name) + ": its AgentsClient was closed");
    }
    try {
      return request.get();
    } catch (KubernetesClientException e) {
      throw ApiErrors.translate(e, kind, verb, namespace, name);
    }
  }

  /**
   * Fills a missing apiVersion/kind/name on a copy, so the caller's object (possibly shared
   * through the cache) is never modified.
   */
  private T withTypeMeta(T body, String name) {
    boolean needsName = name != null
        && (body.getMetadata() == null || body.getMetadata().getName() == null);
    if (body.getApiVersion() != null && body.getKind() != null && !needsName) {
      return body;
    }
    // A JSON round trip into the kind's own class: its constructor sets apiVersion and kind.
    T copy = ctx.client().getKubernetesSerialization().convertValue(body, kind.type());
    if (needsName) {
      if (copy.getMetadata() == null) {
        copy.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
      }
      copy.getMetadata().setName(name);
    }
    return copy;
  }

  /** A deep copy in the kind's own class (never the caller's or the cache's instance). */
  private T copy(T obj) {
    return ctx.client().getKubernetesSerialization().convertValue(obj, kind.type());
  }

  /** A copy of the body with the name and resourceVersion to write it with. */
  private T withResourceVersion(T body, String name, String resourceVersion) {
    T copy = copy(body);
    if (copy.getMetadata() == null) {
      copy.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
    }
    copy.getMetadata().setName(name);
    copy.getMetadata().setResourceVersion(resourceVersion);
    return copy;
  }

  private static String resourceVersionOf(io.fabric8.kubernetes.api.model.HasMetadata obj) {
    return obj.getMetadata() == null ? null : obj.getMetadata().getResourceVersion();
  }

  private T stub(String namespace, String name) {
    try {
      T stub = kind.type().getDeclaredConstructor().newInstance();
      stub.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withNamespace(namespace)
          .withName(name).build());
      return stub;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot instantiate " + kind.type(), e);
    }
  }

  private static String bodyNamespace(io.fabric8.kubernetes.api.model.HasMetadata body) {
    return body == null || body.getMetadata() == null ? null : body.getMetadata().getNamespace();
  }

  private static Duration watchTimeout(Integer timeoutSeconds) {
    if (timeoutSeconds == null) {
      return null;
    }
    if (timeoutSeconds <= 0) {
      throw ValidationException.forField("timeoutSeconds", "Invalid",
          "must be positive, was " + timeoutSeconds);
    }
    return Duration.ofSeconds(timeoutSeconds);
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
