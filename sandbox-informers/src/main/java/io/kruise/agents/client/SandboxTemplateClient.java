package io.kruise.agents.client;

import io.fabric8.kubernetes.api.model.StatusDetails;
import io.kruise.agents.model.SandboxTemplate;
import io.kruise.agents.model.SandboxTemplateList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Operations on {@link SandboxTemplate} objects, named as in the Python client. Obtained from
 * {@link AgentsClient#sandboxTemplates()} or {@link AgentsClient#sandboxTemplates(String)}; thread-safe.
 *
 * <p>Every method that takes a {@code namespace} treats null as this client's namespace; methods
 * over collections (list, watch, delete-collection) also accept {@link AgentsClient#ALL_NAMESPACES}.
 * Reads here always go to the API server; for cached reads use the shared informers' listers.
 * Invalid input raises a {@link io.kruise.agents.client.exceptions.ValidationException} before
 * any request; server failures raise the typed exceptions of
 * {@link io.kruise.agents.client.exceptions}.
 */
public final class SandboxTemplateClient {

  private final ResourceOperations<SandboxTemplate, SandboxTemplateList> ops;

  SandboxTemplateClient(ClientContext ctx, String namespace) {
    this.ops = new ResourceOperations<>(ctx, AgentsKinds.SANDBOX_TEMPLATE, namespace);
  }

  /** @return the namespace used when an operation is given none */
  public String namespace() {
    return ops.defaultNamespace();
  }

  /**
   * Creates a SandboxTemplate in its own namespace, or this client's when it names none.
   *
   * @param sandboxTemplate the SandboxTemplate; needs metadata.name or metadata.generateName
   * @return the created SandboxTemplate as the server stored it
   */
  public SandboxTemplate createSandboxTemplate(SandboxTemplate sandboxTemplate) {
    return ops.create(sandboxTemplate, null);
  }

  /**
   * Creates a SandboxTemplate.
   *
   * @param sandboxTemplate the SandboxTemplate; its namespace, if set, must equal {@code namespace}
   * @param namespace the namespace; null means the body's, else this client's
   * @return the created SandboxTemplate as the server stored it
   */
  public SandboxTemplate createSandboxTemplate(SandboxTemplate sandboxTemplate, String namespace) {
    return ops.create(sandboxTemplate, namespace);
  }

  /**
   * Reads a SandboxTemplate from the API server.
   *
   * @param name the SandboxTemplate name
   * @return the SandboxTemplate
   * @throws io.kruise.agents.client.exceptions.SandboxTemplateNotFoundException if it does not exist
   */
  public SandboxTemplate getSandboxTemplate(String name) {
    return ops.get(name, null);
  }

  /**
   * Reads a SandboxTemplate from the API server.
   *
   * @param name the SandboxTemplate name
   * @param namespace the namespace; null means this client's
   * @return the SandboxTemplate
   * @throws io.kruise.agents.client.exceptions.SandboxTemplateNotFoundException if it does not exist
   */
  public SandboxTemplate getSandboxTemplate(String name, String namespace) {
    return ops.get(name, namespace);
  }

  /** @return every SandboxTemplate in this client's namespace */
  public SandboxTemplateList listSandboxTemplates() {
    return ops.list(null, null, null, null, null);
  }

  /**
   * Lists SandboxTemplates.
   *
   * @param namespace the namespace; null means this client's, {@link AgentsClient#ALL_NAMESPACES} all
   * @param labelSelector e.g. {@code app=demo,tier in (a,b)}; null for none
   * @param fieldSelector e.g. {@code metadata.name=foo}; null for none
   * @return the matching SandboxTemplates and the list's resourceVersion
   */
  public SandboxTemplateList listSandboxTemplates(String namespace, String labelSelector, String fieldSelector) {
    return ops.list(namespace, labelSelector, fieldSelector, null, null);
  }

  /**
   * Lists one page of SandboxTemplates; pass the returned {@code metadata.continue} to get the next.
   *
   * @param namespace the namespace; null means this client's, {@link AgentsClient#ALL_NAMESPACES} all
   * @param labelSelector label selector, or null
   * @param fieldSelector field selector, or null
   * @param limit the page size (positive), or null for no limit
   * @param continueToken the previous page's {@code metadata.continue}, or null for the first page
   * @return the page; its {@code metadata.continue} is null on the last page
   */
  public SandboxTemplateList listSandboxTemplates(String namespace, String labelSelector, String fieldSelector,
      Integer limit, String continueToken) {
    return ops.list(namespace, labelSelector, fieldSelector, limit, continueToken);
  }

  /**
   * Replaces a SandboxTemplate if nothing changed it since it was read: the body must carry the
   * resourceVersion it was read at (a SandboxTemplate from {@code getSandboxTemplate}, a list, a watch or a previous
   * write), and that exact version is sent.
   *
   * @param name the SandboxTemplate name; the body's name, if set, must match
   * @param sandboxTemplate the new SandboxTemplate, with metadata.resourceVersion
   * @return the SandboxTemplate as the server stored it
   * @throws io.kruise.agents.client.exceptions.ConflictException when the resourceVersion is
   *     stale (someone else wrote in between): read again and retry, or use
   *     {@link #modifySandboxTemplate(String, UnaryOperator)}
   * @throws io.kruise.agents.client.exceptions.ValidationException naming
   *     {@code metadata.resourceVersion} when the body has none (before any request)
   */
  public SandboxTemplate updateSandboxTemplate(String name, SandboxTemplate sandboxTemplate) {
    return updateSandboxTemplate(name, sandboxTemplate, UpdateMode.OPTIMISTIC, null);
  }

  /**
   * Replaces a SandboxTemplate if nothing changed it since it was read (see
   * {@link #updateSandboxTemplate(String, SandboxTemplate)}).
   *
   * @param name the SandboxTemplate name
   * @param sandboxTemplate the new SandboxTemplate, with metadata.resourceVersion
   * @param namespace the namespace; null means the body's, else this client's
   * @return the SandboxTemplate as the server stored it
   */
  public SandboxTemplate updateSandboxTemplate(String name, SandboxTemplate sandboxTemplate, String namespace) {
    return updateSandboxTemplate(name, sandboxTemplate, UpdateMode.OPTIMISTIC, namespace);
  }

  /**
   * Replaces a SandboxTemplate, optimistically or, with {@link UpdateMode#UNCONDITIONAL}, overwriting
   * whatever is stored.
   *
   * @param name the SandboxTemplate name
   * @param sandboxTemplate the new SandboxTemplate
   * @param mode {@link UpdateMode#OPTIMISTIC} (the body's resourceVersion must be current) or
   *     {@link UpdateMode#UNCONDITIONAL} (last writer wins)
   * @param namespace the namespace; null means the body's, else this client's
   * @return the SandboxTemplate as the server stored it
   */
  public SandboxTemplate updateSandboxTemplate(String name, SandboxTemplate sandboxTemplate, UpdateMode mode, String namespace) {
    return ops.update(name, sandboxTemplate, mode, namespace);
  }

  /**
   * Applies a JSON merge patch to a SandboxTemplate.
   *
   * @param name the SandboxTemplate name
   * @param patch the merge patch, e.g. {@code {"spec":{"persistentContents":["filesystem"]}}}
   * @return the patched SandboxTemplate
   */
  public SandboxTemplate patchSandboxTemplate(String name, String patch) {
    return ops.patch(name, patch, null, PatchType.MERGE, null);
  }

  /**
   * Patches a SandboxTemplate.
   *
   * @param name the SandboxTemplate name
   * @param patch the patch in the given format
   * @param namespace the namespace; null means this client's
   * @param type MERGE (null means MERGE), JSON, or APPLY with the configured field manager
   * @return the patched SandboxTemplate
   */
  public SandboxTemplate patchSandboxTemplate(String name, String patch, String namespace, PatchType type) {
    return ops.patch(name, patch, namespace, type, null);
  }

  /**
   * Patches a SandboxTemplate with explicit options (field manager, force for server-side apply).
   *
   * @param name the SandboxTemplate name
   * @param patch the patch in the given format
   * @param namespace the namespace; null means this client's
   * @param type the patch format
   * @param options field manager and force
   * @return the patched SandboxTemplate
   */
  public SandboxTemplate patchSandboxTemplate(String name, String patch, String namespace, PatchType type,
      PatchOptions options) {
    return ops.patch(name, patch, namespace, type, options);
  }

  /**
   * Reads a SandboxTemplate, changes a copy with {@code mutation} and writes it back with the version it
   * read; when another writer got there first (409), reads and applies the mutation again, as
   * configured by {@link Configuration#conflictRetry()}. Reads come from the shared cache when
   * one covers the namespace, else from the server. A mutation that returns an unchanged object
   * sends nothing.
   *
   * <pre>{@code
   * sandboxTemplates.modifySandboxTemplate("python", t -> {
   *   t.getMetadata().getLabels().put("tier", "gold");
   *   return t;
   * });
   * }</pre>
   *
   * @param name the SandboxTemplate name
   * @param mutation changes the copy it is given (it may run several times, each time on a
   *     fresh copy of the current version) and returns it; what it throws propagates
   * @return the SandboxTemplate as the server stored it (or the unchanged copy when nothing changed)
   * @throws io.kruise.agents.client.exceptions.ConflictException when every attempt conflicted
   */
  public SandboxTemplate modifySandboxTemplate(String name, UnaryOperator<SandboxTemplate> mutation) {
    return modifySandboxTemplate(name, mutation, null);
  }

  /**
   * Reads, changes and writes back a SandboxTemplate, retrying on conflicts (see
   * {@link #modifySandboxTemplate(String, UnaryOperator)}).
   *
   * @param name the SandboxTemplate name
   * @param mutation changes the copy it is given and returns it
   * @param namespace the namespace; null means this client's
   * @return the SandboxTemplate as the server stored it
   */
  public SandboxTemplate modifySandboxTemplate(String name, UnaryOperator<SandboxTemplate> mutation, String namespace) {
    return ops.modify(name, mutation, namespace, false);
  }

  /**
   * Deletes a SandboxTemplate.
   *
   * @param name the SandboxTemplate name
   * @throws io.kruise.agents.client.exceptions.SandboxTemplateNotFoundException if it does not exist
   */
  public void deleteSandboxTemplate(String name) {
    ops.delete(name, null, null);
  }

  /**
   * Deletes a SandboxTemplate.
   *
   * @param name the SandboxTemplate name
   * @param namespace the namespace; null means this client's
   * @param gracePeriodSeconds the grace period, or null for the server's default
   * @throws io.kruise.agents.client.exceptions.SandboxTemplateNotFoundException if it does not exist
   */
  public void deleteSandboxTemplate(String name, String namespace, Long gracePeriodSeconds) {
    ops.delete(name, namespace, gracePeriodSeconds);
  }

  /**
   * Deletes every SandboxTemplate that matches the selectors.
   *
   * @param namespace the namespace; null means this client's, {@link AgentsClient#ALL_NAMESPACES} all
   * @param labelSelector label selector, or null for all
   * @param fieldSelector field selector ({@code f=v}, {@code f==v}, {@code f!=v} terms), or null
   * @return what was deleted
   */
  public List<StatusDetails> deleteCollectionSandboxTemplates(String namespace, String labelSelector,
      String fieldSelector) {
    return ops.deleteCollection(namespace, labelSelector, fieldSelector);
  }

  /**
   * Watches SandboxTemplates as a blocking stream of events.
   *
   * @param namespace the namespace; null means this client's, {@link AgentsClient#ALL_NAMESPACES} all
   * @param labelSelector label selector, or null
   * @param fieldSelector field selector, or null
   * @param timeoutSeconds the stream ends after this many seconds; null for no end
   * @return the stream; close it
   */
  public WatchStream<SandboxTemplate> watchSandboxTemplates(String namespace, String labelSelector,
      String fieldSelector, Integer timeoutSeconds) {
    return ops.watch(namespace, labelSelector, fieldSelector, null, timeoutSeconds);
  }

  /**
   * Resumes watching SandboxTemplates from a resourceVersion (for example a list's), without replaying
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
  public WatchStream<SandboxTemplate> watchSandboxTemplates(String namespace, String labelSelector,
      String fieldSelector, String resourceVersion, Integer timeoutSeconds) {
    return ops.watch(namespace, labelSelector, fieldSelector, resourceVersion, timeoutSeconds);
  }

  /**
   * Watches SandboxTemplates with a callback, run on the watch thread.
   *
   * @param namespace the namespace; null means this client's, {@link AgentsClient#ALL_NAMESPACES} all
   * @param labelSelector label selector, or null
   * @param fieldSelector field selector, or null
   * @param resourceVersion where to resume, or null
   * @param callback receives each event; the last one is ERROR if the watch fails
   * @return the handle that stops the watch
   */
  public WatchHandle watchSandboxTemplates(String namespace, String labelSelector, String fieldSelector,
      String resourceVersion, Consumer<WatchEvent<SandboxTemplate>> callback) {
    return ops.watch(namespace, labelSelector, fieldSelector, resourceVersion, callback);
  }

  /**
   * Waits until a SandboxTemplate satisfies any predicate.
   *
   * @param name the SandboxTemplate name
   * @param namespace the namespace; null means this client's
   * @param predicate what to wait for; must not block
   * @param timeout how long to wait; null means the configured default
   * @return completes with the first satisfying version, or exceptionally with a typed exception
   */
  public CompletableFuture<SandboxTemplate> waitForSandboxTemplate(String name, String namespace,
      Predicate<SandboxTemplate> predicate, Duration timeout) {
    if (predicate == null) {
      throw io.kruise.agents.client.exceptions.ValidationException.forField("predicate",
          "Required", "must not be null");
    }
    return ops.waitFor(name, namespace, predicate, "the given predicate", timeout);
  }
}
