package io.kruise.agents.informers;

import io.kruise.agents.client.exceptions.AgentsApiException;

/**
 * Why a listener's registration was closed under {@link ListenerBacklogPolicy#CLOSE}: the listener
 * fell more than {@link InformerOptions#listenerBacklogLimit()} objects behind the informer.
 */
public class ListenerBacklogExceededException extends AgentsApiException {

  private static final long serialVersionUID = 1L;

  /**
   * @param listener the listener's name
   * @param limit the backlog limit it went past
   */
  ListenerBacklogExceededException(String listener, int limit) {
    super("listener '" + listener + "' fell more than " + limit + " objects behind the informer"
        + " (listenerBacklogLimit) and was closed (listenerBacklogPolicy CLOSE)", 0, null);
  }
}
