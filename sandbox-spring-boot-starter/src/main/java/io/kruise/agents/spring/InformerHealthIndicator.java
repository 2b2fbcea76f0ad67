package io.kruise.agents.spring;

import io.kruise.agents.informers.InformerHealth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * The Actuator health of one informer (a kind and scope): UP when synced and watching, DOWN when
 * dead or not synced yet, UNKNOWN before it starts (so an informer nobody uses blocks nothing).
 * An informer between two watch connections stays UP for a grace period: fabric8 reconnects
 * watches routinely, and a reconnect must not take the pod out of service.
 *
 * <p>Threading: called by Actuator on request threads; the reconnect bookkeeping is synchronized.
 */
final class InformerHealthIndicator implements HealthIndicator {

  private final Supplier<InformerHealth> source;
  private final Duration grace;
  private final Clock clock;
  private final AgentsCache cache;
  /** When this indicator first saw the watch down, or null while it is up; guarded by this. */
  private Instant notWatchingSince;

  InformerHealthIndicator(Supplier<InformerHealth> source, Duration grace, Clock clock,
      AgentsCache cache) {
    this.source = source;
    this.grace = grace;
    this.clock = clock;
    this.cache = cache;
  }

  @Override
  public Health health() {
    InformerHealth h = source.get();
    Instant now = clock.instant();
    Health.Builder health = details(h, now);
    if (!h.started()) {
      return health.unknown().withDetail("reason", "not started").build();
    }
    if (h.dead()) {
      return health.down().withDetail("reason", "dead: " + h.lastError()
          + (cache != null && cache.recovering()
              ? "; a replacement starts after the recovery delay" : "")).build();
    }
    if (!h.synced()) {
      return health.down().withDetail("reason", "initial list not complete").build();
    }
    Duration reconnecting = reconnecting(h.watching(), now);
    if (reconnecting == null) {
      return health.up().build();
    }
    health.withDetail("reconnectingFor", reconnecting.toString());
    return reconnecting.compareTo(grace) > 0
        ? health.down().withDetail("reason", "watch down for longer than " + grace).build()
        : health.up().build();
  }

  /** @return how long the watch has been seen down, or null while it is connected */
  private synchronized Duration reconnecting(boolean watching, Instant now) {
    if (watching) {
      notWatchingSince = null;
      return null;
    }
    if (notWatchingSince == null) {
      notWatchingSince = now;
    }
    return Duration.between(notWatchingSince, now);
  }

  private Health.Builder details(InformerHealth h, Instant now) {
    Health.Builder b = new Health.Builder()
        .withDetail("kind", h.kind())
        .withDetail("scope", h.scope().toString())
        .withDetail("synced", h.synced())
        .withDetail("watching", h.watching())
        .withDetail("dead", h.dead())
        .withDetail("objects", h.size());
    if (h.lastEventTime() != null) {
      b.withDetail("lastEventTime", h.lastEventTime().toString());
      b.withDetail("lastEventAge", Duration.between(h.lastEventTime(), now).toString());
    }
    if (h.lastError() != null) {
      b.withDetail("lastError", h.lastError());
    }
    if (cache != null) {
      b.withDetail("recoveries", cache.recoveries());
    }
    return b;
  }
}
