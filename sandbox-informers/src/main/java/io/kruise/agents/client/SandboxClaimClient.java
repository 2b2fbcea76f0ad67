package io.kruise.agents.client;

import io.fabric8.kubernetes.api.model.StatusDetails;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.GoDurations;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxAnnotations;
import io.kruise.agents.model.SandboxClaim;
import io.kruise.agents.model.SandboxClaimPhase;
import io.kruise.agents.model.SandboxClaimSpec;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxClaimList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Operations on {@link SandboxClaim} objects, named as in the Python client. Obtained from
 * {@link AgentsClient#sandboxClaims()} or {@link AgentsClient#sandboxClaims(String)}; thread-safe.
 *
 * <p>Every method that takes a {@code namespace} treats null as this client's namespace; methods
 * over collections (list, watch, delete-collection) also accept {@link AgentsClient#ALL_NAMESPACES}.
 * Reads here always go to the API server; for cached reads use the shared informers' listers.
 * Invalid input raises a {@link io.kruise.agents.client.exceptions.ValidationException} before
 * any request; server failures raise the typed exceptions of
 * {@link io.kruise.agents.client.exceptions}.
 */
public final class SandboxClaimClient {

  private final ResourceOperations<SandboxClaim, SandboxClaimList> ops;
  private final ClientContext ctx;

  SandboxClaimClient(ClientContext ctx, String namespace) {
    this.ops = new ResourceOperations<>(ctx, AgentsKinds.SANDBOX_CLAIM, namespace);
    this.ctx = ctx;
  }

  /** @return the namespace used when an operation is given none */
  public String namespace() {
    return ops.defaultNamespace();
  }

  /**
   * Creates a SandboxClaim in its own namespace, or this client's when it names none.
   *
   * @param sandboxClaim the SandboxClaim; needs metadata.name or metadata.generateName
   * @return the created SandboxClaim as the server stored it
   * @throws io.kruise.agents.client.exceptions.ValidationException before any request, naming
   *     the field, when the spec breaks the CRD's rules: no {@code spec.templateName},
   *     {@code spec.replicas} below 1, or a timeout that is not a Go duration of at least 1s
   */
  public SandboxClaim createSandboxClaim(SandboxClaim sandboxClaim) {
    return createSandboxClaim(sandboxClaim, null);
  }

  /**
   * Creates a SandboxClaim.
   *
   * @param sandboxClaim the SandboxClaim; its namespace, if set, must equal {@code namespace}
   * @param namespace the namespace; null means the body's, else this client's
   * @return the created SandboxClaim as the server stored it
   */
  public SandboxClaim createSandboxClaim(SandboxClaim sandboxClaim, String namespace) {
    checkSpec(sandboxClaim);
    return ops.create(sandboxClaim, namespace);
  }

  /**
   * Reads a SandboxClaim from the API server.
   *
   * @param name the SandboxClaim name
   * @return the SandboxClaim
   * @throws io.kruise.agents.client.exceptions.SandboxClaimNotFoundException if it does not exist
   */
  public SandboxClaim getSandboxClaim(String name) {
    return ops.get(name, null);
  }

  /**
   * Reads a SandboxClaim from the API server.
   *
   * @param name the SandboxClaim name
   * @param namespace the namespace; null means this client's
   * @return the SandboxClaim
   * @throws io.kruise.agents.client.exceptions.SandboxClaimNotFoundException if it does not exist
   */
  public SandboxClaim getSandboxClaim(String name, String namespace) {
    return ops.get(name, namespace);
  }

  /** @return every SandboxClaim in this client's namespace */
  public SandboxClaimList listSandboxClaims() {
    return ops.list(null, null, null, null, null);
  }

  /**
   * Lists SandboxClaims.
   *
   * @param namespace the namespace; null means this client's, {@link AgentsClient#ALL_NAMESPACES} all
   * @param labelSelector e.g. {@code app=demo,tier in (a,b)}; null for none
   * @param fieldSelector e.g. {@code metadata.name=foo}; null for none
   * @return the matching SandboxClaims and the list's resourceVersion
   */
  public SandboxClaimList listSandboxClaims(String namespace, String labelSelector, String fieldSelector) {
    return ops.list(namespace, labelSelector, fieldSelector, null, null);
  }

  /**
   * Lists one page of SandboxClaims; pass the returned {@code metadata.continue} to get the next.
   *
   * @param namespace the namespace; null means this client's, {@link AgentsClient#ALL_NAMESPACES} all
   * @param labelSelector label selector, or null
   * @param fieldSelector field selector, or null
   * @param limit the page size (positive), or null for no limit
   * @param continueToken the previous page's {@code metadata.continue}, or null for the first page
   * @return the page; its {@code metadata.continue} is null on the last page
   */
  public SandboxClaimList listSandboxClaims(String namespace, String labelSelector, String fieldSelector,
      Integer limit, String continueToken) {
    return ops.list(namespace, labelSelector, fieldSelector, limit, continueToken);
  }

  /**
   * Replaces a SandboxClaim if nothing changed it since it was read: the body must carry the
   * resourceVersion it was read at (a SandboxClaim from {@code getSandboxClaim}, a list, a watch or a previous
   * write), and that exact version is sent.
   *
   * @param name the SandboxClaim name; the body's name, if set, must match
   * @param sandboxClaim the new SandboxClaim, with metadata.resourceVersion
   * @return the SandboxClaim as the server stored it
   * @throws io.kruise.agents.client.exceptions.ConflictException when the resourceVersion is
   *     stale (someone else wrote in between): read again and retry, or use
   *     {@link #modifySandboxClaim(String, UnaryOperator)}
   * @throws io.kruise.agents.client.exceptions.ValidationException naming
   *     {@code metadata.resourceVersion} when the body has none (before any request)
   */
  public SandboxClaim updateSandboxClaim(String name, SandboxClaim sandboxClaim) {
    return updateSandboxClaim(name, sandboxClaim, UpdateMode.OPTIMISTIC, null);
  }

  /**
   * Replaces a SandboxClaim if nothing changed it since it was read (see
   * {@link #updateSandboxClaim(String, SandboxClaim)}).
   *
   * @param name the SandboxClaim name
   * @param sandboxClaim the new SandboxClaim, with metadata.resourceVersion
   * @param namespace the namespace; null means the body's, else this client's
   * @return the SandboxClaim as the server stored it
   */
  public SandboxClaim updateSandboxClaim(String name, SandboxClaim sandboxClaim, String namespace) {
    return updateSandboxClaim(name, sandboxClaim, UpdateMode.OPTIMISTIC, namespace);
  }

  /**
   * Replaces a SandboxClaim, optimistically or, with {@link UpdateMode#UNCONDITIONAL}, overwriting
   * whatever is stored.
   *
   * @param name the SandboxClaim name
   * @param sandboxClaim the new SandboxClaim
   * @param mode {@link UpdateMode#OPTIMISTIC} (the body's resourceVersion must be current) or
   *     {@link UpdateMode#UNCONDITIONAL} (last writer wins)
   * @param namespace the namespace; null means the body's, else this client's
   * @return the SandboxClaim as the server stored it
   */
  public SandboxClaim updateSandboxClaim(String name, SandboxClaim sandboxClaim, UpdateMode mode, String namespace) {
    checkSpec(sandboxClaim);
    return ops.update(name, sandboxClaim, mode, namespace);
  }

  /**
   * Applies a JSON merge patch to a SandboxClaim.
   *
   * @param name the SandboxClaim name
   * @param patch the merge patch, e.g. {@code {"metadata":{"labels":{"team":"ml"}}}}
   * @return the patched SandboxClaim
   */
  public SandboxClaim patchSandboxClaim(String name, String patch) {
    return ops.patch(name, patch, null, PatchType.MERGE, null);
  }

  /**
   * Patches a SandboxClaim.
   *
   * @param name the SandboxClaim name
   * @param patch the patch in the given format
   * @param namespace the namespace; null means this client's
   * @param type MERGE (null means MERGE), JSON, or APPLY with the configured field manager
   * @return the patched SandboxClaim
   */
  public SandboxClaim patchSandboxClaim(String name, String patch, String namespace, PatchType type) {
    return ops.patch(name, patch, namespace, type, null);
  }

  /**
   * Patches a SandboxClaim with explicit options (field manager, force for server-side apply).
   *
   * @param name the SandboxClaim name
   * @param patch the patch in the given format
   * @param namespace the namespace; null means this client's
   * @param type the patch format
   * @param options field manager and force
   * @return the patched SandboxClaim
   */
  public SandboxClaim patchSandboxClaim(String name, String patch, String namespace, PatchType type,
      PatchOptions options) {
    return ops.patch(name, patch, namespace, type, options);
  }

  /**
   * Replaces a SandboxClaim's status through the status subresource (the spec of the body is ignored),
   * if nothing changed the SandboxClaim since it was read: the body must carry its resourceVersion.
   *
   * @param name the SandboxClaim name
   * @param sandboxClaim a SandboxClaim carrying the new status and metadata.resourceVersion
   * @return the SandboxClaim as the server stored it
   * @throws io.kruise.agents.client.exceptions.ConflictException when the resourceVersion is
   *     stale
   * @throws io.kruise.agents.client.exceptions.ValidationException naming
   *     {@code metadata.resourceVersion} when the body has none (before any request)
   */
  public SandboxClaim updateSandboxClaimStatus(String name, SandboxClaim sandboxClaim) {
    return updateSandboxClaimStatus(name, sandboxClaim, UpdateMode.OPTIMISTIC, null);
  }

  /**
   * Replaces a SandboxClaim's status through the status subresource, if nothing changed it since it
   * was read.
   *
   * @param name the SandboxClaim name
   * @param sandboxClaim a SandboxClaim carrying the new status and metadata.resourceVersion
   * @param namespace the namespace; null means the body's, else this client's
   * @return the SandboxClaim as the server stored it
   */
  public SandboxClaim updateSandboxClaimStatus(String name, SandboxClaim sandboxClaim, String namespace) {
    return updateSandboxClaimStatus(name, sandboxClaim, UpdateMode.OPTIMISTIC, namespace);
  }

  /**
   * Replaces a SandboxClaim's status through the status subresource, optimistically or overwriting
   * whatever is stored.
   *
   * @param name the SandboxClaim name
   * @param sandboxClaim a SandboxClaim carrying the new status
   * @param mode {@link UpdateMode#OPTIMISTIC} or {@link UpdateMode#UNCONDITIONAL}
   * @param namespace the namespace; null means the body's, else this client's
   * @return the SandboxClaim as the server stored it
   */
  public SandboxClaim updateSandboxClaimStatus(String name, SandboxClaim sandboxClaim, UpdateMode mode,
      String namespace) {
    return ops.updateStatus(name, sandboxClaim, mode, namespace);
  }

  /**
   * Reads a SandboxClaim, changes a copy with {@code mutation} and writes it back with the version it
   * read; when another writer got there first (409), reads and applies the mutation again, as
   * configured by {@link Configuration#conflictRetry()}. Reads come from the shared cache when
   * one covers the namespace, else from the server. A mutation that returns an unchanged object
   * sends nothing.
   *
   * <pre>{@code
   * sandboxClaims.modifySandboxClaim("batch-42", c -> {
   *   c.getMetadata().getLabels().put("tier", "gold");
   *   return c;
   * });
   * }</pre>
   *
   * @param name the SandboxClaim name
   * @param mutation changes the copy it is given (it may run several times, each time on a
   *     fresh copy of the current version) and returns it; what it throws propagates
   * @return the SandboxClaim as the server stored it (or the unchanged copy when nothing changed)
   * @throws io.kruise.agents.client.exceptions.ConflictException when every attempt conflicted
   */
  public SandboxClaim modifySandboxClaim(String name, UnaryOperator<SandboxClaim> mutation) {
    return modifySandboxClaim(name, mutation, null);
  }

  /**
   * Reads, changes and writes back a SandboxClaim, retrying on conflicts (see
   * {@link #modifySandboxClaim(String, UnaryOperator)}).
   *
   * @param name the SandboxClaim name
   * @param mutation changes the copy it is given and returns it
   * @param namespace the namespace; null means this client's
   * @return the SandboxClaim as the server stored it
   */
  public SandboxClaim modifySandboxClaim(String name, UnaryOperator<SandboxClaim> mutation, String namespace) {
    return ops.modify(name, mutation, namespace, false);
  }

  /**
   * Reads a SandboxClaim, changes the status of a copy with {@code mutation} and writes it through the
   * status subresource, retrying on conflicts like {@link #modifySandboxClaim(String, UnaryOperator)}.
   *
   * @param name the SandboxClaim name
   * @param mutation changes the copy's status and returns it
   * @return the SandboxClaim as the server stored it
   */
  public SandboxClaim modifySandboxClaimStatus(String name, UnaryOperator<SandboxClaim> mutation) {
    return modifySandboxClaimStatus(name, mutation, null);
  }

  /**
   * Reads a SandboxClaim, changes the status of a copy and writes it through the status subresource,
   * retrying on conflicts.
   *
   * @param name the SandboxClaim name
   * @param mutation changes the copy's status and returns it
   * @param namespace the namespace; null means this client's
   * @return the SandboxClaim as the server stored it
   */
  public SandboxClaim modifySandboxClaimStatus(String name, UnaryOperator<SandboxClaim> mutation,
      String namespace) {
    return ops.modify(name, mutation, namespace, true);
  }

  /**
   * Deletes a SandboxClaim.
   *
   * @param name the SandboxClaim name
   * @throws io.kruise.agents.client.exceptions.SandboxClaimNotFoundException if it does not exist
   */
  public void deleteSandboxClaim(String name) {
    ops.delete(name, null, null);
  }

  /**
   * Deletes a SandboxClaim.
   *
   * @param name the SandboxClaim name
   * @param namespace the namespace; null means this client's
   * @param gracePeriodSeconds the grace period, or null for the server's default
   * @throws io.kruise.agents.client.exceptions.SandboxClaimNotFoundException if it does not exist
   */
  public void deleteSandboxClaim(String name, String namespace, Long gracePeriodSeconds) {
    ops.delete(name, namespace, gracePeriodSeconds);
  }

  /**
   * Deletes every SandboxClaim that matches the selectors.
   *
   * @param namespace the namespace; null means this client's, {@link AgentsClient#ALL_NAMESPACES} all
   * @param labelSelector label selector, or null for all
   * @param fieldSelector field selector ({@code f=v}, {@code f==v}, {@code f!=v} terms), or null
   * @return what was deleted
   */
  public List<StatusDetails> deleteCollectionSandboxClaims(String namespace, String labelSelector,
      String fieldSelector) {
    return ops.deleteCollection(namespace, labelSelector, fieldSelector);
  }

  /**
   * Watches SandboxClaims as a blocking stream of events.
   *
   * @param namespace the namespace; null means this client's, {@link AgentsClient#ALL_NAMESPACES} all
   * @param labelSelector label selector, or null
   * @param fieldSelector field selector, or null
   * @param timeoutSeconds the stream ends after this many seconds; null for no end
   * @return the stream; close it
   */
  public WatchStream<SandboxClaim> watchSandboxClaims(String namespace, String labelSelector,
      String fieldSelector, Integer timeoutSeconds) {
    return ops.watch(namespace, labelSelector, fieldSelector, null, timeoutSeconds);
  }

  /**
   * Resumes watching SandboxClaims from a resourceVersion (for example a list's), without replaying
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
  public WatchStream<SandboxClaim> watchSandboxClaims(String namespace, String labelSelector,
      String fieldSelector, String resourceVersion, Integer timeoutSeconds) {
    return ops.watch(namespace, labelSelector, fieldSelector, resourceVersion, timeoutSeconds);
  }

  /**
   * Watches SandboxClaims with a callback, run on the watch thread.
   *
   * @param namespace the namespace; null means this client's, {@link AgentsClient#ALL_NAMESPACES} all
   * @param labelSelector label selector, or null
   * @param fieldSelector field selector, or null
   * @param resourceVersion where to resume, or null
   * @param callback receives each event; the last one is ERROR if the watch fails
   * @return the handle that stops the watch
   */
  public WatchHandle watchSandboxClaims(String namespace, String labelSelector, String fieldSelector,
      String resourceVersion, Consumer<WatchEvent<SandboxClaim>> callback) {
    return ops.watch(namespace, labelSelector, fieldSelector, resourceVersion, callback);
  }

  /**
   * Waits until a SandboxClaim's condition has a status, e.g. {@code Completed=True}, with the configured
   * default timeout.
   *
   * @param name the SandboxClaim name
   * @param conditionType the condition type, e.g. {@code Completed}
   * @return the first version of the SandboxClaim that satisfies it
   */
  public SandboxClaim waitForSandboxClaimCondition(String name, String conditionType) {
    return waitForSandboxClaimCondition(name, conditionType, "True", null, null);
  }

  /**
   * Waits until a SandboxClaim's condition has a status. Event-driven (the shared informer when one
   * runs for the namespace, else a watch of this one SandboxClaim); returns at once if it already holds.
   *
   * @param name the SandboxClaim name
   * @param conditionType the condition type, e.g. {@code Completed}
   * @param conditionStatus {@code True}, {@code False} or {@code Unknown}
   * @param timeout how long to wait; null means the configured default
   * @return the first version of the SandboxClaim that satisfies it
   * @throws io.kruise.agents.client.exceptions.TimeoutException at the deadline, naming the last
   *     state seen
   * @throws io.kruise.agents.client.exceptions.SandboxClaimNotFoundException if it is missing or deleted
   */
  public SandboxClaim waitForSandboxClaimCondition(String name, String conditionType,
      String conditionStatus, Duration timeout) {
    return waitForSandboxClaimCondition(name, conditionType, conditionStatus, timeout, null);
  }

  /**
   * Waits until a SandboxClaim's condition has a status.
   *
   * @param name the SandboxClaim name
   * @param conditionType the condition type
   * @param conditionStatus {@code True}, {@code False} or {@code Unknown}
   * @param timeout how long to wait; null means the configured default
   * @param namespace the namespace; null means this client's
   * @return the first version of the SandboxClaim that satisfies it
   */
  public SandboxClaim waitForSandboxClaimCondition(String name, String conditionType,
      String conditionStatus, Duration timeout, String namespace) {
    return ops.await(waitForSandboxClaimConditionAsync(name, conditionType, conditionStatus, timeout,
        namespace), timeout, "SandboxClaim " + name + " to reach " + conditionType + "="
        + conditionStatus);
  }

  /**
   * The non-blocking form of {@link #waitForSandboxClaimCondition(String, String, String, Duration)}, in
   * this client's namespace.
   *
   * @param name the SandboxClaim name
   * @param conditionType the condition type
   * @param conditionStatus {@code True}, {@code False} or {@code Unknown}
   * @param timeout how long to wait; null means the configured default
   * @return completes with the SandboxClaim, or exceptionally with a typed exception
   */
  public CompletableFuture<SandboxClaim> waitForSandboxClaimConditionAsync(String name, String conditionType,
      String conditionStatus, Duration timeout) {
    return waitForSandboxClaimConditionAsync(name, conditionType, conditionStatus, timeout, null);
  }

  /**
   * The non-blocking form of {@link #waitForSandboxClaimCondition(String, String, String, Duration,
   * String)}: cancelling the future stops the wait.
   *
   * @param name the SandboxClaim name
   * @param conditionType the condition type
   * @param conditionStatus {@code True}, {@code False} or {@code Unknown}
   * @param timeout how long to wait; null means the configured default
   * @param namespace the namespace; null means this client's
   * @return completes with the SandboxClaim, or exceptionally with a typed exception
   */
  public CompletableFuture<SandboxClaim> waitForSandboxClaimConditionAsync(String name,
      String conditionType, String conditionStatus, Duration timeout, String namespace) {
    Predicate<SandboxClaim> predicate = ops.conditionPredicate(
        s -> s.getStatus() == null ? null : s.getStatus().getConditions(), conditionType,
        conditionStatus);
    return ops.waitFor(name, namespace, predicate,
        "condition " + conditionType + "=" + conditionStatus, timeout);
  }

  /**
   * Waits until a SandboxClaim satisfies any predicate.
   *
   * @param name the SandboxClaim name
   * @param namespace the namespace; null means this client's
   * @param predicate what to wait for; must not block
   * @param timeout how long to wait; null means the configured default
   * @return completes with the first satisfying version, or exceptionally with a typed exception
   */
  public CompletableFuture<SandboxClaim> waitForSandboxClaim(String name, String namespace,
      Predicate<SandboxClaim> predicate, Duration timeout) {
    if (predicate == null) {
      throw ValidationException.forField("predicate", "Required", "must not be null");
    }
    return ops.waitFor(name, namespace, predicate, "the given predicate", timeout);
  }

  /**
   * Waits until a SandboxClaim is {@code Completed} (every replica claimed, or its
   * {@code claimTimeout} reached: then it also has a {@code TimedOut=True} condition) and returns
   * the sandboxes it claimed.
   *
   * @param name the SandboxClaim name
   * @param timeout how long to wait; null means the configured default
   * @return the sandboxes the claim holds (labelled with its name and owned by its UID, so not
   *     those of an earlier claim of the same name), by name: {@code status.claimedReplicas} of
   *     them, fewer than {@code spec.replicas} when it timed out. While a shared Sandbox informer
   *     covers the namespace they are its objects (shared, and partial in a lean store): copy
   *     one before changing it
   * @throws io.kruise.agents.client.exceptions.TimeoutException when it is not Completed in time
   * @throws io.kruise.agents.client.exceptions.SandboxClaimNotFoundException if it is missing or
   *     deleted
   */
  public List<Sandbox> waitForSandboxClaimCompleted(String name, Duration timeout) {
    return waitForSandboxClaimCompleted(name, timeout, null);
  }

  /**
   * Waits until a SandboxClaim is {@code Completed} and returns the sandboxes it claimed (see
   * {@link #waitForSandboxClaimCompleted(String, Duration)}).
   *
   * @param name the SandboxClaim name
   * @param timeout how long to wait; null means the configured default
   * @param namespace the namespace; null means this client's
   * @return the sandboxes the claim holds
   */
  public List<Sandbox> waitForSandboxClaimCompleted(String name, Duration timeout,
      String namespace) {
    return ops.await(waitForSandboxClaimCompletedAsync(name, timeout, namespace), timeout,
        "SandboxClaim " + name + " to complete");
  }

  /**
   * The non-blocking form of {@link #waitForSandboxClaimCompleted(String, Duration, String)}:
   * cancelling the future stops the wait.
   *
   * @param name the SandboxClaim name
   * @param timeout how long to wait; null means the configured default
   * @param namespace the namespace; null means this client's
   * @return completes with the claimed sandboxes, or exceptionally with a typed exception
   */
  public CompletableFuture<List<Sandbox>> waitForSandboxClaimCompletedAsync(String name,
      Duration timeout, String namespace) {
    CompletableFuture<SandboxClaim> completed = ops.waitFor(name, namespace,
        SandboxClaimClient::completed, "phase Completed", timeout);
    CompletableFuture<List<Sandbox>> sandboxes = completed.thenApplyAsync(this::claimedSandboxes,
        ctx.workers());
    // A dependent future does not cancel its source: without this, a cancelled wait would keep
    // its watch (or its waiter in the cache) until the deadline.
    sandboxes.whenComplete((result, failure) -> {
      if (sandboxes.isCancelled()) {
        completed.cancel(true);
      }
    });
    return sandboxes;
  }

  /**
   * The CRD's rules on a claim's spec, checked before the request so that the caller learns
   * which field is wrong without a round trip (the server checks them again).
   */
  private static void checkSpec(SandboxClaim claim) {
    if (claim == null) {
      return; // the operation names the missing body
    }
    SandboxClaimSpec spec = claim.getSpec();
    if (spec == null) {
      throw ValidationException.forField("spec", "Required", "a SandboxClaim needs a spec");
    }
    if (spec.getTemplateName() == null || spec.getTemplateName().isBlank()) {
      throw ValidationException.forField("spec.templateName", "Required",
          "name the pool to claim from: a SandboxSet, or the SandboxTemplate its sets use");
    }
    if (spec.getReplicas() != null && spec.getReplicas() < 1) {
      throw ValidationException.forField("spec.replicas", "Invalid",
          "must be at least 1, was " + spec.getReplicas());
    }
    atLeastOneSecond("spec.claimTimeout", spec.getClaimTimeout());
    atLeastOneSecond("spec.waitReadyTimeout", spec.getWaitReadyTimeout());
    if (spec.getTtlAfterCompleted() != null
        && GoDurations.parse(spec.getTtlAfterCompleted()).isEmpty()) {
      throw ValidationException.forField("spec.ttlAfterCompleted", "Invalid", "'"
          + spec.getTtlAfterCompleted() + "' is not a Go duration (e.g. 60m, or -1s for never)");
    }
  }

  private static void atLeastOneSecond(String field, String value) {
    if (value == null) {
      return;
    }
    Duration parsed = GoDurations.parse(value).orElseThrow(() -> ValidationException.forField(
        field, "Invalid", "'" + value + "' is not a Go duration (e.g. 90s, 1m30s)"));
    if (parsed.compareTo(Duration.ofSeconds(1)) < 0) {
      throw ValidationException.forField(field, "Invalid", "must be at least 1 second, was '"
          + value + "'");
    }
  }

  private static boolean completed(SandboxClaim claim) {
    return claim.getStatus() != null
        && claim.getStatus().getPhaseEnum() == SandboxClaimPhase.COMPLETED;
  }

  /**
   * The sandboxes a claim holds: labelled with its name and owned by its UID (a claim of the same
   * name made earlier owned others). From the shared cache when it already shows as many as the
   * claim counts; otherwise the sandboxes' watch is behind the claim's, and a list from the
   * server is exact.
   */
  List<Sandbox> claimedSandboxes(SandboxClaim claim) {
    String ns = claim.getMetadata().getNamespace();
    String claimName = claim.getMetadata().getName();
    String uid = claim.getMetadata().getUid();
    Integer counted = claim.getStatus().getClaimedReplicas();
    List<Sandbox> cached = ctx.cache().cachedByIndex(Sandbox.class, ns,
        AgentsKinds.CLAIM_INDEX, claimName);
    if (cached != null) {
      List<Sandbox> held = heldBy(cached, uid);
      if (held.size() >= (counted == null ? 0 : counted)) {
        return held;
      }
    }
    return heldBy(new SandboxClient(ctx, ns).listSandboxes(ns,
        SandboxLabels.CLAIM_NAME + "=" + claimName + "," + SandboxLabels.SANDBOX_CLAIMED + "="
            + SandboxLabels.TRUE, null).getItems(), uid);
  }

  private static List<Sandbox> heldBy(List<Sandbox> sandboxes, String uid) {
    return sandboxes.stream().filter(s -> uid == null || s.getMetadata().getAnnotations() != null
        && uid.equals(s.getMetadata().getAnnotations().get(SandboxAnnotations.OWNER)))
        .sorted(java.util.Comparator.comparing(s -> s.getMetadata().getName()))
        .toList();
  }
}
