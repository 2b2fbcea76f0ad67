package io.kruise.agents.controller.josdk;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.informers.SharedInformers;
import java.util.function.Consumer;

/**
 * Runs java-operator-sdk (JOSDK) controllers on the shared informers of an {@link AgentsClient}:
 * one watch per kind and scope for the whole process, whether a controller, a lister, a listener
 * or a wait reads it.
 *
 * <pre>{@code
 * AgentsClient agents = AgentsClient.create();
 * Operator operator = new Operator(o -> JosdkSharing.configure(o, agents));
 * operator.register(new MyReconciler(agents), c -> c.settingNamespaces("team-a"));
 * operator.start();
 * }</pre>
 *
 * <p>JOSDK 5.2.3 always builds its informers itself, from the {@code KubernetesClient} of its
 * configuration. This class gives it a client that passes every call through to the
 * {@code AgentsClient}'s own client, except that the informers JOSDK builds for Sandbox and
 * SandboxSet ({@code resources(type).inNamespace(ns).withLabelSelector(s).runnableInformer(0)},
 * for the controller's primaries and for {@code InformerEventSource}s) are views of
 * {@code SharedInformers.of(agents).sandboxes(scope)} / {@code sandboxSets(scope)}, with
 * {@code scope} = that namespace (or all namespaces) and label selector.
 *
 * <p>What is shared:
 * <ul>
 *   <li>the list and the watch, hence the cache: JOSDK reads the same objects as every lister,
 *       this process's writes through the {@code AgentsClient} included (read your writes);
 *   <li>the informer's lifecycle: JOSDK starting a controller starts the shared informer if it
 *       was not running and waits for its sync; stopping the Operator only removes JOSDK's
 *       listeners. Death of the shared informer (a missing CRD, revoked permissions) is
 *       reported to JOSDK as its informer stopping with an error.
 * </ul>
 *
 * <p>What is not shared, or differs from JOSDK's own informers:
 * <ul>
 *   <li>kinds not registered with the shared informers, and informers of registered kinds with a
 *       field selector, single-label
 *       filters, a {@code LabelSelector} object or a name: those informers are fabric8's own,
 *       with their own watch;
 *   <li>writes: JOSDK's own writes (status patches from {@code UpdateControl}, finalizers,
 *       dependent resources) go straight to the API server; JOSDK's temporary cache shows them to
 *       JOSDK, the shared listers see them when the watch does. Write through the
 *       {@code AgentsClient} to make a write visible to the whole process at once;
 *   <li>JOSDK receives changes on a listener queue of the shared informer: per object in order,
 *       coalesced while JOSDK is behind, an object re-created under the same name as a delete
 *       then an add ({@link io.kruise.agents.informers.ResourceListener});
 *   <li>lean shared informers ({@code InformerOptions.lean()}: no templates, no managed fields)
 *       are refused when JOSDK starts its informers: JOSDK clones and writes back what it reads;
 *   <li>an {@code itemStore} in JOSDK's informer configuration is refused (the shared informers
 *       keep their own store: choose lean objects with {@code InformerOptions}); resync periods
 *       are {@code InformerOptions.resyncPeriod}; JOSDK's informer exception handler is not used;
 *   <li>closing: JOSDK closing its client does nothing; the {@code AgentsClient} owns it. Stop
 *       the Operator before closing the {@code AgentsClient}.
 * </ul>
 *
 * <p>The shared informers are {@link SharedInformers#of(AgentsClient)}: to choose their options,
 * call {@link SharedInformers#of(AgentsClient, io.kruise.agents.informers.InformerOptions)}
 * before this class.
 */
public final class JosdkSharing {

  private JosdkSharing() {}

  /**
   * @param agents the client whose shared informers JOSDK should use
   * @return a client for JOSDK's configuration (not closed by closing it)
   * @throws ValidationException when {@code agents} is null
   * @throws io.kruise.agents.client.exceptions.ClientClosedException when {@code agents} is
   *     closed
   */
  public static KubernetesClient client(AgentsClient agents) {
    if (agents == null) {
      throw ValidationException.forField("agents", "Required", "must not be null");
    }
    return SharingClientHandler.wrap(agents.kubernetesClient(),
        new SharedKinds(SharedInformers.of(agents)));
  }

  /**
   * Configures an Operator to run on the shared informers: its client is {@link #client} and it
   * does not close it on stop.
   *
   * @param overrider JOSDK's configuration overrider
   * @param agents the client whose shared informers to use
   * @return the overrider
   * @throws ValidationException when an argument is null
   */
  public static ConfigurationServiceOverrider configure(ConfigurationServiceOverrider overrider,
      AgentsClient agents) {
    if (overrider == null) {
      throw ValidationException.forField("overrider", "Required", "must not be null");
    }
    return overrider.withKubernetesClient(client(agents)).withCloseClientOnStop(false);
  }

  /**
   * @param agents the client whose shared informers to use
   * @return {@link #configure} as an Operator constructor argument; chain more with
   *     {@code andThen}
   * @throws ValidationException when {@code agents} is null
   */
  public static Consumer<ConfigurationServiceOverrider> sharing(AgentsClient agents) {
    if (agents == null) {
      throw ValidationException.forField("agents", "Required", "must not be null");
    }
    return o -> configure(o, agents);
  }
}
