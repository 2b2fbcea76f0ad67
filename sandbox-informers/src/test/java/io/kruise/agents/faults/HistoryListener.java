package io.kruise.agents.faults;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kruise.agents.informers.ResourceListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listener that replays its events into its own view of the objects and checks, event by
 * event, that each object's history is consistent: an add, updates in resourceVersion order, a
 * delete; never a second add without a delete between, never an update or delete of an object it
 * does not hold, never an update from another incarnation (UID), never two callbacks at once.
 * Optionally burns CPU in every callback, to be the slow listener.
 *
 * <p>Callbacks run on the listener's queue; every method is synchronized anyway, so the view is
 * consistent when the test reads it.
 */
final class HistoryListener<T extends HasMetadata> implements ResourceListener<T> {

  private record Seen(String uid, String resourceVersion) {}

  /** How an event can break an object's history. */
  enum Anomaly {
    /** A second add without a delete between, or an update or delete of an object not held. */
    DUPLICATE,
    /** An update to an older resourceVersion than the one held. */
    OUT_OF_ORDER,
    /** An update or delete whose UID is not the held one: a re-creation passed off as a change. */
    OTHER_INCARNATION,
    /** Two callbacks of the listener at once. */
    CONCURRENT
  }

  private final String name;
  private final long burnNanos;
  private final Map<String, Seen> view = new HashMap<>();
  private final List<String> anomalies = new ArrayList<>();
  private final Set<String> finalStateUnknownDeletes = ConcurrentHashMap.newKeySet();
  private final AtomicInteger inCallback = new AtomicInteger();
  private long events;
  private final Map<Anomaly, Long> anomalyCounts = new java.util.EnumMap<>(Anomaly.class);

  HistoryListener(String name, long burnMicros) {
    this.name = name;
    this.burnNanos = burnMicros * 1000;
  }

  String name() {
    return name;
  }

  @Override
  public void onAdd(T obj) {
    enter();
    try {
      synchronized (this) {
        events++;
        Seen before = view.put(FaultSuite.key(obj), seen(obj));
        if (before != null) {
          anomaly(Anomaly.DUPLICATE, "second add without a delete between", obj, before);
        }
      }
    } finally {
      exit();
    }
  }

  @Override
  public void onUpdate(T oldObj, T newObj) {
    enter();
    try {
      synchronized (this) {
        events++;
        String key = FaultSuite.key(newObj);
        Seen before = view.get(key);
        Seen now = seen(newObj);
        if (before == null) {
          anomaly(Anomaly.DUPLICATE, "update of an object never added or already deleted", newObj,
              null);
        } else if (!before.uid().equals(now.uid())) {
          anomaly(Anomaly.OTHER_INCARNATION, "update to another incarnation (UID) without delete"
              + " and add", newObj, before);
        } else if (compare(now.resourceVersion(), before.resourceVersion()) < 0) {
          anomaly(Anomaly.OUT_OF_ORDER, "update to an older resourceVersion", newObj, before);
        }
        view.put(key, now);
      }
    } finally {
      exit();
    }
  }

  @Override
  public void onDelete(T obj, boolean finalStateUnknown) {
    enter();
    try {
      synchronized (this) {
        events++;
        String key = FaultSuite.key(obj);
        Seen before = view.remove(key);
        if (before == null) {
          anomaly(Anomaly.DUPLICATE, "delete of an object never added or already deleted", obj,
              null);
        } else if (!before.uid().equals(obj.getMetadata().getUid())) {
          anomaly(Anomaly.OTHER_INCARNATION, "delete of another incarnation (UID) than the one"
              + " held", obj, before);
        }
        if (finalStateUnknown) {
          finalStateUnknownDeletes.add(key);
        }
      }
    } finally {
      exit();
    }
  }

  private void enter() {
    if (inCallback.incrementAndGet() != 1) {
      synchronized (this) {
        anomalyCounts.merge(Anomaly.CONCURRENT, 1L, Long::sum);
        anomalies.add("two callbacks of '" + name + "' ran at once");
      }
    }
    // The slow listener: real CPU work, not a sleep, so it competes with everything else.
    long until = System.nanoTime() + burnNanos;
    long sink = 0;
    while (burnNanos > 0 && System.nanoTime() < until) {
      sink += Long.numberOfTrailingZeros(sink + until);
    }
    if (sink == 42) {
      Thread.onSpinWait();
    }
  }

  private void exit() {
    inCallback.decrementAndGet();
  }

  private static Seen seen(HasMetadata obj) {
    return new Seen(obj.getMetadata().getUid(), obj.getMetadata().getResourceVersion());
  }

  private void anomaly(Anomaly type, String what, HasMetadata obj, Seen before) {
    anomalyCounts.merge(type, 1L, Long::sum);
    if (anomalies.size() < 20) {
      anomalies.add(what + ": " + FaultSuite.key(obj) + "@" + obj.getMetadata().getResourceVersion()
          + " uid " + obj.getMetadata().getUid() + (before == null ? ""
              : " (held @" + before.resourceVersion() + " uid " + before.uid() + ")"));
    }
  }

  /** etcd revisions are numbers; compare them as such. */
  static int compare(String a, String b) {
    try {
      return Long.compare(Long.parseLong(a), Long.parseLong(b));
    } catch (NumberFormatException e) {
      return a.equals(b) ? 0 : a.compareTo(b);
    }
  }

  /** @return namespace/name to resourceVersion as replayed from the events */
  synchronized Map<String, String> view() {
    Map<String, String> versions = new TreeMap<>();
    view.forEach((k, v) -> versions.put(k, v.resourceVersion()));
    return versions;
  }

  /** @return how many events broke an object's history in that way */
  synchronized long anomalies(Anomaly type) {
    return anomalyCounts.getOrDefault(type, 0L);
  }

  /** @return how many events broke an object's history in any way */
  synchronized long anomalyCount() {
    return anomalyCounts.values().stream().mapToLong(Long::longValue).sum();
  }

  /** @return the first anomalies, described */
  synchronized List<String> anomalies() {
    return List.copyOf(anomalies);
  }

  synchronized long events() {
    return events;
  }

  /** @return keys whose delete came from a relist (final state unknown) */
  Set<String> finalStateUnknownDeletes() {
    return Set.copyOf(finalStateUnknownDeletes);
  }
}
