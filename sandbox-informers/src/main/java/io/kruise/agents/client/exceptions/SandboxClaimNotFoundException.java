package io.kruise.agents.client.exceptions;

/** A SandboxClaim does not exist (HTTP 404), or was deleted while the caller waited for it. */
public class SandboxClaimNotFoundException extends NotFoundException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param namespace the namespace searched
   * @param name the name of the missing SandboxClaim
   * @param detail why it is missing, e.g. {@code "not found"} or {@code "was deleted while waiting"}
   * @param cause the underlying exception, or null
   */
  public SandboxClaimNotFoundException(String namespace, String name, String detail,
      Throwable cause) {
    super("SandboxClaim", namespace, name, detail, cause);
  }
}
