package io.kruise.agents.controller.josdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxList;
import io.kruise.agents.model.SandboxSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which informers the sharing client shares, and with which scope; no server (nothing here
 * sends a request: informers are only built, never started).
 */
class SharingClientTest {

  private final KubernetesClient real = new KubernetesClientBuilder().withConfig(
      new ConfigBuilder().withMasterUrl("https://127.0.0.1:9").withNamespace("home")
          .withRequestRetryBackoffLimit(0).build()).build();
  private final AgentsClient agents = AgentsClient.create(real);
  private final KubernetesClient sharing = JosdkSharing.client(agents);

  @AfterEach
  void close() {
    agents.close();
    real.close();
  }

  private static SharedIndexInformerFacade<?> facade(SharedIndexInformer<?> informer) {
    assertThat(informer).isInstanceOf(SharedIndexInformerFacade.class);
    return (SharedIndexInformerFacade<?>) informer;
  }

  @Test
  void josdksChainGivesAViewOfTheSharedInformerOfThatScope() {
    // what JOSDK's InformerManager does for a namespace and for all namespaces
    SharedIndexInformer<Sandbox> inNs = sharing.resources(Sandbox.class).inNamespace("team-a")
        .withLabelSelector("tier=web").withLimit(100L).runnableInformer(0);
    SharedIndexInformer<SandboxSet> all = sharing.resources(SandboxSet.class).inAnyNamespace()
        .withLabelSelector((String) null).runnableInformer(0);

    assertThat(facade(inNs).shared()).isSameAs(SharedInformers.of(agents)
        .sandboxes(new InformerScope("team-a", "tier=web")));
    assertThat(facade(all).shared()).isSameAs(SharedInformers.of(agents).sandboxSets());
    assertThat(inNs.getApiTypeClass()).isEqualTo(Sandbox.class);
    assertThat(SharedInformers.of(agents).health()).as("nothing started yet")
        .noneMatch(h -> h.started());
  }

  @Test
  void aChainWithoutNamespaceIsTheClientsNamespaceAndDerivedClientsShareToo() {
    assertThat(facade(sharing.resources(Sandbox.class, SandboxList.class).runnableInformer(0))
        .shared().scope()).isEqualTo(InformerScope.namespace("home"));
    NamespacedKubernetesClient adapted = sharing.adapt(NamespacedKubernetesClient.class);
    assertThat(facade(adapted.inNamespace("other").resources(Sandbox.class).runnableInformer(0))
        .shared().scope()).isEqualTo(InformerScope.namespace("other"));
    assertThat(facade(adapted.inAnyNamespace().resources(Sandbox.class).runnableInformer(0))
        .shared().scope()).isEqualTo(InformerScope.allNamespaces());
  }

  @Test
  void filtersTheSharedInformersCannotServeGetFabric8sOwnInformer() {
    assertThat(sharing.resources(Sandbox.class).inNamespace("a").withField("metadata.name", "x")
        .runnableInformer(0)).isNotInstanceOf(SharedIndexInformerFacade.class);
    assertThat(sharing.resources(Sandbox.class).inNamespace("a").withLabel("app")
        .runnableInformer(0)).isNotInstanceOf(SharedIndexInformerFacade.class);
    assertThat(sharing.resources(Sandbox.class).inNamespace("a").withName("x")
        .runnableInformer(0)).isNotInstanceOf(SharedIndexInformerFacade.class);
    assertThat(sharing.resources(Pod.class).inNamespace("a").runnableInformer(0))
        .isNotInstanceOf(SharedIndexInformerFacade.class);
  }

  @Test
  void everythingElsePassesThroughAndCloseLeavesTheRealClientOpen() {
    assertThat(sharing.getNamespace()).isEqualTo("home");
    assertThat(sharing.getConfiguration()).isSameAs(real.getConfiguration());
    assertThat(sharing.getKubernetesSerialization()).isSameAs(real.getKubernetesSerialization());
    assertThat(sharing).isEqualTo(sharing).isNotEqualTo(real);
    assertThat(sharing.toString()).contains("informer-sharing");

    sharing.close();

    assertThat(real.getHttpClient().isClosed()).isFalse();
  }

  @Test
  void anInvalidScopeIsATypedError() {
    assertThatThrownBy(() -> sharing.resources(Sandbox.class).inNamespace("a")
        .withLabelSelector("in valid ((").runnableInformer(0))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> JosdkSharing.client(null)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("agents");
    assertThatThrownBy(() -> JosdkSharing.configure(null, agents))
        .isInstanceOf(ValidationException.class).hasMessageContaining("overrider");
  }
}
