package io.kruise.agents.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.Configuration;
import io.kruise.agents.client.SandboxClient;
import io.kruise.agents.client.WatchEvent;
import io.kruise.agents.client.WatchEventType;
import io.kruise.agents.client.WatchHandle;
import io.kruise.agents.client.exceptions.ConfigurationException;
import io.kruise.agents.client.exceptions.SandboxSetNotFoundException;
import io.kruise.agents.examples.quickstart.BasicUsage;
import io.kruise.agents.examples.quickstart.Configuring;
import io.kruise.agents.examples.quickstart.Exceptions;
import io.kruise.agents.examples.quickstart.Filtering;
import io.kruise.agents.examples.quickstart.Updating;
import io.kruise.agents.examples.quickstart.Waiting;
import io.kruise.agents.examples.quickstart.Watching;
import io.kruise.agents.examples.quickstart.WorkingWithSandboxSets;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxPhase;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSpec;
import io.kruise.agents.model.SandboxStatus;
import io.kruise.agents.testkit.MockApiServer;
import io.kruise.agents.testkit.WithMockApiServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the README honest: (a) runs every quick-start snippet against the mock API server, and
 * (b) checks that the README shows each tagged region of the example sources verbatim
 * (whitespace-normalised) and no Java code that is not such a region.
 */
@WithMockApiServer
class ReadmeSnippetsTest {

  private static final Path README = Path.of("..", "README.md");
  private static final List<Path> SNIPPET_SOURCES = List.of(
      Path.of("src", "main", "java", "io", "kruise", "agents", "examples", "quickstart"),
      Path.of("src", "test", "java", "io", "kruise", "agents", "examples"),
      // the README's Spring sections (checked in detail by examples-spring's own test)
      Path.of("..", "examples-spring", "src", "main", "java"));
  private static final Pattern TAG = Pattern.compile("^\\s*// tag::([a-z0-9-]+)\\[]\\s*$");
  private static final Pattern END = Pattern.compile("^\\s*// end::([a-z0-9-]+)\\[]\\s*$");
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\R(.*?)```", Pattern.DOTALL);

  @AfterEach
  void deleteWhatTheSnippetsCreated(AgentsClient agents) {
    agents.sandboxes("default").deleteCollectionSandboxes(null, null, null);
    agents.sandboxSets("default").deleteCollectionSandboxSets(null, null, null);
  }

  // ---------------------------------------------------------------- (a) the snippets run

  @Test
  void basicUsageCreatesTheSandbox(AgentsClient agents) {
    String out = stdout(() -> BasicUsage.createSandbox(agents));

    assertThat(out).contains("Created sandbox: example-sandbox");
    Sandbox stored = agents.sandboxes("default").getSandbox("example-sandbox");
    assertThat(stored.getMetadata().getLabels()).containsEntry("app", "example");
    assertThat(stored.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().get(0)
        .getContainerPort()).isEqualTo(80);
  }

  /**
   * The SandboxSet snippet calls scaleSandboxSet and getSandboxSetReplicas, which is what users
   * should call: they go through the /scale subresource. The mock API server has no /scale, so
   * here the create part runs for real and the scale part is run to pin down how it fails on
   * such a server (the real-API-server tests cover the success path).
   */
  @Test
  void updatingAddsTheLabelOnTopOfTheStoredSandbox(AgentsClient agents) {
    BasicUsage.createSandbox(agents);
    String out = stdout(() -> Updating.addLabel(agents.sandboxes("default")));

    assertThat(out).contains("Labelled at resourceVersion ");
    assertThat(agents.sandboxes("default").getSandbox("example-sandbox").getMetadata()
        .getLabels()).containsEntry("tier", "gold").containsEntry("app", "example");
  }

  @Test
  void sandboxSetSnippetCreatesThePoolAndScalingNeedsTheScaleSubresource(AgentsClient agents) {
    String out = stdout(() -> WorkingWithSandboxSets.createSandboxSet(agents));
    assertThat(out).contains("Created sandboxset: example-sandboxset with 3 replicas");
    assertThat(agents.sandboxSets("default").getSandboxSet("example-sandboxset").getSpec()
        .getReplicas()).isEqualTo(3);

    assertThatThrownBy(() -> WorkingWithSandboxSets.scaleSandboxSet(agents))
        .isInstanceOf(SandboxSetNotFoundException.class);
  }

  @Test
  void filteringSelectsByLabelAndByField(AgentsClient agents) {
    SandboxClient sandboxes = agents.sandboxes("default");
    sandboxes.createSandbox(sandbox("v1", Map.of("app", "example", "version", "v1")));
    sandboxes.createSandbox(sandbox("v2", Map.of("app", "example", "version", "v2")));
    sandboxes.createSandbox(sandbox("other", Map.of("app", "other", "version", "v1")));
    WorkingWithSandboxSets.createSandboxSet(agents);
    SandboxSet elsewhere = SandboxSet.of("elsewhere", "pool-elsewhere",
        new io.kruise.agents.model.SandboxSetSpec().withReplicas(1));
    agents.sandboxSets("elsewhere").createSandboxSet(elsewhere);
    try {
      assertThat(Filtering.sandboxesByLabel(agents).getItems())
          .extracting(s -> s.getMetadata().getName()).containsExactly("v1");
      assertThat(Filtering.sandboxSetsByField(agents).getItems())
          .extracting(s -> s.getMetadata().getName()).containsExactly("example-sandboxset");
    } finally {
      agents.sandboxSets("elsewhere").deleteSandboxSet("pool-elsewhere");
    }
  }

  @Test
  void watchingPrintsEachEventUntilTheStreamEnds(AgentsClient agents, MockApiServer server)
      throws Exception {
    SandboxClient sandboxes = agents.sandboxes("default");
    StringBuilder out = new StringBuilder();
    int before = server.requestCount();
    CompletableFuture<Void> watching = CompletableFuture.runAsync(
        () -> out.append(stdout(() -> Watching.printEvents(sandboxes, 3))));
    // the mock server does not replay past events: write only once the watch request arrived
    await().atMost(Duration.ofSeconds(10)).until(() -> server.requestCount() > before);
    sandboxes.createSandbox(sandbox("watched", Map.of("app", "example")));
    sandboxes.deleteSandbox("watched");
    watching.get(15, TimeUnit.SECONDS);

    assertThat(out.toString()).contains("Event: ADDED - watched", "Event: DELETED - watched");
  }

  @Test
  void callbackWatchReceivesEventsUntilClosed(AgentsClient agents) throws Exception {
    SandboxClient sandboxes = agents.sandboxes("default");
    List<WatchEvent<Sandbox>> seen = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> deleted = new CompletableFuture<>();
    try (WatchHandle watch = Watching.watchWithCallback(sandboxes, event -> {
      seen.add(event);
      if (event.type() == WatchEventType.DELETED) {
        deleted.complete(null);
      }
    })) {
      // watchWithCallback returns once the watch is established
      sandboxes.createSandbox(sandbox("called-back", Map.of("app", "example")));
      sandboxes.createSandbox(sandbox("not-selected", Map.of("app", "other")));
      sandboxes.deleteSandbox("called-back");
      deleted.get(10, TimeUnit.SECONDS);
    }
    assertThat(seen).extracting(e -> e.type() + " " + e.object().getMetadata().getName())
        .containsExactly("ADDED called-back", "DELETED called-back");
  }

  @Test
  void waitingReturnsWhenTheConditionIsSet(AgentsClient agents) throws Exception {
    SandboxClient sandboxes = agents.sandboxes("default");
    Sandbox created = sandboxes.createSandbox(sandbox("my-sandbox", Map.of("app", "example")));
    CompletableFuture<Void> controller = CompletableFuture.runAsync(
        () -> markReady(sandboxes, created), CompletableFuture.delayedExecutor(300,
            TimeUnit.MILLISECONDS));

    String out = stdout(() -> Waiting.waitUntilReady(sandboxes));

    controller.get(5, TimeUnit.SECONDS);
    assertThat(out).contains("Sandbox is ready! Phase: Running");
  }

  @Test
  void asyncWaitCompletesWhenTheConditionIsSet(AgentsClient agents, MockApiServer server)
      throws Exception {
    SandboxClient sandboxes = agents.sandboxes("default");
    Sandbox created = sandboxes.createSandbox(sandbox("my-sandbox", Map.of("app", "example")));
    int before = server.requestCount();
    CompletableFuture<Sandbox> ready = Waiting.whenReady(sandboxes);
    // the wait has listed the object and opened its watch, and found the condition unmet
    await().atMost(Duration.ofSeconds(10)).until(() -> server.requestCount() >= before + 2);
    assertThat(ready).isNotDone();

    markReady(sandboxes, created);

    assertThat(ready.get(10, TimeUnit.SECONDS).getStatus().getPhase()).isEqualTo("Running");
  }

  @Test
  void exceptionsSnippetReportsTheMissingSandbox(AgentsClient agents) {
    String out = stdout(() -> Exceptions.getMissingSandbox(agents.sandboxes("default")));

    assertThat(out.strip()).isEqualTo("Sandbox not found");
  }

  @Test
  void connectSnippetUsesTheDefaultDiscovery(MockApiServer server, AgentsClient agents) {
    agents.sandboxes("default").createSandbox(sandbox("counted", Map.of("app", "example")));
    // kubernetes.master is the first place the default discovery looks
    String previous = System.setProperty("kubernetes.master", server.url());
    try {
      String out = stdout(Configuring::connectWithDefaults);
      assertThat(out.strip()).isEqualTo("1 sandboxes, 0 sandboxsets");
    } finally {
      if (previous == null) {
        System.clearProperty("kubernetes.master");
      } else {
        System.setProperty("kubernetes.master", previous);
      }
    }
  }

  @Test
  void configurationSnippetConnectsWithAnExplicitKubeconfig(MockApiServer server,
      @TempDir Path dir) throws IOException {
    Path kubeconfig = Files.writeString(dir.resolve("config"), String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: mock",
        "  cluster:",
        "    server: " + server.url(),
        "users:",
        "- name: tester",
        "  user:",
        "    token: not-a-secret",
        "- name: nowhere",
        "  cluster:",
        "    server: http://127.0.0.1:1/",
        "contexts:",
        "- name: staging",
        "  context:",
        "    cluster: mock",
        "    user: tester",
        "    namespace: elsewhere",
        "- name: production",
        "  context:",
        "    cluster: nowhere",
        "    user: tester",
        "current-context: production",
        ""));

    try (AgentsClient agents = Configuring.connect(kubeconfig)) {
      assertThat(agents.namespace()).isEqualTo("default");
      assertThat(agents.configuration().defaultTimeout()).isEqualTo(Duration.ofSeconds(60));
      assertThat(agents.configuration().requestTimeout()).isEqualTo(Duration.ofSeconds(120));
      agents.sandboxes().createSandbox(sandbox("configured", Map.of("app", "example")));
      assertThat(agents.sandboxes().getSandbox("configured").getMetadata().getNamespace())
          .isEqualTo("default");
    }
  }

  /** The README quotes the error a user sees without any cluster configuration. */
  @Test
  void withoutConfigurationTheErrorSaysWhereItLookedAsTheReadmeQuotes() throws IOException {
    assumeTrue(Configuration.findClusterConfiguration().isEmpty(),
        "this machine has a Kubernetes configuration");

    assertThatThrownBy(Configuring::connectWithDefaults)
        .isInstanceOf(ConfigurationException.class)
        .satisfies(e -> assertThat(normalize(readme().replaceAll("(?m)^> ?", "")))
            .as("README quotes the message as a block quote").contains(normalize(e.getMessage())));
  }

  // ------------------------------------------------- (b) the README shows exactly this code

  @Test
  void everySnippetAppearsVerbatimInTheReadme() throws IOException {
    Map<String, String> snippets = snippets();
    String readme = normalize(readme());

    assertThat(snippets).as("tagged regions found").containsKeys("basic-usage",
        "sandboxsets-create", "sandboxsets-scale", "filtering-labels", "filtering-fields",
        "updating", "watching", "watching-callback", "waiting", "waiting-async", "exceptions",
        "connect",
        "configuration", "testing", "testing-real-server", "cache-listers", "cache-listeners",
        "cache-waits", "cache-claims", "cache-lean-health");
    List<String> missing = new ArrayList<>();
    snippets.forEach((tag, code) -> {
      if (!readme.contains(normalize(code))) {
        missing.add(tag);
      }
    });
    assertThat(missing).as("snippets the README does not show verbatim (update README.md from"
        + " the example sources)").isEmpty();
  }

  @Test
  void everyJavaBlockInTheReadmeIsMadeOfSnippets() throws IOException {
    Map<String, String> snippets = snippets();
    Matcher blocks = JAVA_BLOCK.matcher(readme());
    int count = 0;
    while (blocks.find()) {
      count++;
      String rest = normalize(blocks.group(1));
      for (String code : snippets.values()) {
        rest = rest.replace(normalize(code), "");
      }
      assertThat(rest.strip()).as("Java in the README that no test runs:%n%s", blocks.group(1))
          .isEmpty();
    }
    assertThat(count).isGreaterThanOrEqualTo(snippets.size() / 2);
  }

  // ---------------------------------------------------------------------------- helpers

  private static Sandbox sandbox(String name, Map<String, String> labels) {
    Sandbox s = Sandbox.of("default", name, new SandboxSpec());
    s.getMetadata().setLabels(labels);
    return s;
  }

  /** What the controller would write once the sandbox's pod is ready. */
  private static void markReady(SandboxClient sandboxes, Sandbox sandbox) {
    Sandbox copy = sandboxes.getSandbox(sandbox.getMetadata().getName()).deepCopy();
    copy.setStatus(new SandboxStatus().withPhase(SandboxPhase.RUNNING).addCondition(
        new ConditionBuilder().withType("Ready").withStatus("True").withReason("PodReady")
            .withLastTransitionTime(Instant.now().toString()).build()));
    sandboxes.updateSandboxStatus(copy.getMetadata().getName(), copy);
  }

  /** Runs code with System.out captured; tests in this class run one at a time. */
  private static synchronized String stdout(Runnable code) {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      code.run();
    } finally {
      System.setOut(original);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    original.print(out);
    return out;
  }

  private static String readme() throws IOException {
    assertThat(README).as("README.md next to the examples module").exists();
    return Files.readString(README);
  }

  private static String normalize(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }

  /** Every tagged region of the example sources, by tag (each tag is used once). */
  static Map<String, String> snippets() throws IOException {
    Map<String, String> snippets = new LinkedHashMap<>();
    for (Path dir : SNIPPET_SOURCES) {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(dir)) {
        files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
      }
      for (Path file : files) {
        String open = null;
        StringBuilder code = new StringBuilder();
        int lineNo = 0;
        for (String line : Files.readAllLines(file)) {
          lineNo++;
          Matcher tag = TAG.matcher(line);
          Matcher end = END.matcher(line);
          if (tag.matches()) {
            assertThat(open).as("%s:%d opens %s inside %s", file, lineNo, tag.group(1), open)
                .isNull();
            open = tag.group(1);
            code.setLength(0);
          } else if (end.matches()) {
            assertThat(end.group(1)).as("%s:%d closes a region that is not open", file, lineNo)
                .isEqualTo(open);
            assertThat(snippets).as("%s:%d: tag %s is used twice", file, lineNo, open)
                .doesNotContainKey(open);
            snippets.put(open, code.toString());
            open = null;
          } else if (open != null) {
            code.append(line).append('\n');
          }
        }
        assertThat(open).as("%s: region %s is never closed", file, open).isNull();
      }
    }
    return snippets;
  }
}
