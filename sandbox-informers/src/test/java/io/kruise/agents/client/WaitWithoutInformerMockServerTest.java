package io.kruise.agents.client;

import static io.kruise.agents.client.Fixtures.sandbox;
import static io.kruise.agents.client.Fixtures.uniqueName;
import static io.kruise.agents.client.Fixtures.withReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.client.exceptions.ClientClosedException;
import io.kruise.agents.client.exceptions.TimeoutException;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxList;
import io.kruise.agents.testkit.MockApiServer;
import io.kruise.agents.testkit.WithMockApiServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Every wait without an informer ends: with its result, NotFound, a timeout, a failure naming a
 * throwing predicate, or a ClientClosedException when its AgentsClient closes; a watch that ends
 * without a cause is replaced; a blocking wait never blocks beyond its deadline and a grace.
 */
@WithMockApiServer
class WaitWithoutInformerMockServerTest {

  private static final Duration LONG = Duration.ofMinutes(5);

  private static boolean ready(Sandbox s) {
    return s.getStatus() != null && s.getStatus().getConditions() != null
        && s.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  @Test
  void closingTheClientEndsEveryPendingWait(MockApiServer server) {
    try (KubernetesClient fabric8 = server.createClient()) {
      AgentsClient agents = AgentsClient.create(fabric8);
      SandboxClient sandboxes = agents.sandboxes();
      String name = uniqueName("closing");
      sandboxes.createSandbox(sandbox(name, "demo"));
      CompletableFuture<Sandbox> first = sandboxes.waitForSandbox(name, null, s -> false, LONG);
      CompletableFuture<Sandbox> second = sandboxes.waitForSandboxConditionAsync(name, "Ready",
          "True", LONG, null);
      assertThat(first).isNotDone();
      assertThat(agents.context().pendingCount()).isEqualTo(2);

      agents.close();

      // ended by close itself, not by a later timer
      for (CompletableFuture<Sandbox> wait : java.util.List.of(first, second)) {
        assertThat(wait).isCompletedExceptionally();
        assertThatThrownBy(wait::join).isInstanceOf(CompletionException.class)
            .cause().isInstanceOf(ClientClosedException.class)
            .hasMessageContaining("AgentsClient was closed").hasMessageContaining(name);
      }
      assertThat(agents.context().pendingCount()).isZero();
      // and a wait or a request asked for afterwards through a SandboxClient from before fails
      // at once, although the fabric8 client (not the AgentsClient's to close) is still open
      assertThat(sandboxes.waitForSandbox(name, null, s -> false, LONG))
          .isCompletedExceptionally();
      int before = server.requestCount();
      assertThatThrownBy(() -> sandboxes.getSandbox(name))
          .isInstanceOf(ClientClosedException.class).hasMessageContaining(name);
      assertThatThrownBy(() -> sandboxes.watchSandboxes(null, null, null, 10))
          .isInstanceOf(ClientClosedException.class);
      assertThat(server.requestCount()).isEqualTo(before);
    }
  }

  @Test
  void aBlockingWaitEndsWhenAnotherThreadClosesTheClient(MockApiServer server) throws Exception {
    try (KubernetesClient fabric8 = server.createClient()) {
      AgentsClient agents = AgentsClient.create(fabric8);
      String name = uniqueName("blocked");
      agents.sandboxes().createSandbox(sandbox(name, "demo"));
      CompletableFuture<Throwable> blocked = CompletableFuture.supplyAsync(() -> {
        try {
          agents.sandboxes().waitForSandboxCondition(name, "Ready", "True", LONG);
          return null;
        } catch (RuntimeException e) {
          return e;
        }
      });
      await().atMost(Duration.ofSeconds(10))
          .until(() -> agents.context().pendingCount() == 1);
      agents.close();
      assertThat(blocked.get(10, TimeUnit.SECONDS)).isInstanceOf(ClientClosedException.class);
    }
  }

  @Test
  void aWatchThatEndsWithoutACauseIsReplacedByANewListAndWatch(AgentsClient agents)
      throws Exception {
    String name = uniqueName("rewatch");
    Sandbox created = agents.sandboxes().createSandbox(sandbox(name, "demo"));
    ResourceOperations<Sandbox, SandboxList> ops = new ResourceOperations<>(agents.context(),
        AgentsKinds.SANDBOX, agents.namespace());
    ObjectWatchWait<Sandbox, SandboxList> wait = new ObjectWatchWait<>(ops, agents.namespace(),
        name, WaitWithoutInformerMockServerTest::ready, "Ready=True", LONG);
    CompletableFuture<Sandbox> result = wait.start();
    assertThat(wait.watchesStarted()).isEqualTo(1);

    wait.currentWatch().close(); // fabric8 calls onClose() without a cause
    await().atMost(Duration.ofSeconds(10)).until(() -> wait.watchesStarted() == 2);
    assertThat(result).isNotDone();

    agents.sandboxes().updateSandboxStatus(name, withReady(created, "True"));
    assertThat(result.get(10, TimeUnit.SECONDS).getMetadata().getName()).isEqualTo(name);
  }

  @Test
  void aPredicateThatThrowsOnTheFirstCheckFailsTheWait(AgentsClient agents) {
    String name = uniqueName("throws");
    agents.sandboxes().createSandbox(sandbox(name, "demo"));
    CompletableFuture<Sandbox> wait = agents.sandboxes().waitForSandbox(name, null, s -> {
      throw new IllegalStateException("boom");
    }, LONG);
    assertThat(wait).isCompletedExceptionally();
    assertPredicateFailure(wait, name);
  }

  @Test
  void aPredicateThatThrowsOnAnEventFailsTheWait(AgentsClient agents) {
    String name = uniqueName("throws-later");
    Sandbox created = agents.sandboxes().createSandbox(sandbox(name, "demo"));
    CompletableFuture<Sandbox> wait = agents.sandboxes().waitForSandbox(name, null, s -> {
      if (s.getStatus() != null) {
        throw new IllegalStateException("boom");
      }
      return false;
    }, LONG);
    agents.sandboxes().updateSandboxStatus(name, withReady(created, "False"));
    assertPredicateFailure(wait, name);
  }

  @Test
  void aPredicateThatThrowsAtTheDeadlineRecheckFailsTheWait(AgentsClient agents) {
    String name = uniqueName("throws-at-deadline");
    agents.sandboxes().createSandbox(sandbox(name, "demo"));
    AtomicInteger deadlineChecks = new AtomicInteger();
    Predicate<Sandbox> predicate = s -> {
      if (Thread.currentThread().getName().startsWith("agents-client-timer")) {
        deadlineChecks.incrementAndGet();
        throw new IllegalStateException("boom");
      }
      return false;
    };
    CompletableFuture<Sandbox> wait = agents.sandboxes().waitForSandbox(name, null, predicate,
        Duration.ofMillis(200));
    assertPredicateFailure(wait, name);
    assertThat(deadlineChecks).hasValue(1);
  }

  private static void assertPredicateFailure(CompletableFuture<Sandbox> wait, String name) {
    assertThatThrownBy(() -> wait.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).cause()
        .isExactlyInstanceOf(AgentsApiException.class)
        .hasMessageContaining("predicate").hasMessageContaining(name)
        .hasMessageContaining("boom")
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void aBlockingWaitIsBoundedEvenIfItsFutureNeverEnds(AgentsClient agents) {
    CompletableFuture<Sandbox> never = new CompletableFuture<>();
    agents.context().cache(new ClientCache() {
      @Override
      @SuppressWarnings("unchecked")
      public <T extends HasMetadata> CompletableFuture<T> waitFor(Class<T> type,
          String namespace, String name, Predicate<T> predicate, String description,
          Duration timeout) {
        return (CompletableFuture<T>) never;
      }

      @Override
      public void written(HasMetadata result) {}

      @Override
      public void deleted(Class<? extends HasMetadata> type, String namespace, String name,
          String uid) {}

      @Override
      public void close() {}
    });
    agents.context().awaitGrace(Duration.ofMillis(50));
    assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
        assertThatThrownBy(() -> agents.sandboxes().waitForSandboxCondition("stuck", "Ready",
            "True", Duration.ofMillis(100)))
            .isInstanceOf(TimeoutException.class).hasMessageContaining("stuck"));
    assertThat(never).isCancelled();
  }
}
