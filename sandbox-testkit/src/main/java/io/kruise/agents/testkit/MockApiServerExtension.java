package io.kruise.agents.testkit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit 5 extension behind {@link WithMockApiServer}: one {@link MockApiServer} per test class,
 * and parameters of type {@link MockApiServer}, {@code KubernetesClient} or {@code AgentsClient}
 * (any type with a static {@code create(KubernetesClient)}) connected to it in namespace
 * {@code test}. The server also serves the kinds of {@link WithMockApiServer#kinds()}.
 */
public final class MockApiServerExtension implements BeforeAllCallback, AfterAllCallback,
    ParameterResolver {

  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(MockApiServerExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    List<Class<? extends HasMetadata>> kinds = AnnotationSupport.findAnnotation(
        context.getRequiredTestClass(), WithMockApiServer.class)
        .map(a -> List.of(a.kinds())).orElse(List.of());
    context.getStore(NS).put(MockApiServer.class, MockApiServer.start(kinds));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    MockApiServer server = context.getStore(NS).remove(MockApiServer.class, MockApiServer.class);
    if (server != null) {
      server.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == MockApiServer.class || ClientParameters.supports(type);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    MockApiServer server = server(context);
    Class<?> type = parameter.getParameter().getType();
    if (type == MockApiServer.class) {
      return server;
    }
    return ClientParameters.resolve(type, server::createClient, context);
  }

  private static MockApiServer server(ExtensionContext context) {
    MockApiServer server = context.getStore(NS).get(MockApiServer.class, MockApiServer.class);
    if (server == null) {
      throw new org.junit.jupiter.api.extension.ParameterResolutionException(
          "no mock API server: annotate the test class with @WithMockApiServer");
    }
    return server;
  }
}
