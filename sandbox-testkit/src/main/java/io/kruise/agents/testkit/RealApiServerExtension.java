package io.kruise.agents.testkit;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JUnit 5 extension behind {@link WithRealApiServer}. Per test class: the JVM's shared
 * {@link RealApiServer} (or the external cluster of {@code SANDBOX_TEST_KUBECONFIG}) and a fresh
 * namespace. Resolves parameters of type {@link TestCluster}, {@link RealApiServer},
 * {@code KubernetesClient} and {@code AgentsClient} (admin, in that namespace). Installs the
 * CRDs of {@link WithRealApiServer#kinds()} first.
 *
 * <p>When the server cannot be prepared, the class is skipped with one line saying why, unless
 * the system property {@code sandbox.testkit.required=true} (or the environment variable
 * {@code SANDBOX_TESTKIT_REQUIRED=true}) is set: then it fails. CI sets it.
 */
public final class RealApiServerExtension implements BeforeAllCallback, AfterAllCallback,
    ParameterResolver {

  private static final Logger LOG = LoggerFactory.getLogger(RealApiServerExtension.class);
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(RealApiServerExtension.class);
  /** Where the server comes from; replaced only by the testkit's own tests. */
  static volatile java.util.function.Supplier<RealApiServer> servers = RealApiServer::shared;

  /** Whether real-server tests must run; replaced only by the testkit's own tests. */
  static volatile java.util.function.BooleanSupplier requirement = () ->
      Boolean.getBoolean("sandbox.testkit.required")
          || "true".equalsIgnoreCase(System.getenv("SANDBOX_TESTKIT_REQUIRED"));

  /** @return true when real-server tests must run rather than be skipped */
  public static boolean required() {
    return requirement.getAsBoolean();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    String namespace = namespaceFor(context.getRequiredTestClass());
    String external = System.getenv("SANDBOX_TEST_KUBECONFIG");
    TestCluster cluster;
    if (external != null && !external.isBlank()) {
      cluster = TestCluster.external(Path.of(external), namespace);
    } else {
      RealApiServer server;
      try {
        server = servers.get();
      } catch (RuntimeException e) {
        if (required()) {
          throw new ExtensionConfigurationException("the real API server is required"
              + " (sandbox.testkit.required=true) but could not be prepared: " + e.getMessage(), e);
        }
        LOG.warn("skipping {}: real API server unavailable: {}",
            context.getRequiredTestClass().getSimpleName(), e.getMessage());
        Assumptions.abort("real API server unavailable: " + e.getMessage());
        return;
      }
      cluster = TestCluster.local(server, namespace);
    }
    context.getStore(NS).put(TestCluster.class, cluster);
    AnnotationSupport.findAnnotation(context.getRequiredTestClass(), WithRealApiServer.class)
        .filter(a -> a.kinds().length > 0)
        .ifPresent(a -> cluster.installCrds(a.kinds()));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    TestCluster cluster = context.getStore(NS).remove(TestCluster.class, TestCluster.class);
    if (cluster != null) {
      cluster.cleanUp();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == TestCluster.class || type == RealApiServer.class
        || ClientParameters.supports(type);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    TestCluster cluster = context.getStore(NS).get(TestCluster.class, TestCluster.class);
    if (cluster == null) {
      throw new ParameterResolutionException(
          "no real API server: annotate the test class with @WithRealApiServer");
    }
    Class<?> type = parameter.getParameter().getType();
    if (type == TestCluster.class) {
      return cluster;
    }
    if (type == RealApiServer.class) {
      return cluster.server().orElseThrow(() -> new ParameterResolutionException(
          "RealApiServer is not available on the external cluster of SANDBOX_TEST_KUBECONFIG"));
    }
    return ClientParameters.resolve(type, cluster::newAdminClient, context);
  }

  static String namespaceFor(Class<?> testClass) {
    String base = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    if (base.length() > 40) {
      base = base.substring(0, 40);
    }
    return "t-" + base + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
  }
}
