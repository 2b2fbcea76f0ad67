package io.kruise.agents.examples.service;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code sample.*} settings of the sandbox service. Filled by Spring at startup.
 */
@ConfigurationProperties("sample")
public class SampleProperties {

  /** Run on an in-process mock API server instead of the kubeconfig's cluster. */
  private boolean embedded = true;
  /**
   * Run the kit's pool controller and a simulated runtime in-process (defaults to
   * {@code embedded}).
   */
  private boolean simulate = true;
  /** How long a simulated sandbox takes to start. */
  private Duration startupDelay = Duration.ofMillis(500);
  /** How long a claim waits for an available sandbox. */
  private Duration claimTimeout = Duration.ofSeconds(5);
  /** SandboxSets to create at startup when simulating: name to replicas. */
  private Map<String, Integer> pools = new LinkedHashMap<>();

  /** @return whether the service runs on the embedded mock API server */
  public boolean isEmbedded() {
    return embedded;
  }

  /** @param embedded whether the service runs on the embedded mock API server */
  public void setEmbedded(boolean embedded) {
    this.embedded = embedded;
  }

  /** @return whether pools are filled in-process */
  public boolean isSimulate() {
    return simulate;
  }

  /** @param simulate whether pools are filled in-process */
  public void setSimulate(boolean simulate) {
    this.simulate = simulate;
  }

  /** @return how long a simulated sandbox takes to start */
  public Duration getStartupDelay() {
    return startupDelay;
  }

  /** @param startupDelay how long a simulated sandbox takes to start */
  public void setStartupDelay(Duration startupDelay) {
    this.startupDelay = startupDelay;
  }

  /** @return how long a claim waits */
  public Duration getClaimTimeout() {
    return claimTimeout;
  }

  /** @param claimTimeout how long a claim waits */
  public void setClaimTimeout(Duration claimTimeout) {
    this.claimTimeout = claimTimeout;
  }

  /** @return the pools created at startup when simulating */
  public Map<String, Integer> getPools() {
    return pools;
  }

  /** @param pools the pools created at startup when simulating */
  public void setPools(Map<String, Integer> pools) {
    this.pools = pools;
  }
}
