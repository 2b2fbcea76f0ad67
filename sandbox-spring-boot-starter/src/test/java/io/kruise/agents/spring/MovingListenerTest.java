package io.kruise.agents.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.informers.IndexFunction;
import io.kruise.agents.informers.InformerHealth;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.ListenerOptions;
import io.kruise.agents.informers.ListenerRegistration;
import io.kruise.agents.informers.Lister;
import io.kruise.agents.informers.ResourceListener;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A listener moved to a replacement informer keeps one consistent history per object: what the
 * new informer's seed repeats is not delivered again, what changed arrives as an update, what is
 * new as an add, what vanished while the old informer was dead as a delete with
 * finalStateUnknown, and the old registration's late callbacks are dropped.
 */
class MovingListenerTest {

  private final List<String> seen = new ArrayList<>();
  private final ResourceListener<Sandbox> recorder = new ResourceListener<>() {
    @Override
    public void onAdd(Sandbox s) {
      seen.add("add " + s.getMetadata().getName() + "@" + s.getMetadata().getResourceVersion());
    }

    @Override
    public void onUpdate(Sandbox o, Sandbox n) {
      seen.add("update " + n.getMetadata().getName() + " " + o.getMetadata().getResourceVersion()
          + "->" + n.getMetadata().getResourceVersion());
    }

    @Override
    public void onDelete(Sandbox s, boolean unknown) {
      seen.add("delete " + s.getMetadata().getName() + (unknown ? " (unknown)" : ""));
    }
  };

  @Test
  void aMoveDeliversOnlyTheDifference() {
    FakeInformer dead = new FakeInformer();
    List<MovingListener<Sandbox>> closed = new ArrayList<>();
    MovingListener<Sandbox> moving = new MovingListener<>(ListenerOptions.named("test"), recorder,
        closed::add);
    moving.attach(dead);
    dead.deliverAdd(sandbox("kept", "uid-k", "1"));
    dead.deliverAdd(sandbox("changed", "uid-c", "1"));
    dead.deliverAdd(sandbox("gone", "uid-g", "1"));
    dead.deliverAdd(sandbox("recreated", "uid-r1", "1"));

    FakeInformer fresh = new FakeInformer();
    fresh.hold(sandbox("kept", "uid-k", "1"), sandbox("changed", "uid-c", "5"),
        sandbox("recreated", "uid-r2", "6"), sandbox("new", "uid-n", "7"));
    moving.moveTo(fresh);
    for (Sandbox s : fresh.objects.values()) {
      fresh.deliverAdd(s); // the library seeds a new registration with every object
    }
    dead.deliverAdd(sandbox("late", "uid-l", "9")); // the old registration, after the move

    assertThat(dead.registrations.get(0).closed).isTrue();
    assertThat(seen).containsExactly(
        "add kept@1", "add changed@1", "add gone@1", "add recreated@1",
        "delete gone (unknown)",
        "update changed 1->5",
        "delete recreated (unknown)", "add recreated@6",
        "add new@7");

    seen.clear();
    fresh.deliverUpdate(sandbox("new", "uid-n", "8"));
    fresh.deliverDelete(sandbox("kept", "uid-k", "1"));
    fresh.deliverDelete(sandbox("never-given", "uid-x", "1"));
    assertThat(seen).containsExactly("update new 7->8", "delete kept");

    moving.close();
    assertThat(closed).containsExactly(moving);
    assertThat(fresh.registrations.get(0).closed).isTrue();
    fresh.deliverAdd(sandbox("after-close", "uid-a", "1"));
    assertThat(seen).hasSize(2);
  }

  @Test
  void theFilterDecidesWhatAMoveKeeps() {
    FakeInformer dead = new FakeInformer();
    MovingListener<Sandbox> moving = new MovingListener<>(
        ListenerOptions.<Sandbox>named("test").filter(s -> !s.getMetadata().getName()
            .startsWith("hidden")), recorder, m -> { });
    moving.attach(dead);
    dead.deliverAdd(sandbox("hidden-now", "uid-h", "1"));
    FakeInformer fresh = new FakeInformer();
    fresh.hold(sandbox("hidden-now", "uid-h", "2"));
    moving.moveTo(fresh);
    assertThat(seen).containsExactly("add hidden-now@1", "delete hidden-now (unknown)");
  }

  @Test
  void countersAddUpAcrossMoves() {
    FakeInformer dead = new FakeInformer();
    MovingListener<Sandbox> moving = new MovingListener<>(ListenerOptions.named("test"), recorder,
        m -> { });
    moving.attach(dead);
    dead.registrations.get(0).delivered = 3;
    FakeInformer fresh = new FakeInformer();
    moving.moveTo(fresh);
    fresh.registrations.get(0).delivered = 2;
    assertThat(moving.delivered()).isEqualTo(5);
    assertThat(moving.name()).isEqualTo("test");
  }

  private static Sandbox sandbox(String name, String uid, String resourceVersion) {
    Sandbox s = Sandbox.of("ns", name, new SandboxSpec());
    s.getMetadata().setUid(uid);
    s.getMetadata().setResourceVersion(resourceVersion);
    return s;
  }

  /** An informer whose events the test delivers by hand, on the calling thread. */
  static final class FakeInformer implements SharedInformer<Sandbox> {
    final Map<String, Sandbox> objects = new LinkedHashMap<>();
    final List<FakeRegistration> registrations = new ArrayList<>();

    void hold(Sandbox... sandboxes) {
      for (Sandbox s : sandboxes) {
        objects.put(s.getMetadata().getName(), s);
      }
    }

    void deliverAdd(Sandbox s) {
      registrations.stream().filter(r -> !r.closed).forEach(r -> r.listener.onAdd(s));
    }

    void deliverUpdate(Sandbox s) {
      registrations.stream().filter(r -> !r.closed).forEach(r -> r.listener.onUpdate(s, s));
    }

    void deliverDelete(Sandbox s) {
      registrations.stream().filter(r -> !r.closed).forEach(r -> r.listener.onDelete(s, false));
    }

    @Override
    public InformerScope scope() {
      return InformerScope.allNamespaces();
    }

    @Override
    public SharedInformer<Sandbox> addIndex(String name, IndexFunction<Sandbox> function) {
      return this;
    }

    @Override
    public SharedInformer<Sandbox> start() {
      return this;
    }

    @Override
    public boolean awaitSynced(Duration timeout) {
      return true;
    }

    @Override
    public CompletableFuture<Void> synced() {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public Lister<Sandbox> lister() {
      return new Lister<>() {
        @Override
        public Sandbox get(String namespace, String name) {
          return objects.get(name);
        }

        @Override
        public List<Sandbox> list(String namespace) {
          return List.copyOf(objects.values());
        }

        @Override
        public List<Sandbox> list(String namespace, String labelSelector) {
          return List.copyOf(objects.values());
        }

        @Override
        public List<Sandbox> byIndex(String indexName, String key) {
          return List.of();
        }

        @Override
        public Set<String> indexKeys(String indexName) {
          return Set.of();
        }

        @Override
        public int size() {
          return objects.size();
        }
      };
    }

    @Override
    public ListenerRegistration addListener(ListenerOptions<? super Sandbox> options,
        ResourceListener<Sandbox> listener) {
      FakeRegistration r = new FakeRegistration(listener);
      registrations.add(r);
      return r;
    }

    @Override
    public CompletableFuture<Sandbox> waitFor(String namespace, String name,
        Predicate<Sandbox> predicate, Duration timeout) {
      return new CompletableFuture<>();
    }

    @Override
    public InformerHealth health() {
      return new InformerHealth("Sandbox", scope(), true, true, true, false, null, null,
          objects.size());
    }
  }

  /** A registration with settable counters. */
  static final class FakeRegistration implements ListenerRegistration {
    final ResourceListener<Sandbox> listener;
    boolean closed;
    long delivered;

    FakeRegistration(ResourceListener<Sandbox> listener) {
      this.listener = listener;
    }

    @Override
    public String name() {
      return "fake";
    }

    @Override
    public int backlog() {
      return 0;
    }

    @Override
    public long delivered() {
      return delivered;
    }

    @Override
    public long failures() {
      return 0;
    }

    @Override
    public long coalesced() {
      return 0;
    }

    @Override
    public long reseeds() {
      return 0;
    }

    @Override
    public long lastLagNanos() {
      return 0;
    }

    @Override
    public boolean isClosed() {
      return closed;
    }

    @Override
    public Optional<AgentsApiException> closedCause() {
      return Optional.empty();
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
