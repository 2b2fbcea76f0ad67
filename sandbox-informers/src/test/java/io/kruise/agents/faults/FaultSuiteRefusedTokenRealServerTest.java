package io.kruise.agents.faults;

import io.kruise.agents.informers.SharedInformers;
import static org.assertj.core.api.Assertions.assertThat;

import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.Configuration;
import io.kruise.agents.client.Fixtures;
import io.kruise.agents.client.SandboxClient;
import io.kruise.agents.client.WatchEvent;
import io.kruise.agents.client.WatchStream;
import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.client.exceptions.PermissionDeniedException;
import io.kruise.agents.informers.InformerHealth;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.testkit.RealApiServer;
import io.kruise.agents.testkit.TestCluster;
import io.kruise.agents.testkit.WithRealApiServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client whose bearer token the API server refuses (HTTP 401): every operation fails with a
 * typed exception, and neither those exceptions (message, toString, every cause, the printed
 * stack trace) nor the informer's health nor anything logged meanwhile contains the token.
 *
 * <p>The tests log through slf4j-simple (see {@code simplelogger.properties}), which writes to
 * whatever {@code System.err} is at the time of each log call; the test replaces it (and
 * {@code System.out}) with a tee that keeps a copy.
 */
@WithRealApiServer
class FaultSuiteRefusedTokenRealServerTest {

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aRefusedTokenAppearsInNoExceptionAndNoLog(TestCluster cluster, RealApiServer server)
      throws Exception {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    String token = "refused" + HexFormat.of().formatHex(bytes);
    String ns = cluster.namespace();
    Path kubeconfig = FaultSuite.kubeconfig(server, ns, Map.of("refused", token));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream err = System.err;
    PrintStream out = System.out;
    Map<String, Throwable> failures = new LinkedHashMap<>();
    List<String> texts = new ArrayList<>();
    try {
      System.setErr(new PrintStream(new Tee(err, log), true, StandardCharsets.UTF_8));
      System.setOut(new PrintStream(new Tee(out, log), true, StandardCharsets.UTF_8));
      try (AgentsClient agents = AgentsClient.create(Configuration.builder()
          .kubeconfig(kubeconfig).defaultTimeout(Duration.ofSeconds(10)).build())) {
        SandboxClient sandboxes = agents.sandboxes(ns);
        capture(failures, "list", () -> sandboxes.listSandboxes());
        capture(failures, "get", () -> sandboxes.getSandbox("any"));
        capture(failures, "create", () -> sandboxes.createSandbox(Fixtures.sandbox("s", "t")));
        capture(failures, "patch", () -> sandboxes.patchSandbox("any", "{}"));
        capture(failures, "delete", () -> {
          sandboxes.deleteSandbox("any");
          return null;
        });
        capture(failures, "scale", () -> agents.sandboxSets(ns).scaleSandboxSet("any", 1));
        capture(failures, "wait by watch", () -> sandboxes.waitForSandboxCondition("any",
            "Ready", "True", Duration.ofSeconds(10)));
        capture(failures, "watch stream", () -> {
          try (WatchStream<Sandbox> stream = sandboxes.watchSandboxes(null, null, null, 10)) {
            for (WatchEvent<Sandbox> e : stream) {
              if (e.error() != null) {
                throw e.error();
              }
            }
          }
          return null;
        });

        CompletableFuture<InformerHealth> died = new CompletableFuture<>();
        SharedInformers.of(agents).onInformerDead(died::complete);
        SharedInformer<Sandbox> informer = SharedInformers.of(agents).sandboxes(
            InformerScope.namespace(ns));
        capture(failures, "informer sync", () -> informer.synced().get(30, TimeUnit.SECONDS));
        InformerHealth health = died.get(30, TimeUnit.SECONDS);
        texts.add("informer health: " + health);
        texts.add("informer health now: " + informer.health());
        capture(failures, "wait on the dead informer", () -> informer.waitFor(ns, "any",
            s -> true, Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS));
        texts.add("client configuration: " + agents.configuration());
      }
    } finally {
      System.setErr(err);
      System.setOut(out);
      Files.deleteIfExists(kubeconfig);
    }

    List<String> problems = new ArrayList<>();
    int typed = 0;
    for (Map.Entry<String, Throwable> f : failures.entrySet()) {
      Throwable t = f.getValue();
      if (t == null) {
        problems.add(f.getKey() + " did not fail although the token was refused");
        continue;
      }
      if (t instanceof AgentsApiException) {
        typed++;
      } else {
        problems.add(f.getKey() + " failed with a raw " + t.getClass().getName() + ": "
            + t.getMessage());
      }
      StringWriter trace = new StringWriter();
      t.printStackTrace(new PrintWriter(trace));
      texts.add(f.getKey() + ": " + trace);
      int depth = 0;
      for (Throwable c = t; c != null && depth < 20; c = c.getCause(), depth++) {
        texts.add(f.getKey() + " cause " + depth + ": " + c + " / " + c.getMessage());
      }
    }
    String logged = log.toString(StandardCharsets.UTF_8);
    long leaks = texts.stream().filter(s -> s.contains(token)).count()
        + (logged.contains(token) ? 1 : 0);
    texts.stream().filter(s -> s.contains(token))
        .forEach(s -> problems.add("the token leaked into " + s.lines().findFirst().orElse(s)));
    if (logged.contains(token)) {
      problems.add("the token leaked into the log: " + logged.lines()
          .filter(l -> l.contains(token)).findFirst().orElse(""));
    }
    FaultSuite.figure("refused token: %d operations failed, %d typed (%d PermissionDenied); %d"
            + " texts and %d log lines checked, token found in %d", failures.size(), typed,
        failures.values().stream().filter(PermissionDeniedException.class::isInstance).count(),
        texts.size(), logged.lines().count(), leaks);
    assertThat(problems).as("fault-suite refused token problems").isEmpty();
  }

  private interface Call {
    Object run() throws Exception;
  }

  private static void capture(Map<String, Throwable> failures, String what, Call call) {
    try {
      call.run();
      failures.put(what, null);
    } catch (ExecutionException e) {
      failures.put(what, e.getCause());
    } catch (Exception | Error e) {
      failures.put(what, e);
    }
  }

  /** Writes to the original stream and keeps a copy. */
  private static final class Tee extends OutputStream {
    private final OutputStream original;
    private final ByteArrayOutputStream copy;

    Tee(OutputStream original, ByteArrayOutputStream copy) {
      this.original = original;
      this.copy = copy;
    }

    @Override
    public void write(int b) {
      synchronized (copy) {
        copy.write(b);
      }
      try {
        original.write(b);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      synchronized (copy) {
        copy.write(b, off, len);
      }
      try {
        original.write(b, off, len);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
