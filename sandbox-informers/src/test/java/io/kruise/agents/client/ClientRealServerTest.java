package io.kruise.agents.client;

import static io.kruise.agents.client.Fixtures.sandbox;
import static io.kruise.agents.client.Fixtures.sandboxSet;
import static io.kruise.agents.client.Fixtures.uniqueName;
import static io.kruise.agents.client.Fixtures.withReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.client.exceptions.ConflictException;
import io.kruise.agents.client.exceptions.PermissionDeniedException;
import io.kruise.agents.client.exceptions.ResourceVersionExpiredException;
import io.kruise.agents.client.exceptions.SandboxNotFoundException;
import io.kruise.agents.client.exceptions.SandboxSetNotFoundException;
import io.kruise.agents.client.exceptions.TimeoutException;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxList;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.testkit.TestCluster;
import io.kruise.agents.testkit.WithRealApiServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The client against a real Kubernetes API server: everything the mock server cannot do (scale
 * subresource, server-side apply, optimistic concurrency, schema validation, authentication and
 * authorization, watch resourceVersions and 410) and every CRUD operation once more for truth.
 */
@WithRealApiServer
class ClientRealServerTest {

  @Test
  void crudOfBothKindsWithSelectorsAndGenerateName(AgentsClient agents, TestCluster cluster) {
    SandboxClient sandboxes = agents.sandboxes();
    assertThat(sandboxes.namespace()).isEqualTo(cluster.namespace());
    String app = uniqueName("crud");
    Sandbox a = sandboxes.createSandbox(sandbox(uniqueName("a"), app));
    Sandbox generated = sandbox(null, app);
    generated.getMetadata().setGenerateName("gen-");
    Sandbox g = sandboxes.createSandbox(generated);
    assertThat(g.getMetadata().getName()).startsWith("gen-").hasSizeGreaterThan(4);
    String otherNs = cluster.namespace() + "-b";
    Sandbox b = sandboxes.createSandbox(sandbox(uniqueName("b"), app), otherNs);

    assertThat(sandboxes.getSandbox(a.getMetadata().getName()).getMetadata().getUid())
        .isEqualTo(a.getMetadata().getUid());
    assertThat(sandboxes.listSandboxes(null, "app=" + app, null).getItems()).hasSize(2);
    assertThat(sandboxes.listSandboxes(null, "app in (" + app + ",x)", null).getItems()).hasSize(2);
    assertThat(sandboxes.listSandboxes(AgentsClient.ALL_NAMESPACES, "app=" + app, null)
        .getItems()).hasSize(3);
    assertThat(sandboxes.listSandboxes(AgentsClient.ALL_NAMESPACES, "app=" + app,
        "metadata.namespace=" + otherNs).getItems()).extracting(s -> s.getMetadata().getName())
        .containsExactly(b.getMetadata().getName());
    assertThat(sandboxes.listSandboxes(null, null, "metadata.name=" + a.getMetadata().getName())
        .getItems()).hasSize(1);

    Sandbox changed = sandboxes.getSandbox(a.getMetadata().getName()).deepCopy();
    changed.getSpec().setPaused(true);
    assertThat(sandboxes.updateSandbox(a.getMetadata().getName(), changed).getSpec().getPaused())
        .isTrue();
    assertThat(sandboxes.patchSandbox(a.getMetadata().getName(), "{\"spec\":{\"paused\":false}}")
        .getSpec().getPaused()).isFalse();
    assertThat(sandboxes.patchSandbox(a.getMetadata().getName(),
        "[{\"op\":\"add\",\"path\":\"/metadata/labels/extra\",\"value\":\"1\"}]", null,
        PatchType.JSON).getMetadata().getLabels()).containsEntry("extra", "1");

    assertThat(sandboxes.deleteCollectionSandboxes(null, "app=" + app, null)).hasSize(2);
    assertThat(sandboxes.listSandboxes(null, "app=" + app, null).getItems()).isEmpty();
    sandboxes.deleteSandbox(b.getMetadata().getName(), otherNs, 0L);
    assertThatThrownBy(() -> sandboxes.deleteSandbox(b.getMetadata().getName(), otherNs, null))
        .isInstanceOf(SandboxNotFoundException.class);

    SandboxSetClient sets = agents.sandboxSets();
    String pool = uniqueName("pool");
    SandboxSet set = sets.createSandboxSet(sandboxSet(pool, 2));
    assertThat(sets.listSandboxSets(null, "app=pool", "metadata.name=" + pool).getItems())
        .hasSize(1);
    SandboxSet setChanged = set.deepCopy();
    setChanged.getSpec().setReplicas(3);
    assertThat(sets.updateSandboxSet(pool, setChanged).getSpec().getReplicas()).isEqualTo(3);
    assertThat(sets.patchSandboxSet(pool, "{\"spec\":{\"replicas\":4}}").getSpec().getReplicas())
        .isEqualTo(4);
    sets.deleteSandboxSet(pool);
    assertThatThrownBy(() -> sets.getSandboxSet(pool))
        .isInstanceOf(SandboxSetNotFoundException.class);
  }

  @Test
  void listPagesOverAThousandObjects(AgentsClient agents, TestCluster cluster) {
    String ns = cluster.namespace() + "-paging";
    SandboxClient sandboxes = agents.sandboxes(ns);
    int total = 1005;
    for (int i = 0; i < total; i++) {
      sandboxes.createSandbox(sandbox("p-" + i, "paging"));
    }
    Set<String> names = new HashSet<>();
    String token = null;
    int pages = 0;
    do {
      SandboxList page = sandboxes.listSandboxes(null, "app=paging", null, 200, token);
      page.getItems().forEach(s -> names.add(s.getMetadata().getName()));
      token = page.getMetadata().getContinue();
      pages++;
      assertThat(page.getItems()).hasSizeLessThanOrEqualTo(200);
    } while (token != null && !token.isEmpty());
    assertThat(pages).isEqualTo(6);
    assertThat(names).hasSize(total);
    assertThat(sandboxes.deleteCollectionSandboxes(null, "app=paging", null)).hasSize(total);
  }

  @Test
  void scaleGoesThroughTheScaleSubresource(AgentsClient agents) {
    SandboxSetClient sets = agents.sandboxSets();
    String pool = uniqueName("scale");
    sets.createSandboxSet(sandboxSet(pool, 3));
    assertThat(sets.getSandboxSetReplicas(pool)).isEqualTo(3);
    SandboxSet scaled = sets.scaleSandboxSet(pool, 5);
    assertThat(scaled.getSpec().getReplicas()).isEqualTo(5);
    assertThat(sets.getSandboxSetReplicas(pool)).isEqualTo(5);
    assertThat(sets.getSandboxSet(pool).getSpec().getReplicas()).isEqualTo(5);
    assertThat(sets.scaleSandboxSet(pool, 0).getSpec().getReplicas()).isZero();
    assertThatThrownBy(() -> sets.scaleSandboxSet("no-such-pool", 1))
        .isInstanceOf(SandboxSetNotFoundException.class);
    assertThatThrownBy(() -> sets.getSandboxSetReplicas("no-such-pool"))
        .isInstanceOf(SandboxSetNotFoundException.class);
  }

  @Test
  void serverSideApplyTracksFieldManagers(AgentsClient agents) {
    SandboxClient sandboxes = agents.sandboxes();
    String name = uniqueName("ssa");
    String intent = "{\"apiVersion\":\"agents.kruise.io/v1alpha1\",\"kind\":\"Sandbox\","
        + "\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"paused\":%s}}";
    Sandbox applied = sandboxes.patchSandbox(name, String.format(intent, "true"), null,
        PatchType.APPLY, PatchOptions.fieldManager("team-a"));
    assertThat(applied.getSpec().getPaused()).isTrue();
    assertThat(applied.getMetadata().getManagedFields())
        .anyMatch(f -> "team-a".equals(f.getManager()));

    assertThatThrownBy(() -> sandboxes.patchSandbox(name, String.format(intent, "false"), null,
        PatchType.APPLY, PatchOptions.fieldManager("team-b")))
        .isInstanceOfSatisfying(ConflictException.class,
            e -> assertThat(e.reason()).isEqualTo(ConflictException.Reason.APPLY_FIELD_CONFLICT));

    Sandbox forced = sandboxes.patchSandbox(name, String.format(intent, "false"), null,
        PatchType.APPLY, PatchOptions.fieldManager("team-b").withForce());
    assertThat(forced.getSpec().getPaused()).isFalse();
    // the configured default field manager is used when none is given
    Sandbox byDefault = sandboxes.patchSandbox(name, String.format(intent, "false"), null,
        PatchType.APPLY, PatchOptions.DEFAULTS.withForce());
    assertThat(byDefault.getMetadata().getManagedFields())
        .anyMatch(f -> Configuration.DEFAULT_FIELD_MANAGER.equals(f.getManager()));
    assertThatThrownBy(() -> sandboxes.patchSandbox(name, "{}", null,
        PatchType.fromContentType("application/strategic-merge-patch+json")))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void staleWritesAndDuplicatesAreConflicts(AgentsClient agents) {
    SandboxClient sandboxes = agents.sandboxes();
    String name = uniqueName("stale");
    Sandbox v1 = sandboxes.createSandbox(sandbox(name, "stale"));
    assertThatThrownBy(() -> sandboxes.createSandbox(sandbox(name, "stale")))
        .isInstanceOfSatisfying(ConflictException.class,
            e -> assertThat(e.reason()).isEqualTo(ConflictException.Reason.ALREADY_EXISTS));

    Sandbox v2 = v1.deepCopy();
    v2.getSpec().setPaused(true);
    sandboxes.updateSandbox(name, v2);
    Sandbox stale = v1.deepCopy();
    stale.getSpec().setPaused(false);
    assertThatThrownBy(() -> sandboxes.updateSandbox(name, stale))
        .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.reason())
            .isEqualTo(ConflictException.Reason.STALE_RESOURCE_VERSION));
    assertThatThrownBy(() -> sandboxes.updateSandboxStatus(name, withReady(v1, "True")))
        .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.reason())
            .isEqualTo(ConflictException.Reason.STALE_RESOURCE_VERSION));
  }

  @Test
  void aStaleResourceVersionIsAConflictAndLosesNoUpdate(AgentsClient agents) {
    SandboxClient sandboxes = agents.sandboxes();
    String name = uniqueName("lost");
    Sandbox read = sandboxes.createSandbox(sandbox(name, "lost"));
    Sandbox first = read.deepCopy();
    first.getMetadata().getLabels().put("first", "writer");
    sandboxes.updateSandbox(name, first);
    Sandbox second = read.deepCopy(); // read before the first write landed
    second.getMetadata().getLabels().put("second", "writer");
    assertThatThrownBy(() -> sandboxes.updateSandbox(name, second))
        .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.reason())
            .isEqualTo(ConflictException.Reason.STALE_RESOURCE_VERSION));
    assertThatThrownBy(() -> sandboxes.updateSandboxStatus(name, withReady(read, "True")))
        .isInstanceOf(ConflictException.class);
    assertThat(sandboxes.getSandbox(name).getMetadata().getLabels())
        .containsEntry("first", "writer").doesNotContainKey("second");

    // the same change through modifySandbox lands on top of the first writer's
    Sandbox merged = sandboxes.modifySandbox(name, s -> {
      s.getMetadata().getLabels().put("second", "writer");
      return s;
    });
    assertThat(merged.getMetadata().getLabels()).containsEntry("first", "writer")
        .containsEntry("second", "writer");
    // a body without resourceVersion is refused unless the overwrite is asked for
    assertThatThrownBy(() -> sandboxes.updateSandbox(name, sandbox(name, "lost")))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("metadata.resourceVersion"));
    assertThat(sandboxes.updateSandbox(name, sandbox(name, "overwritten"),
        UpdateMode.UNCONDITIONAL, null).getMetadata().getLabels())
        .containsEntry("app", "overwritten").doesNotContainKey("first");
  }

  @Test
  void aThousandConcurrentIncrementsThroughModifySandboxLoseNone(TestCluster cluster)
      throws Exception {
    int threads = 40;
    int increments = 1000;
    Configuration config = Configuration.builder().conflictRetry(ConflictRetry.builder()
        .attempts(10_000).initialBackoff(Duration.ofMillis(2)).maxBackoff(Duration.ofMillis(100))
        .jitter(1.0).build()).build();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (KubernetesClient admin = cluster.newAdminClient();
        AgentsClient agents = AgentsClient.create(admin, config)) {
      SandboxClient sandboxes = agents.sandboxes();
      String name = uniqueName("counter");
      sandboxes.createSandbox(sandbox(name, "counter"));
      AtomicInteger claimed = new AtomicInteger();
      AtomicInteger attempts = new AtomicInteger();
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(pool.submit(() -> {
          go.await();
          while (claimed.getAndIncrement() < increments) {
            sandboxes.modifySandbox(name, s -> {
              attempts.incrementAndGet();
              Map<String, String> annotations = s.getMetadata().getAnnotations() == null
                  ? new HashMap<>() : new HashMap<>(s.getMetadata().getAnnotations());
              int value = Integer.parseInt(annotations.getOrDefault("counter", "0"));
              annotations.put("counter", Integer.toString(value + 1));
              s.getMetadata().setAnnotations(annotations);
              return s;
            });
          }
          return null;
        }));
      }
      long start = System.nanoTime();
      go.countDown();
      for (Future<?> worker : workers) {
        worker.get(5, TimeUnit.MINUTES);
      }
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      int value = Integer.parseInt(sandboxes.getSandbox(name).getMetadata().getAnnotations()
          .get("counter"));
      System.out.println("fault-suite: conflict retry: " + increments + " increments from "
          + threads + " threads through modifySandbox -> counter " + value + "; " + attempts.get()
          + " attempts, " + (attempts.get() - increments) + " conflicts, " + millis + " ms");
      assertThat(value).isEqualTo(increments);
      assertThat(attempts.get()).isGreaterThanOrEqualTo(increments);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void schemaViolationsCarryTheServersFieldCauses(AgentsClient agents) {
    Sandbox badEnum = sandbox(uniqueName("enum"), "schema");
    badEnum.getSpec().setPauseStrategy(new io.kruise.agents.model.PauseStrategy());
    badEnum.getSpec().getPauseStrategy().setType("Bogus");
    assertThatThrownBy(() -> agents.sandboxes().createSandbox(badEnum))
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.code()).isEqualTo(422);
          assertThat(e.fields()).contains("spec.pauseStrategy.type");
        });
    Sandbox badType = sandbox(uniqueName("type"), "schema");
    badType.getSpec().setAdditionalProperty("paused", "not-a-boolean");
    badType.getSpec().setPaused(null);
    assertThatThrownBy(() -> agents.sandboxes().createSandbox(badType))
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.code()).isEqualTo(422);
          assertThat(e.fields()).contains("spec.paused");
        });
  }

  @Test
  void readOnlyAndAnonymousCallersArePermissionDeniedWithoutLeakingTokens(TestCluster cluster)
      throws Exception {
    PrintStream originalErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    List<AgentsApiException> failures = new ArrayList<>();
    try (KubernetesClient readOnly = cluster.newReadOnlyClient();
        KubernetesClient anonymous = cluster.newUnauthenticatedClient();
        AgentsClient ro = AgentsClient.create(readOnly);
        AgentsClient anon = AgentsClient.create(anonymous)) {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      assertThat(ro.sandboxes().listSandboxes().getItems()).isNotNull(); // reads are allowed
      assertThatThrownBy(() -> ro.sandboxes().createSandbox(sandbox(uniqueName("ro"), "ro")))
          .isInstanceOfSatisfying(PermissionDeniedException.class, e -> {
            assertThat(e.code()).isEqualTo(403);
            assertThat(e.verb()).isEqualTo("create");
            assertThat(e.resource()).isEqualTo("sandboxes");
            assertThat(e.namespace()).isEqualTo(cluster.namespace());
            failures.add(e);
          });
      assertThatThrownBy(() -> anon.sandboxes().listSandboxes())
          .isInstanceOfSatisfying(PermissionDeniedException.class, e -> {
            assertThat(e.code()).isEqualTo(401);
            failures.add(e);
          });
    } finally {
      System.setErr(originalErr);
    }
    List<String> tokens = cluster.server().orElseThrow().tokens();
    for (AgentsApiException e : failures) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        for (String token : tokens) {
          assertThat(String.valueOf(t.getMessage())).doesNotContain(token);
        }
      }
    }
    for (String token : tokens) {
      assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain(token);
    }
  }

  @Test
  void watchResumesFromAResourceVersionWithoutReplaying(AgentsClient agents) throws Exception {
    SandboxClient sandboxes = agents.sandboxes();
    String app = uniqueName("resume");
    sandboxes.createSandbox(sandbox(uniqueName("old"), app));
    String from = sandboxes.listSandboxes(null, "app=" + app, null).getMetadata()
        .getResourceVersion();
    Sandbox fresh = sandboxes.createSandbox(sandbox(uniqueName("new"), app));
    List<WatchEvent<Sandbox>> events = new ArrayList<>();
    try (WatchStream<Sandbox> stream = sandboxes.watchSandboxes(null, "app=" + app, null, from,
        3)) {
      for (WatchEvent<Sandbox> e : stream) {
        events.add(e);
        break;
      }
    }
    assertThat(events).hasSize(1);
    assertThat(events.get(0).type()).isEqualTo(WatchEventType.ADDED);
    assertThat(events.get(0).object().getMetadata().getName())
        .isEqualTo(fresh.getMetadata().getName());
  }

  @Test
  void watchFromACompactedVersionEndsWithResourceVersionExpired(AgentsClient agents,
      TestCluster cluster) throws Exception {
    SandboxClient sandboxes = agents.sandboxes();
    String app = uniqueName("gone");
    Sandbox s = sandboxes.createSandbox(sandbox(uniqueName("g"), app));
    String old = s.getMetadata().getResourceVersion();
    for (int i = 0; i < 3; i++) {
      sandboxes.patchSandbox(s.getMetadata().getName(),
          "{\"metadata\":{\"labels\":{\"n\":\"" + i + "\"}}}");
    }
    cluster.compactEtcd();
    List<WatchEvent<Sandbox>> events = new CopyOnWriteArrayList<>();
    try (WatchStream<Sandbox> stream = sandboxes.watchSandboxes(null, "app=" + app, null, old,
        20)) {
      stream.forEach(events::add);
    }
    assertThat(events).isNotEmpty();
    WatchEvent<Sandbox> last = events.get(events.size() - 1);
    assertThat(last.type()).isEqualTo(WatchEventType.ERROR);
    assertThat(last.error()).isInstanceOfSatisfying(ResourceVersionExpiredException.class, e -> {
      assertThat(e.code()).isEqualTo(410);
      assertThat(e.resourceVersion()).isEqualTo(old);
      assertThat(e.getMessage()).contains("resume from resourceVersion " + old)
          .contains("the resourceVersion argument").doesNotContain("resourceVersion null")
          .contains("list again");
    });
  }

  @Test
  void waitsOnARealServer(AgentsClient agents) throws Exception {
    SandboxClient sandboxes = agents.sandboxes();
    String ready = uniqueName("ready");
    Sandbox r = sandboxes.createSandbox(sandbox(ready, "waits"));
    sandboxes.updateSandboxStatus(ready, withReady(r, "True"));
    assertThat(sandboxes.waitForSandboxCondition(ready, "Ready", "True", Duration.ofSeconds(5))
        .getStatus().getPhase()).isEqualTo("Running");

    String later = uniqueName("later");
    Sandbox l = sandboxes.createSandbox(sandbox(later, "waits"));
    // returns once the wait has listed and watches from the list's version: nothing is missed
    CompletableFuture<Sandbox> wait = sandboxes.waitForSandboxConditionAsync(later, "Ready",
        "True", Duration.ofSeconds(30), null);
    sandboxes.updateSandboxStatus(later, withReady(l, "True"));
    assertThat(wait.get(10, TimeUnit.SECONDS).getMetadata().getName()).isEqualTo(later);

    String gone = uniqueName("gone");
    sandboxes.createSandbox(sandbox(gone, "waits"));
    CompletableFuture<Sandbox> deleted = sandboxes.waitForSandboxConditionAsync(gone, "Ready",
        "True", Duration.ofSeconds(30), null);
    sandboxes.deleteSandbox(gone);
    assertThatThrownBy(() -> deleted.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).cause()
        .isInstanceOf(SandboxNotFoundException.class);

    String slow = uniqueName("slow");
    sandboxes.createSandbox(sandbox(slow, "waits"));
    assertThatThrownBy(() -> sandboxes.waitForSandboxCondition(slow, "Ready", "True",
        Duration.ofMillis(300))).isInstanceOf(TimeoutException.class).hasMessageContaining(slow);
  }

  @Test
  void generatedCrdsAcceptFullyPopulatedObjectsUnchanged(AgentsClient agents) throws Exception {
    Sandbox full = fixture("/fixtures/sandbox-full.json", Sandbox.class);
    full.getMetadata().setNamespace(null);
    full.getMetadata().setResourceVersion(null);
    full.getMetadata().setUid(null);
    full.getMetadata().setCreationTimestamp(null);
    full.getMetadata().setOwnerReferences(null); // no SandboxSet of that uid exists here
    Sandbox created = agents.sandboxes().createSandbox(full);
    assertThat(created.getSpec()).isEqualTo(full.getSpec());
    assertThat(created.getMetadata().getLabels()).isEqualTo(full.getMetadata().getLabels());
    Sandbox withStatus = created.deepCopy();
    withStatus.setStatus(full.getStatus());
    Sandbox stored = agents.sandboxes().updateSandboxStatus(created.getMetadata().getName(),
        withStatus);
    assertThat(stored.getStatus()).isEqualTo(full.getStatus());
    assertThat(agents.sandboxes().getSandbox(created.getMetadata().getName()).getStatus())
        .isEqualTo(full.getStatus());

    SandboxSet fullSet = fixture("/fixtures/sandboxset-full.json", SandboxSet.class);
    fullSet.getMetadata().setNamespace(null);
    fullSet.getMetadata().setResourceVersion(null);
    fullSet.getMetadata().setUid(null);
    fullSet.getMetadata().setCreationTimestamp(null);
    SandboxSet createdSet = agents.sandboxSets().createSandboxSet(fullSet);
    assertThat(createdSet.getSpec()).isEqualTo(fullSet.getSpec());
    SandboxSet setWithStatus = createdSet.deepCopy();
    setWithStatus.setStatus(fullSet.getStatus());
    assertThat(agents.sandboxSets().updateSandboxSetStatus(createdSet.getMetadata().getName(),
        setWithStatus).getStatus()).isEqualTo(fullSet.getStatus());
  }

  private static <T> T fixture(String path, Class<T> type) throws Exception {
    try (var in = ClientRealServerTest.class.getResourceAsStream(path)) {
      assertThat(in).as(path + " from the sandbox-model test jar").isNotNull();
      return io.fabric8.kubernetes.client.utils.Serialization.unmarshal(in, type);
    }
  }
}
