package io.kruise.agents.testkit;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The API server's {@code apiserver_request_total} at one moment: how many requests ENDED, by
 * verb, group, resource, scope and HTTP code. Read it with {@link RealApiServer#requestCounts()}
 * before and after the code under test and compare with {@link #since(RequestCounts)}: the server
 * is shared by every test class of the JVM, and the counter has no namespace label.
 *
 * <p>The server counts a request when it ends: a WATCH that is still open is not in these counts
 * yet (it is counted, with code 200, when the server or the client closes it), and neither is a
 * LIST still being answered. To count watches as they are opened, per namespace, use
 * {@link RealApiServer#requestsStarted()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class RequestCounts {

  /** The metric this reads. */
  public static final String METRIC = "apiserver_request_total";

  /** The verbs the API server reports (its {@code verb} label). */
  public enum Verb {
    /** A GET of one object. */
    GET,
    /** A GET of a collection. */
    LIST,
    /** A GET with {@code watch=true} (also the legacy WATCHLIST). */
    WATCH,
    /** A create. */
    POST,
    /** An update. */
    PUT,
    /** A JSON, merge or strategic-merge patch. */
    PATCH,
    /** A server-side apply patch. */
    APPLY,
    /** A delete of one object. */
    DELETE,
    /** A delete of a collection. */
    DELETECOLLECTION,
    /** A connect (exec, attach, proxy, ...); not served by the testkit's server. */
    CONNECT,
    /** Anything else ({@code other}, or a label this enum does not know). */
    OTHER;

    static Verb fromLabel(String label) {
      String upper = label.toUpperCase(Locale.ROOT);
      if ("WATCHLIST".equals(upper)) {
        return WATCH;
      }
      for (Verb v : values()) {
        if (v.name().equals(upper)) {
          return v;
        }
      }
      return OTHER;
    }
  }

  /** The scope the API server reports (its {@code scope} label). */
  public enum Scope {
    /** A collection across all namespaces (or of a cluster-scoped kind). */
    CLUSTER,
    /** A collection in one namespace. */
    NAMESPACE,
    /** One object (a name in the path or a {@code metadata.name} field selector), or a create. */
    RESOURCE,
    /** A request that is not for a resource (such as {@code /readyz}). */
    NONE;

    static Scope fromLabel(String label) {
      return switch (label) {
        case "cluster" -> CLUSTER;
        case "namespace" -> NAMESPACE;
        case "resource" -> RESOURCE;
        default -> NONE;
      };
    }
  }

  /**
   * One series of the counter.
   *
   * @param verb the verb
   * @param group the API group, {@code ""} for non-resource requests
   * @param resource the resource (plural), with {@code /subresource} when there is one (such as
   *     {@code sandboxsets/scale}); for a non-resource request, its path
   * @param scope the scope
   * @param code the HTTP status code, e.g. {@code "200"}
   */
  public record Key(Verb verb, String group, String resource, Scope scope, String code)
      implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      return toString().compareTo(o.toString());
    }
  }

  private final Map<Key, Long> counts;

  private RequestCounts(Map<Key, Long> counts) {
    this.counts = counts;
  }

  /**
   * Reads the counter from a {@code /metrics} answer.
   *
   * @param metricsText the Prometheus text exposition
   * @return the counts (series of other components than the API server itself are summed in)
   */
  static RequestCounts fromMetrics(String metricsText) {
    Map<Key, Long> counts = new TreeMap<>();
    for (PrometheusText.Sample s : PrometheusText.samples(metricsText, METRIC)) {
      Map<String, String> l = s.labels();
      counts.merge(new Key(Verb.fromLabel(l.getOrDefault("verb", "")), l.getOrDefault("group", ""),
          resource(l.getOrDefault("resource", ""), l.getOrDefault("subresource", "")),
          Scope.fromLabel(l.getOrDefault("scope", "")), l.getOrDefault("code", "")),
          (long) s.value(), Long::sum);
    }
    return new RequestCounts(Map.copyOf(counts));
  }

  static String resource(String resource, String subresource) {
    if (subresource.isEmpty()) {
      return resource;
    }
    return resource.isEmpty() ? subresource : resource + "/" + subresource;
  }

  /** @return every series with its count; unmodifiable */
  public Map<Key, Long> asMap() {
    return counts;
  }

  /**
   * @param verb the verb
   * @param group the API group, e.g. {@code agents.kruise.io}
   * @param resource the resource, e.g. {@code sandboxes} or {@code sandboxsets/scale}
   * @param scope the scope
   * @return the requests that ended with any code
   */
  public long count(Verb verb, String group, String resource, Scope scope) {
    return counts.entrySet().stream().filter(e -> e.getKey().verb() == verb
        && e.getKey().group().equals(group) && e.getKey().resource().equals(resource)
        && e.getKey().scope() == scope).mapToLong(Map.Entry::getValue).sum();
  }

  /**
   * @param verb the verb
   * @param group the API group
   * @param resource the resource
   * @param scope the scope
   * @param code the HTTP status code, e.g. {@code "404"}
   * @return the requests that ended with that code
   */
  public long count(Verb verb, String group, String resource, Scope scope, String code) {
    return counts.getOrDefault(new Key(verb, group, resource, scope, code), 0L);
  }

  /**
   * @param earlier counts read before these
   * @return what was counted in between; series that did not change are left out
   */
  public RequestCounts since(RequestCounts earlier) {
    Map<Key, Long> delta = new TreeMap<>();
    counts.forEach((k, v) -> {
      long d = v - earlier.counts.getOrDefault(k, 0L);
      if (d != 0) {
        delta.put(k, d);
      }
    });
    return new RequestCounts(Map.copyOf(delta));
  }

  @Override
  public String toString() {
    return new TreeMap<>(counts).entrySet().stream().map(e -> e.getKey().verb() + " "
        + e.getKey().group() + "/" + e.getKey().resource() + " " + e.getKey().scope() + " "
        + e.getKey().code() + " = " + e.getValue()).collect(Collectors.joining(", ", "{", "}"));
  }
}
