package io.kruise.agents.informers;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.function.ToDoubleFunction;

/**
 * Publishes the shared informers' numbers to Micrometer, which is an optional dependency: only
 * this class refers to it, so applications without Micrometer never load it.
 *
 * <p>Meters (tags {@code kind}, {@code scope}): {@code agents.informer.cache.size},
 * {@code agents.informer.events} (tag {@code type}: added, updated, deleted),
 * {@code agents.informer.healthy}, {@code agents.informer.waits.active},
 * {@code agents.informer.waits.completed}, {@code agents.informer.waits.timedout}; per listener
 * (tag {@code listener}): {@code agents.informer.listener.backlog} (distinct objects with queued
 * changes), {@code agents.informer.listener.lag} (seconds, last delivery),
 * {@code agents.informer.listener.failures}, {@code agents.informer.listener.coalesced} (events
 * merged into a queued change), {@code agents.informer.listener.reseeds} (queues dropped past the
 * backlog limit); per {@link SandboxPool}: {@code agents.pool.claims},
 * {@code agents.pool.conflicts}, {@code agents.pool.timeouts}, {@code agents.pool.wakeups}
 * (waiting claims woken by a sandbox that became claimable).
 */
public final class InformerMetrics {

  private InformerMetrics() {}

  /**
   * Binds the informers created so far and their current listeners. Call again after creating
   * more; meters already bound are not duplicated.
   *
   * @param informers the shared informers
   * @param registry the registry
   */
  public static void bind(SharedInformers informers, MeterRegistry registry) {
    for (DefaultSharedInformer<?, ?> informer : informers.all()) {
      Tags tags = Tags.of("kind", informer.kind(), "scope", informer.scope().toString());
      gauge(registry, "agents.informer.cache.size", tags, informer, i -> i.health().size());
      gauge(registry, "agents.informer.healthy", tags, informer,
          i -> i.health().isHealthy() ? 1 : 0);
      for (InformerEventHandler.EventType type : InformerEventHandler.EventType.values()) {
        FunctionCounter.builder("agents.informer.events", informer, i -> i.events(type))
            .tags(tags.and("type", type.tag())).register(registry);
      }
      if (informer.health().started()) {
        gauge(registry, "agents.informer.waits.active", tags, informer,
            i -> i.waits().active());
        FunctionCounter.builder("agents.informer.waits.completed", informer,
            i -> i.waits().completed()).tags(tags).register(registry);
        FunctionCounter.builder("agents.informer.waits.timedout", informer,
            i -> i.waits().timedOut()).tags(tags).register(registry);
        for (String index : informer.store().indexNames()) {
          FunctionCounter.builder("agents.informer.index.failures", informer,
              i -> i.store().indexFailures().getOrDefault(index, 0L))
              .tags(tags.and("index", index)).register(registry);
        }
      }
      for (ListenerQueue<?> listener : informer.listeners()) {
        Tags lt = tags.and("listener", listener.name());
        gauge(registry, "agents.informer.listener.backlog", lt, listener, ListenerQueue::backlog);
        gauge(registry, "agents.informer.listener.lag", lt, listener,
            l -> l.lastLagNanos() / 1e9);
        FunctionCounter.builder("agents.informer.listener.failures", listener,
            ListenerQueue::failures).tags(lt).register(registry);
        FunctionCounter.builder("agents.informer.listener.coalesced", listener,
            ListenerQueue::coalesced).tags(lt).register(registry);
        FunctionCounter.builder("agents.informer.listener.reseeds", listener,
            ListenerQueue::reseeds).tags(lt).register(registry);
      }
    }
  }

  /**
   * Binds a pool's claim counters.
   *
   * @param pool the pool
   * @param name a name for the tag {@code pool}
   * @param registry the registry
   */
  public static void bind(SandboxPool pool, String name, MeterRegistry registry) {
    Tags tags = Tags.of("pool", name);
    FunctionCounter.builder("agents.pool.claims", pool, SandboxPool::claims).tags(tags)
        .register(registry);
    FunctionCounter.builder("agents.pool.conflicts", pool, SandboxPool::conflicts).tags(tags)
        .register(registry);
    FunctionCounter.builder("agents.pool.timeouts", pool, SandboxPool::timeouts).tags(tags)
        .register(registry);
    FunctionCounter.builder("agents.pool.wakeups", pool, SandboxPool::wakeUps).tags(tags)
        .register(registry);
    gauge(registry, "agents.pool.waiting", tags, pool, SandboxPool::waitingClaims);
  }

  private static <T> void gauge(MeterRegistry registry, String name, Tags tags, T obj,
      ToDoubleFunction<T> f) {
    Gauge.builder(name, obj, f).tags(tags).strongReference(false).register(registry);
  }
}
