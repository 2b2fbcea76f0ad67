package io.kruise.agents.controller.josdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PendingEventsTest {

  private final List<ResourceID> delivered = new CopyOnWriteArrayList<>();
  private final PendingEvents pending = new PendingEvents();

  private void handle(Event e) {
    delivered.add(e.getRelatedCustomResourceID());
  }

  private static ResourceID id(String name) {
    return new ResourceID(name, "ns");
  }

  @Test
  void triggersBeforeTheHandlerAreHeldAndDeliveredOnceItIsSetAfterTheStart() {
    pending.start();
    pending.trigger(Set.of(id("a")));
    pending.trigger(Set.of(id("b")));
    pending.trigger(Set.of(id("a")));
    assertThat(pending.held()).isEqualTo(2);
    assertThat(delivered).isEmpty();

    pending.handler(this::handle);

    assertThat(delivered).containsExactly(id("a"), id("b"));
    assertThat(pending.held()).isZero();
    pending.trigger(Set.of(id("c")));
    assertThat(delivered).containsExactly(id("a"), id("b"), id("c"));
  }

  @Test
  void triggersBeforeTheStartAreHeldUntilTheStartEvenWithAHandler() {
    pending.handler(this::handle);
    pending.trigger(Set.of(id("a")));
    assertThat(delivered).isEmpty();

    pending.start();

    assertThat(delivered).containsExactly(id("a"));
  }

  @Test
  void afterStopTriggersAreDroppedAndWhatWasHeldToo() {
    pending.trigger(Set.of(id("a")));
    pending.stop();
    pending.trigger(Set.of(id("b")));
    assertThat(pending.held()).isZero();

    pending.handler(this::handle);
    pending.start();
    pending.trigger(Set.of(id("c")));

    assertThat(delivered).containsExactly(id("c"));
  }

  @Test
  void emptyAndNullTriggersAreNothing() {
    pending.trigger(null);
    pending.trigger(Set.of());
    assertThat(pending.held()).isZero();
  }

  /**
   * Triggers race with the handler being set: every primary arrives exactly once, whether it was
   * held and flushed or delivered directly.
   */
  @Test
  void noTriggerIsLostOrDoubledWhileTheHandlerIsSet() throws Exception {
    pending.start();
    int threads = 4;
    int perThread = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch halfway = new CountDownLatch(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < perThread; i++) {
            if (i == perThread / 2) {
              halfway.countDown();
            }
            pending.trigger(Set.of(id(thread + "-" + i)));
          }
          return null;
        }));
      }
      go.countDown();
      assertThat(halfway.await(10, TimeUnit.SECONDS)).isTrue();
      pending.handler(this::handle); // while the others keep triggering
      for (Future<?> f : done) {
        f.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(delivered).hasSize(threads * perThread).doesNotHaveDuplicates();
    assertThat(pending.held()).isZero();
  }
}
