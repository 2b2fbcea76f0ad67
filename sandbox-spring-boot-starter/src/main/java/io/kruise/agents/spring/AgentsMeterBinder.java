package io.kruise.agents.spring;

import io.kruise.agents.informers.InformerHealth;
import io.kruise.agents.informers.InformerMetrics;
import io.kruise.agents.informers.SandboxPool;
import io.kruise.agents.informers.SharedInformers;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Binds the library's meters ({@link InformerMetrics}) to every registry Spring Boot gives it,
 * and keeps them bound as the application changes: after the informers start, whenever an
 * informer or a listener is added through the {@link AgentsCache}, and after a recovery (whose
 * replacement takes over the meters of the informer it replaces).
 *
 * <p>Threading: binds under this object's lock; called from Spring's startup thread, request
 * threads that add listeners and the cache's recovery thread.
 */
final class AgentsMeterBinder implements MeterBinder {

  /** Names of the meters that belong to one informer (tags {@code kind} and {@code scope}). */
  private static final String INFORMER_METERS = "agents.informer.";

  private final AgentsCache cache;
  private final SandboxPool pool;
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

  AgentsMeterBinder(AgentsCache cache, SandboxPool pool) {
    this.cache = cache;
    this.pool = pool;
    cache.onChange(this::rebind);
    cache.onRecovered(this::recovered);
  }

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    registries.add(registry);
    bind(registry);
    if (pool != null) {
      InformerMetrics.bind(pool, "sandboxPool", registry);
    }
  }

  /** Binds what is new since the last call; meters already bound are kept. */
  synchronized void rebind() {
    for (MeterRegistry registry : registries) {
      bind(registry);
    }
  }

  private void bind(MeterRegistry registry) {
    // Newest first: a replacement binds before the dead informer it replaced, whose meters
    // would otherwise keep the same names and tags.
    List<SharedInformers> all = new ArrayList<>(cache.allSharedInformers());
    Collections.reverse(all);
    for (SharedInformers informers : all) {
      InformerMetrics.bind(informers, registry);
    }
  }

  /** The meters of a replaced informer are dropped, then bound again to its replacement. */
  private synchronized void recovered(InformerHealth replacement) {
    String scope = replacement.scope().toString();
    for (MeterRegistry registry : registries) {
      for (Meter meter : List.copyOf(registry.getMeters())) {
        Meter.Id id = meter.getId();
        if (id.getName().startsWith(INFORMER_METERS)
            && replacement.kind().equals(id.getTag("kind")) && scope.equals(id.getTag("scope"))) {
          registry.remove(meter);
        }
      }
      bind(registry);
    }
  }
}
