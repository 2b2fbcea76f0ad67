package io.kruise.agents.informers;

import static io.kruise.agents.informers.InformerFixtures.running;
import static io.kruise.agents.informers.InformerFixtures.sandbox;
import static org.assertj.core.api.Assertions.assertThat;

import io.kruise.agents.client.exceptions.SandboxNotFoundException;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxStates;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * The informer's event handler on its own: what the overlay, the waits and the listeners receive
 * for each event, in particular for an object re-created under the same name while the watch was
 * away (a relist reports it as one update across two UIDs). Everything runs on manual executors.
 */
class InformerEventHandlerTest {

  private final ManualExecutor executor = new ManualExecutor();
  private final IndexedStore<Sandbox> store = new IndexedStore<>(Map.of(),
      new ObjectCompactor<Sandbox>(InformerOptions.DEFAULTS));
  private final WriteOverlay<Sandbox> overlay =
      new WriteOverlay<>(InformerOptions.DEFAULTS, new FakeTicker());
  private final CacheLister<Sandbox> lister =
      new CacheLister<>(store, overlay, InformerScope.allNamespaces(), () -> { });
  private final WaitRegistry<Sandbox> waits = new WaitRegistry<>(lister, "Sandbox",
      InformerScope.allNamespaces(),
      (ns, name, detail) -> new SandboxNotFoundException(ns, name, detail, null),
      CompletableFuture.completedFuture(null), new ManualScheduler(), executor);
  private final ListenerFanOut<Sandbox> listeners =
      new ListenerFanOut<>(executor, new ManualScheduler(), InformerOptions.DEFAULTS,
          () -> 0L);
  private final InformerEventHandler<Sandbox> handler =
      new InformerEventHandler<>(overlay, waits, listeners);

  private static Sandbox version(String uid, int rv, boolean ready) {
    Sandbox s = sandbox("ns", "a");
    s.getMetadata().setUid(uid);
    s.getMetadata().setResourceVersion(String.valueOf(rv));
    s.setStatus(running(ready));
    return s;
  }

  /** What fabric8 does: the store first, then the event. */
  private void added(Sandbox s) {
    store.put(store.getKey(s), s);
    handler.onAdd(s);
  }

  private void updated(Sandbox old, Sandbox s) {
    store.put(store.getKey(s), s);
    handler.onUpdate(old, s);
  }

  @Test
  void aReplacementSeenAsAnUpdateReachesListenersAsDeleteThenAdd() {
    Sandbox old = version("uid-old", 5, false);
    added(old);
    HistoryRecorder<Sandbox> recorder = new HistoryRecorder<>();
    listeners.add(ListenerOptions.named("l"), recorder);
    executor.runAll();

    updated(old, version("uid-new", 9, true));
    executor.runAll();

    assertThat(recorder.events).containsExactly("add a@5", "delete? a@5", "add a@9");
    assertThat(handler.count(InformerEventHandler.EventType.UPDATED)).isZero();
    assertThat(handler.count(InformerEventHandler.EventType.DELETED)).isEqualTo(1);
    assertThat(handler.count(InformerEventHandler.EventType.ADDED)).isEqualTo(2);
  }

  @Test
  void aWaitOnTheOldIncarnationEndsNotFoundInsteadOfCompletingWithTheNewOne() {
    Sandbox old = version("uid-old", 5, false);
    added(old);
    CompletableFuture<Sandbox> wait = waits.waitFor("ns", "a", SandboxStates::isReady, "Ready",
        Duration.ofHours(1));
    executor.runAll();

    updated(old, version("uid-new", 9, true)); // the new one is Ready: it must not count
    executor.runAll();

    assertThat(wait).isCompletedExceptionally();
    assertThat(wait).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(SandboxNotFoundException.class);
  }

  @Test
  void anOrdinaryUpdateStaysAnUpdate() {
    Sandbox v1 = version("uid", 5, false);
    added(v1);
    CompletableFuture<Sandbox> wait = waits.waitFor("ns", "a", SandboxStates::isReady, "Ready",
        Duration.ofHours(1));
    updated(v1, version("uid", 6, true));
    executor.runAll();
    assertThat(wait).isCompletedWithValueMatching(s -> "6".equals(
        s.getMetadata().getResourceVersion()));
    assertThat(handler.count(InformerEventHandler.EventType.UPDATED)).isEqualTo(1);
    assertThat(handler.lastEventTime()).isNotNull();
  }
}
