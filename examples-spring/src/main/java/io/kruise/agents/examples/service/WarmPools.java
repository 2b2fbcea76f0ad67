package io.kruise.agents.examples.service;

/**
 * Whatever keeps the SandboxSets' warm pools filled and their sandboxes running. On a cluster
 * that is OpenKruise Agents' own controller and nothing runs in this process; embedded, it is
 * {@link SimulatedPools}; the SandboxSet pool controller of {@code sandbox-controller-kit} can take
 * its place behind this interface.
 */
public interface WarmPools extends AutoCloseable {

  /** Starts keeping the pools filled; returns at once. */
  void start();

  /** Stops; what it created stays. */
  @Override
  void close();
}
