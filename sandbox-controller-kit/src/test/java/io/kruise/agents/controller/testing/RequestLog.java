package io.kruise.agents.controller.testing;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Records every API request one fabric8 client sends (a fabric8 HTTP {@link Interceptor}: every
 * request, WebSocket upgrades included, passes {@code before}, retries too), by verb, resource,
 * namespace and label selector. Install it with {@code addOrReplaceInterceptor} on the client's
 * HTTP client builder, or through {@link OperatorExtension.Builder#interceptor}.
 *
 * <p>Thread-safe.
 */
public final class RequestLog implements Interceptor, ApiRequests {

  /**
   * One request.
   *
   * @param verb what it did
   * @param resource the plural (with {@code /subresource}), or the path for non-resource requests
   * @param namespace its namespace, or {@code ""} for a request across all namespaces
   * @param labelSelector its label selector, or null
   */
  public record Request(Verb verb, String resource, String namespace, String labelSelector) {}

  private final List<Request> requests = new CopyOnWriteArrayList<>();

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    if (request != null && request.uri() != null) {
      requests.add(parse(request.method(), request.uri(), contentType(request)));
    }
  }

  /** fabric8 keeps the body's content type apart from the headers, on its own request type. */
  private static String contentType(HttpRequest request) {
    if (request instanceof StandardHttpRequest standard && standard.getContentType() != null) {
      return standard.getContentType();
    }
    List<String> values = request.headers("Content-Type");
    return values == null || values.isEmpty() ? "" : values.get(0);
  }

  /** Classifies a request as the API server would. */
  static Request parse(String method, URI uri, String contentType) {
    String[] parts = uri.getPath().replaceAll("^/+", "").split("/");
    // /api/v1/... or /apis/{group}/{version}/...
    int rest = parts.length > 0 && parts[0].equals("api") ? 2 : parts.length > 0
        && parts[0].equals("apis") ? 3 : -1;
    Map<String, String> query = query(uri);
    if (rest < 0 || parts.length <= rest) {
      return new Request(Verb.OTHER, uri.getPath(), "", null);
    }
    String namespace = "";
    int i = rest;
    if (parts[i].equals("namespaces") && parts.length > i + 2) {
      namespace = parts[i + 1];
      i += 2;
    }
    String resource = parts[i];
    boolean named = parts.length > i + 1;
    if (parts.length > i + 2) {
      resource = resource + "/" + parts[i + 2];
    }
    String m = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
    Verb verb = switch (m) {
      case "GET" -> "true".equals(query.get("watch")) ? Verb.WATCH : named ? Verb.GET : Verb.LIST;
      case "POST" -> Verb.POST;
      case "PUT" -> Verb.PUT;
      case "PATCH" -> contentType.startsWith("application/apply-patch") ? Verb.APPLY : Verb.PATCH;
      case "DELETE" -> named ? Verb.DELETE : Verb.DELETECOLLECTION;
      default -> Verb.OTHER;
    };
    return new Request(verb, resource, namespace, query.get("labelSelector"));
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> query = new TreeMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1),
          StandardCharsets.UTF_8);
      query.put(key, value);
    }
    return query;
  }

  @Override
  public long count(Verb verb, String resource, String namespace) {
    return requests.stream().filter(r -> r.verb() == verb && r.resource().equals(resource)
        && r.namespace().equals(namespace)).count();
  }

  /**
   * @param verb the verb
   * @param resource the plural
   * @return such requests in any namespace, or across all
   */
  public long countAnyNamespace(Verb verb, String resource) {
    return requests.stream().filter(r -> r.verb() == verb && r.resource().equals(resource))
        .count();
  }

  /** @return every request so far, in order */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public String describe() {
    return "client-side request log " + requests.stream()
        .collect(Collectors.groupingBy(r -> r.verb() + " " + r.resource()
            + (r.namespace().isEmpty() ? "" : " in " + r.namespace()), TreeMap::new,
            Collectors.counting()));
  }
}
