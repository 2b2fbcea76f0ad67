package io.kruise.agents.examples;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.Configuration;
import io.kruise.agents.client.SandboxClient;
import io.kruise.agents.client.SandboxSetClient;
import io.kruise.agents.client.WatchEvent;
import io.kruise.agents.client.WatchEventType;
import io.kruise.agents.client.WatchStream;
import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.client.exceptions.NotFoundException;
import io.kruise.agents.client.exceptions.SandboxNotFoundException;
import io.kruise.agents.model.ConditionReasons;
import io.kruise.agents.model.ConditionTypes;
import io.kruise.agents.model.Conditions;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxList;
import io.kruise.agents.model.SandboxPhase;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetSpec;
import io.kruise.agents.model.SandboxSpec;
import io.kruise.agents.model.SandboxStatus;
import io.kruise.agents.model.Times;
import io.kruise.agents.testkit.MockApiServer;
import io.kruise.agents.testkit.RealApiServer;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The demo behind the README's first command, one line per step with the milliseconds since
 * start: first the Python client's quick start played as a timeline, then the library's main job
 * ({@link PoolDemo}): the shared informer cache with listers and an index lookup, a listener,
 * waits that wake on events, and the SandboxSet pool controller keeping a warm pool full while
 * claims drain it.
 *
 * <p>It runs against an embedded in-process mock API server when no Kubernetes configuration is
 * found (or with {@code --embedded}), and against the configured cluster otherwise. In embedded
 * mode nothing runs the OpenKruise Agents controller, so a {@link SimulatedController} plays its
 * part: it marks the sandbox Running and Ready=True shortly after it is created.
 *
 * <pre>
 * mvn -q -Pdemo -pl examples -am package -DskipTests                      # embedded if no cluster
 * mvn -q -Pdemo -pl examples -am package -DskipTests -Dexec.args=--embedded
 * mvn -q -Pdemo -pl examples -am package -DskipTests -Dexec.args="--namespace agents --timeout 300"
 * </pre>
 */
public final class Demo {

  static final String SANDBOX = "demo-sandbox";
  static final String POOL = "demo-pool";
  static final String LABEL_SELECTOR = "app=demo";
  /** How long after the sandbox is created the simulated controller marks it ready. */
  static final Duration SIMULATED_READY_DELAY = Duration.ofMillis(300);
  static final Duration EMBEDDED_TIMEOUT = Duration.ofSeconds(10);
  static final Duration DEFAULT_CLUSTER_TIMEOUT = Duration.ofSeconds(120);

  static final String USAGE = String.join(System.lineSeparator(),
      "usage: Demo [--embedded] [--namespace NAME] [--timeout SECONDS] [--real-server] [--help]",
      "  --embedded         use an in-process mock API server even if a cluster is configured",
      "                     (the default when no KUBECONFIG, ~/.kube/config or in-cluster account"
          + " exists)",
      "  --namespace NAME   namespace to work in (default: the client's; 'default' when embedded)",
      "  --timeout SECONDS  how long to wait for Ready=True and for the delete to be seen"
          + " (default: 10 embedded, 120 on a cluster)",
      "  --real-server      start a real Kubernetes API server (built from Debian packages on"
          + " first use)");

  /**
   * fabric8's mock web server logs every request at INFO through java.util.logging; the demo
   * keeps its own timeline instead. Held in a field: JUL keeps loggers only weakly.
   */
  private static final java.util.logging.Logger MOCK_SERVER_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private Demo() {}

  /**
   * Runs the demo and exits with its code.
   *
   * @param args see {@link #USAGE}
   */
  public static void main(String[] args) {
    int code = run(System.out, args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Runs the demo, printing the timeline to {@code out}.
   *
   * @param out where the timeline goes
   * @param args see {@link #USAGE}
   * @return 0 on success, 1 when a step failed, 2 for bad arguments or unavailable options
   */
  public static int run(PrintStream out, String... args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      out.println("error: " + e.getMessage());
      out.println(USAGE);
      return 2;
    }
    if (options.help) {
      out.println(USAGE);
      return 0;
    }
    Timeline t = new Timeline(out);
    try {
      if (options.realServer) {
        return runOnRealServer(t, options);
      }
      Optional<String> cluster = Configuration.findClusterConfiguration();
      if (options.embedded || cluster.isEmpty()) {
        return runEmbedded(t, options,
            options.embedded ? "--embedded was given" : "no Kubernetes configuration was found");
      }
      return runOnCluster(t, options, cluster.get());
    } catch (RuntimeException e) { // typed AgentsApiExceptions, and anything else: one line
      t.log("FAILED: " + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage()));
      return 1;
    }
  }

  private static int runEmbedded(Timeline t, Options options, String why) {
    String namespace = options.namespace == null ? "default" : options.namespace;
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    try (MockApiServer server = MockApiServer.start();
        KubernetesClient kubernetes = server.createClient();
        AgentsClient agents = AgentsClient.create(kubernetes,
            Configuration.builder().namespace(namespace).build());
        SimulatedController controller = new SimulatedController(agents.sandboxes(), t)) {
      t.log("started an embedded mock API server at " + server.url() + " (" + why + ")");
      return timeline(t, agents, false, controller, server::requestCount,
          options.timeout.orElse(EMBEDDED_TIMEOUT));
    }
  }

  /**
   * A real Kubernetes API server (etcd and the CRD API server, built from Debian packages by the
   * testkit on first use) with the CRDs installed: real /scale, real watches. No OpenKruise
   * controller runs there, so the SimulatedController plays it, as in embedded mode.
   */
  private static int runOnRealServer(Timeline t, Options options) {
    String namespace = options.namespace == null ? "default" : options.namespace;
    t.log("preparing a real Kubernetes API server (first run: Debian packages are downloaded and"
        + " the server is built, a few minutes; later runs: seconds)");
    try (RealApiServer server = RealApiServer.start();
        KubernetesClient kubernetes = server.newAdminClient(namespace);
        AgentsClient agents = AgentsClient.create(kubernetes);
        SimulatedController controller = new SimulatedController(agents.sandboxes(), t)) {
      t.log("started a real API server at " + server.url() + " with the Sandbox CRDs installed");
      return timeline(t, agents, true, controller,
          () -> (int) server.requestsStarted().asMap().entrySet().stream()
              .filter(e -> namespace.equals(e.getKey().namespace()))
              .mapToLong(java.util.Map.Entry::getValue).sum(),
          options.timeout.orElse(EMBEDDED_TIMEOUT));
    }
  }

  private static int runOnCluster(Timeline t, Options options, String source) {
    Configuration.Builder config = Configuration.builder();
    if (options.namespace != null) {
      config.namespace(options.namespace);
    }
    try (AgentsClient agents = AgentsClient.create(config.build())) {
      t.log("using the cluster at " + agents.kubernetesClient().getMasterUrl() + " (found "
          + source + "), namespace " + agents.namespace() + "; --embedded runs without it");
      return timeline(t, agents, true, null, null,
          options.timeout.orElse(DEFAULT_CLUSTER_TIMEOUT));
    }
  }

  /**
   * The quick start, step by step; the same for every server.
   *
   * @param hasScale whether the server serves the /scale subresource (the mock does not)
   * @param controller plays the OpenKruise controller, or null when a real one runs
   * @param requests the server's count of requests in the namespace, or null when unknown
   */
  private static int timeline(Timeline t, AgentsClient agents, boolean hasScale,
      SimulatedController controller, java.util.function.IntSupplier requests,
      Duration timeout) {
    SandboxClient sandboxes = agents.sandboxes();
    SandboxSetClient sets = agents.sandboxSets();
    String ns = sandboxes.namespace();
    boolean sandboxCreated = false;
    boolean poolCreated = false;

    // Watch first, on a background thread, so that every later write shows up as an event.
    WatchStream<Sandbox> stream = sandboxes.watchSandboxes(null, LABEL_SELECTOR, null, null);
    EventPrinter printer = new EventPrinter(stream, t);
    try {
      printer.start();
      t.log("watching Sandboxes with label " + LABEL_SELECTOR + " in namespace " + ns
          + " on a background thread");

      Sandbox created = sandboxes.createSandbox(demoSandbox());
      sandboxCreated = true;
      t.log("created Sandbox " + ns + "/" + SANDBOX + " (resourceVersion "
          + created.getMetadata().getResourceVersion() + ")");
      if (controller != null) {
        controller.markReadyAfter(SANDBOX, SIMULATED_READY_DELAY);
      }

      SandboxSet pool = sets.createSandboxSet(demoPool(3));
      poolCreated = true;
      t.log("created SandboxSet " + ns + "/" + POOL + " with " + pool.getSpec().getReplicas()
          + " replicas");

      int replicas;
      if (!hasScale) {
        // The mock API server has no /scale subresource, so scaleSandboxSet cannot work there;
        // a merge patch of spec.replicas has the same effect on the stored object.
        SandboxSet scaled = sets.patchSandboxSet(POOL, "{\"spec\":{\"replicas\":5}}");
        t.log("scaled SandboxSet " + ns + "/" + POOL + " to " + scaled.getSpec().getReplicas()
            + " replicas by a merge patch of spec.replicas: the embedded mock API server has no"
            + " /scale subresource (a real cluster uses scaleSandboxSet)");
        replicas = sets.getSandboxSet(POOL).getSpec().getReplicas();
        t.log("read SandboxSet " + ns + "/" + POOL + ": spec.replicas = " + replicas
            + " (getSandboxSetReplicas reads /scale, which the mock lacks)");
      } else {
        SandboxSet scaled = sets.scaleSandboxSet(POOL, 5);
        t.log("scaled SandboxSet " + ns + "/" + POOL + " to " + scaled.getSpec().getReplicas()
            + " replicas with scaleSandboxSet (/scale subresource)");
        replicas = sets.getSandboxSetReplicas(POOL);
        t.log("getSandboxSetReplicas(" + POOL + ") = " + replicas);
      }
      if (replicas != 5) {
        throw new IllegalStateException("expected 5 replicas after scaling, found " + replicas);
      }

      SandboxList listed = sandboxes.listSandboxes(null, LABEL_SELECTOR, null);
      List<String> names = listed.getItems().stream().map(s -> s.getMetadata().getName())
          .collect(Collectors.toList());
      t.log("listed Sandboxes with label selector " + LABEL_SELECTOR + ": " + names.size()
          + " found " + names);
      if (!names.contains(SANDBOX)) {
        throw new IllegalStateException("the list did not contain " + SANDBOX);
      }

      t.log("waiting for Sandbox " + ns + "/" + SANDBOX + " condition Ready=True (timeout "
          + timeout.toSeconds() + " s; "
          + (controller != null ? "the SimulatedController sets it"
              : "the cluster's controller sets it")
          + ")");
      long waitStart = System.nanoTime();
      boolean alreadySet = controller != null && controller.hasMarkedReady();
      Sandbox ready = sandboxes.waitForSandboxCondition(SANDBOX, ConditionTypes.READY,
          ConditionTypes.STATUS_TRUE, timeout);
      long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - waitStart);
      t.log("Ready=True reached after waiting " + waitedMs + " ms (phase "
          + ready.getStatus().getPhase() + ", resourceVersion "
          + ready.getMetadata().getResourceVersion() + ")"
          + (alreadySet ? "; it was already set when the wait began, so the wait returned at"
              + " once" : "; the wait woke up on the watch event"));

      sets.deleteSandboxSet(POOL);
      poolCreated = false;
      t.log("deleted SandboxSet " + ns + "/" + POOL);
      sandboxes.deleteSandbox(SANDBOX);
      sandboxCreated = false;
      t.log("deleted Sandbox " + ns + "/" + SANDBOX);

      if (!printer.awaitDeleted(timeout)) {
        throw new IllegalStateException("the watch did not see the Sandbox deleted within "
            + timeout.toSeconds() + " s");
      }
      try {
        sandboxes.getSandbox(SANDBOX);
        throw new IllegalStateException("getSandbox still found " + SANDBOX + " after the delete");
      } catch (SandboxNotFoundException e) {
        t.log("getSandbox(" + SANDBOX + ") now raises SandboxNotFoundException: "
            + e.getMessage());
      }

      t.log("part 2: the shared cache, a listener, waits on events, and a warm pool kept full");
      PoolDemo.run(t, agents, hasScale, controller != null, requests, timeout);
    } finally {
      stream.close();
      printer.join();
      t.log("watch stopped after " + printer.count() + " events");
      // Leave nothing behind on a real cluster when a step failed.
      if (poolCreated) {
        deleteQuietly(() -> sets.deleteSandboxSet(POOL), t, "SandboxSet " + POOL);
      }
      if (sandboxCreated) {
        deleteQuietly(() -> sandboxes.deleteSandbox(SANDBOX), t, "Sandbox " + SANDBOX);
      }
    }
    t.log("done");
    return 0;
  }

  private static void deleteQuietly(Runnable delete, Timeline t, String what) {
    try {
      delete.run();
      t.log("cleaned up " + what);
    } catch (NotFoundException e) {
      // already gone
    } catch (AgentsApiException e) {
      t.log("could not clean up " + what + ": " + oneLine(e.getMessage()));
    }
  }

  static PodTemplateSpec nginxTemplate() {
    return new PodTemplateSpecBuilder()
        .withNewSpec()
          .addNewContainer()
            .withName("app")
            .withImage("nginx:latest")
            .addNewPort().withContainerPort(80).endPort()
          .endContainer()
        .endSpec()
        .build();
  }

  static Sandbox demoSandbox() {
    Sandbox sandbox = Sandbox.of(null, SANDBOX, new SandboxSpec().withTemplate(nginxTemplate()));
    sandbox.getMetadata().setLabels(Map.of("app", "demo"));
    return sandbox;
  }

  static SandboxSet demoPool(int replicas) {
    SandboxSet set = SandboxSet.of(null, POOL, new SandboxSetSpec().withReplicas(replicas)
        .withTemplate(nginxTemplate()));
    set.getMetadata().setLabels(Map.of("app", "demo-pool"));
    return set;
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ");
  }

  /** Prints one line per step: milliseconds since start, then the text. Thread-safe. */
  static final class Timeline {
    private final PrintStream out;
    private final long start = System.nanoTime();

    Timeline(PrintStream out) {
      this.out = out;
    }

    synchronized void log(String line) {
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      out.printf("[%5d ms] %s%n", ms, line);
      out.flush();
    }
  }

  /** Reads the watch stream on its own thread and prints each event as it arrives. */
  private static final class EventPrinter {
    private final WatchStream<Sandbox> stream;
    private final Timeline t;
    private final Thread thread;
    private final AtomicInteger count = new AtomicInteger();
    private final CountDownLatch deleted = new CountDownLatch(1);

    EventPrinter(WatchStream<Sandbox> stream, Timeline t) {
      this.stream = stream;
      this.t = t;
      this.thread = new Thread(this::print, "demo-watch");
      this.thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    private void print() {
      for (WatchEvent<Sandbox> event : stream) {
        count.incrementAndGet();
        if (event.type() == WatchEventType.ERROR) {
          t.log("watch: ERROR " + oneLine(event.error().getMessage()));
          return;
        }
        Sandbox s = event.object();
        String ready = Conditions.find(s, ConditionTypes.READY)
            .map(c -> ", Ready=" + c.getStatus()).orElse("");
        String phase = s.getStatus() == null || s.getStatus().getPhase() == null ? ""
            : ", phase " + s.getStatus().getPhase();
        t.log("watch: " + event.type() + " Sandbox " + s.getMetadata().getNamespace() + "/"
            + s.getMetadata().getName() + " (resourceVersion "
            + s.getMetadata().getResourceVersion() + phase + ready + ")");
        if (event.type() == WatchEventType.DELETED && SANDBOX.equals(s.getMetadata().getName())) {
          deleted.countDown();
        }
      }
    }

    boolean awaitDeleted(Duration timeout) {
      try {
        return deleted.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    void join() {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    int count() {
      return count.get();
    }
  }

  /**
   * Plays the OpenKruise Agents controller in embedded mode, where no controller runs: a while
   * after a sandbox is created it writes what the controller would once the pod is ready, through
   * the status subresource: phase Running and condition Ready=True (reason PodReady).
   */
  static final class SimulatedController implements AutoCloseable {
    private final SandboxClient sandboxes;
    private final Timeline t;
    private final java.util.concurrent.atomic.AtomicBoolean markedReady =
        new java.util.concurrent.atomic.AtomicBoolean();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread thread = new Thread(r, "SimulatedController");
          thread.setDaemon(true);
          return thread;
        });

    SimulatedController(SandboxClient sandboxes, Timeline t) {
      this.sandboxes = sandboxes;
      this.t = t;
    }

    void markReadyAfter(String name, Duration delay) {
      t.log("SimulatedController: will mark " + sandboxes.namespace() + "/" + name
          + " Running and Ready=True in " + delay.toMillis() + " ms");
      executor.schedule(() -> markReady(name), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void markReady(String name) {
      try {
        Sandbox copy = sandboxes.getSandbox(name).deepCopy();
        Condition ready = new ConditionBuilder()
            .withType(ConditionTypes.READY)
            .withStatus(ConditionTypes.STATUS_TRUE)
            .withReason(ConditionReasons.Ready.POD_READY)
            .withMessage("simulated: the pod is ready")
            .withLastTransitionTime(Times.format(Instant.now()))
            .build();
        SandboxStatus status = copy.getStatus() == null ? new SandboxStatus() : copy.getStatus();
        status.withPhase(SandboxPhase.RUNNING)
            .setConditions(Conditions.set(status.getConditions(), ready));
        copy.setStatus(status);
        Sandbox updated = sandboxes.updateSandboxStatus(name, copy);
        markedReady.set(true);
        t.log("SimulatedController: set " + sandboxes.namespace() + "/" + name
            + " phase Running, Ready=True (reason PodReady) via updateSandboxStatus"
            + " (resourceVersion " + updated.getMetadata().getResourceVersion() + ")");
      } catch (AgentsApiException e) {
        t.log("SimulatedController: FAILED to mark " + name + " ready: "
            + oneLine(e.getMessage()));
      }
    }

    boolean hasMarkedReady() {
      return markedReady.get();
    }

    @Override
    public void close() {
      executor.shutdownNow();
    }
  }

  /** Parsed command line. */
  static final class Options {
    boolean embedded;
    boolean realServer;
    boolean help;
    String namespace;
    Optional<Duration> timeout = Optional.empty();

    static Options parse(String... args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        String value = null;
        int eq = arg.indexOf('=');
        if (arg.startsWith("--") && eq > 0) {
          value = arg.substring(eq + 1);
          arg = arg.substring(0, eq);
        }
        switch (arg) {
          case "--embedded" -> o.embedded = true;
          case "--real-server" -> o.realServer = true;
          case "--help", "-h" -> o.help = true;
          case "--namespace", "-n" -> {
            if (value == null) {
              value = next(args, ++i, arg);
            }
            o.namespace = value;
          }
          case "--timeout" -> {
            if (value == null) {
              value = next(args, ++i, arg);
            }
            try {
              long seconds = Long.parseLong(value);
              if (seconds <= 0) {
                throw new NumberFormatException();
              }
              o.timeout = Optional.of(Duration.ofSeconds(seconds));
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("--timeout needs a positive number of seconds,"
                  + " got '" + value + "'");
            }
          }
          default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
        }
      }
      if (o.embedded && o.realServer) {
        throw new IllegalArgumentException("--embedded and --real-server exclude each other");
      }
      return o;
    }

    private static String next(String[] args, int i, String flag) {
      if (i >= args.length || args[i].startsWith("--")) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      return args[i];
    }
  }
}
