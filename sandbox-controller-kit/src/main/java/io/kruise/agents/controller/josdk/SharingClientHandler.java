package io.kruise.agents.controller.josdk;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link KubernetesClient} that JOSDK is given: every call goes to the real client, except
 * {@code resources(Sandbox.class | SandboxSet.class, ...)}, whose chain is followed by a
 * {@link SharingChainHandler} so that the informer at its end is the shared one, and
 * {@code close()}, which does nothing because the real client belongs to the {@code AgentsClient}.
 * Clients derived from this one ({@code inNamespace}, {@code inAnyNamespace}, {@code adapt} to a
 * client interface) share in the same way.
 */
final class SharingClientHandler implements InvocationHandler {

  private static final Logger LOG = LoggerFactory.getLogger(SharingClientHandler.class);

  private final KubernetesClient real;
  private final SharedKinds kinds;

  private SharingClientHandler(KubernetesClient real, SharedKinds kinds) {
    this.real = real;
    this.kinds = kinds;
  }

  /**
   * @param real the client that does the work
   * @param kinds where the shared informers come from
   * @return a client that passes everything through to {@code real} but shares informers
   */
  static KubernetesClient wrap(KubernetesClient real, SharedKinds kinds) {
    return (KubernetesClient) Proxies.proxy(real, new SharingClientHandler(real, kinds));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    Object answer = Proxies.objectMethod(proxy, method, args, "informer-sharing view of " + real);
    if (answer != Proxies.NOT_OBJECT_METHOD) {
      return answer;
    }
    if (method.getName().equals("close") && method.getParameterCount() == 0) {
      // JOSDK closes its client when the Operator stops; this one is the AgentsClient's.
      LOG.debug("close() of the informer-sharing client ignored: the AgentsClient owns {}", real);
      return null;
    }
    Object result = Proxies.invoke(real, method, args);
    if (method.getName().equals("resources") && args != null && args.length > 0
        && args[0] instanceof Class<?> type && kinds.shares(type) && result != null) {
      return SharingChainHandler.wrap(result, type, ChainScope.of(real.getNamespace()), kinds);
    }
    if (result instanceof KubernetesClient derived && result != proxy) {
      return wrapDerived(method, args, derived, proxy);
    }
    return result;
  }

  /** A client derived from this one shares too, when the caller's type allows a proxy. */
  private Object wrapDerived(Method method, Object[] args, KubernetesClient derived,
      Object proxy) {
    Class<?> wanted = method.getName().equals("adapt") && args != null && args.length == 1
        && args[0] instanceof Class<?> c ? c : method.getReturnType();
    Object wrapped = derived == real ? proxy : wrap(derived, kinds);
    // adapt(SomeClass.class) to a class, not an interface: that client does not share
    return wanted.isInstance(wrapped) ? wrapped : derived;
  }
}
