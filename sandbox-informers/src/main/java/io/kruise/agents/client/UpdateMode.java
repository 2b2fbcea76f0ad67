package io.kruise.agents.client;

/**
 * What an update ({@code updateSandbox}, {@code updateSandboxStatus}, and the same for
 * SandboxSets) does with the body's {@code metadata.resourceVersion}.
 */
public enum UpdateMode {
  /**
   * The default: the body must carry the resourceVersion it was read at, and the write succeeds
   * only if nothing changed the object since (otherwise a
   * {@link io.kruise.agents.client.exceptions.ConflictException}). A body without one is refused
   * with a {@link io.kruise.agents.client.exceptions.ValidationException} before any request.
   */
  OPTIMISTIC,
  /**
   * Overwrite whatever is stored: read the current resourceVersion, write the body with it, and
   * on a conflict read and write again (with {@link Configuration#conflictRetry()}). Changes that
   * others made meanwhile are lost; prefer {@code modifySandbox}/{@code modifySandboxSet}, which
   * re-apply a change to the current object.
   */
  UNCONDITIONAL
}
