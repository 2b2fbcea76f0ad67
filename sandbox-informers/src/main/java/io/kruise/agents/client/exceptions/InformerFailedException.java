package io.kruise.agents.client.exceptions;

/**
 * A shared informer stopped for good after an unrecoverable error (the CRD is missing, the
 * credentials were revoked, access is forbidden). Its cache no longer follows the server, so its
 * listers, waits and claims refuse to answer from it instead of serving a frozen view. The
 * message names the kind, the scope and the error; recreate the client once the cause is fixed.
 */
public class InformerFailedException extends AgentsApiException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which informer failed, and why
   * @param code the HTTP status of the error that stopped it (such as 403), or 0
   * @param cause the error that stopped it, or null
   */
  public InformerFailedException(String message, int code, Throwable cause) {
    super(message, code, cause);
  }
}
