package io.kruise.agents.informers;

import static io.kruise.agents.informers.InformerFixtures.sandbox;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kruise.agents.model.Sandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Read your writes with several informers of one kind: each keeps its own overlay, so one that
 * catches up cannot take a write away from one that is still behind. No server: nothing starts.
 */
class OverlayPerInformerTest {

  private final KubernetesClient client = new KubernetesClientBuilder()
      .withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build()).build();
  private final SharedInformers informers =
      new SharedInformers(client, InformerOptions.DEFAULTS, new FakeTicker());

  @AfterEach
  void close() {
    informers.close();
    client.close();
  }

  private static Sandbox version(String ns, String name, int rv) {
    Sandbox s = sandbox(ns, name);
    s.getMetadata().setResourceVersion(String.valueOf(rv));
    s.getMetadata().setUid("uid-" + name);
    return s;
  }

  private DefaultSharedInformer<?, ?> impl(SharedInformer<Sandbox> informer) {
    return (DefaultSharedInformer<?, ?>) informer;
  }

  @SuppressWarnings("unchecked")
  private WriteOverlay<Sandbox> overlay(SharedInformer<Sandbox> informer) {
    return (WriteOverlay<Sandbox>) impl(informer).overlay();
  }

  @Test
  void anInformerThatCatchesUpDoesNotClearTheWriteForOneThatIsBehind() {
    SharedInformer<Sandbox> namespaced = informers.sandboxes(InformerScope.namespace("ns"));
    SharedInformer<Sandbox> all = informers.sandboxes();
    informers.written(version("ns", "a", 7));

    overlay(namespaced).observed(version("ns", "a", 7)); // the namespace informer caught up

    assertThat(overlay(namespaced).isEmpty()).isTrue();
    assertThat(overlay(all).resolve("ns/a", version("ns", "a", 6)).getMetadata()
        .getResourceVersion()).as("the all-namespaces informer is still behind").isEqualTo("7");
  }

  @Test
  void aWriteReachesOnlyInformersWhoseNamespaceCanHoldIt() {
    SharedInformer<Sandbox> other = informers.sandboxes(InformerScope.namespace("other"));
    SharedInformer<Sandbox> all = informers.sandboxes();
    informers.written(version("ns", "a", 7));
    informers.deleted(Sandbox.class, "ns", "b", "uid-b");
    assertThat(overlay(other).isEmpty()).isTrue();
    assertThat(overlay(all).size()).isEqualTo(2);
  }

  @Test
  void theOverlayHoldsACopyThatTheCallerCannotChange() {
    SharedInformer<Sandbox> all = informers.sandboxes();
    Sandbox answer = version("ns", "a", 7);
    informers.written(answer);
    answer.getMetadata().setResourceVersion("999");
    assertThat(overlay(all).resolve("ns/a", null).getMetadata().getResourceVersion())
        .isEqualTo("7");
  }
}
