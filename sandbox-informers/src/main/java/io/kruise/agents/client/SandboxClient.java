package io.kruise.agents.client;

import io.fabric8.kubernetes.api.model.StatusDetails;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Operations on {@link Sandbox} objects, named as in the Python client. Obtained from
 * {@link AgentsClient#sandboxes()} or {@link AgentsClient#sandboxes(String)}; thread-safe.
 *
 * <p>Every method that takes a {@code namespace} treats null as this client's namespace; methods
 * over collections (list, watch, delete-collection) also accept {@link AgentsClient#ALL_NAMESPACES}.
 * Reads here always go to the API server; for cached reads use the shared informers' listers.
 * Invalid input raises a {@link io.kruise.agents.client.exceptions.ValidationException} before
 * any request; server failures raise the typed exceptions of
 * {@link io.kruise.agents.client.exceptions}.
 */
public final class SandboxClient {

  private final ResourceOperations<Sandbox, SandboxList> ops;

  SandboxClient(ClientContext ctx, String namespace) {
    this.ops = new ResourceOperations<>(ctx, AgentsKinds.SANDBOX, namespace);
  }

  /** @return the namespace used when an operation is given none */
  public String namespace() {
    return ops.defaultNamespace();
  }

  /**
   * Creates a Sandbox in its own namespace, or this client's when it names none.
   *
   * @param sandbox the Sandbox; needs metadata.name or metadata.generateName
   * @return the created Sandbox as the server stored it
   */
  public Sandbox createSandbox(Sandbox sandbox) {
    return ops.create(sandbox, null);
  }

  /**
   * Creates a Sandbox.
   *
   * @param sandbox the Sandbox; its namespace, if set, must equal {@code namespace}
   * @param namespace the namespace; null means the body's, else this client's
   * @return the created Sandbox as the server stored it
   */
  public Sandbox createSandbox(Sandbox sandbox, String namespace) {
    return ops.create(sandbox, namespace);
  }

  /**
   * Reads a Sandbox from the API server.
   *
   * @param name the Sandbox name
   * @return the Sandbox
   * @throws io.kruise.agents.client.exceptions.SandboxNotFoundException if it does not exist
   */
  public Sandbox getSandbox(String name) {
    return ops.get(name, null);
  }

  /**
   * Reads a Sandbox from the API server.
   *
   * @param name the Sandbox name
   * @param namespace the namespace; null means this client's
   * @return the Sandbox
   * @throws io.kruise.agents.client.exceptions.SandboxNotFoundException if it does not exist
   */
  public Sandbox getSandbox(String name, String namespace) {
    return ops.get(name, namespace);
  }

  /** @return every Sandbox in this client's namespace */
  public SandboxList listSandboxes() {
    return ops.list(null, null, null, null, null);
  }

  /**
   * Lists Sandboxes.
   *
   * @param namespace the namespace; null means this client's, {@link AgentsClient#ALL_NAMESPACES} all
   * @param labelSelector e.g. {@code app=demo,tier in (a,b)}; null for none
   * @param fieldSelector e.g. {@code metadata.name=foo}; null for none
   * @return the matching Sandboxes and the list's resourceVersion
   */
  public SandboxList listSandboxes(String namespace, String labelSelector, String fieldSelector) {
    return ops.list(namespace, labelSelector, fieldSelector, null, null);
  }

  /**
   * Lists one page of Sandboxes; pass the returned {@code metadata.continue} to get the next.
   *
   * @param namespace the namespace; null means this client's, {@link AgentsClient#ALL_NAMESPACES} all
   * @param labelSelector label selector, or null
   * @param fieldSelector field selector, or null
   * @param limit the page size (positive), or null for no limit
   * @param continueToken the previous page's {@code metadata.continue}, or null for the first page
   * @return the page; its {@code metadata.continue} is null on the last page
   */
  public SandboxList listSandboxes(String namespace, String labelSelector, String fieldSelector,
      Integer limit, String continueToken) {
    return ops.list(namespace, labelSelector, fieldSelector, limit, continueToken);
  }

  /**
   * Replaces a Sandbox if nothing changed it since it was read: the body must carry the
   * resourceVersion it was read at (a Sandbox from {@code getSandbox}, a list, a watch or a previous
   * write), and that exact version is sent.
   *
   * @param name the Sandbox name; the body's name, if set, must match
   * @param sandbox the new Sandbox, with metadata.resourceVersion
   * @return the Sandbox as the server stored it
   * @throws io.kruise.agents.client.exceptions.ConflictException when the resourceVersion is
   *     stale (someone else wrote in between): read again and retry, or use
   *     {@link #modifySandbox(String, UnaryOperator)}
   * @throws io.kruise.agents.client.exceptions.ValidationException naming
   *     {@code metadata.resourceVersion} when the body has none (before any request)
   */
  public Sandbox updateSandbox(String name, Sandbox sandbox) {
    return updateSandbox(name, sandbox, UpdateMode.OPTIMISTIC, null);
  }

  /**
   * Replaces a Sandbox if nothing changed it since it was read (see
   * {@link #updateSandbox(String, Sandbox)}).
   *
   * @param name the Sandbox name
   * @param sandbox the new Sandbox, with metadata.resourceVersion
   * @param namespace the namespace; null means the body's, else this client's
   * @return the Sandbox as the server stored it
   */
  public Sandbox updateSandbox(String name, Sandbox sandbox, String namespace) {
    return updateSandbox(name, sandbox, UpdateMode.OPTIMISTIC, namespace);
  }

  /**
   * Replaces a Sandbox, optimistically or, with {@link UpdateMode#UNCONDITIONAL}, overwriting
   * whatever is stored.
   *
   * @param name the Sandbox name
   * @param sandbox the new Sandbox
   * @param mode {@link UpdateMode#OPTIMISTIC} (the body's resourceVersion must be current) or
   *     {@link UpdateMode#UNCONDITIONAL} (last writer wins)
   * @param namespace the namespace; null means the body's, else this client's
   * @return the Sandbox as the server stored it
   */
  public Sandbox updateSandbox(String name, Sandbox sandbox, UpdateMode mode, String namespace) {
    return ops.update(name, sandbox, mode, namespace);
  }

  /**
   * Applies a JSON merge patch to a Sandbox.
   *
   * @param name the Sandbox name
   * @param patch the merge patch, e.g. {@code {"spec":{"paused":true}}}
   * @return the patched Sandbox
   */
  public Sandbox patchSandbox(String name, String patch) {
    return ops.patch(name, patch, null, PatchType.MERGE, null);
  }

  /**
   * Patches a Sandbox.
   *
   * @param name the Sandbox name
   * @param patch the patch in the given format
   * @param namespace the namespace; null means this client's
   * @param type MERGE (null means MERGE), JSON, or APPLY with the configured field manager
   * @return the patched Sandbox
   */
  public Sandbox patchSandbox(String name, String patch, String namespace, PatchType type) {
    return ops.patch(name, patch, namespace, type, null);
  }

  /**
   * Patches a Sandbox with explicit options (field manager, force for server-side apply).
   *
   * @param name the Sandbox name
   * @param patch the patch in the given format
   * @param namespace the namespace; null means this client's
   * @param type the patch format
   * @param options field manager and force
   * @return the patched Sandbox
   */
  public Sandbox patchSandbox(String name, String patch, String namespace, PatchType type,
      PatchOptions options) {
    return ops.patch(name, patch, namespace, type, options);
  }

  /**
   * Replaces a Sandbox's status through the status subresource (the spec of the body is ignored),
   * if nothing changed the Sandbox since it was read: the body must carry its resourceVersion.
   *
   * @param name the Sandbox name
   * @param sandbox a Sandbox carrying the new status and metadata.resourceVersion
   * @return the Sandbox as the server stored it
   * @throws io.kruise.agents.client.exceptions.ConflictException when the resourceVersion is
   *     stale
   * @throws io.kruise.agents.client.exceptions.ValidationException naming
   *     {@code metadata.resourceVersion} when the body has none (before any request)
   */
  public Sandbox updateSandboxStatus(String name, Sandbox sandbox) {
    return updateSandboxStatus(name, sandbox, UpdateMode.OPTIMISTIC, null);
  }

  /**
   * Replaces a Sandbox's status through the status subresource, if nothing changed it since it
   * was read.
   *
   * @param name the Sandbox name
   * @param sandbox a Sandbox carrying the new status and metadata.resourceVersion
   * @param namespace the namespace; null means the body's, else this client's
   * @return the Sandbox as the server stored it
   */
  public Sandbox updateSandboxStatus(String name, Sandbox sandbox, String namespace) {
    return updateSandboxStatus(name, sandbox, UpdateMode.OPTIMISTIC, namespace);
  }

  /**
   * Replaces a Sandbox's status through the status subresource, optimistically or overwriting
   * whatever is stored.
   *
   * @param name the Sandbox name
   * @param sandbox a Sandbox carrying the new status
   * @param mode {@link UpdateMode#OPTIMISTIC} or {@link UpdateMode#UNCONDITIONAL}
   * @param namespace the namespace; null means the body's, else this client's
   * @return the Sandbox as the server stored it
   */
  public Sandbox updateSandboxStatus(String name, Sandbox sandbox, UpdateMode mode,
      String namespace) {
    return ops.updateStatus(name, sandbox, mode, namespace);
  }

  /**
   * Reads a Sandbox, changes a copy with {@code mutation} and writes it back with the version it
   * read; when another writer got there first (409), reads and applies the mutation again, as
   * configured by {@link Configuration#conflictRetry()}. Reads come from the shared cache when
   * one covers the namespace, else from the server. A mutation that returns an unchanged object
   * sends nothing.
   *
   * <pre>{@code
   * sandboxs.modifySandbox("my-sandbox", s -> {
   *   s.getMetadata().getLabels().put("tier", "gold");
   *   return s;
   * });
   * }</pre>
   *
   * @param name the Sandbox name
   * @param mutation changes the copy it is given (it may run several times, each time on a
   *     fresh copy of the current version) and returns it; what it throws propagates
   * @return the Sandbox as the server stored it (or the unchanged copy when nothing changed)
   * @throws io.kruise.agents.client.exceptions.ConflictException when every attempt conflicted
   */
  public Sandbox modifySandbox(String name, UnaryOperator<Sandbox> mutation) {
    return modifySandbox(name, mutation, null);
  }

  /**
   * Reads, changes and writes back a Sandbox, retrying on conflicts (see
   * {@link #modifySandbox(String, UnaryOperator)}).
   *
   * @param name the Sandbox name
   * @param mutation changes the copy it is given and returns it
   * @param namespace the namespace; null means this client's
   * @return the Sandbox as the server stored it
   */
  public Sandbox modifySandbox(String name, UnaryOperator<Sandbox> mutation, String namespace) {
    return ops.modify(name, mutation, namespace, false);
  }

  /**
   * Reads a Sandbox, changes the status of a copy with {@code mutation} and writes it through the
   * status subresource, retrying on conflicts like {@link #modifySandbox(String, UnaryOperator)}.
   *
   * @param name the Sandbox name
   * @param mutation changes the copy's status and returns it
   * @return the Sandbox as the server stored it
   */
  public Sandbox modifySandboxStatus(String name, UnaryOperator<Sandbox> mutation) {
    return modifySandboxStatus(name, mutation, null);
  }

  /**
   * Reads a Sandbox, changes the status of a copy and writes it through the status subresource,
   * retrying on conflicts.
   *
   * @param name the Sandbox name
   * @param mutation changes the copy's status and returns it
   * @param namespace the namespace; null means this client's
   * @return the Sandbox as the server stored it
   */
  public Sandbox modifySandboxStatus(String name, UnaryOperator<Sandbox> mutation,
      String namespace) {
    return ops.modify(name, mutation, namespace, true);
  }

  /**
   * Deletes a Sandbox.
   *
   * @param name the Sandbox name
   * @throws io.kruise.agents.client.exceptions.SandboxNotFoundException if it does not exist
   */
  public void deleteSandbox(String name) {
    ops.delete(name, null, null);
  }

  /**
   * Deletes a Sandbox.
   *
   * @param name the Sandbox name
   * @param namespace the namespace; null means this client's
   * @param gracePeriodSeconds the grace period, or null for the server's default
   * @throws io.kruise.agents.client.exceptions.SandboxNotFoundException if it does not exist
   */
  public void deleteSandbox(String name, String namespace, Long gracePeriodSeconds) {
    ops.delete(name, namespace, gracePeriodSeconds);
  }

  /**
   * Deletes every Sandbox that matches the selectors.
   *
   * @param namespace the namespace; null means this client's, {@link AgentsClient#ALL_NAMESPACES} all
   * @param labelSelector label selector, or null for all
   * @param fieldSelector field selector ({@code f=v}, {@code f==v}, {@code f!=v} terms), or null
   * @return what was deleted
   */
  public List<StatusDetails> deleteCollectionSandboxes(String namespace, String labelSelector,
      String fieldSelector) {
    return ops.deleteCollection(namespace, labelSelector, fieldSelector);
  }

  /**
   * Watches Sandboxes as a blocking stream of events.
   *
   * @param namespace the namespace; null means this client's, {@link AgentsClient#ALL_NAMESPACES} all
   * @param labelSelector label selector, or null
   * @param fieldSelector field selector, or null
   * @param timeoutSeconds the stream ends after this many seconds; null for no end
   * @return the stream; close it
   */
  public WatchStream<Sandbox> watchSandboxes(String namespace, String labelSelector,
      String fieldSelector, Integer timeoutSeconds) {
    return ops.watch(namespace, labelSelector, fieldSelector, null, timeoutSeconds);
  }

  /**
   * Resumes watching Sandboxes from a resourceVersion (for example a list's), without replaying
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
  public WatchStream<Sandbox> watchSandboxes(String namespace, String labelSelector,
      String fieldSelector, String resourceVersion, Integer timeoutSeconds) {
    return ops.watch(namespace, labelSelector, fieldSelector, resourceVersion, timeoutSeconds);
  }

  /**
   * Watches Sandboxes with a callback, run on the watch thread.
   *
   * @param namespace the namespace; null means this client's, {@link AgentsClient#ALL_NAMESPACES} all
   * @param labelSelector label selector, or null
   * @param fieldSelector field selector, or null
   * @param resourceVersion where to resume, or null
   * @param callback receives each event; the last one is ERROR if the watch fails
   * @return the handle that stops the watch
   */
  public WatchHandle watchSandboxes(String namespace, String labelSelector, String fieldSelector,
      String resourceVersion, Consumer<WatchEvent<Sandbox>> callback) {
    return ops.watch(namespace, labelSelector, fieldSelector, resourceVersion, callback);
  }

  /**
   * Waits until a Sandbox's condition has a status, e.g. {@code Ready=True}, with the configured
   * default timeout.
   *
   * @param name the Sandbox name
   * @param conditionType the condition type, e.g. {@code Ready}
   * @return the first version of the Sandbox that satisfies it
   */
  public Sandbox waitForSandboxCondition(String name, String conditionType) {
    return waitForSandboxCondition(name, conditionType, "True", null, null);
  }

  /**
   * Waits until a Sandbox's condition has a status. Event-driven (the shared informer when one
   * runs for the namespace, else a watch of this one Sandbox); returns at once if it already holds.
   *
   * @param name the Sandbox name
   * @param conditionType the condition type, e.g. {@code Ready}
   * @param conditionStatus {@code True}, {@code False} or {@code Unknown}
   * @param timeout how long to wait; null means the configured default
   * @return the first version of the Sandbox that satisfies it
   * @throws io.kruise.agents.client.exceptions.TimeoutException at the deadline, naming the last
   *     state seen
   * @throws io.kruise.agents.client.exceptions.SandboxNotFoundException if it is missing or deleted
   */
  public Sandbox waitForSandboxCondition(String name, String conditionType,
      String conditionStatus, Duration timeout) {
    return waitForSandboxCondition(name, conditionType, conditionStatus, timeout, null);
  }

  /**
   * Waits until a Sandbox's condition has a status.
   *
   * @param name the Sandbox name
   * @param conditionType the condition type
   * @param conditionStatus {@code True}, {@code False} or {@code Unknown}
   * @param timeout how long to wait; null means the configured default
   * @param namespace the namespace; null means this client's
   * @return the first version of the Sandbox that satisfies it
   */
  public Sandbox waitForSandboxCondition(String name, String conditionType,
      String conditionStatus, Duration timeout, String namespace) {
    return ops.await(waitForSandboxConditionAsync(name, conditionType, conditionStatus, timeout,
        namespace), timeout, "Sandbox " + name + " to reach " + conditionType + "="
        + conditionStatus);
  }

  /**
   * The non-blocking form of {@link #waitForSandboxCondition(String, String, String, Duration)}, in
   * this client's namespace.
   *
   * @param name the Sandbox name
   * @param conditionType the condition type
   * @param conditionStatus {@code True}, {@code False} or {@code Unknown}
   * @param timeout how long to wait; null means the configured default
   * @return completes with the Sandbox, or exceptionally with a typed exception
   */
  public CompletableFuture<Sandbox> waitForSandboxConditionAsync(String name, String conditionType,
      String conditionStatus, Duration timeout) {
    return waitForSandboxConditionAsync(name, conditionType, conditionStatus, timeout, null);
  }

  /**
   * The non-blocking form of {@link #waitForSandboxCondition(String, String, String, Duration,
   * String)}: cancelling the future stops the wait.
   *
   * @param name the Sandbox name
   * @param conditionType the condition type
   * @param conditionStatus {@code True}, {@code False} or {@code Unknown}
   * @param timeout how long to wait; null means the configured default
   * @param namespace the namespace; null means this client's
   * @return completes with the Sandbox, or exceptionally with a typed exception
   */
  public CompletableFuture<Sandbox> waitForSandboxConditionAsync(String name,
      String conditionType, String conditionStatus, Duration timeout, String namespace) {
    Predicate<Sandbox> predicate = ops.conditionPredicate(
        s -> s.getStatus() == null ? null : s.getStatus().getConditions(), conditionType,
        conditionStatus);
    return ops.waitFor(name, namespace, predicate,
        "condition " + conditionType + "=" + conditionStatus, timeout);
  }

  /**
   * Waits until a Sandbox satisfies any predicate.
   *
   * @param name the Sandbox name
   * @param namespace the namespace; null means this client's
   * @param predicate what to wait for; must not block
   * @param timeout how long to wait; null means the configured default
   * @return completes with the first satisfying version, or exceptionally with a typed exception
   */
  public CompletableFuture<Sandbox> waitForSandbox(String name, String namespace,
      Predicate<Sandbox> predicate, Duration timeout) {
    if (predicate == null) {
      throw io.kruise.agents.client.exceptions.ValidationException.forField("predicate",
          "Required", "must not be null");
    }
    return ops.waitFor(name, namespace, predicate, "the given predicate", timeout);
  }
}
