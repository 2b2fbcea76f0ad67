package io.kruise.agents.client;

import static io.kruise.agents.client.Fixtures.sandbox;
import static io.kruise.agents.client.Fixtures.sandboxSet;
import static io.kruise.agents.client.Fixtures.uniqueName;
import static io.kruise.agents.client.Fixtures.withReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kruise.agents.client.exceptions.ConflictException;
import io.kruise.agents.client.exceptions.SandboxNotFoundException;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.testkit.MockApiServer;
import io.kruise.agents.testkit.WithMockApiServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Updates carry the caller's resourceVersion (or refuse to guess it), an unconditional replace is
 * asked for explicitly, and modify* reads, mutates a copy and retries on conflicts.
 */
@WithMockApiServer
class UpdateAndModifyMockServerTest {

  @Test
  void anUpdateWithoutResourceVersionIsRefusedBeforeAnyRequest(AgentsClient agents,
      MockApiServer server) {
    String name = uniqueName("norv");
    agents.sandboxes().createSandbox(sandbox(name, "demo"));
    agents.sandboxSets().createSandboxSet(sandboxSet(name, 1));
    Sandbox bare = sandbox(name, "changed");
    SandboxSet bareSet = sandboxSet(name, 2);
    int before = server.requestCount();

    for (Runnable update : java.util.List.<Runnable>of(
        () -> agents.sandboxes().updateSandbox(name, bare),
        () -> agents.sandboxes().updateSandbox(name, bare, null),
        () -> agents.sandboxes().updateSandboxStatus(name, withReady(bare, "True")),
        () -> agents.sandboxSets().updateSandboxSet(name, bareSet),
        () -> agents.sandboxSets().updateSandboxSetStatus(name, bareSet, null))) {
      assertThatThrownBy(update::run).isInstanceOfSatisfying(ValidationException.class, e -> {
        assertThat(e.fields()).containsExactly("metadata.resourceVersion");
        assertThat(e.getMessage()).contains("UpdateMode.UNCONDITIONAL").contains("modify");
        assertThat(e.code()).isZero();
      });
    }
    assertThat(server.requestCount()).isEqualTo(before);
    assertThat(agents.sandboxes().getSandbox(name).getMetadata().getLabels())
        .containsEntry("app", "demo");
  }

  @Test
  void anUpdateSendsExactlyTheCallersResourceVersion(AgentsClient agents, MockApiServer server) {
    String name = uniqueName("rv");
    Sandbox v1 = agents.sandboxes().createSandbox(sandbox(name, "demo"));
    Sandbox v2 = v1.deepCopy();
    v2.getSpec().setPaused(true);
    int before = server.requestCount();
    Sandbox stored = agents.sandboxes().updateSandbox(name, v2);
    assertThat(server.requestCount() - before).as("one PUT, no GET first").isEqualTo(1);
    assertThat(stored.getSpec().getPaused()).isTrue();

    Sandbox stale = v1.deepCopy();
    stale.getMetadata().getLabels().put("lost", "update");
    assertThatThrownBy(() -> agents.sandboxes().updateSandbox(name, stale))
        .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.reason())
            .isEqualTo(ConflictException.Reason.STALE_RESOURCE_VERSION));
    Sandbox now = agents.sandboxes().getSandbox(name);
    assertThat(now.getSpec().getPaused()).isTrue();
    assertThat(now.getMetadata().getLabels()).doesNotContainKey("lost");
  }

  @Test
  void anUnconditionalReplaceIsAskedForExplicitly(AgentsClient agents) {
    String name = uniqueName("uncond");
    agents.sandboxes().createSandbox(sandbox(name, "demo"));
    agents.sandboxSets().createSandboxSet(sandboxSet(name, 1));
    Sandbox stored = agents.sandboxes().updateSandbox(name, sandbox(name, "overwritten"),
        UpdateMode.UNCONDITIONAL, null);
    assertThat(stored.getMetadata().getLabels()).containsEntry("app", "overwritten");
    SandboxSet set = agents.sandboxSets().updateSandboxSet(name, sandboxSet(name, 7),
        UpdateMode.UNCONDITIONAL, null);
    assertThat(set.getSpec().getReplicas()).isEqualTo(7);
    assertThatThrownBy(() -> agents.sandboxes().updateSandbox(name, stored, null, null))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("mode"));
  }

  @Test
  void modifyReadsChangesACopyAndWrites(AgentsClient agents) {
    String name = uniqueName("mod");
    agents.sandboxes().createSandbox(sandbox(name, "demo"));
    Sandbox stored = agents.sandboxes().modifySandbox(name, s -> {
      s.getMetadata().getLabels().put("tier", "gold");
      return s;
    });
    assertThat(stored.getMetadata().getLabels()).containsEntry("tier", "gold")
        .containsEntry("app", "demo");
    assertThat(agents.sandboxes().getSandbox(name).getMetadata().getLabels())
        .containsEntry("tier", "gold");

    Sandbox withStatus = agents.sandboxes().modifySandboxStatus(name,
        s -> withReady(s, "True"));
    assertThat(withStatus.getStatus().getPhase()).isEqualTo("Running");

    String pool = uniqueName("mod-set");
    agents.sandboxSets().createSandboxSet(sandboxSet(pool, 1));
    assertThat(agents.sandboxSets().modifySandboxSet(pool, s -> {
      s.getSpec().setReplicas(4);
      return s;
    }).getSpec().getReplicas()).isEqualTo(4);
    assertThat(agents.sandboxSets().modifySandboxSetStatus(pool,
        s -> Fixtures.withCounts(s, 4, 3)).getStatus().getAvailableReplicas()).isEqualTo(3);
  }

  @Test
  void aMutationThatChangesNothingSendsNothing(AgentsClient agents, MockApiServer server) {
    String name = uniqueName("same");
    agents.sandboxes().createSandbox(sandbox(name, "demo"));
    int before = server.requestCount();
    agents.sandboxes().modifySandbox(name, s -> s);
    assertThat(server.requestCount() - before).as("only the GET").isEqualTo(1);

    Sandbox cached = agents.sandboxes().getSandbox(name);
    agents.context().cache(cacheHolding(n -> cached));
    before = server.requestCount();
    Sandbox result = agents.sandboxes().modifySandbox(name, s -> s);
    assertThat(server.requestCount() - before).as("read from the cache, nothing written")
        .isZero();
    assertThat(result).isEqualTo(cached).isNotSameAs(cached);
  }

  @Test
  void modifyNeverChangesTheObjectItReads(AgentsClient agents) {
    String name = uniqueName("shared");
    Sandbox cached = agents.sandboxes().createSandbox(sandbox(name, "demo"));
    cached.getMetadata().setLabels(new HashMap<>(cached.getMetadata().getLabels()));
    Sandbox snapshot = cached.deepCopy();
    agents.context().cache(cacheHolding(n -> cached));
    Sandbox stored = agents.sandboxes().modifySandbox(name, s -> {
      s.getMetadata().getLabels().put("changed", "yes");
      s.getSpec().setPaused(true);
      return s;
    });
    assertThat(stored.getMetadata().getLabels()).containsEntry("changed", "yes");
    assertThat(cached).isEqualTo(snapshot);
  }

  @Test
  void aConflictIsRetriedOnTheCurrentVersionWithoutLosingTheOtherWrite(AgentsClient agents) {
    String name = uniqueName("race");
    Sandbox v1 = agents.sandboxes().createSandbox(sandbox(name, "demo"));
    agents.sandboxes().patchSandbox(name, "{\"metadata\":{\"labels\":{\"other\":\"writer\"}}}");
    // the first read is stale (a cache that is behind), later reads come from the server
    AtomicInteger reads = new AtomicInteger();
    agents.context().cache(cacheHolding(n -> reads.getAndIncrement() == 0 ? v1 : null));
    AtomicInteger mutations = new AtomicInteger();
    Sandbox stored = agents.sandboxes().modifySandbox(name, s -> {
      mutations.incrementAndGet();
      s.getMetadata().getLabels().put("mine", "too");
      return s;
    });
    assertThat(mutations).hasValue(2);
    assertThat(stored.getMetadata().getLabels()).containsEntry("other", "writer")
        .containsEntry("mine", "too");
  }

  @Test
  void modifyOfAMissingObjectIsNotFoundAndBadMutationsAreValidationErrors(AgentsClient agents) {
    assertThatThrownBy(() -> agents.sandboxes().modifySandbox("missing", s -> s))
        .isInstanceOf(SandboxNotFoundException.class);
    assertThatThrownBy(() -> agents.sandboxes().modifySandbox("missing", null))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("mutation"));
    String name = uniqueName("nullmut");
    agents.sandboxes().createSandbox(sandbox(name, "demo"));
    assertThatThrownBy(() -> agents.sandboxes().modifySandbox(name, s -> null))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("mutation"));
  }

  /** A cache that holds what {@code lookup} returns for a name (null: not cached). */
  private static ClientCache cacheHolding(Function<String, Sandbox> lookup) {
    return new ClientCache() {
      @Override
      public <T extends HasMetadata> CompletableFuture<T> waitFor(Class<T> type,
          String namespace, String name, Predicate<T> predicate, String description,
          Duration timeout) {
        return null;
      }

      @Override
      public <T extends HasMetadata> T cached(Class<T> type, String namespace, String name) {
        return type == Sandbox.class ? type.cast(lookup.apply(name)) : null;
      }

      @Override
      public void written(HasMetadata result) {}

      @Override
      public void deleted(Class<? extends HasMetadata> type, String namespace, String name,
          String uid) {}

      @Override
      public void close() {}
    };
  }
}
