package io.kruise.agents.controller.josdk;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * JDK dynamic proxies over fabric8's public DSL interfaces: the sharing client wraps a real
 * object in a proxy that implements every public interface the real object's class implements, so
 * that any cast a caller makes to a declared DSL type still holds.
 */
final class Proxies {

  private Proxies() {}

  /**
   * @param real the object to stand in for
   * @param handler answers every call
   * @return a proxy implementing all public interfaces of {@code real}'s class
   */
  static Object proxy(Object real, InvocationHandler handler) {
    Set<Class<?>> interfaces = new LinkedHashSet<>();
    for (Class<?> c = real.getClass(); c != null; c = c.getSuperclass()) {
      collect(c, interfaces);
    }
    return Proxy.newProxyInstance(real.getClass().getClassLoader(),
        interfaces.toArray(new Class<?>[0]), handler);
  }

  private static void collect(Class<?> type, Set<Class<?>> into) {
    for (Class<?> i : type.getInterfaces()) {
      // a non-public interface would pin the proxy to its package (and its class loader)
      if (Modifier.isPublic(i.getModifiers())) {
        into.add(i);
      }
      collect(i, into);
    }
  }

  /**
   * Calls {@code method} on {@code target}, rethrowing what the method threw rather than the
   * reflection wrapper around it.
   */
  static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /**
   * Answers {@code equals}, {@code hashCode} and {@code toString} for a proxy: identity, and a
   * description.
   *
   * @return the answer, or {@link #NOT_OBJECT_METHOD} when {@code method} is none of these
   */
  static Object objectMethod(Object proxy, Method method, Object[] args, String description) {
    if (method.getDeclaringClass() != Object.class) {
      return NOT_OBJECT_METHOD;
    }
    return switch (method.getName()) {
      case "equals" -> proxy == args[0];
      case "hashCode" -> System.identityHashCode(proxy);
      case "toString" -> description;
      default -> NOT_OBJECT_METHOD;
    };
  }

  /** Marks a call that {@link #objectMethod} does not answer. */
  static final Object NOT_OBJECT_METHOD = new Object();

  /** @return true when the method has exactly these parameter types */
  static boolean is(Method method, String name, Class<?>... parameterTypes) {
    if (!method.getName().equals(name) || method.getParameterCount() != parameterTypes.length) {
      return false;
    }
    Class<?>[] actual = method.getParameterTypes();
    for (int i = 0; i < actual.length; i++) {
      if (actual[i] != parameterTypes[i]) {
        return false;
      }
    }
    return true;
  }
}
