package io.kruise.agents.client;

import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleBuilder;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Operations on {@link SandboxSet} objects, named as in the Python client. Obtained from
 * {@link AgentsClient#sandboxSets()} or {@link AgentsClient#sandboxSets(String)}; thread-safe.
 *
 * <p>Every method that takes a {@code namespace} treats null as this client's namespace; methods
 * over collections (list, watch, delete-collection) also accept {@link AgentsClient#ALL_NAMESPACES}.
 * Reads here always go to the API server; for cached reads use the shared informers' listers.
 * Invalid input raises a {@link io.kruise.agents.client.exceptions.ValidationException} before
 * any request; server failures raise the typed exceptions of
 * {@link io.kruise.agents.client.exceptions}.
 */
public final class SandboxSetClient {

  private final ResourceOperations<SandboxSet, SandboxSetList> ops;

  SandboxSetClient(ClientContext ctx, String namespace) {
    this.ops = new ResourceOperations<>(ctx, AgentsKinds.SANDBOX_SET, namespace);
  }

  /** @return the namespace used when an operation is given none */
  public String namespace() {
    return ops.defaultNamespace();
  }

  /**
   * Creates a SandboxSet in its own namespace, or this client's when it names none.
   *
   * @param sandboxSet the SandboxSet; needs metadata.name or metadata.generateName
   * @return the created SandboxSet as the server stored it
   */
  public SandboxSet createSandboxSet(SandboxSet sandboxSet) {
    return createSandboxSet(sandboxSet, null);
  }

  /**
   * Creates a SandboxSet.
   *
   * @param sandboxSet the SandboxSet; its namespace, if set, must equal {@code namespace}
   * @param namespace the namespace; null means the body's, else this client's
   * @return the created SandboxSet as the server stored it
   */
  public SandboxSet createSandboxSet(SandboxSet sandboxSet, String namespace) {
    checkReplicas(sandboxSet);
    return ops.create(sandboxSet, namespace);
  }

  /**
   * Reads a SandboxSet from the API server.
   *
   * @param name the SandboxSet name
   * @return the SandboxSet
   * @throws io.kruise.agents.client.exceptions.SandboxSetNotFoundException if it does not exist
   */
  public SandboxSet getSandboxSet(String name) {
    return ops.get(name, null);
  }

  /**
   * Reads a SandboxSet from the API server.
   *
   * @param name the SandboxSet name
   * @param namespace the namespace; null means this client's
   * @return the SandboxSet
   * @throws io.kruise.agents.client.exceptions.SandboxSetNotFoundException if it does not exist
   */
  public SandboxSet getSandboxSet(String name, String namespace) {
    return ops.get(name, namespace);
  }

  /** @return every SandboxSet in this client's namespace */
  public SandboxSetList listSandboxSets() {
    return ops.list(null, null, null, null, null);
  }

  /**
   * Lists SandboxSets.
   *
   * @param namespace the namespace; null means this client's, {@link AgentsClient#ALL_NAMESPACES} all
   * @param labelSelector e.g. {@code app=demo,tier in (a,b)}; null for none
   * @param fieldSelector e.g. {@code metadata.name=foo}; null for none
   * @return the matching SandboxSets and the list's resourceVersion
   */
  public SandboxSetList listSandboxSets(String namespace, String labelSelector,
      String fieldSelector) {
    return ops.list(namespace, labelSelector, fieldSelector, null, null);
  }

  /**
   * Lists one page of SandboxSets; pass the returned {@code metadata.continue} to get the next.
   *
   * @param namespace the namespace; null means this client's, {@link AgentsClient#ALL_NAMESPACES} all
   * @param labelSelector label selector, or null
   * @param fieldSelector field selector, or null
   * @param limit the page size (positive), or null for no limit
   * @param continueToken the previous page's {@code metadata.continue}, or null for the first page
   * @return the page; its {@code metadata.continue} is null on the last page
   */
  public SandboxSetList listSandboxSets(String namespace, String labelSelector, String fieldSelector,
      Integer limit, String continueToken) {
    return ops.list(namespace, labelSelector, fieldSelector, limit, continueToken);
  }

  /**
   * Replaces a SandboxSet if nothing changed it since it was read: the body must carry the
   * resourceVersion it was read at (a SandboxSet from {@code getSandboxSet}, a list, a watch or a previous
   * write), and that exact version is sent.
   *
   * @param name the SandboxSet name; the body's name, if set, must match
   * @param sandboxSet the new SandboxSet, with metadata.resourceVersion
   * @return the SandboxSet as the server stored it
   * @throws io.kruise.agents.client.exceptions.ConflictException when the resourceVersion is
   *     stale (someone else wrote in between): read again and retry, or use
   *     {@link #modifySandboxSet(String, UnaryOperator)}
   * @throws io.kruise.agents.client.exceptions.ValidationException naming
   *     {@code metadata.resourceVersion} when the body has none (before any request)
   */
  public SandboxSet updateSandboxSet(String name, SandboxSet sandboxSet) {
    return updateSandboxSet(name, sandboxSet, UpdateMode.OPTIMISTIC, null);
  }

  /**
   * Replaces a SandboxSet if nothing changed it since it was read (see
   * {@link #updateSandboxSet(String, SandboxSet)}).
   *
   * @param name the SandboxSet name
   * @param sandboxSet the new SandboxSet, with metadata.resourceVersion
   * @param namespace the namespace; null means the body's, else this client's
   * @return the SandboxSet as the server stored it
   */
  public SandboxSet updateSandboxSet(String name, SandboxSet sandboxSet, String namespace) {
    return updateSandboxSet(name, sandboxSet, UpdateMode.OPTIMISTIC, namespace);
  }

  /**
   * Replaces a SandboxSet, optimistically or, with {@link UpdateMode#UNCONDITIONAL}, overwriting
   * whatever is stored.
   *
   * @param name the SandboxSet name
   * @param sandboxSet the new SandboxSet
   * @param mode {@link UpdateMode#OPTIMISTIC} (the body's resourceVersion must be current) or
   *     {@link UpdateMode#UNCONDITIONAL} (last writer wins)
   * @param namespace the namespace; null means the body's, else this client's
   * @return the SandboxSet as the server stored it
   */
  public SandboxSet updateSandboxSet(String name, SandboxSet sandboxSet, UpdateMode mode,
      String namespace) {
    checkReplicas(sandboxSet);
    return ops.update(name, sandboxSet, mode, namespace);
  }

  /**
   * Applies a JSON merge patch to a SandboxSet.
   *
   * @param name the SandboxSet name
   * @param patch the merge patch, e.g. {@code {"spec":{"replicas":3}}}
   * @return the patched SandboxSet
   */
  public SandboxSet patchSandboxSet(String name, String patch) {
    return ops.patch(name, patch, null, PatchType.MERGE, null);
  }

  /**
   * Patches a SandboxSet.
   *
   * @param name the SandboxSet name
   * @param patch the patch in the given format
   * @param namespace the namespace; null means this client's
   * @param type MERGE (null means MERGE), JSON, or APPLY with the configured field manager
   * @return the patched SandboxSet
   */
  public SandboxSet patchSandboxSet(String name, String patch, String namespace, PatchType type) {
    return ops.patch(name, patch, namespace, type, null);
  }

  /**
   * Patches a SandboxSet with explicit options (field manager, force for server-side apply).
   *
   * @param name the SandboxSet name
   * @param patch the patch in the given format
   * @param namespace the namespace; null means this client's
   * @param type the patch format
   * @param options field manager and force
   * @return the patched SandboxSet
   */
  public SandboxSet patchSandboxSet(String name, String patch, String namespace, PatchType type,
      PatchOptions options) {
    return ops.patch(name, patch, namespace, type, options);
  }

  /**
   * Replaces a SandboxSet's status through the status subresource (the spec of the body is ignored),
   * if nothing changed the SandboxSet since it was read: the body must carry its resourceVersion.
   *
   * @param name the SandboxSet name
   * @param sandboxSet a SandboxSet carrying the new status and metadata.resourceVersion
   * @return the SandboxSet as the server stored it
   * @throws io.kruise.agents.client.exceptions.ConflictException when the resourceVersion is
   *     stale
   * @throws io.kruise.agents.client.exceptions.ValidationException naming
   *     {@code metadata.resourceVersion} when the body has none (before any request)
   */
  public SandboxSet updateSandboxSetStatus(String name, SandboxSet sandboxSet) {
    return updateSandboxSetStatus(name, sandboxSet, UpdateMode.OPTIMISTIC, null);
  }

  /**
   * Replaces a SandboxSet's status through the status subresource, if nothing changed it since it
   * was read.
   *
   * @param name the SandboxSet name
   * @param sandboxSet a SandboxSet carrying the new status and metadata.resourceVersion
   * @param namespace the namespace; null means the body's, else this client's
   * @return the SandboxSet as the server stored it
   */
  public SandboxSet updateSandboxSetStatus(String name, SandboxSet sandboxSet, String namespace) {
    return updateSandboxSetStatus(name, sandboxSet, UpdateMode.OPTIMISTIC, namespace);
  }

  /**
   * Replaces a SandboxSet's status through the status subresource, optimistically or overwriting
   * whatever is stored.
   *
   * @param name the SandboxSet name
   * @param sandboxSet a SandboxSet carrying the new status
   * @param mode {@link UpdateMode#OPTIMISTIC} or {@link UpdateMode#UNCONDITIONAL}
   * @param namespace the namespace; null means the body's, else this client's
   * @return the SandboxSet as the server stored it
   */
  public SandboxSet updateSandboxSetStatus(String name, SandboxSet sandboxSet, UpdateMode mode,
      String namespace) {
    return ops.updateStatus(name, sandboxSet, mode, namespace);
  }

  /**
   * Reads a SandboxSet, changes a copy with {@code mutation} and writes it back with the version it
   * read; when another writer got there first (409), reads and applies the mutation again, as
   * configured by {@link Configuration#conflictRetry()}. Reads come from the shared cache when
   * one covers the namespace, else from the server. A mutation that returns an unchanged object
   * sends nothing.
   *
   * <pre>{@code
   * sandboxSets.modifySandboxSet("my-sandboxset", s -> {
   *   s.getMetadata().getLabels().put("tier", "gold");
   *   return s;
   * });
   * }</pre>
   *
   * @param name the SandboxSet name
   * @param mutation changes the copy it is given (it may run several times, each time on a
   *     fresh copy of the current version) and returns it; what it throws propagates
   * @return the SandboxSet as the server stored it (or the unchanged copy when nothing changed)
   * @throws io.kruise.agents.client.exceptions.ConflictException when every attempt conflicted
   */
  public SandboxSet modifySandboxSet(String name, UnaryOperator<SandboxSet> mutation) {
    return modifySandboxSet(name, mutation, null);
  }

  /**
   * Reads, changes and writes back a SandboxSet, retrying on conflicts (see
   * {@link #modifySandboxSet(String, UnaryOperator)}).
   *
   * @param name the SandboxSet name
   * @param mutation changes the copy it is given and returns it
   * @param namespace the namespace; null means this client's
   * @return the SandboxSet as the server stored it
   */
  public SandboxSet modifySandboxSet(String name, UnaryOperator<SandboxSet> mutation,
      String namespace) {
    return ops.modify(name, mutation, namespace, false);
  }

  /**
   * Reads a SandboxSet, changes the status of a copy with {@code mutation} and writes it through the
   * status subresource, retrying on conflicts like {@link #modifySandboxSet(String, UnaryOperator)}.
   *
   * @param name the SandboxSet name
   * @param mutation changes the copy's status and returns it
   * @return the SandboxSet as the server stored it
   */
  public SandboxSet modifySandboxSetStatus(String name, UnaryOperator<SandboxSet> mutation) {
    return modifySandboxSetStatus(name, mutation, null);
  }

  /**
   * Reads a SandboxSet, changes the status of a copy and writes it through the status subresource,
   * retrying on conflicts.
   *
   * @param name the SandboxSet name
   * @param mutation changes the copy's status and returns it
   * @param namespace the namespace; null means this client's
   * @return the SandboxSet as the server stored it
   */
  public SandboxSet modifySandboxSetStatus(String name, UnaryOperator<SandboxSet> mutation,
      String namespace) {
    return ops.modify(name, mutation, namespace, true);
  }

  /**
   * Deletes a SandboxSet.
   *
   * @param name the SandboxSet name
   * @throws io.kruise.agents.client.exceptions.SandboxSetNotFoundException if it does not exist
   */
  public void deleteSandboxSet(String name) {
    ops.delete(name, null, null);
  }

  /**
   * Deletes a SandboxSet.
   *
   * @param name the SandboxSet name
   * @param namespace the namespace; null means this client's
   * @param gracePeriodSeconds the grace period, or null for the server's default
   * @throws io.kruise.agents.client.exceptions.SandboxSetNotFoundException if it does not exist
   */
  public void deleteSandboxSet(String name, String namespace, Long gracePeriodSeconds) {
    ops.delete(name, namespace, gracePeriodSeconds);
  }

  /**
   * Deletes every SandboxSet that matches the selectors.
   *
   * @param namespace the namespace; null means this client's, {@link AgentsClient#ALL_NAMESPACES} all
   * @param labelSelector label selector, or null for all
   * @param fieldSelector field selector ({@code f=v}, {@code f==v}, {@code f!=v} terms), or null
   * @return what was deleted
   */
  public List<StatusDetails> deleteCollectionSandboxSets(String namespace, String labelSelector,
      String fieldSelector) {
    return ops.deleteCollection(namespace, labelSelector, fieldSelector);
  }

  /**
   * Watches SandboxSets as a blocking stream of events.
   *
   * @param namespace the namespace; null means this client's, {@link AgentsClient#ALL_NAMESPACES} all
   * @param labelSelector label selector, or null
   * @param fieldSelector field selector, or null
   * @param timeoutSeconds the stream ends after this many seconds; null for no end
   * @return the stream; close it
   */
  public WatchStream<SandboxSet> watchSandboxSets(String namespace, String labelSelector,
      String fieldSelector, Integer timeoutSeconds) {
    return ops.watch(namespace, labelSelector, fieldSelector, null, timeoutSeconds);
  }

  /**
   * Resumes watching SandboxSets from a resourceVersion (for example a list's), without replaying
   * what came before it. A compacted resourceVersion ends the stream with an ERROR event holding a
   * {@link io.kruise.agents.client.exceptions.ResourceVersionExpiredException}.
   *
   * @param namespace the namespace; null means this client's, {@link AgentsClient#ALL_NAMESPACES} all
   * @param labelSelector label selector, or null
   * @param fieldSelector field selector, or null
   * @param resourceVersion where to resume, or null to start with the current objects as ADDED
   * @param timeoutSeconds the stream ends after this many seconds; null for no end
   * @return the stream; close it
   */
  public WatchStream<SandboxSet> watchSandboxSets(String namespace, String labelSelector,
      String fieldSelector, String resourceVersion, Integer timeoutSeconds) {
    return ops.watch(namespace, labelSelector, fieldSelector, resourceVersion, timeoutSeconds);
  }

  /**
   * Watches SandboxSets with a callback, run on the watch thread.
   *
   * @param namespace the namespace; null means this client's, {@link AgentsClient#ALL_NAMESPACES} all
   * @param labelSelector label selector, or null
   * @param fieldSelector field selector, or null
   * @param resourceVersion where to resume, or null
   * @param callback receives each event; the last one is ERROR if the watch fails
   * @return the handle that stops the watch
   */
  public WatchHandle watchSandboxSets(String namespace, String labelSelector, String fieldSelector,
      String resourceVersion, Consumer<WatchEvent<SandboxSet>> callback) {
    return ops.watch(namespace, labelSelector, fieldSelector, resourceVersion, callback);
  }

  /**
   * Waits until a SandboxSet's condition has a status, e.g. {@code Ready=True}, with the configured
   * default timeout.
   *
   * @param name the SandboxSet name
   * @param conditionType the condition type, e.g. {@code Ready}
   * @return the first version of the SandboxSet that satisfies it
   */
  public SandboxSet waitForSandboxSetCondition(String name, String conditionType) {
    return waitForSandboxSetCondition(name, conditionType, "True", null, null);
  }

  /**
   * Waits until a SandboxSet's condition has a status. Event-driven (the shared informer when one
   * runs for the namespace, else a watch of this one SandboxSet); returns at once if it already holds.
   *
   * @param name the SandboxSet name
   * @param conditionType the condition type, e.g. {@code Ready}
   * @param conditionStatus {@code True}, {@code False} or {@code Unknown}
   * @param timeout how long to wait; null means the configured default
   * @return the first version of the SandboxSet that satisfies it
   * @throws io.kruise.agents.client.exceptions.TimeoutException at the deadline, naming the last
   *     state seen
   * @throws io.kruise.agents.client.exceptions.SandboxSetNotFoundException if it is missing or deleted
   */
  public SandboxSet waitForSandboxSetCondition(String name, String conditionType,
      String conditionStatus, Duration timeout) {
    return waitForSandboxSetCondition(name, conditionType, conditionStatus, timeout, null);
  }

  /**
   * Waits until a SandboxSet's condition has a status.
   *
   * @param name the SandboxSet name
   * @param conditionType the condition type
   * @param conditionStatus {@code True}, {@code False} or {@code Unknown}
   * @param timeout how long to wait; null means the configured default
   * @param namespace the namespace; null means this client's
   * @return the first version of the SandboxSet that satisfies it
   */
  public SandboxSet waitForSandboxSetCondition(String name, String conditionType,
      String conditionStatus, Duration timeout, String namespace) {
    return ops.await(waitForSandboxSetConditionAsync(name, conditionType, conditionStatus,
        timeout, namespace), timeout, "SandboxSet " + name + " to reach " + conditionType + "="
        + conditionStatus);
  }

  /**
   * The non-blocking form of {@link #waitForSandboxSetCondition(String, String, String, Duration)}, in
   * this client's namespace.
   *
   * @param name the SandboxSet name
   * @param conditionType the condition type
   * @param conditionStatus {@code True}, {@code False} or {@code Unknown}
   * @param timeout how long to wait; null means the configured default
   * @return completes with the SandboxSet, or exceptionally with a typed exception
   */
  public CompletableFuture<SandboxSet> waitForSandboxSetConditionAsync(String name, String conditionType,
      String conditionStatus, Duration timeout) {
    return waitForSandboxSetConditionAsync(name, conditionType, conditionStatus, timeout, null);
  }

  /**
   * The non-blocking form of {@link #waitForSandboxSetCondition(String, String, String, Duration,
   * String)}: cancelling the future stops the wait.
   *
   * @param name the SandboxSet name
   * @param conditionType the condition type
   * @param conditionStatus {@code True}, {@code False} or {@code Unknown}
   * @param timeout how long to wait; null means the configured default
   * @param namespace the namespace; null means this client's
   * @return completes with the SandboxSet, or exceptionally with a typed exception
   */
  public CompletableFuture<SandboxSet> waitForSandboxSetConditionAsync(String name,
      String conditionType, String conditionStatus, Duration timeout, String namespace) {
    Predicate<SandboxSet> predicate = ops.conditionPredicate(
        s -> s.getStatus() == null ? null : s.getStatus().getConditions(), conditionType,
        conditionStatus);
    return ops.waitFor(name, namespace, predicate,
        "condition " + conditionType + "=" + conditionStatus, timeout);
  }

  /**
   * Waits until a SandboxSet satisfies any predicate.
   *
   * @param name the SandboxSet name
   * @param namespace the namespace; null means this client's
   * @param predicate what to wait for; must not block
   * @param timeout how long to wait; null means the configured default
   * @return completes with the first satisfying version, or exceptionally with a typed exception
   */
  public CompletableFuture<SandboxSet> waitForSandboxSet(String name, String namespace,
      Predicate<SandboxSet> predicate, Duration timeout) {
    if (predicate == null) {
      throw io.kruise.agents.client.exceptions.ValidationException.forField("predicate",
          "Required", "must not be null");
    }
    return ops.waitFor(name, namespace, predicate, "the given predicate", timeout);
  }
  /**
   * Scales a SandboxSet through its {@code /scale} subresource, as {@code kubectl scale} does.
   *
   * @param name the SandboxSet name
   * @param replicas the number of unused sandboxes to keep; not negative
   * @return the SandboxSet after the scale
   */
  public SandboxSet scaleSandboxSet(String name, int replicas) {
    return scaleSandboxSet(name, replicas, null);
  }

  /**
   * Scales a SandboxSet through its {@code /scale} subresource.
   *
   * @param name the SandboxSet name
   * @param replicas the number of unused sandboxes to keep; not negative
   * @param namespace the namespace; null means this client's
   * @return the SandboxSet after the scale
   */
  public SandboxSet scaleSandboxSet(String name, int replicas, String namespace) {
    Validation.name(name);
    Validation.replicas(replicas);
    String ns = ops.objectNamespace(namespace);
    Scale scale = new ScaleBuilder().withNewMetadata().withName(name).withNamespace(ns)
        .endMetadata().withNewSpec().withReplicas(replicas).endSpec().build();
    ops.call("update", ns, name, () -> ops.op().inNamespace(ns).withName(name).scale(scale));
    return ops.written(ops.get(name, ns));
  }

  /**
   * Reads the desired replica count ({@code spec.replicas}) through the {@code /scale}
   * subresource.
   *
   * @param name the SandboxSet name
   * @return spec.replicas
   */
  public int getSandboxSetReplicas(String name) {
    return getSandboxSetReplicas(name, null);
  }

  /**
   * Reads the desired replica count ({@code spec.replicas}) through the {@code /scale}
   * subresource.
   *
   * @param name the SandboxSet name
   * @param namespace the namespace; null means this client's
   * @return spec.replicas
   */
  public int getSandboxSetReplicas(String name, String namespace) {
    Validation.name(name);
    String ns = ops.objectNamespace(namespace);
    Scale scale = ops.call("get", ns, name,
        () -> ops.op().inNamespace(ns).withName(name).scale());
    if (scale == null) {
      throw ops.kind().notFound().create(ns, name, "not found", null);
    }
    Integer replicas = scale.getSpec() == null ? null : scale.getSpec().getReplicas();
    return replicas == null ? 0 : replicas;
  }

  /**
   * Reads desired, current and available replica counts in one request.
   *
   * @param name the SandboxSet name
   * @param namespace the namespace; null means this client's
   * @return the counts
   */
  public SandboxSetReplicas getSandboxSetReplicaCounts(String name, String namespace) {
    return SandboxSetReplicas.of(ops.get(name, namespace));
  }

  /**
   * Waits until a SandboxSet has as many available sandboxes as it wants
   * ({@link SandboxSetReplicas#isReached()}).
   *
   * @param name the SandboxSet name
   * @param timeout how long to wait; null means the configured default
   * @param namespace the namespace; null means this client's
   * @return the first version that reached its replica count
   */
  public SandboxSet waitForSandboxSetReplicas(String name, Duration timeout, String namespace) {
    return ops.await(ops.waitFor(name, namespace, s -> SandboxSetReplicas.of(s).isReached(),
        "its replica count", timeout), timeout, "SandboxSet " + name + " to reach its replica"
        + " count");
  }

  /**
   * Reads desired, current and available replica counts in this client's namespace.
   *
   * @param name the SandboxSet name
   * @return the counts
   */
  public SandboxSetReplicas getSandboxSetReplicaCounts(String name) {
    return getSandboxSetReplicaCounts(name, null);
  }

  private static void checkReplicas(SandboxSet set) {
    if (set != null) {
      Validation.replicas(set.getSpec() == null ? null : set.getSpec().getReplicas());
    }
  }
}
