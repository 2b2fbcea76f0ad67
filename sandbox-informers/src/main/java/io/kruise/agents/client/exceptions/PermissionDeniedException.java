package io.kruise.agents.client.exceptions;

/**
 * The server refused the caller: HTTP 401 (no or invalid credentials) or 403 (authenticated but
 * not allowed). The message names the verb, resource and namespace; it never contains a token
 * or other credential.
 */
public class PermissionDeniedException extends AgentsApiException {

  private static final long serialVersionUID = 1L;

  private final String verb;
  private final String resource;
  private final String namespace;

  /**
   * Creates the exception.
   *
   * @param message the full message (without credentials)
   * @param code 401 or 403
   * @param verb the Kubernetes verb attempted (get, list, watch, create, update, patch, delete, ...)
   * @param resource the resource, e.g. {@code sandboxes} or {@code sandboxsets/scale}
   * @param namespace the namespace, or null for cluster-wide requests
   * @param cause the underlying exception
   */
  public PermissionDeniedException(String message, int code, String verb, String resource,
      String namespace, Throwable cause) {
    super(message, code, cause);
    this.verb = verb;
    this.resource = resource;
    this.namespace = namespace;
  }

  /** @return the verb that was refused */
  public String verb() {
    return verb;
  }

  /** @return the resource the verb was attempted on */
  public String resource() {
    return resource;
  }

  /** @return the namespace, or null for requests across all namespaces */
  public String namespace() {
    return namespace;
  }
}
