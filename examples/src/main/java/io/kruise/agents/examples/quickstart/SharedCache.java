package io.kruise.agents.examples.quickstart;

import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.informers.InformerHealth;
import io.kruise.agents.informers.InformerOptions;
import io.kruise.agents.informers.ListenerOptions;
import io.kruise.agents.informers.ListenerRegistration;
import io.kruise.agents.informers.Lister;
import io.kruise.agents.informers.ResourceListener;
import io.kruise.agents.informers.SandboxIndexes;
import io.kruise.agents.informers.SandboxPool;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.model.Sandbox;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** README: the shared informer cache. */
public final class SharedCache {

  private SharedCache() {}

  /**
   * Starts the shared Sandbox informer and reads from its cache.
   *
   * @param agents the client
   * @return the available sandboxes of pool "example-pool" in namespace "default"
   */
  public static List<Sandbox> readFromTheCache(AgentsClient agents) {
    // tag::cache-listers[]
    SharedInformer<Sandbox> informer = SharedInformers.of(agents).sandboxes(); // all namespaces
    informer.awaitSynced(Duration.ofSeconds(30));
    Lister<Sandbox> cache = informer.lister();

    Sandbox one = cache.get("default", "example-sandbox");          // null when absent
    List<Sandbox> labelled = cache.list("default", "app in (example,demo)");
    List<Sandbox> pool = cache.byIndex(SandboxIndexes.POOL, "example-pool");

    Sandbox mine = one.deepCopy();              // cached objects are shared: copy to change
    mine.getSpec().setPaused(true);
    agents.sandboxes("default").updateSandbox("example-sandbox", mine);
    // cache.get("default", "example-sandbox") now returns this write, before any event
    // end::cache-listers[]
    System.out.println(labelled.size() + " labelled, " + pool.size() + " in the pool");
    return pool;
  }

  /**
   * Registers a listener on the shared informer.
   *
   * @param agents the client
   * @return the registration (close it to remove the listener)
   */
  public static ListenerRegistration listen(AgentsClient agents) {
    // tag::cache-listeners[]
    ListenerRegistration registration = SharedInformers.of(agents).sandboxes().addListener(
        ListenerOptions.<Sandbox>named("audit").inNamespace("default")
            .withLabelSelector("app=example"),
        new ResourceListener<>() {
          @Override
          public void onAdd(Sandbox sandbox) {
            System.out.println("added " + sandbox.getMetadata().getName());
          }

          @Override
          public void onUpdate(Sandbox oldSandbox, Sandbox newSandbox) {
            System.out.println("updated " + newSandbox.getMetadata().getName());
          }

          @Override
          public void onDelete(Sandbox sandbox, boolean finalStateUnknown) {
            System.out.println("deleted " + sandbox.getMetadata().getName());
          }
        });
    // ... registration.backlog(), registration.failures(); registration.close() removes it
    // end::cache-listeners[]
    return registration;
  }

  /**
   * Waits on the shared cache.
   *
   * @param agents the client
   * @return the wait
   */
  public static CompletableFuture<Sandbox> waitOnTheCache(AgentsClient agents) {
    // tag::cache-waits[]
    CompletableFuture<Sandbox> paused = SharedInformers.of(agents).sandboxes().waitFor(
        "default", "example-sandbox",
        s -> Boolean.TRUE.equals(s.getSpec().getPaused()), Duration.ofMinutes(1));
    // With that informer running, the clients' waits use its cache too: no watch per wait.
    Sandbox ready = agents.sandboxes("default").waitForSandboxCondition(
        "example-sandbox", "Ready", "True", Duration.ofMinutes(10));
    // end::cache-waits[]
    System.out.println(ready.getMetadata().getName() + " is ready");
    return paused;
  }

  /**
   * Claims a sandbox from a warm pool.
   *
   * @param agents the client
   * @return the claimed sandbox
   */
  public static Sandbox claim(AgentsClient agents) {
    // tag::cache-claims[]
    SandboxPool pools = new SandboxPool(agents);  // one per process, thread-safe; close() at the end
    Sandbox claimed = pools.claim("default", "example-pool", "user-42", Duration.ofSeconds(5));
    System.out.println("claimed " + claimed.getMetadata().getName());
    // end::cache-claims[]
    return claimed;
  }

  /**
   * Creates a client whose informers keep lean objects, and reports health.
   *
   * @param agents a client whose informers were not used yet
   * @return whether the informers are healthy
   */
  public static boolean leanAndHealthy(AgentsClient agents) {
    // tag::cache-lean-health[]
    SharedInformers.of(agents, InformerOptions.builder()
        .lean()                       // no managedFields, pod templates or volume claim templates
        .listPageSize(500)            // the initial list comes in pages
        .build());
    SharedInformers.of(agents).onInformerDead(h -> System.err.println("informer died: " + h));
    boolean ready = SharedInformers.of(agents).isHealthy();            // for a readiness probe
    for (InformerHealth h : SharedInformers.of(agents).health()) {
      System.out.println(h.kind() + " " + h.scope() + ": synced=" + h.synced()
          + " watching=" + h.watching() + " objects=" + h.size());
    }
    // end::cache-lean-health[]
    return ready;
  }
}
