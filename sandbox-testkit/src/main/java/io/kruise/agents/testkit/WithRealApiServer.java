package io.kruise.agents.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against a real Kubernetes API server with the Sandbox CRDs installed: the
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
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Tag("real-api-server")
@ExtendWith(RealApiServerExtension.class)
public @interface WithRealApiServer {}
