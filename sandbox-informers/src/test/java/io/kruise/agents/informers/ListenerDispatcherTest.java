package io.kruise.agents.informers;

import static io.kruise.agents.informers.ListenerQueueTest.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kruise.agents.model.Sandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How listener queues share tasks: task submissions are counted on a {@link ManualExecutor},
 * a listener's time per change is the injected clock it advances (it "burns" that long), and
 * the watchdog runs when the test advances a {@link ManualScheduler}.
 */
class ListenerDispatcherTest {

  private final ManualExecutor executor = new ManualExecutor();
  private final ManualScheduler scheduler = new ManualScheduler();
  private final AtomicLong nanos = new AtomicLong(1_000);
  private ExecutorService pool;

  @AfterEach
  void stop() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  private ListenerFanOut<Sandbox> fanOut(java.util.concurrent.Executor exec) {
    return new ListenerFanOut<>(exec, scheduler, InformerOptions.DEFAULTS, nanos::get);
  }

  private List<HistoryRecorder<Sandbox>> listeners(ListenerFanOut<Sandbox> f, int count) {
    List<HistoryRecorder<Sandbox>> all = new ArrayList<>();
    for (int l = 0; l < count; l++) {
      HistoryRecorder<Sandbox> r = new HistoryRecorder<>();
      f.add(ListenerOptions.named("l" + l), r);
      all.add(r);
    }
    return all;
  }

  /** Burns {@code micros} of the injected clock per update, like a CPU-bound listener. */
  private HistoryRecorder<Sandbox> burning(long micros) {
    return new HistoryRecorder<>() {
      @Override
      public void onUpdate(Sandbox oldObj, Sandbox newObj) {
        super.onUpdate(oldObj, newObj);
        nanos.addAndGet(TimeUnit.MICROSECONDS.toNanos(micros));
      }
    };
  }

  @Test
  void anEventForTenIdleListenersCostsOneTaskNotTen() {
    ListenerFanOut<Sandbox> f = fanOut(executor);
    List<HistoryRecorder<Sandbox>> all = listeners(f, 10);
    executor.runAll(); // the seeds
    int before = executor.submitted();
    for (int i = 0; i < 1000; i++) {
      f.added(version("s" + i, i + 1));
      executor.runAll(); // every queue is idle again before the next event
    }
    assertThat(executor.submitted() - before).isEqualTo(1000);
    assertThat(all).allSatisfy(r -> assertThat(r.events).hasSize(1000));
  }

  @Test
  void eventsThatArriveWhileTheSharedTaskIsPendingOrRunningCostNoTask() {
    ListenerFanOut<Sandbox> f = fanOut(executor);
    List<HistoryRecorder<Sandbox>> all = listeners(f, 10);
    executor.runAll();
    int before = executor.submitted();
    for (int i = 0; i < 1000; i++) {
      f.added(version("s" + i, i + 1)); // the task has not run yet
    }
    // and events that arrive while it delivers (from inside a callback) join the same task
    f.add(ListenerOptions.named("feeder"), new HistoryRecorder<>() {
      int more = 100;

      @Override
      public void onUpdate(Sandbox oldObj, Sandbox newObj) {
        if (more-- > 0) {
          f.updated(version(newObj.getMetadata().getName(),
              Integer.parseInt(newObj.getMetadata().getResourceVersion()) + 10_000));
        }
      }
    });
    executor.runAll(); // the feeder's seed joins the shared task too
    int afterSeed = executor.submitted();
    assertThat(afterSeed - before).isEqualTo(1);
    f.updated(version("s0", 5_000));
    executor.runAll();
    assertThat(executor.submitted() - afterSeed).isEqualTo(1);
    // the feeder's chain of 100 updates of s0 reached every listener (coalesced as it went)
    assertThat(all).allSatisfy(r -> assertThat(r.events).hasSizeGreaterThan(1000)
        .last().asString().endsWith(">" + (5_000 + 100 * 10_000)));
  }

  @Test
  void aListenerThatBurnsTimeMovesToTasksOfItsOwnAndTheOthersDoNotWaitForIt() {
    ListenerFanOut<Sandbox> f = fanOut(executor);
    List<HistoryRecorder<Sandbox>> fast = listeners(f, 3);
    HistoryRecorder<Sandbox> slow = burning(50);
    ListenerQueue<Sandbox> slowQueue =
        (ListenerQueue<Sandbox>) f.add(ListenerOptions.named("slow"), slow);
    f.added(version("a", 1));
    executor.runAll();
    int rv = 1;
    while (!slowQueue.ownTasks()) {
      assertThat(rv++).as("turns until the slow listener has its own tasks").isLessThan(10);
      f.updated(version("a", rv));
      executor.runAll();
    }
    assertThat(f.queues()).filteredOn(q -> q != slowQueue)
        .allSatisfy(q -> assertThat(q.ownTasks()).isFalse());
    int last = rv;
    int before = executor.submitted();
    int slowBefore = slow.events.size();
    f.updated(version("a", 100));
    // two tasks: the shared one for the fast listeners (queued first), the slow one's own
    assertThat(executor.submitted() - before).isEqualTo(2);
    assertThat(executor.runNext()).isTrue();
    assertThat(fast).allSatisfy(r -> assertThat(r.events).last().isEqualTo("update a@" + last + ">100"));
    assertThat(slow.events).hasSize(slowBefore);
    executor.runAll();
    assertThat(slow.events).last().isEqualTo("update a@" + last + ">100");
  }

  @Test
  void aListenerThatIsFastAgainReturnsToTheSharedTask() {
    ListenerFanOut<Sandbox> f = fanOut(executor);
    long[] burn = {50};
    ListenerQueue<Sandbox> q = (ListenerQueue<Sandbox>) f.add(ListenerOptions.named("varies"),
        new HistoryRecorder<>() {
          @Override
          public void onUpdate(Sandbox oldObj, Sandbox newObj) {
            nanos.addAndGet(TimeUnit.MICROSECONDS.toNanos(burn[0]));
          }
        });
    f.added(version("a", 1));
    executor.runAll();
    int rv = 2;
    while (!q.ownTasks()) {
      f.updated(version("a", rv++));
      executor.runAll();
    }
    burn[0] = 0;
    int turns = 0;
    while (q.ownTasks()) {
      assertThat(turns++).as("turns until it is back on the shared task").isLessThan(30);
      f.updated(version("a", rv++));
      executor.runAll();
    }
    long before = f.dispatcher().sharedTasks();
    f.updated(version("a", rv));
    executor.runAll();
    assertThat(f.dispatcher().sharedTasks()).isEqualTo(before + 1);
  }

  @Test
  void aListenerStuckInACallbackKeepsItsThreadAndTheWatchdogMovesTheOthersToANewTask()
      throws Exception {
    pool = Executors.newCachedThreadPool();
    ListenerFanOut<Sandbox> f = fanOut(pool);
    CountDownLatch stuck = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ListenerQueue<Sandbox> blocking = (ListenerQueue<Sandbox>) f.add(
        ListenerOptions.named("blocking"), new HistoryRecorder<>() {
          @Override
          public void onAdd(Sandbox obj) {
            super.onAdd(obj);
            stuck.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        });
    HistoryRecorder<Sandbox> fast = new HistoryRecorder<>();
    ListenerQueue<Sandbox> fastQueue =
        (ListenerQueue<Sandbox>) f.add(ListenerOptions.named("fast"), fast);
    await().atMost(Duration.ofSeconds(10)).until(() -> f.dispatcher().sharedTasks() >= 1
        && fastQueue.backlog() == 0 && blocking.backlog() == 0);
    try {
      f.added(version("a", 1)); // the blocking listener's turn comes first and blocks
      assertThat(stuck.await(10, TimeUnit.SECONDS)).isTrue();
      long tasksBefore = f.dispatcher().sharedTasks() - 1;
      // the fast listener waits behind it on the shared task: no other task exists yet
      assertThat(fast.events).isEmpty();
      assertThat(f.dispatcher().sharedTasks()).isEqualTo(tasksBefore + 1);
      // not stuck yet by the clock: the watchdog leaves it
      scheduler.advance(Duration.ofMillis(2));
      assertThat(f.dispatcher().sharedTasks()).isEqualTo(tasksBefore + 1);
      nanos.addAndGet(ListenerDispatcher.STUCK_NANOS);
      scheduler.advance(Duration.ofMillis(2));
      assertThat(f.dispatcher().sharedTasks()).isEqualTo(tasksBefore + 2);
      await().atMost(Duration.ofSeconds(10)).until(() -> fast.events.size() == 1);
      assertThat(blocking.ownTasks()).isTrue();
      // later events reach the fast listener while the blocking one is still stuck
      f.updated(version("a", 2));
      await().atMost(Duration.ofSeconds(10)).until(() -> fast.events.size() == 2);
      assertThat(blocking.delivered()).isZero();
      assertThat(blocking.backlog()).isOne();
    } finally {
      release.countDown();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> blocking.delivered() == 2);
  }

  @Test
  void theWatchdogStopsOnceTheSharedTaskIsIdle() {
    ListenerFanOut<Sandbox> f = fanOut(executor);
    listeners(f, 2);
    executor.runAll();
    f.added(version("a", 1));
    executor.runAll();
    assertThat(scheduler.queued()).isOne();
    scheduler.advance(Duration.ofMillis(2)); // it was active since the last look: once more
    assertThat(scheduler.queued()).isOne();
    scheduler.advance(Duration.ofMillis(2)); // idle for a whole period: it stops
    assertThat(scheduler.queued()).isZero();
    f.added(version("b", 2));
    assertThat(scheduler.queued()).isOne();
  }

  @Test
  void aPoolThatRefusesTasksBecauseTheClientIsClosingDoesNotBreakTheEventThread() {
    java.util.concurrent.ThreadPoolExecutor closed = new java.util.concurrent.ThreadPoolExecutor(
        1, 1, 1, TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>());
    closed.shutdown();
    ListenerFanOut<Sandbox> f = fanOut(closed);
    f.add(ListenerOptions.named("late"), new HistoryRecorder<>());
    f.added(version("a", 1)); // no exception reaches the informer's event thread
    f.closeAll();
    assertThat(f.queues()).isEmpty();
  }
}
