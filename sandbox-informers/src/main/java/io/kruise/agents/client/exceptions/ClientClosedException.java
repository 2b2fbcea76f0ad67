package io.kruise.agents.client.exceptions;

/**
 * The {@code AgentsClient} (or its shared informers) was closed: the operation was refused, or a
 * pending wait was ended by the close. Nothing started after the close returned.
 */
public class ClientClosedException extends AgentsApiException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was refused or ended, and which client or informer was closed
   */
  public ClientClosedException(String message) {
    super(message);
  }
}
