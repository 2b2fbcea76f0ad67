package io.kruise.agents.testkit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against a real Kubernetes API server with the CRDs of the built-in kinds
 * installed, and those of the kinds named by {@link #kinds()}: the
 * testkit's own (etcd plus the Kubernetes CRD API server, built from Debian packages on first use
 * and cached), or the cluster of {@code SANDBOX_TEST_KUBECONFIG}. Each class gets a fresh
 * namespace; parameters of type {@code AgentsClient}, {@code KubernetesClient},
 * {@link TestCluster} and {@link RealApiServer} are resolved.
 *
 * <pre>{@code
 * @WithRealApiServer
 * class ScaleTest {
 *   @Test
 *   void scales(AgentsClient agents) {
 *     agents.sandboxSets().scaleSandboxSet("pool", 5);
 *   }
 * }
 * }</pre>
 *
 * <p>A test of a kind of its own names its model class; its CRD ({@link Crds#load(Class[])}) is
 * installed (created or updated, then awaited Established) before the class's tests run, and
 * stays installed for the rest of the JVM's tests on that server:
 *
 * <pre>{@code
 * @WithRealApiServer(kinds = Widget.class)
 * class WidgetRealServerTest { ... }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Tag("real-api-server")
@ExtendWith(RealApiServerExtension.class)
public @interface WithRealApiServer {

  /**
   * @return model classes of further kinds whose CRDs are installed besides the built-in ones
   */
  Class<? extends HasMetadata>[] kinds() default {};
}
