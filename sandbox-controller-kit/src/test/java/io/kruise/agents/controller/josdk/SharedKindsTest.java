package io.kruise.agents.controller.josdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.ResourceKind;
import io.kruise.agents.client.exceptions.NotFoundException;
import io.kruise.agents.informers.InformerScope;
import io.kruise.agents.informers.SharedInformers;
import io.kruise.agents.model.SandboxClaim;
import io.kruise.agents.model.SandboxTemplate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * JOSDK shares the informers of every registered kind: the built-in claim kinds, and a kind of
 * the application's own once its registration is in use. No server: informers are only built.
 */
class SharedKindsTest {

  /** A kind of the application's own. */
  @Group("gizmos.example.io")
  @Version("v1")
  public static class Gizmo extends CustomResource<Void, Void> implements Namespaced {
    private static final long serialVersionUID = 1L;
  }

  /** Its list. */
  public static class GizmoList extends DefaultKubernetesResourceList<Gizmo> {
    private static final long serialVersionUID = 1L;
  }

  /** Its NotFound exception. */
  public static class GizmoNotFoundException extends NotFoundException {
    private static final long serialVersionUID = 1L;

    GizmoNotFoundException(String namespace, String name, String detail, Throwable cause) {
      super("Gizmo", namespace, name, detail, cause);
    }
  }

  static final ResourceKind<Gizmo, GizmoList> GIZMO = ResourceKind.builder(Gizmo.class,
      GizmoList.class, GizmoNotFoundException::new).index("all", g -> List.of("all")).build();

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

  private static Object shared(SharedIndexInformer<?> informer) {
    assertThat(informer).isInstanceOf(SharedIndexInformerFacade.class);
    return ((SharedIndexInformerFacade<?>) informer).shared();
  }

  @Test
  void theClaimKindsAreShared() {
    assertThat(shared(sharing.resources(SandboxClaim.class).inNamespace("a")
        .runnableInformer(0)))
        .isSameAs(SharedInformers.of(agents).sandboxClaims(InformerScope.namespace("a")));
    assertThat(shared(sharing.resources(SandboxTemplate.class).inAnyNamespace()
        .runnableInformer(0))).isSameAs(SharedInformers.of(agents).sandboxTemplates());
  }

  @Test
  void aKindOfTheApplicationsOwnIsSharedOnceRegistered() {
    assertThat(sharing.resources(Gizmo.class).inNamespace("a").runnableInformer(0))
        .as("unknown to the shared informers: fabric8's own")
        .isNotInstanceOf(SharedIndexInformerFacade.class);

    SharedInformers.of(agents).informer(GIZMO);

    assertThat(shared(sharing.resources(Gizmo.class).inNamespace("a").runnableInformer(0)))
        .isSameAs(SharedInformers.of(agents).informer(GIZMO, InformerScope.namespace("a")));
    assertThat(shared(sharing.resources(Gizmo.class, GizmoList.class).inAnyNamespace()
        .runnableInformer(0))).isSameAs(SharedInformers.of(agents).informer(GIZMO));
    assertThat(SharedInformers.of(agents).health()).noneMatch(h -> h.started());
  }
}
