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
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.AgentsApi;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The operations shared by {@link SandboxClient} and {@link SandboxSetClient}, written once for
 * any kind: validation before the request, the fabric8 call, and translation of its failures.
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
    Validation.body(body, AgentsApi.API_VERSION, kind.kind());
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
    ListOptions options = new ListOptionsBuilder().withLabelSelector(blankToNull(labelSelector))
        .withFieldSelector(blankToNull(fieldSelector)).withLimit(limit == null ? null : (long) limit)
        .withContinue(blankToNull(continueToken)).build();
    return call("list", ns, null, () -> scope(ns).list(options));
  }

  T update(String name, T body, String namespace) {
    return replace(name, body, namespace, false);
  }

  T updateStatus(String name, T body, String namespace) {
    return replace(name, body, namespace, true);
  }

  /** PUT of the object, or of its status subresource. */
  private T replace(String name, T body, String namespace, boolean status) {
    Validation.name(name);
    Validation.body(body, AgentsApi.API_VERSION, kind.kind());
    String ns = objectNamespace(namespace != null ? namespace : bodyNamespace(body));
    Validation.bodyNamespace(body, ns);
    Validation.bodyName(body, name);
    T prepared = withTypeMeta(body, name);
    return written(call("update", ns, name, () -> {
      Resource<T> resource = op().inNamespace(ns).resource(prepared);
      return status ? resource.updateStatus() : resource.update();
    }));
  }

  T patch(String name, String patch, String namespace, PatchType type, PatchOptions options) {
    Validation.name(name);
    String ns = objectNamespace(namespace);
    if (patch == null || patch.isBlank()) {
      throw ValidationException.forField("patch", "Required", "must not be null or blank");
    }
    PatchType patchType = type == null ? PatchType.MERGE : type;
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
    return call("deletecollection", ns, null, () -> {
      FilterWatchListDeletable<T, L, Resource<T>> scope = scope(ns);
      if (blankToNull(labelSelector) != null) {
        scope = scope.withLabelSelector(labelSelector);
      }
      for (FieldSelectors.Term term : FieldSelectors.parse(fieldSelector)) {
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
    QueueWatchStream<T> stream = new QueueWatchStream<>();
    WatchHandle handle = watch(ns, labelSelector, fieldSelector, resourceVersion, stream::offer);
    stream.onClose(handle);
    if (timeout != null) {
      stream.closeAfter(ctx.scheduler(), timeout);
    }
    return stream;
  }

  WatchHandle watch(String namespace, String labelSelector, String fieldSelector,
      String resourceVersion, java.util.function.Consumer<WatchEvent<T>> callback) {
    String ns = namespace(namespace);
    if (callback == null) {
      throw ValidationException.forField("callback", "Required", "must not be null");
    }
    ListOptions options = new ListOptionsBuilder().withLabelSelector(blankToNull(labelSelector))
        .withFieldSelector(blankToNull(fieldSelector))
        .withResourceVersion(blankToNull(resourceVersion)).build();
    CallbackWatcher<T> watcher = new CallbackWatcher<>(callback,
        e -> translateWatchFailure(e, ns, resourceVersion));
    io.fabric8.kubernetes.client.Watch watch =
        call("watch", ns, null, () -> scope(ns).watch(options, watcher));
    return watcher.handle(watch);
  }

  private AgentsApiException translateWatchFailure(KubernetesClientException e, String ns,
      String resourceVersion) {
    AgentsApiException translated = ApiErrors.translate(e, kind, "watch", ns, null);
    if (translated.code() == 410) {
      return new io.kruise.agents.client.exceptions.ResourceVersionExpiredException(
          "watch " + ApiErrors.describe(kind, ns, null) + " from resourceVersion "
              + resourceVersion + ": that version has been compacted (HTTP 410 Gone); list"
              + " again and watch from the list's resourceVersion",
          resourceVersion, e);
    }
    return translated;
  }

  /**
   * Waits until the named object satisfies a predicate: list-then-watch of that one object, or
   * the shared informer when one runs for this namespace.
   */
  CompletableFuture<T> waitFor(String name, String namespace, Predicate<T> predicate,
      String description, Duration timeout) {
    Validation.name(name);
    String ns = objectNamespace(namespace);
    Duration deadline = timeout == null ? ctx.configuration().defaultTimeout()
        : Validation.timeout(timeout);
    CompletableFuture<T> viaCache = ctx.cache().waitFor(kind.type(), ns, name, predicate,
        description, deadline);
    if (viaCache != null) {
      return viaCache;
    }
    return new ObjectWatchWait<>(this, ns, name, predicate, description, deadline).start();
  }

  T await(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new AgentsApiException("interrupted while waiting", 0, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AgentsApiException api) {
        // Rethrown on the caller's thread: a fresh stack trace with the original as cause.
        throw api;
      }
      throw new AgentsApiException("wait failed: " + e.getCause(), 0, e.getCause());
    }
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
