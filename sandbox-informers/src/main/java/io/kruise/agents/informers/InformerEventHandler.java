package io.kruise.agents.informers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Hands each of one informer's events to its read-your-writes overlay, its waits and its
 * listeners, and counts them. Runs on fabric8's serial event thread, after the store was updated.
 *
 * <p>A relist (after a 410, or a reconnect) reports an object that was deleted and re-created
 * under the same name while the watch was away as one update from the old incarnation to the new.
 * This handler passes it on as what happened: the old one's delete (final state unknown), then the
 * new one's add; so no wait on the old object completes with the new one, and no listener sees an
 * update across incarnations.
 *
 * @param <T> the cached type
 */
final class InformerEventHandler<T extends HasMetadata> implements ResourceEventHandler<T> {

  /** The kinds of event an informer counts. */
  enum EventType {
    ADDED, UPDATED, DELETED;

    /** @return the name used in metrics tags */
    String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final WriteOverlay<T> overlay;
  private final WaitRegistry<T> waits;
  private final ListenerFanOut<T> listeners;
  private final Map<EventType, LongAdder> counts = new EnumMap<>(EventType.class);
  private volatile Instant lastEventTime;

  InformerEventHandler(WriteOverlay<T> overlay, WaitRegistry<T> waits,
      ListenerFanOut<T> listeners) {
    this.overlay = overlay;
    this.waits = waits;
    this.listeners = listeners;
    for (EventType type : EventType.values()) {
      counts.put(type, new LongAdder());
    }
  }

  @Override
  public void onAdd(T obj) {
    seen(EventType.ADDED);
    overlay.observed(obj);
    waits.changed(obj);
    listeners.added(obj);
  }

  @Override
  public void onUpdate(T oldObj, T newObj) {
    if (isReplacement(oldObj, newObj)) {
      onDelete(oldObj, true);
      onAdd(newObj);
      return;
    }
    seen(EventType.UPDATED);
    overlay.observed(newObj);
    waits.changed(newObj);
    listeners.updated(newObj);
  }

  @Override
  public void onDelete(T obj, boolean deletedFinalStateUnknown) {
    seen(EventType.DELETED);
    overlay.observedDelete(obj);
    waits.deleted(obj);
    listeners.deleted(obj, deletedFinalStateUnknown);
  }

  /** @return true when both UIDs are known and differ: another object of the same name */
  static boolean isReplacement(HasMetadata oldObj, HasMetadata newObj) {
    String before = oldObj.getMetadata().getUid();
    String after = newObj.getMetadata().getUid();
    return before != null && after != null && !Objects.equals(before, after);
  }

  private void seen(EventType type) {
    lastEventTime = Instant.now();
    counts.get(type).increment();
  }

  /** @return events of a type handled so far */
  long count(EventType type) {
    return counts.get(type).sum();
  }

  /** @return when the last event arrived, or null */
  Instant lastEventTime() {
    return lastEventTime;
  }
}
