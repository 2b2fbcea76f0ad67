package io.kruise.agents.testkit;

import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxClaim;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxTemplate;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The CRDs of the model classes (the ones generated at build time and shipped in the
 * sandbox-model jar, or generated from any other kind's class on demand), the testkit's Lease
 * stand-in, and how to install them.
 *
 * <p>A kind is known by its model class, the same class its {@code ResourceKind} registration
 * names: {@code Crds.load(Widget.class)} is the CRD {@code widgets.example.io} (plural and group
 * from the class's {@code @Plural}/{@code @Group}).
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
    return load(Sandbox.class, SandboxSet.class, SandboxClaim.class, SandboxTemplate.class);
  }

  /**
   * The CRDs of model classes: for each, the YAML the fabric8 CRD generator wrote at build time
   * ({@code META-INF/fabric8/<crdName>-v1.yml} on the class's classpath), else one generated
   * from the class now by the same generator.
   *
   * @param types the resource classes, each with {@code @Group} and {@code @Version}
   * @return their CRDs, in the order given
   * @throws IllegalArgumentException when a class names no group or version
   */
  @SafeVarargs
  public static List<CustomResourceDefinition> load(Class<? extends HasMetadata>... types) {
    List<CustomResourceDefinition> crds = new ArrayList<>(types.length);
    for (Class<? extends HasMetadata> type : types) {
      crds.add(load(type));
    }
    return List.copyOf(crds);
  }

  /**
   * The name of a model class's CRD, {@code plural.group}, as {@code ResourceKind.crdName()}
   * derives it.
   *
   * @param type the resource class
   * @return e.g. {@code sandboxclaims.agents.kruise.io}
   * @throws IllegalArgumentException when the class names no group or version
   */
  public static String crdName(Class<? extends HasMetadata> type) {
    if (type == null) {
      throw new IllegalArgumentException("type must not be null");
    }
    if (HasMetadata.getGroup(type) == null || HasMetadata.getVersion(type) == null) {
      throw new IllegalArgumentException(type.getName() + " has no @Group or @Version"
          + " annotation, so it names no CRD");
    }
    return HasMetadata.getPlural(type) + "." + HasMetadata.getGroup(type);
  }

  private static CustomResourceDefinition load(Class<? extends HasMetadata> type) {
    String crdName = crdName(type);
    String path = "META-INF/fabric8/" + crdName + "-v1.yml";
    ClassLoader loader = type.getClassLoader() == null ? Crds.class.getClassLoader()
        : type.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(path)) {
      if (in != null) {
        return Serialization.unmarshal(in, CustomResourceDefinition.class);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return generate(type, crdName);
  }

  /** The CRD generator's output for one class, in memory (test kinds ship no YAML). */
  private static CustomResourceDefinition generate(Class<? extends HasMetadata> type,
      String crdName) {
    Map<String, ByteArrayOutputStream> outputs = new HashMap<>();
    new CRDGenerator().forCRDVersions("v1").customResourceClasses(type)
        .withOutput(new CRDGenerator.CRDOutput<OutputStream>() {
          @Override
          public OutputStream outputFor(String name) {
            return outputs.computeIfAbsent(name, n -> new ByteArrayOutputStream());
          }

          @Override
          public void close() {}
        }).generate();
    ByteArrayOutputStream yaml = outputs.get(CRDGenerator.getOutputName(crdName, "v1"));
    if (yaml == null) {
      throw new IllegalStateException("the CRD generator made no CRD " + crdName + " from "
          + type.getName() + " (made " + outputs.keySet() + ")");
    }
    return Serialization.unmarshal(new ByteArrayInputStream(yaml.toByteArray()),
        CustomResourceDefinition.class);
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
  public static void install(KubernetesClient client, List<CustomResourceDefinition> crds,
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
