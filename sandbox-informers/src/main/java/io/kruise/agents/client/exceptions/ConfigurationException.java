package io.kruise.agents.client.exceptions;

/**
 * No usable cluster configuration was found (no kubeconfig, no in-cluster service account, no
 * master URL), or the configuration given is contradictory. Raised by {@code AgentsClient.create}
 * before any request.
 */
public class ConfigurationException extends AgentsApiException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is missing or wrong, and where the client looked
   */
  public ConfigurationException(String message) {
    super(message);
  }
}
