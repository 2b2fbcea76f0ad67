package io.kruise.agents.controller.josdk;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a {@code resources(Sandbox.class | SandboxSet.class)} chain of the sharing client.
 * Every call runs on the real chain as well, so whatever leaves the chain (a {@code Resource},
 * a list, a watch, a write) is fabric8's own and talks to the API server directly. Only these
 * calls stay in the chain and are recorded: {@code inNamespace}, {@code inAnyNamespace},
 * {@code withLabelSelector(String)} and {@code withLimit} (the shared informers choose their own
 * page size). At its end, {@code runnableInformer} and {@code inform} return a view of the shared
 * informer of the recorded kind and scope instead of a new informer.
 *
 * <p>Any other filter (fields, single labels, a {@code LabelSelector} object, a name) leaves the
 * chain: the informer at its end is then fabric8's own, with its own watch, because the shared
 * informers cannot serve that filter.
 */
final class SharingChainHandler implements InvocationHandler {

  private static final Logger LOG = LoggerFactory.getLogger(SharingChainHandler.class);

  private final Object real;
  private final Class<? extends HasMetadata> type;
  private final ChainScope scope;
  private final SharedKinds kinds;

  private SharingChainHandler(Object real, Class<? extends HasMetadata> type, ChainScope scope,
      SharedKinds kinds) {
    this.real = real;
    this.type = type;
    this.scope = scope;
    this.kinds = kinds;
  }

  @SuppressWarnings("unchecked")
  static Object wrap(Object real, Class<?> type, ChainScope scope, SharedKinds kinds) {
    return Proxies.proxy(real, new SharingChainHandler(real,
        (Class<? extends HasMetadata>) type, scope, kinds));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    Object answer = Proxies.objectMethod(proxy, method, args,
        "informer-sharing chain of " + type.getSimpleName() + " " + scope);
    if (answer != Proxies.NOT_OBJECT_METHOD) {
      return answer;
    }
    if (Proxies.is(method, "runnableInformer", long.class)) {
      return facade((Long) args[0]);
    }
    if (method.getName().equals("inform") && isInform(method)) {
      return inform(args);
    }
    // the real chain validates the arguments first, as it would without sharing
    Object result = Proxies.invoke(real, method, args);
    ChainScope next = next(method, args);
    return next == null || result == null ? result : wrap(result, type, next, kinds);
  }

  /** @return the scope after a call that stays in the chain, or null for one that leaves it */
  private ChainScope next(Method method, Object[] args) {
    if (Proxies.is(method, "inNamespace", String.class)) {
      return scope.inNamespace((String) args[0]);
    }
    if (Proxies.is(method, "inAnyNamespace")) {
      return scope.inAnyNamespace();
    }
    if (Proxies.is(method, "withLabelSelector", String.class)) {
      return scope.withLabelSelector((String) args[0]);
    }
    if (Proxies.is(method, "withLimit", Long.class)) {
      return scope;
    }
    return null;
  }

  private static boolean isInform(Method method) {
    return Proxies.is(method, "inform")
        || Proxies.is(method, "inform", ResourceEventHandler.class)
        || Proxies.is(method, "inform", ResourceEventHandler.class, long.class);
  }

  /** fabric8's {@code inform}: a started informer, synced, with the handler added first. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private SharedIndexInformer<?> inform(Object[] args) {
    long resync = args != null && args.length == 2 ? (Long) args[1] : 0L;
    SharedIndexInformer informer = facade(resync);
    if (args != null && args.length > 0 && args[0] != null) {
      informer.addEventHandler((ResourceEventHandler) args[0]);
    }
    informer.run();
    return informer;
  }

  private SharedIndexInformer<?> facade(long resyncMillis) {
    if (resyncMillis != 0) {
      LOG.warn("the shared {} informer for {} ignores the resync period of {} ms asked for; its"
          + " listeners resync as InformerOptions.resyncPeriod says", type.getSimpleName(),
          scope.toInformerScope(), resyncMillis);
    }
    return facadeOf(type);
  }

  private <T extends HasMetadata> SharedIndexInformer<T> facadeOf(Class<T> kind) {
    return new SharedIndexInformerFacade<>(kind,
        kinds.informer(kind, scope.toInformerScope()), kinds.informers());
  }
}
