package io.kruise.agents.spring;

import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.informers.SharedInformers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the startup informers ({@code kruise.agents.informers.scopes}) early, and stops every
 * informer last: its phase is below the web server's, so on a graceful shutdown requests in
 * flight finish with the cache before the informers stop and pending waits end.
 */
final class InformersLifecycle implements SmartLifecycle {

  /** Below the web server's start/stop phase ({@code DEFAULT_PHASE - 2048}). */
  static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private final AgentsCache cache;
  private final SharedInformers first;
  private final List<StartupScope> scopes;
  private final Runnable started;
  private volatile boolean running;

  InformersLifecycle(AgentsCache cache, SharedInformers first, List<StartupScope> scopes,
      Runnable started) {
    this.cache = cache;
    this.first = first;
    this.scopes = scopes;
    this.started = started;
  }

  @Override
  public void start() {
    for (SharedInformer<?> informer : StartupScope.informers(cache, scopes)) {
      informer.start();
    }
    running = true;
    started.run();
  }

  /** Stops every informer: pending waits end, listeners are closed. */
  @Override
  public void stop() {
    running = false;
    cache.close();
    first.close();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /**
   * Waits, after the web server has started, until the startup informers have synced, so that
   * the application reports ready only then (and liveness probes answer meanwhile).
   */
  static final class SyncBeforeReady implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(SyncBeforeReady.class);

    private final AgentsCache cache;
    private final List<StartupScope> scopes;
    private final Duration timeout;
    private volatile boolean running;

    SyncBeforeReady(AgentsCache cache, List<StartupScope> scopes, Duration timeout) {
      this.cache = cache;
      this.scopes = scopes;
      this.timeout = timeout;
    }

    @Override
    public void start() {
      running = true;
      long deadline = System.nanoTime() + timeout.toNanos();
      List<String> unsynced = new ArrayList<>();
      for (SharedInformer<?> informer : StartupScope.informers(cache, scopes)) {
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        if (!informer.awaitSynced(left)) {
          unsynced.add(informer.health().kind() + " in " + informer.scope());
        }
      }
      if (unsynced.isEmpty()) {
        LOG.info("kruise agents informers synced: {}", cache.health());
      } else {
        LOG.warn("kruise agents informers not synced within {}: {}; the application starts"
            + " unready and becomes ready when they sync", timeout, unsynced);
      }
    }

    @Override
    public void stop() {
      running = false;
    }

    @Override
    public boolean isRunning() {
      return running;
    }

    @Override
    public int getPhase() {
      return SmartLifecycle.DEFAULT_PHASE; // after the web server has started
    }
  }

  /**
   * A scope started with the application and the kinds it caches there.
   *
   * @param scope the scope
   * @param sandboxes whether Sandboxes are cached there
   * @param sandboxSets whether SandboxSets are cached there
   */
  record StartupScope(InformerScope scope, boolean sandboxes, boolean sandboxSets) {

    /** @return the informers of these scopes */
    static List<SharedInformer<?>> informers(AgentsCache cache, List<StartupScope> scopes) {
      List<SharedInformer<?>> informers = new ArrayList<>();
      for (StartupScope s : scopes) {
        if (s.sandboxes()) {
          informers.add(cache.sandboxes(s.scope()));
        }
        if (s.sandboxSets()) {
          informers.add(cache.sandboxSets(s.scope()));
        }
      }
      return informers;
    }

    /** @return the startup scopes the properties name */
    static List<StartupScope> of(AgentsProperties properties) {
      List<AgentsProperties.Scope> configured = properties.getInformers().getScopes();
      if (configured.isEmpty()) {
        return List.of(new StartupScope(new InformerScope(properties.getNamespace(), null), true,
            true));
      }
      return configured.stream().map(s -> new StartupScope(s.toScope(),
          s.getKinds().contains(AgentsProperties.Kind.SANDBOX),
          s.getKinds().contains(AgentsProperties.Kind.SANDBOX_SET))).toList();
    }
  }
}
