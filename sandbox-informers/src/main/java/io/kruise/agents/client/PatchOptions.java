package io.kruise.agents.client;

/**
 * Options of a patch: the field manager and, for server-side apply, whether to force taking
 * fields owned by other managers.
 *
 * @param fieldManager the field manager; null means the client's configured one
 * @param force for {@link PatchType#APPLY}: take conflicting fields instead of failing with a
 *     {@link io.kruise.agents.client.exceptions.ConflictException}
 */
public record PatchOptions(String fieldManager, boolean force) {

  /** The defaults: the configured field manager, no force. */
  public static final PatchOptions DEFAULTS = new PatchOptions(null, false);

  /**
   * @param fieldManager the field manager name
   * @return options naming a field manager, without force
   */
  public static PatchOptions fieldManager(String fieldManager) {
    return new PatchOptions(fieldManager, false);
  }

  /** @return a copy of these options with force set */
  public PatchOptions withForce() {
    return new PatchOptions(fieldManager, true);
  }
}
