package io.kruise.agents.testkit;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/**
 * Resolves client parameters of test methods and constructors: a fabric8
 * {@link KubernetesClient}, and any type with a {@code public static T create(KubernetesClient)}
 * factory, such as {@code io.kruise.agents.client.AgentsClient}. The testkit depends only on the
 * model, so it finds such client types by that convention rather than by compile-time reference.
 * Every client it creates is closed when the test (or class, for constructor and lifecycle
 * parameters) ends.
 */
final class ClientParameters {

  private ClientParameters() {}

  static boolean supports(Class<?> type) {
    return type.isAssignableFrom(io.fabric8.kubernetes.client.NamespacedKubernetesClient.class)
        && KubernetesClient.class.isAssignableFrom(type)
        || factory(type) != null;
  }

  static Object resolve(Class<?> type, Supplier<KubernetesClient> newClient,
      ExtensionContext context) {
    KubernetesClient client = newClient.get();
    closeAtEnd(context, client);
    if (KubernetesClient.class.isAssignableFrom(type)) {
      return client;
    }
    try {
      Object created = factory(type).invoke(null, client);
      if (created instanceof AutoCloseable closeable) {
        closeAtEnd(context, closeable);
      }
      return created;
    } catch (IllegalAccessException | InvocationTargetException e) {
      Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
      throw new ParameterResolutionException("cannot create " + type.getName() + ": " + cause,
          cause);
    }
  }

  private static Method factory(Class<?> type) {
    try {
      Method m = type.getMethod("create", KubernetesClient.class);
      return Modifier.isStatic(m.getModifiers()) && type.isAssignableFrom(m.getReturnType()) ? m
          : null;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static void closeAtEnd(ExtensionContext context, AutoCloseable closeable) {
    context.getStore(ExtensionContext.Namespace.create(ClientParameters.class))
        .put(new Object(), new Closer(closeable));
  }

  /** Closes a client when its JUnit store closes. */
  private record Closer(AutoCloseable closeable) implements AutoCloseable,
      ExtensionContext.Store.CloseableResource {
    @Override
    public void close() throws Exception {
      closeable.close();
    }
  }
}
