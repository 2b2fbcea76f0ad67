package io.kruise.agents.client.exceptions;

/**
 * A watch was asked to resume from a resourceVersion that the server has already compacted away
 * (HTTP 410 Gone). Nothing was lost silently: list again and watch from the list's
 * resourceVersion. The shared informers do this by themselves; only raw watches raise it.
 */
public class ResourceVersionExpiredException extends AgentsApiException {

  private static final long serialVersionUID = 1L;

  private final String resourceVersion;

  /**
   * Creates the exception.
   *
   * @param message what expired, and what to do
   * @param resourceVersion the resourceVersion the watch started from, or null if unknown
   * @param cause the underlying exception
   */
  public ResourceVersionExpiredException(String message, String resourceVersion, Throwable cause) {
    super(message, 410, cause);
    this.resourceVersion = resourceVersion;
  }

  /** @return the expired resourceVersion the watch was started from, or null if unknown */
  public String resourceVersion() {
    return resourceVersion;
  }
}
