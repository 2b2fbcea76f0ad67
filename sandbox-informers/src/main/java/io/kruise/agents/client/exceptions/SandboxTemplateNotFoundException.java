package io.kruise.agents.client.exceptions;

/** A SandboxTemplate does not exist (HTTP 404), or was deleted while the caller waited for it. */
public class SandboxTemplateNotFoundException extends NotFoundException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param namespace the namespace searched
   * @param name the name of the missing SandboxTemplate
   * @param detail why it is missing, e.g. {@code "not found"} or {@code "was deleted while waiting"}
   * @param cause the underlying exception, or null
   */
  public SandboxTemplateNotFoundException(String namespace, String name, String detail,
      Throwable cause) {
    super("SandboxTemplate", namespace, name, detail, cause);
  }
}
