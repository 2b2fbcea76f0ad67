package io.kruise.agents.benchmarks;

import io.kruise.agents.informers.SharedInformers;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.informers.InformerOptions;
import io.kruise.agents.informers.ListenerOptions;
import io.kruise.agents.informers.ListenerRegistration;
import io.kruise.agents.informers.ResourceListener;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.model.Sandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * P5: listener fan-out. An API server cannot produce 50,000 events/s, so the events are driven
 * through the informer's real fan-out path by a <b>resync</b>: with
 * {@code InformerOptions.resyncPeriod(..)} the informer hands every cached object to its event
 * handler as an update each period, and the handler fans each one out to every listener's own
 * queue. With 100,000 cached objects and 10 listeners one resync is 100,000 informer events and
 * 1,000,000 listener deliveries.
 *
 * <p>Rounds alternate between 10 fast listeners (they only record) and the same 10 plus one slow
 * listener that sleeps 5 ms per update. For each round: informer events/s and deliveries/s (from
 * the round's first delivery to the last fast listener's last one), and the fast listeners'
 * delivery lag, i.e. the time between the event being queued for the listener (on the informer's
 * event thread) and the listener being called, read with {@link
 * ListenerRegistration#lastLagNanos()} inside the callback for every event.
 *
 * <p>The same is then measured on a plain fabric8 informer of the same objects with 10 event
 * handlers (events/s only: fabric8 exposes no queueing time). fabric8 calls all handlers of an
 * informer one after another on one serial executor, so with the slow handler a resync of
 * 100,000 objects would take over 8 minutes: that round is recorded over its first 1,000 events.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.kruise.agents.benchmarks.P5ListenerFanOut \
 *     --objects 100000 [--listeners 10] [--rounds 6] [--resync-seconds 15] [--slow-millis 5]
 * </pre>
 */
public final class P5ListenerFanOut {

  /** Events recorded in fabric8's round with the slow handler (5 ms each: 5 s). */
  private static final int FABRIC8_SLOW_EVENTS = 1_000;

  /** The fan-outs compared. */
  public enum Variant {
    /** Our informer's listeners, each on its own queue. */
    OURS("ours: informer listeners"),
    /** fabric8's event handlers on a plain informer of the same objects. */
    FABRIC8("plain fabric8 7.5.2: event handlers");

    final String label;

    Variant(String label) {
      this.label = label;
    }
  }

  /**
   * One resync round.
   *
   * @param variant whose fan-out
   * @param withSlow whether the slow listener was registered
   * @param events informer events (cached objects)
   * @param listeners fast listeners
   * @param seconds from the first delivery to the last fast listener's last delivery
   * @param lagP50Micros median delivery lag of the fast listeners
   * @param lagP99Micros 99th percentile
   * @param lagMaxMicros maximum (NaN for fabric8, whose handlers expose no queueing time)
   */
  public record Round(Variant variant, boolean withSlow, int events, int listeners,
      double seconds, double lagP50Micros, double lagP99Micros, double lagMaxMicros) {
    /** @return informer events per second, each fanned out to every listener */
    public double eventsPerSecond() {
      return events / seconds;
    }

    /** @return fast-listener deliveries per second */
    public double deliveriesPerSecond() {
      return (double) events * listeners / seconds;
    }
  }

  /**
   * The result of a run.
   *
   * @param objects cached objects
   * @param listeners fast listeners
   * @param slowMillis the slow listener's sleep per event
   * @param resyncSeconds the resync period
   * @param rounds all rounds, in order
   */
  public record Result(int objects, int listeners, int slowMillis, int resyncSeconds,
      List<Round> rounds) {

    double median(Variant v, boolean withSlow, java.util.function.ToDoubleFunction<Round> f) {
      return Stats.median(rounds.stream().filter(r -> r.variant() == v
          && r.withSlow() == withSlow).mapToDouble(f).toArray());
    }

    /** @return the table for docs/benchmarks.md */
    public String markdown() {
      StringBuilder b = new StringBuilder();
      b.append(String.format("P5 listener fan-out: %,d cached Sandboxes resynced every %d s "
          + "(one resync = %,d informer events, each handed to every listener); %d fast "
          + "listeners, the slow one sleeps %d ms per update; medians over the rounds of each "
          + "row%n%n", objects, resyncSeconds, objects, listeners, slowMillis));
      b.append("| fan-out | listeners | rounds × events recorded | informer events/s | "
          + "fast-listener deliveries/s | fast lag p50 | fast lag p99 | fast lag max |\n"
          + "|---|---|---|---|---|---|---|---|\n");
      for (Variant v : Variant.values()) {
        for (boolean slow : new boolean[] {false, true}) {
          List<Round> row = rounds.stream().filter(r -> r.variant() == v && r.withSlow() == slow)
              .toList();
          if (row.isEmpty()) {
            continue;
          }
          b.append("| ").append(v.label).append(" | ").append(listeners).append(" fast")
              .append(slow ? " + 1 slow" : "").append(" | ").append(row.size()).append(" × ")
              .append(String.format("%,d", row.get(0).events())).append(" | ")
              .append(Stats.fmt(median(v, slow, Round::eventsPerSecond), 0)).append(" | ")
              .append(Stats.fmt(median(v, slow, Round::deliveriesPerSecond), 0)).append(" | ")
              .append(ms(median(v, slow, Round::lagP50Micros))).append(" | ")
              .append(ms(median(v, slow, Round::lagP99Micros))).append(" | ")
              .append(ms(median(v, slow, Round::lagMaxMicros))).append(" |\n");
        }
      }
      double noise = rounds.stream().filter(r -> r.variant() == Variant.OURS && !r.withSlow())
          .mapToDouble(Round::lagP99Micros).max().orElse(Double.NaN);
      double eps = median(Variant.OURS, false, Round::eventsPerSecond);
      double f8 = median(Variant.FABRIC8, false, Round::eventsPerSecond);
      double p99 = median(Variant.OURS, false, Round::lagP99Micros);
      double p99Slow = median(Variant.OURS, true, Round::lagP99Micros);
      double epsSlow = median(Variant.OURS, true, Round::eventsPerSecond);
      b.append(String.format("%nTargets (ours): ≥ 50,000 informer events/s through %d "
          + "listeners: %s (%s/s; %s× plain fabric8's %s/s). Fast listeners' p99 lag unchanged "
          + "by a slow listener (median with the slow one within the spread of the rounds "
          + "without it, i.e. ≤ their worst p99 %s): %s (%s → %s, %s×; throughput %s → %s "
          + "events/s)%n", listeners,
          eps >= 50_000 ? "PASS" : "MISS", Stats.fmt(eps, 0), Stats.fmt(eps / f8, 2),
          Stats.fmt(f8, 0), ms(noise), p99Slow <= Math.max(noise, 1.25 * p99) ? "PASS" : "MISS",
          ms(p99), ms(p99Slow), Stats.fmt(p99Slow / p99, 2), Stats.fmt(eps, 0),
          Stats.fmt(epsSlow, 0)));
      b.append("\nAll rounds (variant, slow, events/s, p99 lag): ");
      for (Round r : rounds) {
        b.append(String.format("[%s %s %s/s %s] ", r.variant(), r.withSlow() ? "slow" : "fast",
            Stats.fmt(r.eventsPerSecond(), 0), ms(r.lagP99Micros())));
      }
      return b.append('\n').toString();
    }

    private static String ms(double micros) {
      return Double.isNaN(micros) ? "n/a" : Stats.fmt(micros / 1000, 2) + " ms";
    }
  }

  /** Collects one round's deliveries to the fast listeners. */
  static final class RoundRecorder {
    final int events;
    final long[][] lags;
    final AtomicIntegerArray counts;
    final long[] doneAt;
    final AtomicLong firstAt = new AtomicLong();
    final CountDownLatch done;

    RoundRecorder(int listeners, int events) {
      this.events = events;
      this.lags = new long[listeners][events];
      this.counts = new AtomicIntegerArray(listeners);
      this.doneAt = new long[listeners];
      this.done = new CountDownLatch(listeners);
    }

    void record(int listener, long lagNanos) {
      long now = System.nanoTime();
      firstAt.compareAndSet(0, now);
      int c = counts.getAndIncrement(listener);
      if (c < events) {
        lags[listener][c] = lagNanos;
        if (c == events - 1) {
          doneAt[listener] = now;
          done.countDown();
        }
      }
    }
  }

  /** A listener that records the lag of every update, and counts adds. */
  static final class FastListener implements ResourceListener<Sandbox> {
    final int index;
    final AtomicReference<ListenerRegistration> registration = new AtomicReference<>();
    final AtomicReference<RoundRecorder> round;
    final LongAdder updates = new LongAdder();
    final AtomicLong lastUpdateAt;

    FastListener(int index, AtomicReference<RoundRecorder> round, AtomicLong lastUpdateAt) {
      this.index = index;
      this.round = round;
      this.lastUpdateAt = lastUpdateAt;
    }

    @Override
    public void onUpdate(Sandbox oldObj, Sandbox newObj) {
      // inside the callback, lastLagNanos() is this event's queue-to-delivery time
      ListenerRegistration reg = registration.get();
      long lag = reg == null ? 0 : reg.lastLagNanos();
      updates.increment();
      lastUpdateAt.set(System.nanoTime());
      RoundRecorder r = round.get();
      if (r != null && reg != null) {
        r.record(index, lag);
      }
    }
  }

  /**
   * Sleeps per update, like a listener that calls out to something slow. Its initial adds are
   * fast: fabric8 delivers a new handler's initial adds synchronously inside
   * {@code addEventHandler}, which would otherwise block for minutes.
   */
  static final class SlowListener implements ResourceListener<Sandbox> {
    final int millis;
    /** Counts down on the first update. */
    final CountDownLatch started = new CountDownLatch(1);

    SlowListener(int millis) {
      this.millis = millis;
    }

    private void slow() {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void onUpdate(Sandbox oldObj, Sandbox newObj) {
      started.countDown();
      slow();
    }
  }

  /** The slow listener of a round: how to remove it, and whether it got an update yet. */
  record Slow(Runnable remove, CountDownLatch started) {}

  private P5ListenerFanOut() {}

  /**
   * Runs P5: first our informer, then a plain fabric8 informer of the same objects (each with
   * its own client of the same list server, one after the other so their resyncs never overlap).
   *
   * @param objects cached objects (events per resync)
   * @param listeners fast listeners
   * @param rounds resync rounds per informer, alternating without and with the slow listener
   * @param resyncSeconds the resync period
   * @param slowMillis the slow listener's sleep per event
   * @return the rounds
   */
  public static Result run(int objects, int listeners, int rounds, int resyncSeconds,
      int slowMillis) {
    SandboxGenerator gen = SandboxGenerator.standard();
    Duration period = Duration.ofSeconds(resyncSeconds);
    List<Round> results = new ArrayList<>();
    try (ListServer server = ListServer.start(objects, gen::sandbox)) {
      try (KubernetesClient kc = server.newClient(null);
          AgentsClient agents = AgentsClient.create(kc)) {
        results.addAll(ours(agents, objects, listeners, rounds, period, slowMillis));
      }
      try (KubernetesClient kc = server.newClient(null)) {
        results.addAll(fabric8(kc, objects, listeners, rounds, period, slowMillis));
      }
    }
    return new Result(objects, listeners, slowMillis, resyncSeconds, results);
  }

  private static List<Round> ours(AgentsClient agents, int objects, int listeners, int rounds,
      Duration period, int slowMillis) {
    SharedInformer<Sandbox> informer = SharedInformers.of(agents, InformerOptions.builder()
        .resyncPeriod(period).listenerBacklogWarning(Math.max(10_000, 2 * objects + 1))
        .build()).sandboxes();
    if (!informer.awaitSynced(Duration.ofMinutes(10))) {
      throw new IllegalStateException("the informer did not sync: " + informer.health());
    }
    AtomicReference<RoundRecorder> current = new AtomicReference<>();
    AtomicLong lastUpdateAt = new AtomicLong(System.nanoTime());
    List<ListenerRegistration> regs = new ArrayList<>();
    for (int l = 0; l < listeners; l++) {
      FastListener f = new FastListener(l, current, lastUpdateAt);
      ListenerRegistration reg = informer.addListener(ListenerOptions.named("fast-" + l), f);
      f.registration.set(reg);
      regs.add(reg);
    }
    // registered after sync, each listener first gets every object as an add
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (regs.stream().anyMatch(r -> r.backlog() > 0 || r.delivered() < objects)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("listeners did not drain their initial adds: " + regs);
      }
      Heap.sleep(50);
    }
    boolean[] slowRounds = new boolean[rounds];
    for (int r = 0; r < rounds; r++) {
      slowRounds[r] = r % 2 == 1;
    }
    List<Round> results = rounds(Variant.OURS, objects, listeners, slowRounds, objects, period,
        current, lastUpdateAt, () -> {
          SlowListener listener = new SlowListener(slowMillis);
          ListenerRegistration slow = informer.addListener(ListenerOptions.named("slow"),
              listener);
          return new Slow(slow::close, listener.started);
        });
    regs.forEach(ListenerRegistration::close);
    return results;
  }

  private static List<Round> fabric8(KubernetesClient kc, int objects, int listeners,
      int rounds, Duration period, int slowMillis) {
    AtomicReference<RoundRecorder> current = new AtomicReference<>();
    AtomicLong lastUpdateAt = new AtomicLong(System.nanoTime());
    LongAdder adds = new LongAdder();
    try (SharedIndexInformer<Sandbox> informer = kc.resources(Sandbox.class).inAnyNamespace()
        .runnableInformer(period.toMillis())) {
      for (int l = 0; l < listeners; l++) {
        int index = l;
        informer.addEventHandler(new ResourceEventHandler<Sandbox>() {
          @Override
          public void onAdd(Sandbox obj) {
            adds.increment();
          }

          @Override
          public void onUpdate(Sandbox oldObj, Sandbox newObj) {
            lastUpdateAt.set(System.nanoTime());
            RoundRecorder r = current.get();
            if (r != null) {
              r.record(index, -1);
            }
          }

          @Override
          public void onDelete(Sandbox obj, boolean deletedFinalStateUnknown) {}
        });
      }
      informer.run();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (adds.sum() < (long) objects * listeners) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("fabric8 handlers did not get their adds");
        }
        Heap.sleep(50);
      }
      // fabric8 calls all handlers of an informer one after another on one serial executor: with
      // the slow handler a resync crawls, so that round is last and records only the events
      // after the slow handler's first one; stopping the informer then drops the rest.
      boolean[] slowRounds = new boolean[(rounds + 1) / 2 + 1];
      slowRounds[slowRounds.length - 1] = true;
      return rounds(Variant.FABRIC8, objects, listeners, slowRounds, FABRIC8_SLOW_EVENTS, period,
          current, lastUpdateAt, () -> {
            SlowListener slow = new SlowListener(slowMillis);
            ResourceEventHandler<Sandbox> handler = new ResourceEventHandler<>() {
              @Override
              public void onAdd(Sandbox obj) {}

              @Override
              public void onUpdate(Sandbox oldObj, Sandbox newObj) {
                slow.onUpdate(oldObj, newObj);
              }

              @Override
              public void onDelete(Sandbox obj, boolean deletedFinalStateUnknown) {}
            };
            informer.addEventHandler(handler);
            return new Slow(() -> informer.removeEventHandler(handler), slow.started);
          });
    }
  }

  /** Records {@code rounds} resyncs, alternately without and with a slow listener. */
  private static List<Round> rounds(Variant variant, int objects, int listeners,
      boolean[] slowRounds, int slowEvents, Duration period,
      AtomicReference<RoundRecorder> current, AtomicLong lastUpdateAt,
      java.util.function.Supplier<Slow> addSlow) {
    List<Round> results = new ArrayList<>();
    for (int r = 0; r < slowRounds.length; r++) {
      boolean withSlow = slowRounds[r];
      int events = withSlow ? Math.min(objects, slowEvents) : objects;
      awaitQuiet(lastUpdateAt, period);
      Slow slow = withSlow ? addSlow.get() : null;
      RoundRecorder rec = new RoundRecorder(listeners, events);
      if (withSlow && variant == Variant.FABRIC8) {
        // fabric8 schedules each handler's resync from the time it was added, so the slow
        // handler may join only the resync after next; start recording when it got its first
        // update (fabric8 calls the fast handlers first for each event, so from the next event
        // on every fast handler waits for the slow one)
        try {
          if (!slow.started().await(3L * period.toSeconds() + 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the slow fabric8 handler got no resync");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      current.set(rec);
      try {
        if (!rec.done.await(3L * period.toSeconds() + 120, TimeUnit.SECONDS)) {
          throw new IllegalStateException(variant + " resync round " + r + " did not complete");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      current.set(null);
      if (slow != null) {
        slow.remove().run();
      }
      long end = Arrays.stream(rec.doneAt).max().orElseThrow();
      long[] all = new long[listeners * events];
      for (int l = 0; l < listeners; l++) {
        System.arraycopy(rec.lags[l], 0, all, l * events, events);
      }
      Arrays.sort(all);
      boolean lagKnown = all[0] >= 0;
      Round round = new Round(variant, withSlow, events, listeners,
          (end - rec.firstAt.get()) / 1e9,
          lagKnown ? Stats.percentile(all, 50) / 1e3 : Double.NaN,
          lagKnown ? Stats.percentile(all, 99) / 1e3 : Double.NaN,
          lagKnown ? all[all.length - 1] / 1e3 : Double.NaN);
      System.err.printf("P5 %s round %d (%s): %s events/s, p99 lag %s ms%n", variant, r,
          withSlow ? "with slow" : "fast only", Stats.fmt(round.eventsPerSecond(), 0),
          Stats.fmt(round.lagP99Micros() / 1000, 2));
      results.add(round);
    }
    return results;
  }

  /**
   * Waits until no update has arrived for a while, so that a round starts between two resyncs
   * and records one whole resync.
   */
  private static void awaitQuiet(AtomicLong lastUpdateAt, Duration period) {
    long quiet = Math.min(TimeUnit.SECONDS.toNanos(2), period.toNanos() / 4);
    while (System.nanoTime() - lastUpdateAt.get() < quiet) {
      Heap.sleep(20);
    }
  }

  /**
   * Runs P5 and prints the table.
   *
   * @param argv {@code --objects N --listeners L --rounds R --resync-seconds S --slow-millis M}
   */
  public static void main(String[] argv) {
    Args args = new Args(argv);
    Result r = run(args.integer("objects", 100_000), args.integer("listeners", 10),
        args.integer("rounds", 6), args.integer("resync-seconds", 15),
        args.integer("slow-millis", 5));
    System.out.println(r.markdown());
    System.exit(0);
  }
}
