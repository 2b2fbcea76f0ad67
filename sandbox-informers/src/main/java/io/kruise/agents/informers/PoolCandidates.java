package io.kruise.agents.informers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The claimable sandboxes of one pool in one namespace, as this process sees them, and the
 * claimers of this process waiting for one. A claimer {@link #take takes} a random name out
 * (reserving it: no other claimer of this process tries it meanwhile) and {@link #release
 * releases} it after its attempt; the pool's listener {@link #update updates} a name when an event
 * about it arrives. Each name that becomes claimable wakes at most one waiting claimer.
 *
 * <p>Threading: every method runs under one lock; the claimability function is called under it
 * too, so an update and a release of the same name are decided on the cache's state in one
 * order (whichever runs second sees the newer state: the store is updated before the listener
 * runs). The lock is held for O(1) work per call, except for reading the members: once at the
 * first take, and on {@link #rereadIfEmpty} when no name is known.
 */
final class PoolCandidates {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition claimable = lock.newCondition();
  /** Claimable names, in random-access form so that a random one is O(1) to pick and remove. */
  private final List<String> names = new ArrayList<>();
  private final Map<String, Integer> positions = new HashMap<>();
  private final Set<String> reserved = new HashSet<>();
  /** The cached version each name lost a race with, until an event about it arrives. */
  private final Map<String, String> lost = new HashMap<>();
  private final Function<String, String> claimableVersion;
  private final Supplier<? extends Iterable<String>> members;
  private final LongAdder wakeUps;
  private final LongAdder signals;
  private boolean populated;
  private int waiting;

  /**
   * @param claimableVersion the cached resourceVersion of a name when it is claimable now (in the
   *     pool, available, unlocked), else null; cheap, non-blocking
   * @param members the names that may be in the pool now, read once before the first take (the
   *     listener is registered before, so a change after this read is not missed)
   * @param wakeUps counts waiting claimers woken before their deadline
   * @param signals counts wake-up signals sent (one per name that became claimable while someone
   *     waited)
   */
  PoolCandidates(Function<String, String> claimableVersion,
      Supplier<? extends Iterable<String>> members, LongAdder wakeUps, LongAdder signals) {
    this.claimableVersion = claimableVersion;
    this.members = members;
    this.wakeUps = wakeUps;
    this.signals = signals;
  }

  /**
   * Re-reads one name's state: adds it when claimable (waking one waiter), removes it otherwise.
   * A reserved name is left to its claimer's {@link #release}.
   *
   * @param name the sandbox's name
   */
  void update(String name) {
    lock.lock();
    try {
      lost.remove(name);
      if (!reserved.contains(name)) {
        refresh(name, null);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes a random claimable name and reserves it, waiting until one appears or the deadline
   * passes. A name that is there is returned even when the deadline has passed.
   *
   * @param deadline {@link System#nanoTime()} at which to give up
   * @return the reserved name, or null at the deadline
   * @throws InterruptedException when interrupted while waiting
   */
  String take(long deadline) throws InterruptedException {
    lock.lock();
    try {
      if (!populated) {
        populated = true;
        readMembers();
      }
      while (names.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        waiting++;
        try {
          if (claimable.awaitNanos(left) > 0) {
            wakeUps.increment();
          }
        } finally {
          waiting--;
        }
      }
      String name = remove(ThreadLocalRandom.current().nextInt(names.size()));
      reserved.add(name);
      return name;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Reads the pool's members again when no name is known, for a claimer that does not wait: one
   * woken by a listener of its own may run before the pool's listener has added a sandbox the
   * cache already shows claimable. Names whose cached version lost a race stay out until an
   * event about them arrives. Waiting claimers need none of this: the pool's listener wakes them.
   */
  void rereadIfEmpty() {
    lock.lock();
    try {
      if (names.isEmpty()) {
        populated = true;
        readMembers();
      }
    } finally {
      lock.unlock();
    }
  }

  private void readMembers() {
    for (String name : members.get()) {
      if (!reserved.contains(name) && !positions.containsKey(name)) {
        refresh(name, lost.get(name));
      }
    }
  }

  /**
   * Ends a reservation. The name comes back when it is claimable now, unless the cache still
   * shows the version the claimer lost with (it is stale; the event that updates it will
   * decide).
   *
   * @param name the name {@link #take} returned
   * @param lostWith the resourceVersion a lost attempt was based on, or null
   */
  void release(String name, String lostWith) {
    lock.lock();
    try {
      reserved.remove(name);
      if (lostWith != null) {
        lost.put(name, lostWith);
      }
      refresh(name, lostWith);
    } finally {
      lock.unlock();
    }
  }

  /** @return claimers waiting now */
  int waiting() {
    lock.lock();
    try {
      return waiting;
    } finally {
      lock.unlock();
    }
  }

  /** @return claimable names not reserved now */
  int size() {
    lock.lock();
    try {
      return names.size();
    } finally {
      lock.unlock();
    }
  }

  private void refresh(String name, String staleVersion) {
    String version = claimableVersion.apply(name);
    if (version != null && !version.equals(staleVersion)) {
      if (!positions.containsKey(name)) {
        positions.put(name, names.size());
        names.add(name);
        if (waiting > 0) {
          signalOne();
        }
      }
    } else {
      Integer at = positions.get(name);
      if (at != null) {
        remove(at);
      }
    }
  }

  /**
   * One signal per name that became claimable: a signalled waiter always looks at the names
   * before it checks its deadline, so the name is taken by it or by a claimer that came first,
   * never left behind.
   */
  private void signalOne() {
    signals.increment();
    claimable.signal();
  }

  /** Removes the name at a position by moving the last one into its place. */
  private String remove(int at) {
    String name = names.get(at);
    String last = names.remove(names.size() - 1);
    if (at < names.size()) {
      names.set(at, last);
      positions.put(last, at);
    }
    positions.remove(name);
    return name;
  }
}
