package io.kruise.agents.examples.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kruise.agents.client.exceptions.InformerFailedException;
import io.kruise.agents.informers.InformerHealth;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.ListenerOptions;
import io.kruise.agents.informers.ListenerRegistration;
import io.kruise.agents.informers.ResourceListener;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxStates;
import io.kruise.agents.spring.AgentsCache;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Pushes the dashboard's numbers to every open page as server-sent events. Listeners on the
 * Sandbox and SandboxSet informers mark the numbers changed; changes within
 * {@link #COALESCE_MILLIS} go out as one snapshot, computed from the listers (no API request).
 * A sandbox that turns claimed counts as a claim ({@link ClaimRate}), whoever claimed it. Once a
 * second the snapshot goes out anyway while pages are open, so the claims-per-second figures and
 * the chart move on with the clock.
 *
 * <p>Threading: listener callbacks only set a flag and schedule; snapshots are built and sent on
 * this feed's one thread. Stops before the web server's graceful shutdown, ending the open event
 * streams, which would otherwise hold the shutdown up.
 */
final class DashboardFeed implements SmartLifecycle {

  static final long COALESCE_MILLIS = 100;

  private final AgentsCache cache;
  private final InformerScope scope;
  private final PoolView view;
  private final ClaimRate rate;
  private final ObjectMapper json;
  private final List<SseEmitter> pages = new CopyOnWriteArrayList<>();
  private final List<ListenerRegistration> registrations = new ArrayList<>();
  private final AtomicBoolean pushScheduled = new AtomicBoolean();
  private ScheduledExecutorService thread;
  private volatile boolean running;

  DashboardFeed(AgentsCache cache, InformerScope scope, PoolView view, ClaimRate rate,
      ObjectMapper json) {
    this.cache = cache;
    this.scope = scope;
    this.view = view;
    this.rate = rate;
    this.json = json;
  }

  /**
   * Opens an event stream for one page; the current snapshot is its first event.
   *
   * @return the stream
   */
  SseEmitter subscribe() {
    SseEmitter page = new SseEmitter(0L); // no timeout: the page keeps it open
    pages.add(page);
    page.onCompletion(() -> pages.remove(page));
    page.onError(e -> pages.remove(page));
    page.onTimeout(() -> pages.remove(page));
    changed();
    return page;
  }

  /** @return the numbers now, from the cache */
  DashboardSnapshot snapshot() {
    List<DashboardSnapshot.Pool> pools;
    try {
      pools = view.pools().stream().map(p ->
          new DashboardSnapshot.Pool(p.name(), p.replicas(), p.available(), p.claimed(),
              p.creating(), rate.perSecond(p.name()))).toList();
    } catch (InformerFailedException e) {
      pools = List.of(); // a dead informer serves nothing; its health below says so
    }
    List<DashboardSnapshot.Informer> informers = cache.health().stream()
        .filter(InformerHealth::started)
        .map(h -> new DashboardSnapshot.Informer(h.kind() + " in " + h.scope(), h.isHealthy(),
            h.synced(), h.watching(), h.dead(), h.size())).toList();
    return new DashboardSnapshot(view.namespace(), pools, informers, rate.lastMinute(),
        rate.total(), Instant.now().toString());
  }

  private void changed() {
    ScheduledExecutorService t = thread;
    if (t != null && pushScheduled.compareAndSet(false, true)) {
      t.schedule(this::push, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private void push() {
    pushScheduled.set(false);
    if (pages.isEmpty()) {
      return;
    }
    String data;
    try {
      data = json.writeValueAsString(snapshot());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a snapshot that Jackson cannot write", e);
    }
    for (SseEmitter page : pages) {
      try {
        page.send(SseEmitter.event().name("snapshot").data(data));
      } catch (IOException | IllegalStateException e) {
        pages.remove(page); // the page went away
      }
    }
  }

  @Override
  public synchronized void start() {
    thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "dashboard-feed");
      t.setDaemon(true);
      return t;
    });
    registrations.add(cache.sandboxSets(scope).addListener(ListenerOptions.named("dashboard-sets"),
        new ResourceListener<>() {
          @Override
          public void onAdd(SandboxSet set) {
            changed();
          }

          @Override
          public void onUpdate(SandboxSet oldSet, SandboxSet set) {
            changed();
          }

          @Override
          public void onDelete(SandboxSet set, boolean finalStateUnknown) {
            changed();
          }
        }));
    // tag::dashboard-listener[]
    registrations.add(cache.sandboxes(scope).addListener(ListenerOptions.named("dashboard"),
        new ResourceListener<>() {
          @Override
          public void onAdd(Sandbox s) {
            changed(); // one snapshot to every open page, at most every 100 ms
          }

          @Override
          public void onUpdate(Sandbox oldSandbox, Sandbox s) {
            if (!SandboxStates.isClaimed(oldSandbox) && SandboxStates.isClaimed(s)) {
              rate.record(SandboxStates.poolOf(s)); // a claim, whoever made it
            }
            changed();
          }

          @Override
          public void onDelete(Sandbox s, boolean finalStateUnknown) {
            changed();
          }
        }));
    // end::dashboard-listener[]
    thread.scheduleAtFixedRate(this::changed, 1, 1, TimeUnit.SECONDS);
    running = true;
  }

  @Override
  public synchronized void stop() {
    running = false;
    registrations.forEach(ListenerRegistration::close);
    registrations.clear();
    pages.forEach(SseEmitter::complete);
    pages.clear();
    thread.shutdownNow();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Stops first: before the web server waits for open requests, such as these streams. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE;
  }
}
