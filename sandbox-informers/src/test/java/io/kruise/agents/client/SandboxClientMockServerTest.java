package io.kruise.agents.client;

import static io.kruise.agents.client.Fixtures.sandbox;
import static io.kruise.agents.client.Fixtures.uniqueName;
import static io.kruise.agents.client.Fixtures.withReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.StatusDetails;
import io.kruise.agents.client.exceptions.ConflictException;
import io.kruise.agents.client.exceptions.SandboxNotFoundException;
import io.kruise.agents.client.exceptions.TimeoutException;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxList;
import io.kruise.agents.testkit.MockApiServer;
import io.kruise.agents.testkit.WithMockApiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every SandboxClient operation against the fabric8 mock API server (CRUD mode). */
@WithMockApiServer
class SandboxClientMockServerTest {

  @Test
  void createThenGetReturnsTheStoredSandbox(AgentsClient agents) {
    SandboxClient sandboxes = agents.sandboxes();
    String name = uniqueName("sbx");
    Sandbox created = sandboxes.createSandbox(sandbox(name, "demo"));
    assertThat(created.getMetadata().getResourceVersion()).isNotBlank();
    assertThat(created.getMetadata().getNamespace()).isEqualTo(agents.namespace());

    Sandbox got = sandboxes.getSandbox(name);
    assertThat(got.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("nginx:latest");
    assertThat(got.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
  }

  @Test
  void createDoesNotModifyTheCallersObject(AgentsClient agents) {
    Sandbox body = sandbox(uniqueName("sbx"), "demo");
    Sandbox before = body.deepCopy();
    agents.sandboxes().createSandbox(body, "other-ns");
    assertThat(body).isEqualTo(before);
    assertThat(agents.sandboxes().getSandbox(body.getMetadata().getName(), "other-ns")
        .getMetadata().getNamespace()).isEqualTo("other-ns");
  }

  @Test
  void createUsesTheBodysNamespaceWhenNoneIsGiven(AgentsClient agents) {
    Sandbox body = sandbox(uniqueName("sbx"), "demo");
    body.getMetadata().setNamespace("body-ns");
    Sandbox created = agents.sandboxes().createSandbox(body);
    assertThat(created.getMetadata().getNamespace()).isEqualTo("body-ns");
  }

  @Test
  void createWithGenerateNameGetsAServerName(AgentsClient agents) {
    Sandbox body = sandbox(null, "demo");
    body.getMetadata().setName(null);
    body.getMetadata().setGenerateName("gen-");
    Sandbox created = agents.sandboxes().createSandbox(body);
    assertThat(created.getMetadata().getName()).startsWith("gen-").isNotEqualTo("gen-");
  }

  @Test
  void duplicateCreateIsAConflict(AgentsClient agents) {
    String name = uniqueName("dup");
    agents.sandboxes().createSandbox(sandbox(name, "demo"));
    assertThatThrownBy(() -> agents.sandboxes().createSandbox(sandbox(name, "demo")))
        .isInstanceOfSatisfying(ConflictException.class, e -> {
          assertThat(e.reason()).isEqualTo(ConflictException.Reason.ALREADY_EXISTS);
          assertThat(e.code()).isEqualTo(409);
          assertThat(e.getCause()).isNotNull();
        });
  }

  @Test
  void invalidInputFailsBeforeAnyRequest(AgentsClient agents, MockApiServer server) {
    SandboxClient sandboxes = agents.sandboxes();
    int before = server.requestCount();
    Sandbox wrongNamespace = sandbox(uniqueName("sbx"), "demo");
    wrongNamespace.getMetadata().setNamespace("elsewhere");
    assertThatThrownBy(() -> sandboxes.createSandbox(wrongNamespace, "here"))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("metadata.namespace"));
    assertThatThrownBy(() -> sandboxes.getSandbox("Not_A_Name"))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("metadata.name"));
    assertThatThrownBy(() -> sandboxes.getSandbox(" "))
        .isInstanceOf(ValidationException.class).hasMessageContaining("metadata.name");
    assertThatThrownBy(() -> sandboxes.updateSandbox("a", sandbox("b", "demo")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("'b'");
    Sandbox wrongKind = retyped(sandbox("c", "demo"), "agents.kruise.io/v1alpha1", "Pod");
    assertThatThrownBy(() -> sandboxes.createSandbox(wrongKind))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("kind"));
    Sandbox wrongVersion = retyped(sandbox("d", "demo"), "agents.kruise.io/v2", "Sandbox");
    assertThatThrownBy(() -> sandboxes.createSandbox(wrongVersion))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("apiVersion"));
    assertThatThrownBy(() -> sandboxes.patchSandbox("a", " "))
        .isInstanceOf(ValidationException.class).hasMessageContaining("patch");
    assertThatThrownBy(() -> sandboxes.deleteSandbox("a", null, -1L))
        .isInstanceOf(ValidationException.class).hasMessageContaining("gracePeriodSeconds");
    assertThatThrownBy(() -> sandboxes.waitForSandboxCondition("a", "Ready", "Maybe", null))
        .isInstanceOf(ValidationException.class).hasMessageContaining("conditionStatus");
    assertThatThrownBy(() -> sandboxes.getSandbox("a", AgentsClient.ALL_NAMESPACES))
        .isInstanceOf(ValidationException.class).hasMessageContaining("namespace");
    assertThat(server.requestCount()).isEqualTo(before);
  }

  @Test
  void missingApiVersionAndKindAreFilledInOnACopy(AgentsClient agents) {
    Sandbox body = retyped(sandbox(uniqueName("bare"), "demo"), null, null);
    Sandbox created = agents.sandboxes().createSandbox(body);
    assertThat(created.getKind()).isEqualTo("Sandbox");
    assertThat(created.getApiVersion()).isEqualTo("agents.kruise.io/v1alpha1");
    assertThat(body.getKind()).isNull();
  }

  @Test
  void getOfAMissingSandboxIsNotFound(AgentsClient agents) {
    assertThatThrownBy(() -> agents.sandboxes().getSandbox("nope"))
        .isInstanceOfSatisfying(SandboxNotFoundException.class, e -> {
          assertThat(e.name()).isEqualTo("nope");
          assertThat(e.namespace()).isEqualTo(agents.namespace());
          assertThat(e.code()).isEqualTo(404);
        });
  }

  @Test
  void listFiltersByLabelAndFieldAndSpansNamespaces(AgentsClient agents) {
    String app = uniqueName("app");
    SandboxClient sandboxes = agents.sandboxes();
    sandboxes.createSandbox(sandbox(uniqueName("l"), app));
    sandboxes.createSandbox(sandbox(uniqueName("l"), app));
    Sandbox elsewhere = sandboxes.createSandbox(sandbox(uniqueName("l"), app), "list-other");
    sandboxes.createSandbox(sandbox(uniqueName("l"), "unrelated"));

    assertThat(sandboxes.listSandboxes(null, "app=" + app, null).getItems()).hasSize(2);
    assertThat(sandboxes.listSandboxes(AgentsClient.ALL_NAMESPACES, "app=" + app, null)
        .getItems()).hasSize(3);
    SandboxList byName = sandboxes.listSandboxes("list-other", null,
        "metadata.name=" + elsewhere.getMetadata().getName());
    assertThat(byName.getItems()).extracting(s -> s.getMetadata().getName())
        .containsExactly(elsewhere.getMetadata().getName());
    assertThat(sandboxes.listSandboxes().getItems()).isNotEmpty();
  }

  @Test
  void updateReplacesTheSpec(AgentsClient agents) {
    String name = uniqueName("upd");
    Sandbox created = agents.sandboxes().createSandbox(sandbox(name, "demo"));
    Sandbox changed = created.deepCopy();
    changed.getSpec().setPaused(true);
    Sandbox updated = agents.sandboxes().updateSandbox(name, changed);
    assertThat(updated.getSpec().getPaused()).isTrue();
    assertThat(agents.sandboxes().getSandbox(name).getSpec().getPaused()).isTrue();
  }

  @Test
  void mergeAndJsonPatches(AgentsClient agents) {
    String name = uniqueName("pat");
    agents.sandboxes().createSandbox(sandbox(name, "demo"));
    Sandbox merged = agents.sandboxes().patchSandbox(name, "{\"spec\":{\"paused\":true}}");
    assertThat(merged.getSpec().getPaused()).isTrue();
    Sandbox jsonPatched = agents.sandboxes().patchSandbox(name,
        "[{\"op\":\"replace\",\"path\":\"/spec/paused\",\"value\":false}]", null, PatchType.JSON);
    assertThat(jsonPatched.getSpec().getPaused()).isFalse();
  }

  @Test
  void statusUpdateGoesThroughTheStatusSubresource(AgentsClient agents) {
    String name = uniqueName("st");
    Sandbox created = agents.sandboxes().createSandbox(sandbox(name, "demo"));
    Sandbox withStatus = agents.sandboxes().updateSandboxStatus(name, withReady(created, "True"));
    assertThat(withStatus.getStatus().getPhase()).isEqualTo("Running");

    // a plain update must not change the status (status subresource semantics)
    Sandbox rewrite = withReady(withStatus, "False");
    Sandbox afterUpdate = agents.sandboxes().updateSandbox(name, rewrite);
    assertThat(afterUpdate.getStatus().getConditions().get(0).getStatus()).isEqualTo("True");
  }

  @Test
  void deleteRemovesAndAMissingDeleteIsNotFound(AgentsClient agents) {
    String name = uniqueName("del");
    agents.sandboxes().createSandbox(sandbox(name, "demo"));
    agents.sandboxes().deleteSandbox(name, null, 0L);
    assertThatThrownBy(() -> agents.sandboxes().getSandbox(name))
        .isInstanceOf(SandboxNotFoundException.class);
    assertThatThrownBy(() -> agents.sandboxes().deleteSandbox(name))
        .isInstanceOf(SandboxNotFoundException.class);
  }

  @Test
  void deleteCollectionReturnsWhatItDeleted(AgentsClient agents) {
    String app = uniqueName("coll");
    agents.sandboxes().createSandbox(sandbox(uniqueName("c"), app));
    agents.sandboxes().createSandbox(sandbox(uniqueName("c"), app));
    Sandbox survivor = agents.sandboxes().createSandbox(sandbox(uniqueName("c"), "keep-" + app));
    List<StatusDetails> deleted = agents.sandboxes().deleteCollectionSandboxes(null, "app=" + app,
        null);
    assertThat(deleted).hasSize(2);
    assertThat(agents.sandboxes().listSandboxes(null, "app=" + app, null).getItems()).isEmpty();
    assertThat(agents.sandboxes().getSandbox(survivor.getMetadata().getName())).isNotNull();
  }

  @Test
  void watchStreamDeliversAddModifyDeleteInOrder(AgentsClient agents) throws Exception {
    String app = uniqueName("w");
    String name = uniqueName("w");
    List<WatchEvent<Sandbox>> seen = new CopyOnWriteArrayList<>();
    try (WatchStream<Sandbox> stream = agents.sandboxes().watchSandboxes(null, "app=" + app, null,
        30)) {
      CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
        for (WatchEvent<Sandbox> e : stream) {
          seen.add(e);
          if (e.type() == WatchEventType.DELETED) {
            return;
          }
        }
      });
      // watchSandboxes returns once the watch is open, so the writes below reach it
      Sandbox created = agents.sandboxes().createSandbox(sandbox(name, app));
      agents.sandboxes().patchSandbox(name, "{\"spec\":{\"paused\":true}}");
      agents.sandboxes().deleteSandbox(name);
      reader.get(10, TimeUnit.SECONDS);
      assertThat(created).isNotNull();
    }
    assertThat(seen).extracting(WatchEvent::type).containsExactly(WatchEventType.ADDED,
        WatchEventType.MODIFIED, WatchEventType.DELETED);
    assertThat(seen.get(1).object().getSpec().getPaused()).isTrue();
  }

  @Test
  void watchStreamEndsAtItsTimeout(AgentsClient agents) {
    long start = System.nanoTime();
    List<WatchEvent<Sandbox>> events = new ArrayList<>();
    try (WatchStream<Sandbox> stream = agents.sandboxes().watchSandboxes(null,
        "app=" + uniqueName("quiet"), null, 1)) {
      stream.forEach(events::add);
    }
    assertThat(events).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(
        Duration.ofMillis(900));
  }

  @Test
  void callbackWatchStopsOnClose(AgentsClient agents) throws Exception {
    String app = uniqueName("cb");
    List<WatchEvent<Sandbox>> seen = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> added = new CompletableFuture<>();
    WatchHandle handle = agents.sandboxes().watchSandboxes(null, "app=" + app, null, null, e -> {
      seen.add(e);
      added.complete(null);
    });
    agents.sandboxes().createSandbox(sandbox(uniqueName("cb"), app));
    added.get(10, TimeUnit.SECONDS);
    handle.close();
    handle.close(); // idempotent
    // A second watch witnesses the next event: once it has it, the closed one had its chance.
    String late = uniqueName("cb");
    CompletableFuture<Void> witnessed = new CompletableFuture<>();
    try (WatchHandle witness = agents.sandboxes().watchSandboxes(null, "app=" + app, null, null,
        e -> {
          if (e.object() != null && late.equals(e.object().getMetadata().getName())) {
            witnessed.complete(null);
          }
        })) {
      agents.sandboxes().createSandbox(sandbox(late, app));
      witnessed.get(10, TimeUnit.SECONDS);
    }
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).type()).isEqualTo(WatchEventType.ADDED);
  }

  @Test
  void waitReturnsAtOnceWhenAlreadySatisfied(AgentsClient agents) {
    String name = uniqueName("ready");
    Sandbox created = agents.sandboxes().createSandbox(sandbox(name, "demo"));
    agents.sandboxes().updateSandboxStatus(name, withReady(created, "True"));
    Sandbox ready = agents.sandboxes().waitForSandboxCondition(name, "Ready", "True",
        Duration.ofSeconds(5));
    assertThat(ready.getStatus().getConditions()).anyMatch(c -> "Ready".equals(c.getType()));
  }

  @Test
  void waitCompletesOnALaterStatusWrite(AgentsClient agents) throws Exception {
    String name = uniqueName("later");
    Sandbox created = agents.sandboxes().createSandbox(sandbox(name, "demo"));
    // returns once the wait has listed and watches: the writes below are events to it
    CompletableFuture<Sandbox> wait = agents.sandboxes().waitForSandboxConditionAsync(name,
        "Ready", "True", Duration.ofSeconds(20), null);
    assertThat(wait).isNotDone();
    agents.sandboxes().updateSandboxStatus(name, withReady(created, "False"));
    // had the Ready=False event completed the wait, the result below would say False
    Sandbox latest = agents.sandboxes().getSandbox(name);
    agents.sandboxes().updateSandboxStatus(name, withReady(latest, "True"));
    Sandbox ready = wait.get(10, TimeUnit.SECONDS);
    assertThat(ready.getStatus().getConditions().get(0).getStatus()).isEqualTo("True");
  }

  @Test
  void waitFailsWithNotFoundWhenDeleted(AgentsClient agents) throws Exception {
    String name = uniqueName("gone");
    agents.sandboxes().createSandbox(sandbox(name, "demo"));
    CompletableFuture<Sandbox> wait = agents.sandboxes().waitForSandboxConditionAsync(name,
        "Ready", "True", Duration.ofSeconds(20), null);
    assertThat(wait).isNotDone();
    agents.sandboxes().deleteSandbox(name);
    assertThatThrownBy(() -> wait.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(SandboxNotFoundException.class)
        .hasMessageContaining("deleted while waiting");
  }

  @Test
  void waitForAMissingSandboxIsNotFound(AgentsClient agents) {
    assertThatThrownBy(() -> agents.sandboxes().waitForSandboxCondition("never", "Ready", "True",
        Duration.ofSeconds(5))).isInstanceOf(SandboxNotFoundException.class);
  }

  @Test
  void waitTimesOutNamingTheObjectConditionAndLastState(AgentsClient agents) {
    String name = uniqueName("slow");
    Sandbox created = agents.sandboxes().createSandbox(sandbox(name, "demo"));
    agents.sandboxes().updateSandboxStatus(name, withReady(created, "False"));
    assertThatThrownBy(() -> agents.sandboxes().waitForSandboxCondition(name, "Ready", "True",
        Duration.ofMillis(500)))
        .isInstanceOfSatisfying(TimeoutException.class, e -> {
          assertThat(e.getMessage()).contains(name, "Ready=True", "phase=Running", "Ready=False");
          assertThat(e.<Sandbox>lastSeen().getMetadata().getName()).isEqualTo(name);
        });
  }

  @Test
  void cancellingAWaitStopsIt(AgentsClient agents) {
    String name = uniqueName("cancel");
    agents.sandboxes().createSandbox(sandbox(name, "demo"));
    CompletableFuture<Sandbox> wait = agents.sandboxes().waitForSandbox(name, null,
        s -> false, Duration.ofSeconds(30));
    assertThat(wait.cancel(true)).isTrue();
    assertThat(wait).isCancelled();
  }

  /**
   * fabric8's CustomResource fixes kind and apiVersion from the class (its setters do nothing),
   * so a typed Sandbox always names them right; this subclass stands for a body that does not.
   */
  @io.fabric8.kubernetes.model.annotation.Group("agents.kruise.io")
  @io.fabric8.kubernetes.model.annotation.Version("v1alpha1")
  @io.fabric8.kubernetes.model.annotation.Kind("Sandbox")
  static final class RetypedSandbox extends Sandbox {
    private static final long serialVersionUID = 1L;
    @com.fasterxml.jackson.annotation.JsonIgnore
    private final String apiVersionValue;
    @com.fasterxml.jackson.annotation.JsonIgnore
    private final String kindValue;

    RetypedSandbox(String apiVersion, String kind) {
      this.apiVersionValue = apiVersion;
      this.kindValue = kind;
    }

    @Override
    public String getApiVersion() {
      return apiVersionValue;
    }

    @Override
    public String getKind() {
      return kindValue;
    }
  }

  private static Sandbox retyped(Sandbox s, String apiVersion, String kind) {
    Sandbox retyped = new RetypedSandbox(apiVersion, kind);
    retyped.setMetadata(s.getMetadata());
    retyped.setSpec(s.getSpec());
    return retyped;
  }
}
