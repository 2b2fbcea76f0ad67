/**
 * The SandboxSet pool controller: {@link io.kruise.agents.controller.pool.SandboxSetPoolController}
 * keeps {@code spec.replicas} unclaimed sandboxes in every SandboxSet with the semantics of
 * upstream's Go controller, on java-operator-sdk and the shared informer cache. A pure planner
 * computes each reconcile's creations, deletions and status; one executor writes them.
 * {@link io.kruise.agents.controller.pool.SimulatedSandboxRuntime} stands in for the Sandbox
 * controller where none runs (tests, demos).
 */
package io.kruise.agents.controller.pool;
