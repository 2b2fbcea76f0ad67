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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
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
 * a watch is a streaming response that stays open until {@link #close()}, carrying the MODIFIED
 * events that {@link #broadcast} sends. Every client of every variant gets the same bytes.
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
  private final List<OpenWatch> openWatches = new CopyOnWriteArrayList<>();

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
        watch(exchange, namespace);
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

  /** @return watches open now (streams that {@link #broadcast} writes to) */
  public int openWatches() {
    return openWatches.size();
  }

  /**
   * Waits until at least {@code count} watches are open, e.g. before broadcasting to informers
   * that have just synced (they open their watch right after their list).
   *
   * @param count how many
   * @param timeoutMillis how long to wait at most
   * @throws IllegalStateException when fewer are open at the deadline
   */
  public void awaitOpenWatches(int count, long timeoutMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (openWatches.size() < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(openWatches.size() + " watches open, expected " + count);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  /**
   * Serializes a changed object for {@link #broadcast}, as the API server would send it.
   *
   * @param changed the object's new version (its resourceVersion should be newer)
   * @return its JSON bytes
   */
  public static byte[] serialize(Sandbox changed) {
    return SandboxGenerator.json(changed).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Sends one MODIFIED event per changed object to every open watch of its namespace (or of all
   * namespaces), paced at {@code perSecond}, and makes each new version the one that lists serve.
   * One thread writes to every watch in turn, as fast as each client reads: a client that reads
   * slower than the pace holds the others back (TCP back-pressure), so compare the achieved rate
   * with the offered one. Events due at the same moment go out as one batch, flushed once.
   *
   * @param indexes for event {@code k}, the index of the object it changes (as in {@link #start})
   * @param changed for event {@code k}, the object's new version ({@link #serialize})
   * @param perSecond events per second to offer; 0 or less sends as fast as the clients read
   * @return for event {@code k}, the {@link System#nanoTime()} at which its batch began to be
   *     written (the earliest a client can have it)
   */
  public synchronized long[] broadcast(int[] indexes, byte[][] changed, double perSecond) {
    if (indexes.length != changed.length) {
      throw new IllegalArgumentException("one index per changed object");
    }
    long[] sentAt = new long[changed.length];
    long start = System.nanoTime();
    int next = 0;
    while (next < changed.length) {
      int due = changed.length;
      if (perSecond > 0) {
        long elapsed = System.nanoTime() - start;
        due = (int) Math.min(changed.length, (long) (elapsed * perSecond / 1e9) + 1);
        if (due <= next) {
          long wait = (long) ((next) * 1e9 / perSecond) - elapsed;
          LockSupport.parkNanos(Math.max(wait, 10_000));
          continue;
        }
        // at most 1 ms of events in one batch, so a late start does not become one burst
        due = Math.min(due, next + Math.max(1, (int) (perSecond / 1000)));
      }
      long now = System.nanoTime();
      for (int k = next; k < due; k++) {
        objects[indexes[k]] = changed[k];
        sentAt[k] = now;
      }
      for (OpenWatch watch : openWatches) {
        watch.send(indexes, changed, next, due, namespaces);
      }
      next = due;
    }
    return sentAt;
  }

  private void watch(HttpExchange exchange, String namespace) throws IOException {
    watches.incrementAndGet();
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, 0);
    exchange.getResponseBody().flush();
    OpenWatch watch = new OpenWatch(namespace, exchange.getResponseBody());
    openWatches.add(watch);
    try {
      // events come from broadcast(); the handler only holds the stream open
      while (closed.getCount() > 0 && !watch.ended.await(100, TimeUnit.MILLISECONDS)) {
        // wake up now and then to notice the server's close
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      openWatches.remove(watch);
    }
  }

  /** A client's open watch stream; written by the broadcasting thread only. */
  private static final class OpenWatch {
    private static final byte[] PREFIX =
        "{\"type\":\"MODIFIED\",\"object\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SUFFIX = "}\n".getBytes(StandardCharsets.UTF_8);

    private final String namespace;
    private final OutputStream out;
    private final CountDownLatch ended = new CountDownLatch(1);

    OpenWatch(String namespace, OutputStream body) {
      this.namespace = namespace;
      this.out = new BufferedOutputStream(body, 1 << 16);
    }

    void send(int[] indexes, byte[][] changed, int from, int to, String[] namespaces) {
      if (ended.getCount() == 0) {
        return;
      }
      try {
        for (int k = from; k < to; k++) {
          if (namespace == null || namespace.equals(namespaces[indexes[k]])) {
            out.write(PREFIX);
            out.write(changed[k]);
            out.write(SUFFIX);
          }
        }
        out.flush();
      } catch (IOException e) {
        // the client went away: forget this watch
        ended.countDown();
      }
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
