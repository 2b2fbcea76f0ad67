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

  /**
   * Checks the field manager.
   *
   * @param fieldManager the field manager, or null for the client's configured one
   * @param force whether server-side apply takes conflicting fields
   * @throws io.kruise.agents.client.exceptions.ValidationException naming {@code fieldManager}
   *     when it is blank
   */
  public PatchOptions {
    if (fieldManager != null && fieldManager.isBlank()) {
      throw io.kruise.agents.client.exceptions.ValidationException.forField("fieldManager",
          "Invalid", "must not be blank; null means the client's configured field manager");
    }
  }

  /** The defaults: the configured field manager, no force. */
  public static final PatchOptions DEFAULTS = new PatchOptions(null, false);

  /**
   * @param fieldManager the field manager name; null means the client's configured one
   * @return options naming a field manager, without force
   * @throws io.kruise.agents.client.exceptions.ValidationException naming {@code fieldManager}
   *     when it is blank
   */
  public static PatchOptions fieldManager(String fieldManager) {
    return new PatchOptions(fieldManager, false);
  }

  /** @return a copy of these options with force set */
  public PatchOptions withForce() {
    return new PatchOptions(fieldManager, true);
  }
}
