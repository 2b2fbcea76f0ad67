package io.kruise.agents.testkit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against fabric8's in-process mock API server (CRUD mode) with the CRDs of
 * the built-in kinds registered, and of the kinds named by {@link #kinds()}. Test methods may
 * take {@code AgentsClient}, {@code KubernetesClient} or {@link MockApiServer} parameters.
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
 *
 * <p>A test of a kind of its own names its model class, whose CRD {@link Crds#load(Class[])}
 * finds or generates:
 *
 * <pre>{@code
 * @WithMockApiServer(kinds = Widget.class)
 * class WidgetTest { ... }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(MockApiServerExtension.class)
public @interface WithMockApiServer {

  /**
   * @return model classes of further kinds the server serves besides the built-in ones
   */
  Class<? extends HasMetadata>[] kinds() default {};
}
