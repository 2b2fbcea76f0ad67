package io.kruise.agents.client;

import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.CustomResource;
import io.kruise.agents.client.exceptions.ValidationException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The operations on objects of any registered kind ({@link ResourceKind}), the same ones the
 * typed clients ({@link SandboxClient}, {@link SandboxSetClient}, {@link SandboxClaimClient},
 * {@link SandboxTemplateClient}) offer under their kinds' names. Obtained from
 * {@link AgentsClient#resources(ResourceKind, String)}; thread-safe.
 *
 * <p>Every method that takes a {@code namespace} treats null as this client's namespace; methods
 * over collections also accept {@link AgentsClient#ALL_NAMESPACES}. Invalid input raises a
 * {@link io.kruise.agents.client.exceptions.ValidationException} before any request; a missing
 * object raises the kind's NotFound exception; waits use the shared informer of the kind when one
 * covers the namespace, else a watch of the one object.
 *
 * @param <T> the resource type
 * @param <L> its list type
 */
public final class ResourceClient<T extends CustomResource<?, ?>,
    L extends KubernetesResourceList<T>> {

  private final ResourceOperations<T, L> ops;

  ResourceClient(ClientContext ctx, ResourceKind<T, L> kind, String namespace) {
    this.ops = new ResourceOperations<>(ctx, kind, namespace);
  }

  /** @return the registration of the kind this client works on */
  public ResourceKind<T, L> kind() {
    return ops.kind();
  }

  /** @return the namespace used when an operation is given none */
  public String namespace() {
    return ops.defaultNamespace();
  }

  /**
   * Creates an object.
   *
   * @param obj the object; needs metadata.name or metadata.generateName
   * @param namespace the namespace; null means the body's, else this client's
   * @return the object as the server stored it
   */
  public T create(T obj, String namespace) {
    return ops.create(obj, namespace);
  }

  /**
   * Reads an object from the API server.
   *
   * @param name its name
   * @param namespace the namespace; null means this client's
   * @return the object
   * @throws io.kruise.agents.client.exceptions.NotFoundException (the kind's subclass) when it
   *     does not exist
   */
  public T get(String name, String namespace) {
    return ops.get(name, namespace);
  }

  /**
   * Lists objects.
   *
   * @param namespace the namespace; null means this client's, {@link AgentsClient#ALL_NAMESPACES} all
   * @param labelSelector label selector, or null
   * @param fieldSelector field selector, or null
   * @param limit the page size (positive), or null for no limit
   * @param continueToken the previous page's {@code metadata.continue}, or null
   * @return the matching objects and the list's resourceVersion
   */
  public L list(String namespace, String labelSelector, String fieldSelector, Integer limit,
      String continueToken) {
    return ops.list(namespace, labelSelector, fieldSelector, limit, continueToken);
  }

  /**
   * Replaces an object, optimistically (the body's resourceVersion must be current) or
   * unconditionally.
   *
   * @param name its name
   * @param obj the new object
   * @param mode {@link UpdateMode#OPTIMISTIC} or {@link UpdateMode#UNCONDITIONAL}
   * @param namespace the namespace; null means the body's, else this client's
   * @return the object as the server stored it
   */
  public T update(String name, T obj, UpdateMode mode, String namespace) {
    return ops.update(name, obj, mode, namespace);
  }

  /**
   * Replaces an object's status through the status subresource (kinds that have one).
   *
   * @param name its name
   * @param obj an object carrying the new status
   * @param mode {@link UpdateMode#OPTIMISTIC} or {@link UpdateMode#UNCONDITIONAL}
   * @param namespace the namespace; null means the body's, else this client's
   * @return the object as the server stored it
   */
  public T updateStatus(String name, T obj, UpdateMode mode, String namespace) {
    return ops.updateStatus(name, obj, mode, namespace);
  }

  /**
   * Reads, changes a copy and writes back with the version read, retrying on conflicts (reads
   * come from the shared cache when one covers the namespace).
   *
   * @param name its name
   * @param mutation changes the copy it is given and returns it
   * @param namespace the namespace; null means this client's
   * @return the object as the server stored it (or the unchanged copy when nothing changed)
   */
  public T modify(String name, UnaryOperator<T> mutation, String namespace) {
    return ops.modify(name, mutation, namespace, false);
  }

  /**
   * Like {@link #modify}, writing through the status subresource.
   *
   * @param name its name
   * @param mutation changes the copy's status and returns it
   * @param namespace the namespace; null means this client's
   * @return the object as the server stored it
   */
  public T modifyStatus(String name, UnaryOperator<T> mutation, String namespace) {
    return ops.modify(name, mutation, namespace, true);
  }

  /**
   * Patches an object.
   *
   * @param name its name
   * @param patch the patch in the given format
   * @param namespace the namespace; null means this client's
   * @param type MERGE (null means MERGE), JSON, or APPLY
   * @param options field manager and force; null for the defaults
   * @return the patched object
   */
  public T patch(String name, String patch, String namespace, PatchType type,
      PatchOptions options) {
    return ops.patch(name, patch, namespace, type, options);
  }

  /**
   * Deletes an object.
   *
   * @param name its name
   * @param namespace the namespace; null means this client's
   * @param gracePeriodSeconds the grace period, or null for the server's default
   */
  public void delete(String name, String namespace, Long gracePeriodSeconds) {
    ops.delete(name, namespace, gracePeriodSeconds);
  }

  /**
   * Deletes every object that matches the selectors.
   *
   * @param namespace the namespace; null means this client's, {@link AgentsClient#ALL_NAMESPACES} all
   * @param labelSelector label selector, or null
   * @param fieldSelector field selector, or null
   * @return what was deleted
   */
  public List<StatusDetails> deleteCollection(String namespace, String labelSelector,
      String fieldSelector) {
    return ops.deleteCollection(namespace, labelSelector, fieldSelector);
  }

  /**
   * Watches objects as a blocking stream of events.
   *
   * @param namespace the namespace; null means this client's, {@link AgentsClient#ALL_NAMESPACES} all
   * @param labelSelector label selector, or null
   * @param fieldSelector field selector, or null
   * @param resourceVersion where to resume, or null to start with the current objects as ADDED
   * @param timeoutSeconds the stream ends after this many seconds; null for no end
   * @return the stream; close it
   */
  public WatchStream<T> watch(String namespace, String labelSelector, String fieldSelector,
      String resourceVersion, Integer timeoutSeconds) {
    return ops.watch(namespace, labelSelector, fieldSelector, resourceVersion, timeoutSeconds);
  }

  /**
   * Watches objects with a callback, run on the watch thread.
   *
   * @param namespace the namespace; null means this client's, {@link AgentsClient#ALL_NAMESPACES} all
   * @param labelSelector label selector, or null
   * @param fieldSelector field selector, or null
   * @param resourceVersion where to resume, or null
   * @param callback receives each event; the last one is ERROR if the watch fails
   * @return the handle that stops the watch
   */
  public WatchHandle watch(String namespace, String labelSelector, String fieldSelector,
      String resourceVersion, Consumer<WatchEvent<T>> callback) {
    return ops.watch(namespace, labelSelector, fieldSelector, resourceVersion, callback);
  }

  /**
   * Waits until an object satisfies a predicate, event-driven; returns at once if it already
   * does.
   *
   * @param name its name
   * @param namespace the namespace; null means this client's
   * @param predicate what to wait for; must not block
   * @param timeout how long to wait; null means the configured default
   * @return completes with the first satisfying version, or exceptionally with a typed exception
   */
  public CompletableFuture<T> waitFor(String name, String namespace, Predicate<T> predicate,
      Duration timeout) {
    Validation.required("predicate", predicate);
    return ops.waitFor(name, namespace, predicate, "the given predicate", timeout);
  }

  /**
   * Waits until an object's condition has a status, for kinds whose status has
   * {@code conditions}.
   *
   * @param name its name
   * @param conditionType the condition type
   * @param conditionStatus {@code True}, {@code False} or {@code Unknown}
   * @param timeout how long to wait; null means the configured default
   * @param namespace the namespace; null means this client's
   * @return the first version that satisfies it
   * @throws ValidationException naming {@code conditionType} when the kind's status type has no
   *     conditions (does not implement {@code io.kruise.agents.model.HasConditions}), before any
   *     request
   */
  public T waitForCondition(String name, String conditionType, String conditionStatus,
      Duration timeout, String namespace) {
    if (!ops.kind().statusMayHaveConditions()) {
      // such a wait could only time out: refuse it before any request
      throw ValidationException.forField("conditionType", "Invalid", ops.kind().kind()
          + " objects report no conditions: the status of " + ops.kind().type().getSimpleName()
          + " does not implement HasConditions");
    }
    return ops.await(ops.waitFor(name, namespace, ops.conditionPredicate(ops::conditions,
        conditionType, conditionStatus), "condition " + conditionType + "=" + conditionStatus,
        timeout), timeout, ops.kind().kind() + " " + name + " to reach " + conditionType + "="
        + conditionStatus);
  }
}
