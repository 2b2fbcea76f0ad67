package io.kruise.agents.spring;

import io.kruise.agents.informers.InformerHealth;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.NamedContributor;

/**
 * The {@code kruiseAgents} health contributor: one {@link InformerHealthIndicator} per informer of
 * the {@link AgentsCache}, named after its kind and scope ({@code sandbox-all-namespaces},
 * {@code sandboxset-namespace-team-a}, ...). The set follows the informers as they are created.
 */
final class AgentsHealthContributor implements CompositeHealthContributor {

  private final AgentsCache cache;
  private final Duration grace;
  private final Clock clock;
  /** One indicator per informer, kept so that its reconnect bookkeeping lasts. */
  private final Map<String, InformerHealthIndicator> indicators = new ConcurrentHashMap<>();

  AgentsHealthContributor(AgentsCache cache, Duration grace, Clock clock) {
    this.cache = cache;
    this.grace = grace;
    this.clock = clock;
  }

  @Override
  public HealthContributor getContributor(String name) {
    for (InformerHealth h : cache.health()) {
      if (name(h).equals(name)) {
        return indicator(name);
      }
    }
    return null;
  }

  @Override
  public Iterator<NamedContributor<HealthContributor>> iterator() {
    List<NamedContributor<HealthContributor>> all = cache.health().stream()
        .map(AgentsHealthContributor::name).sorted().distinct()
        .map(n -> NamedContributor.<HealthContributor>of(n, indicator(n))).toList();
    return all.iterator();
  }

  private InformerHealthIndicator indicator(String name) {
    return indicators.computeIfAbsent(name, n -> new InformerHealthIndicator(
        () -> current(n), grace, clock, cache));
  }

  private InformerHealth current(String name) {
    for (InformerHealth h : cache.health()) {
      if (name(h).equals(name)) {
        return h;
      }
    }
    throw new IllegalStateException("informer " + name + " is gone");
  }

  /**
   * @param h an informer's health
   * @return its contributor name: kind and scope, lower case, dashes between words
   */
  static String name(InformerHealth h) {
    return (h.kind() + "-" + h.scope()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
        .replaceAll("^-|-$", "");
  }
}
