package io.kruise.agents.client.exceptions;

/**
 * An object does not exist (HTTP 404), or was deleted while the caller waited for it.
 *
 * <p>Callers usually catch the kind-specific subclasses ({@link SandboxNotFoundException},
 * {@link SandboxSetNotFoundException}, {@link SandboxClaimNotFoundException},
 * {@link SandboxTemplateNotFoundException}); catching this type handles every kind. A kind of
 * your own registers its subclass in its {@code ResourceKind}, calling the protected constructor.
 */
public class NotFoundException extends AgentsApiException {

  private static final long serialVersionUID = 1L;

  private final String kind;
  private final String namespace;
  private final String name;

  /**
   * Creates the exception.
   *
   * @param kind the kind, e.g. {@code Sandbox}
   * @param namespace the namespace searched
   * @param name the name of the missing object
   * @param detail why it is missing (not found, deleted while waiting, ...)
   * @param cause the underlying exception, or null
   */
  protected NotFoundException(String kind, String namespace, String name, String detail,
      Throwable cause) {
    super(kind + " " + namespace + "/" + name + " " + detail, 404, cause);
    this.kind = kind;
    this.namespace = namespace;
    this.name = name;
  }

  /** @return the kind of the missing object */
  public String kind() {
    return kind;
  }

  /** @return the namespace of the missing object */
  public String namespace() {
    return namespace;
  }

  /** @return the name of the missing object */
  public String name() {
    return name;
  }
}
