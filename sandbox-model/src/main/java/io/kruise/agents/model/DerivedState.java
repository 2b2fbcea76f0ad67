package io.kruise.agents.model;

import java.util.Objects;

/**
 * A derived {@link SandboxState} together with the rule that produced it.
 *
 * @param state the derived state
 * @param reason which rule decided, one of the {@code REASON_*} constants of
 *     {@link SandboxStates} (the same words the upstream cache uses)
 */
public record DerivedState(SandboxState state, String reason) {

  /**
   * Validates the components.
   *
   * @param state the derived state, not {@code null}
   * @param reason the deciding rule, not {@code null}
   */
  public DerivedState {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(reason, "reason");
  }
}
