package io.kruise.agents.controller;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.AgentsKinds;
import io.kruise.agents.client.ResourceKind;
import io.kruise.agents.client.UpdateMode;
import io.kruise.agents.client.LeanObjects;
import io.kruise.agents.client.exceptions.ConflictException;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxClaim;
import io.kruise.agents.model.SandboxClaimStatus;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetStatus;
import io.kruise.agents.model.SandboxStatus;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a desired status only when it differs from the current one: the one place where a
 * reconciler's computed status reaches the server.
 *
 * <p>The write goes through the {@link AgentsClient} (so the shared cache shows it at once) to
 * the status subresource, carrying the resourceVersion of the object the status was computed
 * from: it never overwrites a status it did not read. When that version is stale (409), the
 * client's read-modify-write helper ({@code modify...Status}, retried as its
 * {@link io.kruise.agents.client.ConflictRetry} says) sets the desired status on the current
 * version, and writes nothing if that already has it. An object from a lean cache (see
 * {@link LeanObjects}) cannot be written back, so it goes that way at once.
 *
 * <pre>{@code
 * StatusWriter<SandboxSet, SandboxSetStatus> status = StatusWriter.forSandboxSets(agents);
 * boolean wrote = status.write(cachedSet, desiredStatus); // false: no request was sent
 * }</pre>
 *
 * <p>Thread-safe.
 *
 * @param <T> the resource type
 * @param <S> its status type
 */
public final class StatusWriter<T extends CustomResource<?, S>, S> {

  private static final Logger LOG = LoggerFactory.getLogger(StatusWriter.class);

  /** The typed write operations of one kind. */
  interface Operations<T, S> {
    T copy(T obj);

    T updateStatus(String name, T body, String namespace);

    T modifyStatus(String name, UnaryOperator<T> mutation, String namespace);
  }

  private final Operations<T, S> ops;

  StatusWriter(Operations<T, S> ops) {
    this.ops = ops;
  }

  /**
   * @param agents the client to write with
   * @return a writer of SandboxSet statuses
   * @throws ValidationException naming {@code agents} when it is null
   */
  public static StatusWriter<SandboxSet, SandboxSetStatus> forSandboxSets(AgentsClient agents) {
    return forKind(agents, AgentsKinds.SANDBOX_SET);
  }

  /**
   * @param agents the client to write with
   * @return a writer of Sandbox statuses
   * @throws ValidationException naming {@code agents} when it is null
   */
  public static StatusWriter<Sandbox, SandboxStatus> forSandboxes(AgentsClient agents) {
    return forKind(agents, AgentsKinds.SANDBOX);
  }

  /**
   * @param agents the client to write with
   * @return a writer of SandboxClaim statuses
   * @throws ValidationException naming {@code agents} when it is null
   */
  public static StatusWriter<SandboxClaim, SandboxClaimStatus> forSandboxClaims(
      AgentsClient agents) {
    return forKind(agents, AgentsKinds.SANDBOX_CLAIM);
  }

  /**
   * A writer of the statuses of any registered kind that has a status subresource.
   *
   * @param agents the client to write with
   * @param kind the kind's registration
   * @param <T> the resource type
   * @param <S> its status type
   * @param <L> its list type
   * @return the writer
   * @throws ValidationException naming {@code agents} or {@code kind} when null
   */
  public static <T extends CustomResource<?, S>, S, L extends KubernetesResourceList<T>>
      StatusWriter<T, S> forKind(AgentsClient agents, ResourceKind<T, L> kind) {
    requireAgents(agents);
    if (kind == null) {
      throw ValidationException.forField("kind", "Required", "must not be null");
    }
    return new StatusWriter<>(new Operations<>() {
      @Override
      public T copy(T obj) {
        return agents.kubernetesClient().getKubernetesSerialization().clone(obj);
      }

      @Override
      public T updateStatus(String name, T body, String namespace) {
        return agents.resources(kind, namespace).updateStatus(name, body, UpdateMode.OPTIMISTIC,
            namespace);
      }

      @Override
      public T modifyStatus(String name, UnaryOperator<T> mutation, String namespace) {
        return agents.resources(kind, namespace).modifyStatus(name, mutation, namespace);
      }
    });
  }

  /**
   * Writes {@code desired} as the status of {@code current}'s object, unless it already is.
   *
   * @param current the object the status was computed from, as read (from the cache or the
   *     server), with its resourceVersion; it is not changed
   * @param desired the status it should have; not changed either
   * @return true when a write was sent and stored; false when the status was already
   *     {@code desired} (no request at all, or only the re-read after a conflict)
   * @throws ValidationException naming the argument when {@code current} (or its name,
   *     namespace or resourceVersion) or {@code desired} is missing, before any request
   * @throws ConflictException when every retry after a stale write conflicted
   * @throws io.kruise.agents.client.exceptions.NotFoundException when the object is gone
   */
  public boolean write(T current, S desired) {
    if (current == null || current.getMetadata() == null) {
      throw ValidationException.forField("current", "Required", "must not be null");
    }
    if (desired == null) {
      throw ValidationException.forField("desired", "Required", "must not be null");
    }
    String name = current.getMetadata().getName();
    String namespace = current.getMetadata().getNamespace();
    if (name == null || namespace == null) {
      throw ValidationException.forField("current.metadata", "Required",
          "needs a name and a namespace");
    }
    if (Objects.equals(current.getStatus(), desired)) {
      return false;
    }
    if (current.getMetadata().getResourceVersion() == null) {
      throw ValidationException.forField("current.metadata.resourceVersion", "Required",
          "the status is written with the version it was computed from");
    }
    if (!LeanObjects.isPartial(current)) {
      T body = ops.copy(current);
      body.setStatus(Copies.deep(desired));
      try {
        ops.updateStatus(name, body, namespace);
        return true;
      } catch (ConflictException e) {
        if (e.reason() != ConflictException.Reason.STALE_RESOURCE_VERSION
            && e.reason() != ConflictException.Reason.OTHER) {
          throw e;
        }
        LOG.debug("status of {}/{} changed since resourceVersion {}; setting it on the current"
            + " version", namespace, name, current.getMetadata().getResourceVersion());
      }
    }
    AtomicBoolean changed = new AtomicBoolean();
    ops.modifyStatus(name, fresh -> {
      // each retry gets a fresh copy; only the last attempt's answer counts
      boolean differs = !Objects.equals(fresh.getStatus(), desired);
      changed.set(differs);
      if (differs) {
        fresh.setStatus(Copies.deep(desired));
      }
      return fresh;
    }, namespace);
    return changed.get();
  }

  private static void requireAgents(AgentsClient agents) {
    if (agents == null) {
      throw ValidationException.forField("agents", "Required", "must not be null");
    }
  }
}
