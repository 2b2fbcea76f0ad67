package io.kruise.agents.faults;

import io.kruise.agents.informers.SharedInformers;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.Configuration;
import io.kruise.agents.client.Fixtures;
import io.kruise.agents.client.PatchType;
import io.kruise.agents.client.SandboxClient;
import io.kruise.agents.client.SandboxSetClient;
import io.kruise.agents.client.WatchEvent;
import io.kruise.agents.client.WatchStream;
import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.client.exceptions.ConfigurationException;
import io.kruise.agents.client.exceptions.ConflictException;
import io.kruise.agents.client.exceptions.SandboxNotFoundException;
import io.kruise.agents.client.exceptions.SandboxSetNotFoundException;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.faults.FaultSuite.ServerState;
import io.kruise.agents.informers.InformerOptions;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.ListenerOptions;
import io.kruise.agents.informers.ResourceListener;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.model.PauseStrategy;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.testkit.RealApiServer;
import io.kruise.agents.testkit.TestCluster;
import io.kruise.agents.testkit.WithRealApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bad input through the public API, table-driven: each case must raise a typed subclass of
 * {@link AgentsApiException} (of the type the case names, or any subclass where it names the base
 * class) whose message names the field and the problem, with a code of 0 (refused before any
 * request) or the server's HTTP status; never a raw NullPointerException,
 * IllegalArgumentException or fabric8 exception, and never success. The server holds the same
 * objects (names and resourceVersions, every namespace) before and after.
 */
@WithRealApiServer
class FaultSuiteBadInputRealServerTest {

  private interface Call {
    Object run() throws Exception;
  }

  /**
   * @param expected the exception type; {@code AgentsApiException.class} means any subclass
   * @param mentions what the message must contain (a regular expression, case-insensitive)
   */
  private record BadInput(String what, Class<? extends AgentsApiException> expected,
      String mentions, Call call) {}

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void everyBadInputRaisesATypedExceptionNamingTheFieldAndChangesNothing(TestCluster cluster,
      RealApiServer server) throws Exception {
    String ns = cluster.namespace();
    Path kubeconfig = FaultSuite.kubeconfig(server, ns, Map.of("real", server.tokens().get(0)));
    try (KubernetesClient admin = cluster.newAdminClient();
        KubernetesClient kc = cluster.newAdminClient();
        AgentsClient agents = AgentsClient.create(kc)) {
      SandboxClient sandboxes = agents.sandboxes(ns);
      SandboxSetClient sets = agents.sandboxSets(ns);
      Sandbox target = sandboxes.createSandbox(Fixtures.sandbox("target", "bad-input"));
      Sandbox newer = target.deepCopy();
      newer.getMetadata().setLabels(Map.of("app", "bad-input", "changed", "1"));
      sandboxes.updateSandbox("target", newer); // so that target is now stale
      sets.createSandboxSet(Fixtures.sandboxSet("pool", 1));
      SharedInformer<Sandbox> informer = SharedInformers.of(agents).sandboxes(InformerScope.namespace(ns));
      assertThat(informer.awaitSynced(Duration.ofSeconds(30))).isTrue();
      ServerState before = ServerState.list(admin, "");

      List<BadInput> table = table(agents, sandboxes, sets, informer, target, ns, kubeconfig);
      List<String> failures = new ArrayList<>();
      for (BadInput input : table) {
        String failure = judge(input, outcome(input.call()));
        if (failure != null) {
          failures.add(input.what() + ": " + failure);
        }
      }
      ServerState after = ServerState.list(admin, "");
      int typed = table.size() - failures.size();
      FaultSuite.figure("bad inputs tried %d, typed %d", table.size(), typed);
      failures.forEach(f -> FaultSuite.figure("bad input not handled: %s", f));
      Map<String, String> changed = new HashMap<>(FaultSuite.difference(
          before.sandboxes(), after.sandboxes()));
      changed.putAll(FaultSuite.difference(before.sandboxSets(),
          after.sandboxSets()));
      FaultSuite.figure("bad inputs: server objects changed %d of %d %s", changed.size(),
          before.size(), changed.isEmpty() ? "" : changed);

      assertThat(table).hasSizeGreaterThanOrEqualTo(30);
      assertThat(failures).as("bad inputs without a typed exception naming the field").isEmpty();
      assertThat(changed).as("objects the bad inputs changed on the server").isEmpty();
    } finally {
      Files.deleteIfExists(kubeconfig);
    }
  }

  private static List<BadInput> table(AgentsClient agents, SandboxClient sandboxes,
      SandboxSetClient sets, SharedInformer<Sandbox> informer, Sandbox stale, String ns,
      Path kubeconfig) {
    Duration second = Duration.ofSeconds(1);
    List<BadInput> t = new ArrayList<>();
    // names and namespaces
    t.add(new BadInput("create: null body", ValidationException.class, "sandbox",
        () -> sandboxes.createSandbox(null)));
    t.add(new BadInput("create: name with upper case and '_'", ValidationException.class,
        "metadata\\.name", () -> sandboxes.createSandbox(Fixtures.sandbox("Bad_Name", "x"))));
    t.add(new BadInput("create: name of 254 characters", ValidationException.class,
        "metadata\\.name", () -> sandboxes.createSandbox(Fixtures.sandbox("a".repeat(254), "x"))));
    t.add(new BadInput("create: neither name nor generateName", ValidationException.class,
        "metadata\\.name", () -> sandboxes.createSandbox(Fixtures.sandbox(null, "x"))));
    t.add(new BadInput("create: namespace 'Bad NS'", ValidationException.class, "namespace",
        () -> sandboxes.createSandbox(Fixtures.sandbox("n", "x"), "Bad NS")));
    t.add(new BadInput("create: body namespace differs from the argument",
        ValidationException.class, "namespace", () -> {
          Sandbox s = Fixtures.sandbox("n", "x");
          s.getMetadata().setNamespace(ns + "-other");
          return sandboxes.createSandbox(s, ns);
        }));
    t.add(new BadInput("sandboxes('Bad NS')", ValidationException.class, "namespace",
        () -> agents.sandboxes("Bad NS")));
    t.add(new BadInput("get: null name", ValidationException.class, "metadata\\.name",
        () -> sandboxes.getSandbox(null)));
    t.add(new BadInput("get: all namespaces for one object", ValidationException.class,
        "namespace", () -> sandboxes.getSandbox("target", AgentsClient.ALL_NAMESPACES)));
    t.add(new BadInput("get: a name that does not exist", SandboxNotFoundException.class,
        "no-such", () -> sandboxes.getSandbox("no-such")));
    t.add(new BadInput("getSandboxSetReplicas: name 'Bad_Name'", ValidationException.class,
        "metadata\\.name", () -> sets.getSandboxSetReplicas("Bad_Name")));
    // kinds and bodies
    t.add(new BadInput("patchSandboxSet: server-side apply of a Sandbox body",
        ValidationException.class, "kind|Sandbox\\b", () -> sets.patchSandboxSet("pool",
            "{\"apiVersion\":\"agents.kruise.io/v1alpha1\",\"kind\":\"Sandbox\","
                + "\"metadata\":{\"name\":\"pool\"}}", null, PatchType.APPLY)));
    t.add(new BadInput("create: a name that exists", ConflictException.class, "already exists",
        () -> sandboxes.createSandbox(Fixtures.sandbox("target", "x"))));
    t.add(new BadInput("create: label value with spaces", ValidationException.class,
        "metadata\\.labels", () -> {
          Sandbox s = Fixtures.sandbox("l", "x");
          s.getMetadata().setLabels(Map.of("app", "not a label value"));
          return sandboxes.createSandbox(s);
        }));
    t.add(new BadInput("create: pauseStrategy.type not in the enum", ValidationException.class,
        "spec\\.pauseStrategy\\.type", () -> {
          Sandbox s = Fixtures.sandbox("e", "x");
          s.getSpec().setPauseStrategy(new PauseStrategy());
          s.getSpec().getPauseStrategy().setType("Bogus");
          return sandboxes.createSandbox(s);
        }));
    t.add(new BadInput("createSandboxSet: spec.replicas -1", ValidationException.class,
        "replicas", () -> sets.createSandboxSet(Fixtures.sandboxSet("neg", -1))));
    // sizes over the server's limits
    t.add(new BadInput("create: 300 KiB of annotations (limit 256 KiB)",
        ValidationException.class, "metadata\\.annotations", () -> {
          Sandbox s = Fixtures.sandbox("big", "x");
          s.getMetadata().setAnnotations(Map.of("big", "x".repeat(300 * 1024)));
          return sandboxes.createSandbox(s);
        }));
    t.add(new BadInput("create: 3.5 MiB body (request limit 3 MiB)", ValidationException.class,
        "body.*larger than the server accepts", () -> {
          Sandbox s = Fixtures.sandbox("huge", "x");
          s.getSpec().getTemplate().getSpec().getContainers().get(0).setCommand(
              List.of("x".repeat(3584 * 1024)));
          return sandboxes.createSandbox(s);
        }));
    // selectors
    t.add(new BadInput("list: label selector 'app in ('", ValidationException.class,
        "selector", () -> sandboxes.listSandboxes(null, "app in (", null)));
    t.add(new BadInput("list: unknown field selector", ValidationException.class,
        "field", () -> sandboxes.listSandboxes(null, null, "spec.nope=1")));
    t.add(new BadInput("list: limit 0", ValidationException.class, "limit",
        () -> sandboxes.listSandboxes(null, null, null, 0, null)));
    t.add(new BadInput("list: a made-up continue token", ValidationException.class,
        "continue", () -> sandboxes.listSandboxes(null, null, null, 10, "garbage")));
    t.add(new BadInput("deleteCollection: label selector 'app in ('", ValidationException.class,
        "selector", () -> sandboxes.deleteCollectionSandboxes(null, "app in (", null)));
    t.add(new BadInput("watch: label selector 'app in ('", ValidationException.class,
        "selector", () -> firstError(sandboxes.watchSandboxes(null, "app in (", null, 10))));
    t.add(new BadInput("watch: timeoutSeconds 0", ValidationException.class, "timeoutSeconds",
        () -> sandboxes.watchSandboxes(null, null, null, 0)));
    // updates
    t.add(new BadInput("update: body named otherwise", ValidationException.class,
        "metadata\\.name", () -> sandboxes.updateSandbox("other", stale.deepCopy())));
    t.add(new BadInput("update: body without resourceVersion", ValidationException.class,
        "resourceVersion", () -> {
          Sandbox s = stale.deepCopy();
          s.getMetadata().setLabels(Map.of("app", "bad-input", "overwritten", "1"));
          s.getMetadata().setResourceVersion(null);
          return sandboxes.updateSandbox("target", s);
        }));
    t.add(new BadInput("update: stale resourceVersion", ConflictException.class,
        "resourceVersion", () -> sandboxes.updateSandbox("target", stale.deepCopy())));
    t.add(new BadInput("updateStatus: null body", ValidationException.class, "sandbox",
        () -> sandboxes.updateSandboxStatus("target", null)));
    // patches and content types
    t.add(new BadInput("patch: null", ValidationException.class, "patch",
        () -> sandboxes.patchSandbox("target", null)));
    t.add(new BadInput("patch: malformed merge patch", ValidationException.class,
        "patch.*(json|invalid|malformed|parse|unmarshal)",
        () -> sandboxes.patchSandbox("target", "{not json")));
    t.add(new BadInput("patch: a merge patch sent as JSON patch", ValidationException.class,
        "patch.*(json|invalid|malformed|parse|unmarshal)",
        () -> sandboxes.patchSandbox("target", "{\"spec\":{}}", null, PatchType.JSON)));
    t.add(new BadInput("patch: JSON patch with an unknown op", ValidationException.class,
        "explode|op", () -> sandboxes.patchSandbox("target",
            "[{\"op\":\"explode\",\"path\":\"/spec\"}]", null, PatchType.JSON)));
    t.add(new BadInput("patch: server-side apply of malformed YAML", ValidationException.class,
        "yaml|apply|parse", () -> sandboxes.patchSandbox("target", "a: [b\n  - c: {", null,
            PatchType.APPLY)));
    t.add(new BadInput("patch: server-side apply of a SandboxSet body", ValidationException.class,
        "kind|SandboxSet", () -> sandboxes.patchSandbox("target",
            "{\"apiVersion\":\"agents.kruise.io/v1alpha1\",\"kind\":\"SandboxSet\","
                + "\"metadata\":{\"name\":\"target\"}}", null, PatchType.APPLY)));
    t.add(new BadInput("patch: a name that does not exist", SandboxNotFoundException.class,
        "no-such", () -> sandboxes.patchSandbox("no-such", "{\"spec\":{}}")));
    t.add(new BadInput("content type: strategic merge patch", ValidationException.class,
        "patchType", () -> PatchType.fromContentType("application/strategic-merge-patch+json")));
    t.add(new BadInput("content type: text/plain", ValidationException.class, "patchType",
        () -> PatchType.fromContentType("text/plain")));
    // deletes and replicas
    t.add(new BadInput("delete: grace period -1", ValidationException.class,
        "gracePeriodSeconds", () -> {
          sandboxes.deleteSandbox("target", null, -1L);
          return null;
        }));
    t.add(new BadInput("delete: a name that does not exist", SandboxNotFoundException.class,
        "no-such", () -> {
          sandboxes.deleteSandbox("no-such");
          return null;
        }));
    t.add(new BadInput("scale: replicas -1", ValidationException.class, "replicas",
        () -> sets.scaleSandboxSet("pool", -1)));
    t.add(new BadInput("scale: a pool that does not exist", SandboxSetNotFoundException.class,
        "no-such", () -> sets.scaleSandboxSet("no-such", 1)));
    // waits and timeouts
    t.add(new BadInput("wait: timeout -1 s", ValidationException.class, "timeout",
        () -> sandboxes.waitForSandboxCondition("target", "Ready", "True",
            Duration.ofSeconds(-1))));
    t.add(new BadInput("wait: condition status 'Maybe'", ValidationException.class,
        "conditionStatus", () -> sandboxes.waitForSandboxCondition("target", "Ready", "Maybe",
            second)));
    t.add(new BadInput("wait: blank condition type", ValidationException.class,
        "conditionType", () -> sandboxes.waitForSandboxCondition("target", " ", "True", second)));
    t.add(new BadInput("wait: null predicate", ValidationException.class, "predicate",
        () -> sandboxes.waitForSandbox("target", null, null, second)));
    t.add(new BadInput("informer wait: null predicate", AgentsApiException.class, "predicate",
        () -> informer.waitFor(ns, "target", null, second)));
    t.add(new BadInput("informer wait: null timeout", AgentsApiException.class, "timeout",
        () -> informer.waitFor(ns, "target", s -> false, null)));
    // informers, listers, listeners
    t.add(new BadInput("lister: unknown index", AgentsApiException.class, "no-such-index",
        () -> informer.lister().byIndex("no-such-index", "k")));
    t.add(new BadInput("addListener: null options", AgentsApiException.class, "options",
        () -> informer.addListener(null, new ResourceListener<>() {})));
    t.add(new BadInput("addIndex: null name", AgentsApiException.class, "name",
        () -> SharedInformers.of(agents).sandboxes(InformerScope.namespace(ns + "-idx"))
            .addIndex(null, s -> List.of())));
    t.add(new BadInput("listener: blank name", ValidationException.class, "name",
        () -> ListenerOptions.named(" ")));
    t.add(new BadInput("listener: label selector 'app in ('", ValidationException.class,
        "selector", () -> ListenerOptions.named("l").withLabelSelector("app in (")));
    t.add(new BadInput("informer scope: namespace 'Bad NS'", ValidationException.class,
        "namespace", () -> InformerScope.namespace("Bad NS")));
    t.add(new BadInput("informer options: listPageSize 0", ValidationException.class,
        "listPageSize", () -> InformerOptions.builder().listPageSize(0).build()));
    // configuration
    t.add(new BadInput("configuration: null default timeout", AgentsApiException.class,
        "timeout", () -> Configuration.builder().defaultTimeout(null).build()));
    t.add(new BadInput("configuration: negative request timeout", AgentsApiException.class,
        "requestTimeout", () -> Configuration.builder().requestTimeout(Duration.ofSeconds(-5))
            .build()));
    t.add(new BadInput("AgentsClient.create(null configuration)", AgentsApiException.class,
        "configuration", () -> AgentsClient.create((Configuration) null)));
    t.add(new BadInput("kubeconfig: unknown context", ConfigurationException.class,
        "typo-context.*real|real.*typo-context", () -> AgentsClient.create(Configuration.builder()
            .kubeconfig(kubeconfig).context("typo-context").build())));
    t.add(new BadInput("kubeconfig: missing file", ConfigurationException.class, "kubeconfig",
        () -> AgentsClient.create(Configuration.builder()
            .kubeconfig(kubeconfig.resolveSibling("no-such-kubeconfig.yaml")).build())));
    return t;
  }

  /** Iterates a watch until its first ERROR event and throws that event's error. */
  private static Object firstError(WatchStream<Sandbox> stream) {
    try (stream) {
      for (WatchEvent<Sandbox> e : stream) {
        if (e.error() != null) {
          throw e.error();
        }
      }
    }
    return "the watch ended without an error";
  }

  /** What a call did: returned (a value, a future's value) or threw (a future's failure). */
  private static Object outcome(Call call) {
    try {
      Object value = call.run();
      if (value instanceof CompletableFuture<?> f) {
        value = f.get(30, TimeUnit.SECONDS);
      }
      if (value instanceof AutoCloseable c) {
        c.close();
      }
      return value == null ? "null" : value;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception | Error e) {
      return e;
    }
  }

  /** @return null when the outcome is what the case asks for, else what is wrong with it */
  private static String judge(BadInput input, Object outcome) {
    if (outcome instanceof io.fabric8.kubernetes.api.model.HasMetadata o) {
      return "no exception: returned " + o.getKind() + " " + FaultSuite.key(o) + "@"
          + o.getMetadata().getResourceVersion();
    }
    if (!(outcome instanceof Throwable t)) {
      return "no exception: returned " + outcome.getClass().getSimpleName();
    }
    if (!(t instanceof AgentsApiException api)) {
      return "raw " + t.getClass().getName() + ": " + t.getMessage();
    }
    if (t.getClass() == AgentsApiException.class) {
      return "untyped AgentsApiException (code " + api.code() + "): " + t.getMessage();
    }
    if (!input.expected().isInstance(t)) {
      return t.getClass().getSimpleName() + " instead of " + input.expected().getSimpleName()
          + ": " + t.getMessage();
    }
    String message = t.getMessage() == null ? "" : t.getMessage();
    if (!Pattern.compile(input.mentions(), Pattern.CASE_INSENSITIVE).matcher(message).find()) {
      return t.getClass().getSimpleName() + " whose message does not name /" + input.mentions()
          + "/: " + message;
    }
    if (api.code() != 0 && (api.code() < 400 || api.code() > 599)) {
      return "code " + api.code() + " is neither 0 (no request) nor an HTTP error: " + message;
    }
    return null;
  }
}
