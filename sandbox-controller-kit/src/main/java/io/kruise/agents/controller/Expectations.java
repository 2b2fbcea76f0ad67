package io.kruise.agents.controller;

import com.github.benmanes.caffeine.cache.Ticker;
import io.kruise.agents.client.exceptions.ValidationException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creations and deletions a controller has made but its cache may not show yet, per owner (like
 * upstream's {@code ScaleExpectations}), so that it neither creates again what it just created
 * nor deletes again what it just deleted while its cache lags.
 *
 * <p>A controller records each write it made ({@link #expectCreation}, {@link #expectDeletion})
 * and asks, before planning, what is still in flight ({@link #satisfy}): a creation is satisfied
 * once the object is seen, a deletion once it is no longer seen. "Seen" is either an event
 * ({@link #observeCreation}/{@link #observeDeletion}, fed from a listener) or the cache the
 * controller plans from ({@link #satisfy} with the names it holds; the shared informers' listers
 * show this process's own writes at once, so there they are satisfied on the next read). An entry
 * that nothing satisfies expires after the timeout, measured on an injectable {@link Ticker},
 * with a warning: a lost event must not block a controller for good.
 *
 * <p>Owners and names are plain strings (typically {@code namespace/name} of the owner and the
 * child's name). Thread-safe: every change of one owner's entries is atomic.
 */
public final class Expectations {

  /** The default time after which an unsatisfied entry is dropped (upstream's one minute). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(1);

  private static final Logger LOG = LoggerFactory.getLogger(Expectations.class);

  /** One owner's entries: name to the ticker reading when it was expected. */
  private static final class Entries {
    final Map<String, Long> creations = new HashMap<>();
    final Map<String, Long> deletions = new HashMap<>();

    boolean isEmpty() {
      return creations.isEmpty() && deletions.isEmpty();
    }
  }

  /**
   * What is still in flight for one owner.
   *
   * @param creations names created but not seen yet
   * @param deletions names deleted but still seen
   * @param expiresIn time until the oldest of them expires ({@link Duration#ZERO} when none)
   */
  public record Pending(Set<String> creations, Set<String> deletions, Duration expiresIn) {

    /** Nothing in flight. */
    public static final Pending NONE = new Pending(Set.of(), Set.of(), Duration.ZERO);

    /**
     * Copies the sets.
     *
     * @param creations names created but not seen yet
     * @param deletions names deleted but still seen
     * @param expiresIn time until the oldest of them expires
     */
    public Pending {
      creations = Set.copyOf(creations);
      deletions = Set.copyOf(deletions);
    }

    /** @return true when nothing is in flight */
    public boolean isSatisfied() {
      return creations.isEmpty() && deletions.isEmpty();
    }
  }

  private final Ticker ticker;
  private final long timeoutNanos;
  private final ConcurrentHashMap<String, Entries> owners = new ConcurrentHashMap<>();

  /** Expectations on the system ticker with the {@link #DEFAULT_TIMEOUT}. */
  public Expectations() {
    this(Ticker.systemTicker(), DEFAULT_TIMEOUT);
  }

  /**
   * @param ticker the time source of the timeout (tests pass a fake one)
   * @param timeout how long an entry may stay unsatisfied before it is dropped
   * @throws ValidationException naming the argument when null, or the timeout when not positive
   */
  public Expectations(Ticker ticker, Duration timeout) {
    if (ticker == null) {
      throw ValidationException.forField("ticker", "Required", "must not be null");
    }
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      throw ValidationException.forField("timeout", "Invalid", "must be positive, was " + timeout);
    }
    this.ticker = ticker;
    this.timeoutNanos = timeout.toNanos();
  }

  /**
   * Records a creation that the cache may not show yet.
   *
   * @param owner the owner's key
   * @param name the created object's name
   */
  public void expectCreation(String owner, String name) {
    check(owner, name);
    long now = ticker.read();
    owners.compute(owner, (k, entries) -> {
      Entries e = entries == null ? new Entries() : entries;
      e.creations.put(name, now);
      return e;
    });
  }

  /**
   * Records a deletion that the cache may still not show.
   *
   * @param owner the owner's key
   * @param name the deleted object's name
   */
  public void expectDeletion(String owner, String name) {
    check(owner, name);
    long now = ticker.read();
    owners.compute(owner, (k, entries) -> {
      Entries e = entries == null ? new Entries() : entries;
      e.deletions.put(name, now);
      return e;
    });
  }

  /**
   * An object was seen created (or its creation failed and will never be seen).
   *
   * @param owner the owner's key
   * @param name the object's name
   */
  public void observeCreation(String owner, String name) {
    check(owner, name);
    owners.computeIfPresent(owner, (k, e) -> {
      e.creations.remove(name);
      return e.isEmpty() ? null : e;
    });
  }

  /**
   * An object was seen deleted (or its deletion failed and will never be seen).
   *
   * @param owner the owner's key
   * @param name the object's name
   */
  public void observeDeletion(String owner, String name) {
    check(owner, name);
    owners.computeIfPresent(owner, (k, e) -> {
      e.deletions.remove(name);
      return e.isEmpty() ? null : e;
    });
  }

  /**
   * What is still in flight, after dropping expired entries.
   *
   * @param owner the owner's key
   * @return the pending creations and deletions
   */
  public Pending pending(String owner) {
    return satisfy(owner, null);
  }

  /**
   * Satisfies what a cache shows, drops expired entries, and says what is still in flight:
   * creations of names the cache holds and deletions of names it no longer holds are done.
   *
   * @param owner the owner's key
   * @param seen the names of the owner's objects that the cache shows now; null to consult only
   *     events and the timeout
   * @return the pending creations and deletions
   */
  public Pending satisfy(String owner, Collection<String> seen) {
    if (owner == null) {
      throw ValidationException.forField("owner", "Required", "must not be null");
    }
    Set<String> visible = seen == null ? null : Set.copyOf(seen);
    long now = ticker.read();
    Pending[] result = {Pending.NONE};
    owners.computeIfPresent(owner, (k, e) -> {
      if (visible != null) {
        e.creations.keySet().removeIf(visible::contains);
        e.deletions.keySet().removeIf(name -> !visible.contains(name));
      }
      expire(owner, "creation", e.creations, now);
      expire(owner, "deletion", e.deletions, now);
      if (e.isEmpty()) {
        return null;
      }
      long oldest = Math.min(e.creations.values().stream().min(Long::compare).orElse(now),
          e.deletions.values().stream().min(Long::compare).orElse(now));
      result[0] = new Pending(new TreeSet<>(e.creations.keySet()),
          new TreeSet<>(e.deletions.keySet()),
          Duration.ofNanos(Math.max(1, oldest + timeoutNanos - now)));
      return e;
    });
    return result[0];
  }

  /**
   * Drops every entry of an owner, e.g. when the owner was deleted.
   *
   * @param owner the owner's key
   */
  public void forget(String owner) {
    if (owner != null) {
      owners.remove(owner);
    }
  }

  /** Drops expired entries of every owner, so that owners nobody asks about again leave no trace. */
  public void purgeExpired() {
    for (String owner : owners.keySet()) {
      pending(owner);
    }
  }

  /** @return how many owners have entries now */
  public int owners() {
    return owners.size();
  }

  private void expire(String owner, String what, Map<String, Long> entries, long now) {
    entries.entrySet().removeIf(entry -> {
      boolean expired = now - entry.getValue() >= timeoutNanos;
      if (expired) {
        LOG.warn("expected {} of {} for {} was not seen within {}; no longer waiting for it",
            what, entry.getKey(), owner, Duration.ofNanos(timeoutNanos));
      }
      return expired;
    });
  }

  private static void check(String owner, String name) {
    if (owner == null) {
      throw ValidationException.forField("owner", "Required", "must not be null");
    }
    if (name == null) {
      throw ValidationException.forField("name", "Required", "must not be null");
    }
  }
}
