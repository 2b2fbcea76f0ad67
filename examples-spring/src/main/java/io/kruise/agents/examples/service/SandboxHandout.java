package io.kruise.agents.examples.service;

import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.SandboxPool;
import io.kruise.agents.informers.SharedInformer;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.spring.AgentsCache;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Hands out sandboxes and looks them up, on the starter's beans (README: Spring Boot). */
// tag::spring-component[]
@Component
class SandboxHandout {

  private final SandboxPool pool;                  // the starter's beans
  private final SharedInformer<Sandbox> sandboxes;
  private final String namespace;

  SandboxHandout(SandboxPool pool, AgentsCache cache, AgentsClient agents) {
    this.pool = pool;
    this.namespace = agents.namespace();           // kruise.agents.namespace
    this.sandboxes = cache.sandboxes(InformerScope.namespace(namespace));
  }

  Sandbox claim(String poolName, String owner, Duration timeout) {
    return pool.claim(namespace, poolName, owner, timeout);  // one write, no list
  }

  Sandbox find(String namespace, String name) {
    return sandboxes.lister().get(namespace, name);  // from the cache: no request
  }
}
// end::spring-component[]
