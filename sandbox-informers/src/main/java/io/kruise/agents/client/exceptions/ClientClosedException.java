package io.kruise.agents.client.exceptions;

/**
 * The {@code AgentsClient} (or its shared informers) was closed: a wait that was still pending
 * when it closed ends with this exception, and so does any operation started after it closed.
 * Nothing was sent to the server ({@link #code()} is 0).
 */
public class ClientClosedException extends AgentsApiException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what could not go on, and which client or informer was closed
   */
  public ClientClosedException(String message) {
    super(message);
  }
}
