package io.kruise.agents.client.exceptions;

/**
 * Base of every exception this library throws for a failed API operation.
 *
 * <p>Unchecked, like fabric8's own {@code KubernetesClientException}, which is kept as the
 * {@linkplain #getCause() cause} whenever the failure came from the API server. Messages never
 * contain credentials.
 */
public class AgentsApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** HTTP status code of the failed request, or 0 when no response was received. */
  private final int code;

  /**
   * Creates an exception with no HTTP code.
   *
   * @param message what failed
   */
  public AgentsApiException(String message) {
    this(message, 0, null);
  }

  /**
   * Creates an exception for a failed request.
   *
   * @param message what failed, and the server's message
   * @param code HTTP status code, or 0 when none was received
   * @param cause the underlying exception, usually fabric8's {@code KubernetesClientException}
   */
  public AgentsApiException(String message, int code, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /**
   * HTTP status code of the failed request.
   *
   * @return the code, or 0 when the failure happened before or without a response
   */
  public int code() {
    return code;
  }
}
