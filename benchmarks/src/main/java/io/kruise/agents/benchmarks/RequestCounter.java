package io.kruise.agents.benchmarks;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the API requests one fabric8 client sends, by verb (LIST, WATCH, GET, PUT, ...), with a
 * fabric8 HTTP interceptor: every request, WebSocket upgrades included, passes {@code before}.
 */
public final class RequestCounter implements Interceptor {

  private final Map<String, LongAdder> byVerb = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> answered = new ConcurrentHashMap<>();
  private final LongAdder total = new LongAdder();

  /**
   * @param builder a client builder
   * @return the builder, counting into this counter
   */
  public KubernetesClientBuilder install(KubernetesClientBuilder builder) {
    return builder.withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("count", this));
  }

  @Override
  public void after(HttpRequest request, HttpResponse<?> response,
      AsyncBody.Consumer<List<ByteBuffer>> consumer) {
    // called once the response's headers (or a WebSocket's upgrade) arrived: for a WATCH, the
    // server has registered the watch by then
    answered.computeIfAbsent(verb(request), v -> new LongAdder()).increment();
  }

  /**
   * @param verb LIST, WATCH, GET, PUT, POST, PATCH or DELETE
   * @return requests of that verb whose response (headers) arrived so far
   */
  public long answered(String verb) {
    LongAdder a = answered.get(verb);
    return a == null ? 0 : a.sum();
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    total.increment();
    byVerb.computeIfAbsent(verb(request), v -> new LongAdder()).increment();
  }

  static String verb(HttpRequest request) {
    if (request == null) {
      return "WEBSOCKET";
    }
    String method = request.method() == null ? "GET" : request.method();
    String query = request.uri() == null ? null : request.uri().getRawQuery();
    if ("GET".equals(method)) {
      if (query != null && query.contains("watch=true")) {
        return "WATCH";
      }
      String path = request.uri() == null ? "" : request.uri().getPath();
      // a list ends with the plural; a get names one object after it
      return path.endsWith("/sandboxes") || path.endsWith("/sandboxsets") ? "LIST" : "GET";
    }
    return method;
  }

  /** @return requests so far */
  public long total() {
    return total.sum();
  }

  /**
   * @param verb LIST, WATCH, GET, PUT, POST, PATCH or DELETE
   * @return requests of that verb so far
   */
  public long count(String verb) {
    LongAdder a = byVerb.get(verb);
    return a == null ? 0 : a.sum();
  }

  /** @return counts by verb */
  public Map<String, Long> snapshot() {
    Map<String, Long> s = new TreeMap<>();
    byVerb.forEach((k, v) -> s.put(k, v.sum()));
    return s;
  }
}
