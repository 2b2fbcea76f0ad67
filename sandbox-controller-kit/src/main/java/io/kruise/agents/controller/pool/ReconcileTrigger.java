package io.kruise.agents.controller.pool;

import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * Asks for a reconcile of one SandboxSet: how changes of its Sandboxes (secondary resources)
 * reach the controller. {@link SandboxSetPoolController} triggers through a simple JOSDK event
 * source of its own; another event source (for example one built on the shared informers'
 * listener fan-out) can stand in by implementing this interface.
 */
@FunctionalInterface
public interface ReconcileTrigger {

  /**
   * Requests a reconcile; repeated requests for the same SandboxSet may be merged.
   *
   * @param sandboxSet the namespace and name of the SandboxSet
   */
  void trigger(ResourceID sandboxSet);
}
