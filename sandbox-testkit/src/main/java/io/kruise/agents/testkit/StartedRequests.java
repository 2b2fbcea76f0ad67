package io.kruise.agents.testkit;

import io.kruise.agents.testkit.RequestCounts.Scope;
import io.kruise.agents.testkit.RequestCounts.Verb;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The testkit server's {@code kruise_testkit_requests_started_total} at one moment: how many
 * resource requests STARTED (passed authentication and authorization), by verb, group, resource,
 * scope and namespace. Unlike {@link RequestCounts} it counts a WATCH as soon as it is opened, and
 * it names the namespace, so a test class can count the requests made in its own namespace
 * without interference from other classes: for example "exactly one LIST and one WATCH of
 * Sandboxes in namespace {@code ns}" is
 * {@code count(LIST, "agents.kruise.io", "sandboxes", NAMESPACE, ns) == 1} and the same for WATCH.
 * Requests refused with 401 or 403 are not counted. The server's own internal requests (its CRD
 * watch) are in it too, with namespace {@code ""}.
 *
 * <p>Only the testkit's own server has this counter (its {@code main.go} adds it). Immutable and
 * thread-safe.
 */
public final class StartedRequests {

  /** The metric this reads. */
  public static final String METRIC = "kruise_testkit_requests_started_total";

  /**
   * One series of the counter.
   *
   * @param verb the verb, as the API server's own metrics name it
   * @param group the API group
   * @param resource the resource (plural), with {@code /subresource} when there is one
   * @param scope the scope
   * @param namespace the namespace, {@code ""} for cluster-wide requests
   */
  public record Key(Verb verb, String group, String resource, Scope scope, String namespace)
      implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      return toString().compareTo(o.toString());
    }
  }

  private final Map<Key, Long> counts;

  private StartedRequests(Map<Key, Long> counts) {
    this.counts = counts;
  }

  static StartedRequests fromMetrics(String metricsText) {
    Map<Key, Long> counts = new TreeMap<>();
    for (PrometheusText.Sample s : PrometheusText.samples(metricsText, METRIC)) {
      Map<String, String> l = s.labels();
      counts.merge(new Key(Verb.fromLabel(l.getOrDefault("verb", "")), l.getOrDefault("group", ""),
          RequestCounts.resource(l.getOrDefault("resource", ""), l.getOrDefault("subresource", "")),
          Scope.fromLabel(l.getOrDefault("scope", "")), l.getOrDefault("namespace", "")),
          (long) s.value(), Long::sum);
    }
    return new StartedRequests(Map.copyOf(counts));
  }

  /** @return every series with its count; unmodifiable */
  public Map<Key, Long> asMap() {
    return counts;
  }

  /**
   * @param verb the verb, e.g. {@link Verb#WATCH}
   * @param group the API group, e.g. {@code agents.kruise.io}
   * @param resource the resource, e.g. {@code sandboxes}
   * @param scope the scope: {@link Scope#NAMESPACE} for a collection in one namespace,
   *     {@link Scope#CLUSTER} for all namespaces, {@link Scope#RESOURCE} for one object
   * @param namespace the namespace, {@code ""} for all namespaces
   * @return the requests started
   */
  public long count(Verb verb, String group, String resource, Scope scope, String namespace) {
    return counts.getOrDefault(new Key(verb, group, resource, scope, namespace), 0L);
  }

  /**
   * @param earlier counts read before these
   * @return what was counted in between; series that did not change are left out
   */
  public StartedRequests since(StartedRequests earlier) {
    Map<Key, Long> delta = new TreeMap<>();
    counts.forEach((k, v) -> {
      long d = v - earlier.counts.getOrDefault(k, 0L);
      if (d != 0) {
        delta.put(k, d);
      }
    });
    return new StartedRequests(Map.copyOf(delta));
  }

  @Override
  public String toString() {
    return new TreeMap<>(counts).entrySet().stream().map(e -> e.getKey().verb() + " "
        + e.getKey().group() + "/" + e.getKey().resource() + " " + e.getKey().scope() + " ns="
        + e.getKey().namespace() + " = " + e.getValue()).collect(Collectors.joining(", ", "{",
        "}"));
  }
}
