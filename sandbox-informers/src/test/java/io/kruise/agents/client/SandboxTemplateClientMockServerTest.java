package io.kruise.agents.client;

import static io.kruise.agents.client.ClaimFixtures.template;
import static io.kruise.agents.client.Fixtures.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kruise.agents.client.exceptions.SandboxTemplateNotFoundException;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.SandboxTemplate;
import io.kruise.agents.testkit.MockApiServer;
import io.kruise.agents.testkit.WithMockApiServer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** SandboxTemplateClient against the mock API server: every operation, NotFound, validation. */
@WithMockApiServer
class SandboxTemplateClientMockServerTest {

  private static final Duration LONG = Duration.ofMinutes(5);

  @Test
  void everyOperationRoundTrips(AgentsClient agents) {
    SandboxTemplateClient templates = agents.sandboxTemplates(uniqueName("ns"));
    SandboxTemplate created = templates.createSandboxTemplate(template("python", "python:3.12"));
    assertThat(created.getMetadata().getNamespace()).isEqualTo(templates.namespace());
    assertThat(templates.getSandboxTemplate("python").getSpec().getTemplate().getSpec()
        .getContainers().get(0).getImage()).isEqualTo("python:3.12");
    templates.createSandboxTemplate(template("node", "node:22"));
    assertThat(templates.listSandboxTemplates().getItems()).hasSize(2);
    assertThat(templates.listSandboxTemplates(null, "app=templates", "metadata.name=node")
        .getItems()).extracting(t -> t.getMetadata().getName()).containsExactly("node");

    SandboxTemplate newer = templates.getSandboxTemplate("python");
    newer.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("python:3.13");
    assertThat(templates.updateSandboxTemplate("python", newer).getSpec().getTemplate().getSpec()
        .getContainers().get(0).getImage()).isEqualTo("python:3.13");
    assertThat(templates.patchSandboxTemplate("python",
        "{\"spec\":{\"persistentContents\":[\"filesystem\"]}}").getSpec().getPersistentContents())
        .containsExactly("filesystem");
    SandboxTemplate modified = templates.modifySandboxTemplate("python", t -> {
      Map<String, String> labels = new HashMap<>(t.getMetadata().getLabels());
      labels.put("modified", "yes");
      t.getMetadata().setLabels(labels);
      return t;
    });
    assertThat(modified.getMetadata().getLabels()).containsEntry("modified", "yes");
    assertThat(templates.waitForSandboxTemplate("python", null,
        t -> "yes".equals(t.getMetadata().getLabels().get("modified")), LONG))
        .succeedsWithin(Duration.ofSeconds(20));

    templates.deleteSandboxTemplate("python");
    assertThatThrownBy(() -> templates.getSandboxTemplate("python"))
        .isInstanceOf(SandboxTemplateNotFoundException.class);
    assertThat(templates.deleteCollectionSandboxTemplates(null, "app=templates", null))
        .hasSize(1);
    assertThat(templates.listSandboxTemplates().getItems()).isEmpty();
  }

  @Test
  void aTemplateHasNoStatusOperations() {
    // SandboxTemplate has no status (and so no status subresource): nothing to call
    assertThat(Arrays.stream(SandboxTemplateClient.class.getMethods())
        .map(java.lang.reflect.Method::getName).filter(n -> n.contains("Status"))).isEmpty();
  }

  @Test
  void aMissingTemplateIsSandboxTemplateNotFound(AgentsClient agents) {
    SandboxTemplateClient templates = agents.sandboxTemplates(uniqueName("ns"));
    for (ThrowingCallable call : List.<ThrowingCallable>of(
        () -> templates.getSandboxTemplate("absent"),
        () -> templates.deleteSandboxTemplate("absent"),
        () -> templates.modifySandboxTemplate("absent", t -> t))) {
      assertThatThrownBy(call).isInstanceOfSatisfying(SandboxTemplateNotFoundException.class,
          e -> {
            assertThat(e.kind()).isEqualTo("SandboxTemplate");
            assertThat(e.name()).isEqualTo("absent");
          });
    }
    assertThat(templates.waitForSandboxTemplate("absent", null, t -> true, LONG))
        .failsWithin(Duration.ofSeconds(20)).withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(SandboxTemplateNotFoundException.class);
  }

  @Test
  void watchSeesTheTemplates(AgentsClient agents) throws Exception {
    SandboxTemplateClient templates = agents.sandboxTemplates(uniqueName("ns"));
    List<WatchEvent<SandboxTemplate>> seen = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> deleted = new CompletableFuture<>();
    try (WatchHandle handle = templates.watchSandboxTemplates(null, null, null, null, e -> {
      seen.add(e);
      if (e.type() == WatchEventType.DELETED) {
        deleted.complete(null);
      }
    })) {
      templates.createSandboxTemplate(template("t", "busybox"));
      templates.deleteSandboxTemplate("t");
      deleted.get(10, TimeUnit.SECONDS);
    }
    assertThat(seen).extracting(WatchEvent::type).containsExactly(WatchEventType.ADDED,
        WatchEventType.DELETED);
  }

  @Test
  void badInputIsRefusedNamingTheFieldBeforeAnyRequest(AgentsClient agents,
      MockApiServer server) {
    SandboxTemplateClient templates = agents.sandboxTemplates();
    int before = server.requestCount();
    for (Object[] c : List.of(
        new Object[] {(ThrowingCallable) () -> templates.createSandboxTemplate(null),
            "sandboxTemplate"},
        new Object[] {(ThrowingCallable) () -> templates.createSandboxTemplate(
            template("Bad_Name", "x")), "metadata.name"},
        new Object[] {(ThrowingCallable) () -> templates.updateSandboxTemplate("t",
            template("t", "x")), "metadata.resourceVersion"},
        new Object[] {(ThrowingCallable) () -> templates.updateSandboxTemplate("t",
            template("u", "x")), "metadata.name"},
        new Object[] {(ThrowingCallable) () -> templates.waitForSandboxTemplate("t", null, null,
            LONG), "predicate"})) {
      assertThatThrownBy((ThrowingCallable) c[0])
          .isInstanceOfSatisfying(ValidationException.class,
              e -> assertThat(e.fields()).containsExactly((String) c[1]));
    }
    assertThat(server.requestCount()).isEqualTo(before);
  }
}
