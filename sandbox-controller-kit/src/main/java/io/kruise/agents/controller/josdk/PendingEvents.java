package io.kruise.agents.controller.josdk;

import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.EventHandler;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The primaries an event source must trigger, held until it can deliver them: until it is
 * started AND JOSDK has given it its event handler (in either order). The listener can report
 * changes as soon as it is registered, before JOSDK has wired the handler; none of those may be
 * lost, and none may reach a missing handler. Held triggers are deduplicated by primary: an
 * event only asks JOSDK to reconcile that primary, which reads the newest state anyway. After
 * {@link #stop()}, triggers are dropped.
 *
 * <p>Threading: any thread. One lock guards the state; JOSDK's handler is called outside it.
 */
final class PendingEvents {

  private enum State { HOLDING, DELIVERING, STOPPED }

  private final Object lock = new Object();
  private final Set<ResourceID> held = new LinkedHashSet<>();
  private EventHandler handler;
  private boolean started;
  private State state = State.HOLDING;

  /** JOSDK set the handler. */
  void handler(EventHandler h) {
    synchronized (lock) {
      handler = h;
    }
    deliverHeld();
  }

  /** The event source started. */
  void start() {
    synchronized (lock) {
      started = true;
      if (state == State.STOPPED) {
        state = State.HOLDING;
      }
    }
    deliverHeld();
  }

  /** The event source stopped: what is held is dropped, later triggers too. */
  void stop() {
    synchronized (lock) {
      started = false;
      state = State.STOPPED;
      held.clear();
    }
  }

  /** Asks JOSDK to reconcile these primaries, now or as soon as it can be asked. */
  void trigger(Collection<ResourceID> primaries) {
    if (primaries == null || primaries.isEmpty()) {
      return;
    }
    EventHandler h;
    synchronized (lock) {
      if (state == State.STOPPED) {
        return;
      }
      if (state == State.HOLDING || handler == null) {
        held.addAll(primaries);
        return;
      }
      h = handler;
    }
    for (ResourceID id : primaries) {
      h.handleEvent(new Event(id));
    }
  }

  /** @return how many primaries are held, waiting for the handler or the start */
  int held() {
    synchronized (lock) {
      return held.size();
    }
  }

  private void deliverHeld() {
    List<ResourceID> flush;
    EventHandler h;
    synchronized (lock) {
      if (state != State.HOLDING || !started || handler == null) {
        return;
      }
      state = State.DELIVERING;
      flush = new ArrayList<>(held);
      held.clear();
      h = handler;
    }
    // A trigger that arrives now goes straight to JOSDK and may overtake these: harmless, each
    // only asks for a reconcile of its primary.
    for (ResourceID id : flush) {
      h.handleEvent(new Event(id));
    }
  }
}
