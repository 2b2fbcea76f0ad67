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
 * The CRDs generated from the model at build time and shipped in the sandbox-model jar, and how
 * to install them.
 */
public final class Crds {

  private Crds() {}

  /** @return the Sandbox and SandboxSet CRDs, as shipped in the model jar */
  public static List<CustomResourceDefinition> load() {
    return List.of(load(AgentsApi.SANDBOX_CRD_NAME), load(AgentsApi.SANDBOXSET_CRD_NAME));
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
   * Creates or updates the CRDs and waits until the server reports them Established.
   *
   * @param client an admin client
   * @param timeout how long to wait for Established
   */
  public static void install(KubernetesClient client, Duration timeout) {
    for (CustomResourceDefinition crd : load()) {
      client.apiextensions().v1().customResourceDefinitions().resource(crd)
          .forceConflicts().serverSideApply();
    }
    for (CustomResourceDefinition crd : load()) {
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
