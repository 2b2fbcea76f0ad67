package io.kruise.agents.informers;

import java.time.Instant;

/**
 * The health of one shared informer, for readiness probes and metrics.
 *
 * @param kind the kind, e.g. Sandbox or SandboxClaim
 * @param scope what the informer watches
 * @param started whether it was started
 * @param synced whether its initial list completed
 * @param watching whether its watch is connected now
 * @param dead whether it stopped for good after an unrecoverable error (it will not recover;
 *     the process should restart or recreate its client)
 * @param lastEventTime when it last received an event, or null
 * @param lastError the last error it reported, or null
 * @param size the number of cached objects
 */
public record InformerHealth(String kind, InformerScope scope, boolean started, boolean synced,
    boolean watching, boolean dead, Instant lastEventTime, String lastError, int size) {

  /** @return true when started, synced, watching and not dead */
  public boolean isHealthy() {
    return started && synced && watching && !dead;
  }
}
