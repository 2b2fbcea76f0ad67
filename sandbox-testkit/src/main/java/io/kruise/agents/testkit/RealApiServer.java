package io.kruise.agents.testkit;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kubernetes API server for tests: etcd plus the Kubernetes CRD API server
 * (k8s.io/apiextensions-apiserver, built from Debian packages by the testkit's own script), on
 * free loopback ports, with the Sandbox CRDs installed and Established.
 *
 * <p>It serves the apiextensions API and custom resources only: there is no core API (no
 * Namespace, Pod or Event objects), so namespaces are plain strings here. For controllers it also
 * serves {@code coordination.k8s.io/v1} Leases (a stand-in CRD, {@link Crds#leaseStandIn()}) and
 * answers {@code SelfSubjectRulesReview} and {@code SelfSubjectAccessReview} from its own
 * authorizer, so java-operator-sdk's leader election runs unchanged. Its watch cache is off, so
 * watches read etcd directly and a compacted resourceVersion gives 410 Gone at once.
 * Authentication is by static bearer tokens: an admin (group {@code system:masters}) and a
 * read-only user that may only get, list and watch (and ask what it may do).
 *
 * <p>Request counts: {@link #requestCounts()} reads {@code apiserver_request_total} (requests
 * counted when they end), {@link #requestsStarted()} the testkit's own counter of requests when
 * they start, with their namespace (what shows how many watches were opened).
 *
 * <p>{@link #shared()} starts one per JVM, stopped at JVM exit; tests normally reach it through
 * {@link WithRealApiServer}.
 */
public final class RealApiServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RealApiServer.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  /** Starts on new ports after a failed start (see {@link #start()}). */
  private static final int START_ATTEMPTS = 3;
  private static RealApiServer shared;
  private static RuntimeException sharedFailure;

  private final Path binDir;
  private final Path workDir;
  private final String adminToken;
  private final String readOnlyToken;
  private final int etcdPort;
  private final int etcdPeerPort;
  private final int apiPort;
  private Process etcd;
  private Process apiServer;

  private RealApiServer(Path binDir) throws IOException {
    this.binDir = binDir;
    this.workDir = Files.createTempDirectory("kruise-real-apiserver");
    this.adminToken = randomToken();
    this.readOnlyToken = randomToken();
    this.etcdPort = freePort();
    this.etcdPeerPort = freePort();
    this.apiPort = freePort();
    Files.writeString(workDir.resolve("tokens.csv"),
        adminToken + ",admin,admin-uid,\"system:masters\"\n"
            + readOnlyToken + ",readonly,readonly-uid,\"kruise:readonly\"\n");
  }

  /**
   * The JVM's shared server: prepared and started on first use, stopped at JVM exit. A failure is
   * remembered, so later callers fail fast with the same message.
   *
   * @return the running server
   * @throws IllegalStateException when the server cannot be prepared or started
   */
  public static synchronized RealApiServer shared() {
    if (shared != null) {
      return shared;
    }
    if (sharedFailure != null) {
      throw sharedFailure;
    }
    try {
      RealApiServer server = start();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "real-apiserver-stop"));
      shared = server;
      return server;
    } catch (RuntimeException e) {
      sharedFailure = e;
      throw e;
    }
  }

  /**
   * Prepares the binaries (see the testkit README) and starts a new server with the CRDs
   * installed. The caller closes it.
   *
   * @return the running server
   */
  public static RealApiServer start() {
    Path bin = ServerPreparation.prepare();
    RuntimeException failure = null;
    // A port picked free can be taken by another process before the server binds it: then the
    // process exits at once, and a second attempt on new ports starts it.
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        return start(bin);
      } catch (RuntimeException e) {
        if (failure != null) {
          e.addSuppressed(failure);
        }
        failure = e;
        LOG.warn("testkit: starting the real API server failed (attempt {} of {}): {}", attempt,
            START_ATTEMPTS, e.getMessage());
      }
    }
    throw failure;
  }

  private static RealApiServer start(Path bin) {
    RealApiServer server;
    try {
      server = new RealApiServer(bin);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      server.startEtcd();
      server.startApiServer();
      try (KubernetesClient admin = server.newAdminClient(null)) {
        List<CustomResourceDefinition> crds = new ArrayList<>(Crds.load());
        crds.add(Crds.leaseStandIn());
        Crds.install(admin, crds, START_TIMEOUT);
      }
      LOG.info("real API server ready at {} (etcd on port {})", server.url(), server.etcdPort);
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private void startEtcd() {
    String client = "http://127.0.0.1:" + etcdPort;
    String peer = "http://127.0.0.1:" + etcdPeerPort;
    etcd = launch("etcd", List.of(binDir.resolve("etcd").toString(),
        "--name", "testkit", "--data-dir", workDir.resolve("etcd").toString(),
        "--listen-client-urls", client, "--advertise-client-urls", client,
        "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
        "--initial-cluster", "testkit=" + peer, "--log-level", "warn",
        "--quota-backend-bytes", String.valueOf(4L << 30)));
    waitUntil("etcd", () -> httpGet(client + "/health", null) == 200);
  }

  /** Starts (or restarts, after {@link #stopApiServer()}) the API server on the same port. */
  public synchronized void startApiServer() {
    if (apiServer != null && apiServer.isAlive()) {
      return;
    }
    apiServer = launch("apiserver", List.of(binDir.resolve("kruise-test-apiserver").toString(),
        "--etcd-servers", "http://127.0.0.1:" + etcdPort,
        "--secure-port", String.valueOf(apiPort), "--bind-address", "127.0.0.1",
        "--cert-dir", workDir.resolve("certs").toString(),
        "--token-auth-file", workDir.resolve("tokens.csv").toString(),
        // Watches are served straight from etcd, so a compacted resourceVersion answers 410 Gone
        // at once instead of whenever it falls out of the watch cache's window.
        "--watch-cache=false"));
    waitUntil("the API server", () -> httpGet(url() + "/readyz", adminToken) == 200);
  }

  /** Stops the API server but keeps etcd and its data, to test what clients do meanwhile. */
  public synchronized void stopApiServer() {
    stop(apiServer);
    apiServer = null;
  }

  /**
   * Compacts etcd past its current revision, so that watches from any resourceVersion handed out
   * so far get 410 Gone.
   *
   * @return the revision compacted to
   */
  public long compactEtcd() {
    String base = "http://127.0.0.1:" + etcdPort;
    // One more revision first (a key of the testkit's own, outside the API server's prefix):
    // compacting at it expires every resourceVersion handed out so far, including the newest.
    String put = httpPost(base + "/v3/kv/put", "{\"key\":\"" + base64("/kruise-testkit/marker")
        + "\",\"value\":\"" + base64(String.valueOf(System.nanoTime())) + "\"}");
    Matcher m = Pattern.compile("\"revision\"\\s*:\\s*\"?(\\d+)").matcher(put);
    if (!m.find()) {
      throw new IllegalStateException("etcd answered no revision: " + put);
    }
    long revision = Long.parseLong(m.group(1));
    httpPost(base + "/v3/kv/compaction", "{\"revision\":\"" + revision + "\",\"physical\":true}");
    return revision;
  }

  private static String base64(String s) {
    return java.util.Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Deletes an object directly in etcd, behind the API server's back: with the API server
   * stopped, this makes a change that watchers can only learn about by relisting.
   *
   * @param groupResource e.g. {@code agents.kruise.io/sandboxes}
   * @param namespace the namespace
   * @param name the name
   * @return how many keys were deleted (0 or 1)
   */
  public int deleteFromEtcd(String groupResource, String namespace, String name) {
    String answer = httpPost("http://127.0.0.1:" + etcdPort + "/v3/kv/deleterange",
        "{\"key\":\"" + base64(etcdKey(groupResource, namespace, name)) + "\"}");
    Matcher m = Pattern.compile("\"deleted\"\\s*:\\s*\"?(\\d+)").matcher(answer);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  /**
   * Rewrites an object directly in etcd, behind the API server's back: for example a new UID
   * makes it look deleted and re-created under the same name, which (with the API server stopped
   * and etcd compacted) watchers can only learn about by relisting.
   *
   * @param groupResource e.g. {@code agents.kruise.io/sandboxes}
   * @param namespace the namespace
   * @param name the name
   * @param change maps the stored JSON to the JSON to store
   * @return false when etcd holds no such object
   */
  public boolean rewriteInEtcd(String groupResource, String namespace, String name,
      java.util.function.UnaryOperator<String> change) {
    String key = base64(etcdKey(groupResource, namespace, name));
    String answer = httpPost("http://127.0.0.1:" + etcdPort + "/v3/kv/range",
        "{\"key\":\"" + key + "\"}");
    Matcher m = Pattern.compile("\"value\"\\s*:\\s*\"([A-Za-z0-9+/=]+)\"").matcher(answer);
    if (!m.find()) {
      return false;
    }
    String stored = new String(java.util.Base64.getDecoder().decode(m.group(1)),
        StandardCharsets.UTF_8);
    httpPost("http://127.0.0.1:" + etcdPort + "/v3/kv/put", "{\"key\":\"" + key
        + "\",\"value\":\"" + base64(change.apply(stored)) + "\"}");
    return true;
  }

  /** The CRD API server stores custom resources (as JSON) under its own etcd prefix. */
  private static String etcdKey(String groupResource, String namespace, String name) {
    return "/registry/apiextensions.kubernetes.io/" + groupResource + "/" + namespace + "/" + name;
  }

  /**
   * Reads the API server's {@code /metrics} with the admin token.
   *
   * @return the Prometheus text exposition
   * @throws IllegalStateException when the server does not answer 200
   */
  public String metricsText() {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url()
          + "/metrics")).timeout(Duration.ofSeconds(10))
          .header("Authorization", "Bearer " + adminToken).GET().build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET /metrics answered " + response.statusCode());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads {@code apiserver_request_total}: the requests that ended so far, by verb, group,
   * resource, scope and code. A WATCH is only counted when it ends; see {@link RequestCounts}.
   *
   * @return the counts now; compare two with {@link RequestCounts#since(RequestCounts)}
   */
  public RequestCounts requestCounts() {
    return RequestCounts.fromMetrics(metricsText());
  }

  /**
   * Reads the testkit's {@code kruise_testkit_requests_started_total}: the resource requests
   * started so far, by verb, group, resource, scope and namespace (a WATCH counts when it opens).
   *
   * @return the counts now; compare two with {@link StartedRequests#since(StartedRequests)}
   */
  public StartedRequests requestsStarted() {
    return StartedRequests.fromMetrics(metricsText());
  }

  /**
   * Writes a kubeconfig for the admin token, so that another process (a child JVM, kubectl) can
   * connect to this server: fabric8's {@code Config.autoConfigure} reads it from the
   * {@code KUBECONFIG} environment variable. The server's certificate is self-signed, so the
   * file says {@code insecure-skip-tls-verify}. It holds the token: the file is readable by its
   * owner only.
   *
   * @param file where to write it (replaced if it exists)
   * @param namespace the context's namespace, or null for {@code default}
   * @return the file
   */
  public Path writeKubeconfig(Path file, String namespace) {
    String yaml = "apiVersion: v1\n"
        + "kind: Config\n"
        + "clusters:\n"
        + "- name: kruise-testkit\n"
        + "  cluster:\n"
        + "    server: " + url() + "\n"
        + "    insecure-skip-tls-verify: true\n"
        + "users:\n"
        + "- name: admin\n"
        + "  user:\n"
        + "    token: " + adminToken + "\n"
        + "contexts:\n"
        + "- name: kruise-testkit\n"
        + "  context:\n"
        + "    cluster: kruise-testkit\n"
        + "    user: admin\n"
        + "    namespace: " + (namespace == null ? "default" : namespace) + "\n"
        + "current-context: kruise-testkit\n";
    return OwnerOnlyFiles.write(file, yaml);
  }

  /** @return the API server's URL, {@code https://127.0.0.1:<port>} */
  public String url() {
    return "https://127.0.0.1:" + apiPort;
  }

  /**
   * @param namespace the client's namespace, or null for {@code default}
   * @return a new client with the admin token (group system:masters); the caller closes it
   */
  public KubernetesClient newAdminClient(String namespace) {
    return newClient(adminToken, namespace);
  }

  /**
   * @param namespace the client's namespace, or null for {@code default}
   * @return a new client of the read-only user (get, list, watch only); the caller closes it
   */
  public KubernetesClient newReadOnlyClient(String namespace) {
    return newClient(readOnlyToken, namespace);
  }

  /**
   * @param namespace the client's namespace, or null for {@code default}
   * @return a new client that sends no credentials at all; the caller closes it
   */
  public KubernetesClient newUnauthenticatedClient(String namespace) {
    return newClient(null, namespace);
  }

  /**
   * The tokens, so tests can check that they never leak into messages or logs.
   *
   * @return the admin and read-only tokens
   */
  public List<String> tokens() {
    return List.of(adminToken, readOnlyToken);
  }

  private KubernetesClient newClient(String token, String namespace) {
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url()).withTrustCerts(true)
        .withDisableHostnameVerification(true).withOauthToken(token)
        .withNamespace(namespace == null ? "default" : namespace)
        .withRequestTimeout(30_000).build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** Stops the API server and etcd and deletes their data. Idempotent. */
  @Override
  public synchronized void close() {
    stop(apiServer);
    stop(etcd);
    apiServer = null;
    etcd = null;
    deleteRecursively(workDir);
  }

  /**
   * Runs a server under a small shell guard that stops it when this JVM's end of the guard's
   * stdin closes: on a normal exit, and also when the JVM is killed and no shutdown hook runs,
   * so no etcd or API server outlives the tests.
   */
  private static final String GUARD = "exec 3<&0; \"$@\" </dev/null & child=$!; "
      + "trap 'kill -TERM \"$child\" 2>/dev/null; wait \"$child\"; exit 143' TERM INT HUP; "
      + "( cat <&3 >/dev/null; kill -TERM \"$child\" 2>/dev/null ) & "
      + "wait \"$child\"";

  private Process launch(String what, List<String> command) {
    try {
      Path log = workDir.resolve(what + ".log");
      LOG.debug("starting {}: {}", what, command.get(0));
      List<String> guarded = new ArrayList<>(List.of("bash", "-c", GUARD, "guard"));
      guarded.addAll(command);
      // stdin stays an open pipe for the process's lifetime: closing it is the stop signal
      return new ProcessBuilder(guarded).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    } catch (IOException e) {
      throw new IllegalStateException("testkit: error: cannot start " + what + ": "
          + e.getMessage(), e);
    }
  }

  private void waitUntil(String what, java.util.function.BooleanSupplier ready) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    String why = "did not become ready within " + START_TIMEOUT.toSeconds() + " s";
    while (System.nanoTime() < deadline) {
      if (ready.getAsBoolean()) {
        return;
      }
      if ((etcd != null && !etcd.isAlive()) || (what.contains("API") && apiServer != null
          && !apiServer.isAlive())) {
        why = "exited before it was ready";
        break;
      }
      sleep(100);
    }
    throw new IllegalStateException("testkit: error: " + what + " " + why + "; see the logs in "
        + workDir + ": " + tail(what));
  }

  private String tail(String what) {
    Path log = workDir.resolve((what.contains("etcd") ? "etcd" : "apiserver") + ".log");
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static void stop(Process p) {
    if (p == null) {
      return;
    }
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().sslContext(trustAll())
      .connectTimeout(Duration.ofSeconds(2)).build();

  private static int httpGet(String url, String token) {
    try {
      HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url))
          .timeout(Duration.ofSeconds(2)).GET();
      if (token != null) {
        req.header("Authorization", "Bearer " + token);
      }
      return HTTP.send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static String httpPost(String url, String json) {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
          .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (response.statusCode() != 200) {
        throw new IllegalStateException("etcd " + url + " answered " + response.statusCode()
            + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Only for the loopback server this class started itself, whose certificate is self-signed. */
  private static SSLContext trustAll() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, new SecureRandom());
      return ctx;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String randomToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.debug("could not delete {}", dir, e);
    }
  }
}
