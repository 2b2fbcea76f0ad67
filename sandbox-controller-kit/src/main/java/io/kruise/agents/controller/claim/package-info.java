/**
 * The SandboxClaim controller: {@link io.kruise.agents.controller.claim.SandboxClaimController}
 * claims a claim's replicas from its pool with {@code SandboxPool}'s protocol, on the shared
 * informers, and {@link io.kruise.agents.controller.claim.ClaimControllerOptions} configures it.
 */
package io.kruise.agents.controller.claim;
