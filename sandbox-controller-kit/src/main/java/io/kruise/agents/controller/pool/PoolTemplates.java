package io.kruise.agents.controller.pool;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.informers.SandboxIndexes;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxTemplate;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The SandboxTemplates that SandboxSets name in {@code spec.templateRef}, read from the shared
 * SandboxTemplate informer (no request per reconcile), and the way back from a template to the
 * SandboxSets that use it, for {@link PoolTemplateListener}.
 *
 * <p>The way back is the {@link SandboxIndexes#TEMPLATE_REF} index of the shared SandboxSet
 * informer, together with what each reconcile resolved: a reconcile records its set's reference
 * before it looks the template up (register, then look), so a template that appears or changes
 * right after the look still finds the set, even while the shared SandboxSet cache lags behind
 * the copy JOSDK reconciles. A recorded reference expires after a while (by then the shared
 * cache has the set and its index answers), so sets deleted meanwhile leave nothing behind.
 * Thread-safe.
 */
final class PoolTemplates {

  private final SharedInformer<SandboxTemplate> templates;
  private final SharedInformer<SandboxSet> sets;
  private final Duration syncTimeout;
  /** The {@code namespace/name} of the template each set's last reconcile resolved. */
  private final Cache<ResourceID, String> resolved;

  /**
   * @param templates the shared SandboxTemplate informer
   * @param sets the shared SandboxSet informer (with its built-in index)
   * @param syncTimeout how long a resolve waits for the template informer's sync
   * @param remember how long a reconcile's reference is remembered besides the index
   * @param ticker the time source of that
   */
  PoolTemplates(SharedInformer<SandboxTemplate> templates, SharedInformer<SandboxSet> sets,
      Duration syncTimeout, Duration remember, Ticker ticker) {
    this.templates = templates;
    this.sets = sets;
    this.syncTimeout = syncTimeout;
    this.resolved = Caffeine.newBuilder().expireAfterWrite(remember).ticker(ticker).build();
  }

  /** @return how many references are remembered besides the index (for tests) */
  long remembered() {
    resolved.cleanUp();
    return resolved.estimatedSize();
  }

  /** @return the informer templates are read from */
  SharedInformer<SandboxTemplate> informer() {
    return templates;
  }

  /**
   * Resolves a SandboxSet's {@code spec.templateRef} against the cache and records the reference.
   *
   * @param set the SandboxSet
   * @return the SandboxTemplate of its namespace that it names (shared: read only), or null when
   *     it names none or that template does not exist
   * @throws AgentsApiException when the SandboxTemplate informer has not synced within the sync
   *     timeout (only a reconcile outside JOSDK can come before the event source's start)
   */
  SandboxTemplate resolve(SandboxSet set) {
    ResourceID id = ResourceID.fromResource(set);
    String name = referenceOf(set);
    if (name == null) {
      resolved.invalidate(id);
      return null;
    }
    String namespace = set.getMetadata().getNamespace();
    resolved.put(id, key(namespace, name)); // before the look: see the class comment
    if (!templates.awaitSynced(syncTimeout)) {
      throw new AgentsApiException("the SandboxTemplate informer for " + templates.scope()
          + " did not sync within " + syncTimeout + ": " + templates.health());
    }
    return templates.lister().get(namespace, name);
  }

  /** Forgets a SandboxSet that is gone. */
  void forget(ResourceID set) {
    resolved.invalidate(set);
  }

  /**
   * @param namespace a SandboxTemplate's namespace
   * @param name its name
   * @return the SandboxSets that refer to it
   */
  Set<ResourceID> users(String namespace, String name) {
    Set<ResourceID> users = new LinkedHashSet<>();
    for (SandboxSet set : sets.lister().byIndex(SandboxIndexes.TEMPLATE_REF, name)) {
      if (Objects.equals(namespace, set.getMetadata().getNamespace())) {
        users.add(ResourceID.fromResource(set));
      }
    }
    // template events are rare: a scan of the recorded references is cheap enough
    String key = key(namespace, name);
    resolved.asMap().forEach((set, template) -> {
      if (template.equals(key)) {
        users.add(set);
      }
    });
    return users;
  }

  /**
   * @param set a SandboxSet
   * @return the SandboxTemplate it refers to, if it exists (JOSDK's secondary resources)
   */
  Set<SandboxTemplate> of(SandboxSet set) {
    String name = referenceOf(set);
    SandboxTemplate template = name == null ? null
        : templates.lister().get(set.getMetadata().getNamespace(), name);
    return template == null ? Set.of() : Set.of(template);
  }

  private static String referenceOf(SandboxSet set) {
    String name = set.getSpec() == null || set.getSpec().getTemplateRef() == null ? null
        : set.getSpec().getTemplateRef().getName();
    return name == null || name.isEmpty() ? null : name;
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
