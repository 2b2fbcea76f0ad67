package io.kruise.agents.testkit;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kruise.agents.model.AgentsApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The CRDs generated from the model at build time and shipped in the sandbox-model jar, the
 * testkit's Lease stand-in, and how to install them.
 */
public final class Crds {

  /** The name of the testkit's stand-in CRD for coordination.k8s.io/v1 Lease. */
  public static final String LEASE_CRD_NAME = "leases.coordination.k8s.io";

  private Crds() {}

  /**
   * @return the Sandbox, SandboxSet, SandboxClaim and SandboxTemplate CRDs, as shipped in the
   *     model jar, in that order
   */
  public static List<CustomResourceDefinition> load() {
    return List.of(load(AgentsApi.SANDBOX_CRD_NAME), load(AgentsApi.SANDBOXSET_CRD_NAME),
        load(AgentsApi.SANDBOXCLAIM_CRD_NAME), load(AgentsApi.SANDBOXTEMPLATE_CRD_NAME));
  }

  /**
   * Loads one shipped CRD.
   *
   * @param crdName e.g. {@code sandboxes.agents.kruise.io}
   * @return the CRD
   */
  public static CustomResourceDefinition load(String crdName) {
    String path = "/META-INF/fabric8/" + crdName + "-v1.yml";
    try (InputStream in = Crds.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("CRD " + path + " is not on the classpath: is the"
            + " sandbox-model jar there, built with its CRD generation?");
      }
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The testkit's stand-in for the built-in {@code coordination.k8s.io/v1} Lease, for the local
   * CRD-only API server, which has no coordination API: a namespaced custom resource with the real
   * Lease spec (holderIdentity, leaseDurationSeconds, acquireTime, renewTime, leaseTransitions,
   * preferredHolder, strategy) and the {@code api-approved.kubernetes.io} annotation that the API
   * server requires of a CRD in a {@code *.k8s.io} group. Never install it on a real cluster.
   *
   * @return the Lease CRD
   */
  public static CustomResourceDefinition leaseStandIn() {
    String path = "/io/kruise/agents/testkit/" + LEASE_CRD_NAME + ".yaml";
    try (InputStream in = Crds.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing from the testkit jar");
      }
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Creates or updates the CRDs and waits until the server reports them Established.
   *
   * @param client an admin client
   * @param timeout how long to wait for Established
   */
  public static void install(KubernetesClient client, Duration timeout) {
    install(client, load(), timeout);
  }

  /**
   * Creates or updates the given CRDs and waits until the server reports them Established.
   *
   * @param client an admin client
   * @param crds the CRDs
   * @param timeout how long to wait for Established, for each
   */
  static void install(KubernetesClient client, List<CustomResourceDefinition> crds,
      Duration timeout) {
    for (CustomResourceDefinition crd : crds) {
      client.apiextensions().v1().customResourceDefinitions().resource(crd)
          .forceConflicts().serverSideApply();
    }
    for (CustomResourceDefinition crd : crds) {
      client.apiextensions().v1().customResourceDefinitions()
          .withName(crd.getMetadata().getName())
          .waitUntilCondition(c -> c != null && c.getStatus() != null
              && c.getStatus().getConditions() != null
              && c.getStatus().getConditions().stream().anyMatch(
                  cond -> "Established".equals(cond.getType()) && "True".equals(cond.getStatus())),
              timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
