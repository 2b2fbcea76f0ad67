package io.kruise.agents.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kruise.agents.model.Sandbox;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * A read-only, in-process stand-in for the API server's Sandbox list and watch endpoints, for the
 * benchmarks that need 100,000 objects (more than the real test API server can take in a few
 * minutes, and far more than fabric8's CRUD mock: it scans every stored object on each create and
 * replays every object as ADDED when a watch opens).
 *
 * <p>It serves pre-serialized objects exactly as the API server sends them: list pages honour
 * {@code limit} and {@code continue} (without {@code limit}, one response with everything), and
 * a watch is a streaming response that stays open without events until {@link #close()}. Every
 * client of every variant gets the same bytes.
 */
public final class ListServer implements AutoCloseable {

  private static final String PREFIX = "/apis/agents.kruise.io/v1alpha1/";
  private static final String RESOURCE_VERSION = "9000000";

  private final HttpServer server;
  private final ExecutorService executor;
  private final byte[][] objects;
  private final String[] namespaces;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicInteger lists = new AtomicInteger();
  private final AtomicInteger watches = new AtomicInteger();

  private ListServer(byte[][] objects, String[] namespaces) throws IOException {
    this.objects = objects;
    this.namespaces = namespaces;
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "list-server");
      t.setDaemon(true);
      return t;
    });
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        64);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /**
   * Serializes {@code count} objects and starts serving them on a free loopback port.
   *
   * @param count how many objects
   * @param objects makes object {@code i}
   * @return the running server
   */
  public static ListServer start(int count, IntFunction<Sandbox> objects) {
    byte[][] json = new byte[count][];
    String[] ns = new String[count];
    for (int i = 0; i < count; i++) {
      Sandbox s = objects.apply(i);
      json[i] = SandboxGenerator.json(s).getBytes(StandardCharsets.UTF_8);
      ns[i] = s.getMetadata().getNamespace();
    }
    try {
      return new ListServer(json, ns);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the list server: " + e.getMessage(), e);
    }
  }

  /** @return the URL clients connect to */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** @return how many objects it serves */
  public int size() {
    return objects.length;
  }

  /** @return the mean JSON size of one object, in bytes */
  public double meanObjectBytes() {
    long total = 0;
    for (byte[] o : objects) {
      total += o.length;
    }
    return objects.length == 0 ? 0 : (double) total / objects.length;
  }

  /** @return list requests served so far (each page counts) */
  public int listRequests() {
    return lists.get();
  }

  /** @return watch requests served so far */
  public int watchRequests() {
    return watches.get();
  }

  /**
   * A fabric8 client for this server. Watches are plain HTTP streams (fabric8 would otherwise
   * try a WebSocket first and fall back after the upgrade is refused).
   *
   * @param customizer changes to the client builder, e.g. a request-counting interceptor; may
   *     be null
   * @return a new client; the caller closes it
   */
  public KubernetesClient newClient(Consumer<KubernetesClientBuilder> customizer) {
    return newClient(url(), customizer);
  }

  /**
   * A fabric8 client for a list server, possibly of another JVM.
   *
   * @param url the server's {@link #url()}
   * @param customizer changes to the client builder; may be null
   * @return a new client; the caller closes it
   */
  public static KubernetesClient newClient(String url,
      Consumer<KubernetesClientBuilder> customizer) {
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url)
        .withNamespace("default").withOnlyHttpWatches(true).withRequestTimeout(120_000)
        .build();
    KubernetesClientBuilder builder = new KubernetesClientBuilder().withConfig(config);
    if (customizer != null) {
      customizer.accept(builder);
    }
    return builder.build();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String path = exchange.getRequestURI().getPath();
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      if (!"GET".equals(exchange.getRequestMethod()) || !path.startsWith(PREFIX)
          || !path.endsWith("/sandboxes")) {
        byte[] body = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
            + "\"message\":\"the benchmark list server serves only GET of sandboxes\","
            + "\"reason\":\"NotFound\",\"code\":404}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(404, body.length);
        exchange.getResponseBody().write(body);
        return;
      }
      String rest = path.substring(PREFIX.length());
      String namespace = rest.startsWith("namespaces/")
          ? rest.substring("namespaces/".length(), rest.length() - "/sandboxes".length()) : null;
      if ("true".equals(query.get("watch"))) {
        watch(exchange);
      } else {
        list(exchange, namespace, query);
      }
    } finally {
      exchange.close();
    }
  }

  private void list(HttpExchange exchange, String namespace, Map<String, String> query)
      throws IOException {
    lists.incrementAndGet();
    List<Integer> selected = new ArrayList<>();
    for (int i = 0; i < objects.length; i++) {
      if (namespace == null || namespace.equals(namespaces[i])) {
        selected.add(i);
      }
    }
    int from = query.containsKey("continue") ? Integer.parseInt(query.get("continue")) : 0;
    int limit = query.containsKey("limit") ? Integer.parseInt(query.get("limit")) : 0;
    int to = limit > 0 ? Math.min(selected.size(), from + limit) : selected.size();
    String cont = to < selected.size() ? String.valueOf(to) : null;
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = new BufferedOutputStream(exchange.getResponseBody(), 1 << 16)) {
      out.write(("{\"apiVersion\":\"agents.kruise.io/v1alpha1\",\"kind\":\"SandboxList\","
          + "\"metadata\":{\"resourceVersion\":\"" + RESOURCE_VERSION + "\""
          + (cont == null ? "" : ",\"continue\":\"" + cont + "\",\"remainingItemCount\":"
              + (selected.size() - to))
          + "},\"items\":[").getBytes(StandardCharsets.UTF_8));
      for (int k = from; k < to; k++) {
        if (k > from) {
          out.write(',');
        }
        out.write(objects[selected.get(k)]);
      }
      out.write("]}".getBytes(StandardCharsets.UTF_8));
    }
  }

  private void watch(HttpExchange exchange) throws IOException {
    watches.incrementAndGet();
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, 0);
    exchange.getResponseBody().flush();
    try {
      // no events: the benchmarks measure the cache after its list, and resyncs
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String part : raw.split("&")) {
      int eq = part.indexOf('=');
      String k = eq < 0 ? part : part.substring(0, eq);
      String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
      q.put(k, v);
    }
    return q;
  }

  /** Stops the server and ends the open watches. */
  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
