package io.kruise.agents.faults;

import io.kruise.agents.client.exceptions.NotFoundException;
import io.kruise.agents.model.Sandbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every wait the churn registered, and every delete it made, on one logical clock, so that each
 * wait's ending can be judged at the end: a wait for step k completes with that incarnation at
 * step k or later, or fails NotFound if (and only if) that incarnation may have been deleted
 * after it was created; a wait for a delete fails NotFound. A wait whose write failed may end
 * either way, but it must end. Thread-safe: churners register concurrently.
 */
final class WaitLedger {

  /** What a wait waits for. */
  enum Purpose { STEP, GONE }

  /** One registered wait. */
  static final class Entry {
    final Purpose purpose;
    final String via;
    final String name;
    final String uid;
    final long createdAt;
    final long step;
    final CompletableFuture<Sandbox> future;
    /** False once its write failed: then only "it ended" is checked. */
    volatile boolean judged = true;

    Entry(Purpose purpose, String via, String name, String uid, long createdAt, long step,
        CompletableFuture<Sandbox> future) {
      this.purpose = purpose;
      this.via = via;
      this.name = name;
      this.uid = uid;
      this.createdAt = createdAt;
      this.step = step;
      this.future = future;
    }
  }

  /** The judgement: counts, and a description of each wrong or lost wait (the first 20). */
  record Verdict(int registered, int completed, int notFound, int abandoned, int lost, int wrong,
      Map<String, Integer> byVia, List<String> problems) {}

  private final AtomicLong clock = new AtomicLong();
  private final Queue<Entry> entries = new ConcurrentLinkedQueue<>();
  private final Map<String, Queue<Long>> deletes = new ConcurrentHashMap<>();
  private final AtomicLong abandoned = new AtomicLong();

  /** @return the next tick of the logical clock; taken before a create is sent */
  long tick() {
    return clock.incrementAndGet();
  }

  /** Records a delete of the name (taken before the delete is sent, even if it then fails). */
  void deleting(String name) {
    deletes.computeIfAbsent(name, n -> new ConcurrentLinkedQueue<>()).add(clock.incrementAndGet());
  }

  Entry register(Purpose purpose, String via, String name, String uid, long createdAt, long step,
      CompletableFuture<Sandbox> future) {
    Entry e = new Entry(purpose, via, name, uid, createdAt, step, future);
    entries.add(e);
    return e;
  }

  /**
   * The write the wait was about failed (or may have failed): cancel the wait; if it has already
   * ended, it stays, judged only on having ended.
   */
  void writeFailed(Entry e) {
    if (e == null) {
      return;
    }
    e.judged = false;
    if (e.future.cancel(false)) {
      abandoned.incrementAndGet();
    }
  }

  /** @return how many registered waits have not ended */
  long pending() {
    return entries.stream().filter(e -> !e.future.isDone()).count();
  }

  /** Cancels what is still pending (after the verdict), so nothing outlives the test. */
  void cancelPending() {
    entries.forEach(e -> e.future.cancel(false));
  }

  private boolean deletedAfter(String name, long createdAt) {
    Queue<Long> d = deletes.get(name);
    return d != null && d.stream().anyMatch(t -> t > createdAt);
  }

  /**
   * @param onServer describes a name's object on the server now, for the report of lost waits
   * @return the judgement of every registered wait
   */
  Verdict verdict(java.util.function.Function<String, String> onServer) {
    int registered = 0;
    int completed = 0;
    int notFound = 0;
    int lost = 0;
    int wrong = 0;
    Map<String, Integer> byVia = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    for (Entry e : entries) {
      registered++;
      byVia.merge(e.via, 1, Integer::sum);
      String describe = e.purpose + " wait via " + e.via + " on " + e.name + " (uid " + e.uid
          + (e.purpose == Purpose.STEP ? ", step " + e.step : "") + ")";
      if (!e.future.isDone()) {
        lost++;
        add(problems, "lost: " + describe + " never ended; on the server now: "
            + onServer.apply(e.name));
        continue;
      }
      if (e.future.isCancelled()) {
        continue; // abandoned with its failed write, counted apart
      }
      Sandbox result = null;
      Throwable failure = null;
      try {
        result = e.future.get();
      } catch (ExecutionException | CompletionException x) {
        failure = x.getCause();
      } catch (InterruptedException x) {
        Thread.currentThread().interrupt();
        return null;
      }
      if (failure == null) {
        completed++;
      } else if (failure instanceof NotFoundException) {
        notFound++;
      }
      if (!e.judged) {
        continue;
      }
      String why = judge(e, result, failure);
      if (why != null) {
        wrong++;
        add(problems, "wrong: " + describe + " " + why);
      }
    }
    return new Verdict(registered, completed, notFound, (int) abandoned.get(), lost, wrong, byVia,
        problems);
  }

  private String judge(Entry e, Sandbox result, Throwable failure) {
    if (failure instanceof NotFoundException) {
      return deletedAfter(e.name, e.createdAt) ? null
          : "failed NotFound although that incarnation was never deleted: " + failure.getMessage();
    }
    if (failure != null) {
      return "failed with " + failure;
    }
    if (e.purpose == Purpose.GONE) {
      return "completed although its predicate never holds";
    }
    if (!e.uid.equals(result.getMetadata().getUid())) {
      return "completed with another incarnation, uid " + result.getMetadata().getUid();
    }
    long step = Churner.step(result);
    return step >= e.step ? null : "completed at step " + step;
  }

  private static void add(List<String> problems, String problem) {
    if (problems.size() < 20) {
      problems.add(problem);
    }
  }
}
