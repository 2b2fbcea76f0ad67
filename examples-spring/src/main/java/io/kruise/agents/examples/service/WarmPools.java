package io.kruise.agents.examples.service;

/**
 * Whatever keeps the SandboxSets' warm pools filled and their sandboxes running. On a cluster
 * that is OpenKruise Agents' own controller and nothing runs in this process; embedded, it is
 * {@link KitPools}: the SandboxSet pool controller of {@code sandbox-controller-kit} with its
 * simulated runtime.
 */
public interface WarmPools extends AutoCloseable {

  /** Starts keeping the pools filled; returns once the pools' informers have synced. */
  void start();

  /** Stops; what it created stays. Idempotent. */
  @Override
  void close();
}
