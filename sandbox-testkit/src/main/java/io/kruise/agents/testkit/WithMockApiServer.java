package io.kruise.agents.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against fabric8's in-process mock API server (CRUD mode) with the Sandbox
 * CRDs registered. Test methods may take {@code AgentsClient}, {@code KubernetesClient} or
 * {@link MockApiServer} parameters.
 *
 * <pre>{@code
 * @WithMockApiServer
 * class MyTest {
 *   @Test
 *   void creates(AgentsClient agents) {
 *     agents.sandboxes().createSandbox(...);
 *   }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(MockApiServerExtension.class)
public @interface WithMockApiServer {}
