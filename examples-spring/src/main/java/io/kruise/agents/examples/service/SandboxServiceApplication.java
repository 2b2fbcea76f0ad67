package io.kruise.agents.examples.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small web service that hands out sandboxes from warm pools, with a live dashboard at
 * {@code /}. By default it runs on an embedded mock API server whose pools a simulated controller
 * fills ({@link EmbeddedCluster}); with {@code --sample.embedded=false} it uses the cluster of the
 * kubeconfig, where OpenKruise Agents' controller fills them.
 */
@SpringBootApplication
public class SandboxServiceApplication {

  /** Created by Spring Boot. */
  public SandboxServiceApplication() {}

  /**
   * Runs the service until it is stopped.
   *
   * @param args Spring Boot arguments, such as {@code --server.port=8081}
   */
  public static void main(String[] args) {
    SpringApplication.run(SandboxServiceApplication.class, args);
  }
}
