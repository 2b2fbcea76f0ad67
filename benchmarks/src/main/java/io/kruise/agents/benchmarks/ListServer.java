package io.kruise.agents.benchmarks;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kruise.agents.model.Sandbox;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * A read-only, in-process stand-in for the API server's Sandbox list and watch endpoints, for the
 * benchmarks that need 100,000 objects or 100,000 events per second (more than the real test API
 * server can take or make in a few minutes, and far more than fabric8's CRUD mock: it scans every
 * stored object on each create and replays every object as ADDED when a watch opens).
 *
 * <p>It serves pre-serialized objects exactly as the API server sends them: list pages honour
 * {@code limit} and {@code continue} (without {@code limit}, one response with everything), and
 * a watch stays open until {@link #close()}, carrying the MODIFIED events that {@link #broadcast}
 * sends. Watches are served as the API server serves them: over a WebSocket (one text frame per
 * event; fabric8's default) or, for a client that does not upgrade, as a streaming HTTP response
 * (one line per event). Every client of every variant gets the same bytes.
 *
 * <p>A small HTTP/1.1 server on a plain socket (the JDK's HttpServer cannot upgrade a connection
 * to a WebSocket): GET only, keep-alive, one thread per connection.
 */
public final class ListServer implements AutoCloseable {

  private static final String PREFIX = "/apis/agents.kruise.io/v1alpha1/";
  private static final String RESOURCE_VERSION = "9000000";
  private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final ServerSocket socket;
  private final ExecutorService executor;
  private final byte[][] objects;
  private final String[] namespaces;
  private final List<Socket> connections = new CopyOnWriteArrayList<>();
  private final AtomicInteger lists = new AtomicInteger();
  private final AtomicInteger watches = new AtomicInteger();
  private final List<OpenWatch> openWatches = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private ListServer(byte[][] objects, String[] namespaces) throws IOException {
    this.objects = objects;
    this.namespaces = namespaces;
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "list-server");
      t.setDaemon(true);
      return t;
    });
    this.socket = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
    executor.execute(this::accept);
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
    return "http://127.0.0.1:" + socket.getLocalPort();
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
   * A fabric8 client for this server, configured as for a real API server: watches over
   * WebSockets (fabric8's default).
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
    return newClient(url, false, customizer);
  }

  /**
   * A fabric8 client for a list server, possibly of another JVM.
   *
   * @param url the server's {@link #url()}
   * @param httpWatches whether watches are streaming HTTP responses instead of WebSockets
   *     (fabric8's {@code onlyHttpWatches}; its HTTP watch reader is much slower per event)
   * @param customizer changes to the client builder; may be null
   * @return a new client; the caller closes it
   */
  public static KubernetesClient newClient(String url, boolean httpWatches,
      Consumer<KubernetesClientBuilder> customizer) {
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url)
        .withNamespace("default").withOnlyHttpWatches(httpWatches).withRequestTimeout(120_000)
        .build();
    KubernetesClientBuilder builder = new KubernetesClientBuilder().withConfig(config);
    if (customizer != null) {
      customizer.accept(builder);
    }
    return builder.build();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket connection = socket.accept();
        connection.setTcpNoDelay(true);
        connections.add(connection);
        executor.execute(() -> serve(connection));
      } catch (IOException e) {
        if (!closed) {
          System.err.println("list server: accept failed: " + e);
        }
        return;
      }
    }
  }

  /** Serves the requests of one keep-alive connection until it closes or upgrades. */
  private void serve(Socket connection) {
    try (connection) {
      InputStream in = new BufferedInputStream(connection.getInputStream(), 1 << 14);
      OutputStream out = new BufferedOutputStream(connection.getOutputStream(), 1 << 16);
      while (!closed) {
        Request request = Request.read(in);
        if (request == null) {
          return;
        }
        if (!request.handled(this, in, out)) {
          return;
        }
      }
    } catch (IOException e) {
      // the client went away
    } finally {
      connections.remove(connection);
    }
  }

  /** One request's line and headers (GET requests carry no body). */
  private record Request(String method, String path, Map<String, String> query,
      Map<String, String> headers) {

    static Request read(InputStream in) throws IOException {
      String line = readLine(in);
      if (line == null) {
        return null;
      }
      String[] parts = line.split(" ");
      if (parts.length < 2) {
        throw new IOException("bad request line: " + line);
      }
      Map<String, String> headers = new HashMap<>();
      for (String h = readLine(in); h != null && !h.isEmpty(); h = readLine(in)) {
        int colon = h.indexOf(':');
        if (colon > 0) {
          headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
              h.substring(colon + 1).trim());
        }
      }
      URI uri = URI.create(parts[1]);
      return new Request(parts[0], uri.getPath(), ListServer.query(uri.getRawQuery()), headers);
    }

    /** @return whether the connection can serve another request */
    boolean handled(ListServer server, InputStream in, OutputStream out) throws IOException {
      if (!"GET".equals(method) || !path.startsWith(PREFIX) || !path.endsWith("/sandboxes")) {
        byte[] body = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
            + "\"message\":\"the benchmark list server serves only GET of sandboxes\","
            + "\"reason\":\"NotFound\",\"code\":404}").getBytes(StandardCharsets.UTF_8);
        head(out, "404 Not Found", body.length);
        out.write(body);
        out.flush();
        return true;
      }
      String rest = path.substring(PREFIX.length());
      String namespace = rest.startsWith("namespaces/")
          ? rest.substring("namespaces/".length(), rest.length() - "/sandboxes".length()) : null;
      if (!"true".equals(query.get("watch"))) {
        server.list(out, namespace, query);
        return true;
      }
      if ("websocket".equalsIgnoreCase(headers.get("upgrade"))) {
        server.webSocketWatch(in, out, namespace, headers.get("sec-websocket-key"));
      } else {
        server.httpWatch(out, namespace);
      }
      return false;
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        return line.length() == 0 ? null : line.toString();
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  private static void head(OutputStream out, String status, long length) throws IOException {
    out.write(("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\n"
        + (length >= 0 ? "Content-Length: " + length : "Transfer-Encoding: chunked")
        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
  }

  private void list(OutputStream out, String namespace, Map<String, String> query)
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
    byte[] open = ("{\"apiVersion\":\"agents.kruise.io/v1alpha1\",\"kind\":\"SandboxList\","
        + "\"metadata\":{\"resourceVersion\":\"" + RESOURCE_VERSION + "\""
        + (cont == null ? "" : ",\"continue\":\"" + cont + "\",\"remainingItemCount\":"
            + (selected.size() - to))
        + "},\"items\":[").getBytes(StandardCharsets.UTF_8);
    byte[][] items = new byte[to - from][];
    long length = open.length + 2 + Math.max(0, to - from - 1);
    for (int k = from; k < to; k++) {
      items[k - from] = objects[selected.get(k)];
      length += items[k - from].length;
    }
    head(out, "200 OK", length);
    out.write(open);
    for (int k = 0; k < items.length; k++) {
      if (k > 0) {
        out.write(',');
      }
      out.write(items[k]);
    }
    out.write("]}".getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private void httpWatch(OutputStream out, String namespace) throws IOException {
    watches.incrementAndGet();
    head(out, "200 OK", -1);
    out.flush();
    holdOpen(new OpenWatch(namespace, out, false), null);
  }

  private void webSocketWatch(InputStream in, OutputStream out, String namespace, String key)
      throws IOException {
    watches.incrementAndGet();
    String accept;
    try {
      accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
          .digest((key + WEBSOCKET_GUID).getBytes(StandardCharsets.ISO_8859_1)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    holdOpen(new OpenWatch(namespace, out, true), in);
  }

  /**
   * Keeps a watch registered until the client goes away or the server closes. A WebSocket's
   * frames from the client are read (and pings answered) so its close is noticed at once.
   */
  private void holdOpen(OpenWatch watch, InputStream in) throws IOException {
    openWatches.add(watch);
    try {
      if (in != null) {
        watch.readClientFrames(in);
      } else {
        while (!closed && !watch.ended) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
      }
    } finally {
      watch.ended = true;
      openWatches.remove(watch);
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

  /** A client's open watch; events are written by the broadcasting thread. */
  private static final class OpenWatch {
    private static final byte[] PREFIX =
        "{\"type\":\"MODIFIED\",\"object\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SUFFIX = "}".getBytes(StandardCharsets.UTF_8);

    private final String namespace;
    private final OutputStream out;
    private final boolean webSocket;
    private final byte[] chunkHead = new byte[16];
    volatile boolean ended;

    OpenWatch(String namespace, OutputStream out, boolean webSocket) {
      this.namespace = namespace;
      this.out = out;
      this.webSocket = webSocket;
    }

    synchronized void send(int[] indexes, byte[][] changed, int from, int to,
        String[] namespaces) {
      if (ended) {
        return;
      }
      try {
        for (int k = from; k < to; k++) {
          if (namespace == null || namespace.equals(namespaces[indexes[k]])) {
            int length = PREFIX.length + changed[k].length + SUFFIX.length;
            if (webSocket) {
              frameHead(0x1, length);
            } else {
              // one chunk per event line
              byte[] size = (Integer.toHexString(length + 1) + "\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1);
              out.write(size);
            }
            out.write(PREFIX);
            out.write(changed[k]);
            out.write(SUFFIX);
            if (!webSocket) {
              out.write('\n');
              out.write('\r');
              out.write('\n');
            }
          }
        }
        out.flush();
      } catch (IOException e) {
        ended = true;
      }
    }

    /** A server-to-client frame header: final, not masked. */
    private void frameHead(int opcode, int length) throws IOException {
      int n = 0;
      chunkHead[n++] = (byte) (0x80 | opcode);
      if (length < 126) {
        chunkHead[n++] = (byte) length;
      } else if (length < 65536) {
        chunkHead[n++] = 126;
        chunkHead[n++] = (byte) (length >>> 8);
        chunkHead[n++] = (byte) length;
      } else {
        chunkHead[n++] = 127;
        for (int shift = 56; shift >= 0; shift -= 8) {
          chunkHead[n++] = (byte) ((long) length >>> shift);
        }
      }
      out.write(chunkHead, 0, n);
    }

    /** Reads the client's (masked) frames: answers pings, ends on close or end of stream. */
    void readClientFrames(InputStream in) throws IOException {
      while (!ended) {
        int b0 = in.read();
        int b1 = in.read();
        if (b0 < 0 || b1 < 0) {
          return;
        }
        long length = b1 & 0x7f;
        if (length == 126) {
          length = (readByte(in) << 8) | readByte(in);
        } else if (length == 127) {
          length = 0;
          for (int i = 0; i < 8; i++) {
            length = (length << 8) | readByte(in);
          }
        }
        byte[] mask = new byte[4];
        if ((b1 & 0x80) != 0) {
          for (int i = 0; i < 4; i++) {
            mask[i] = (byte) readByte(in);
          }
        }
        byte[] payload = new byte[(int) length];
        for (int i = 0; i < payload.length; i++) {
          payload[i] = (byte) (readByte(in) ^ mask[i & 3]);
        }
        int opcode = b0 & 0x0f;
        if (opcode == 0x8) {
          synchronized (this) {
            frameHead(0x8, payload.length);
            out.write(payload);
            out.flush();
          }
          return;
        }
        if (opcode == 0x9) {
          synchronized (this) {
            frameHead(0xA, payload.length);
            out.write(payload);
            out.flush();
          }
        }
      }
    }

    private static int readByte(InputStream in) throws IOException {
      int b = in.read();
      if (b < 0) {
        throw new EOFException();
      }
      return b;
    }

    void end() {
      ended = true;
      try {
        synchronized (this) {
          if (webSocket) {
            frameHead(0x8, 0);
          } else {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          }
          out.flush();
        }
      } catch (IOException e) {
        // already gone
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
    closed = true;
    for (OpenWatch watch : openWatches) {
      watch.end();
    }
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket connection : connections) {
      try {
        connection.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
