package io.kruise.agents.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kruise.agents.model.SandboxClaim;
import io.kruise.agents.model.SandboxClaimSpec;
import io.kruise.agents.testkit.gadget.Gadget;
import org.junit.jupiter.api.Test;

/** {@code @WithMockApiServer(kinds = ...)}: the mock server serves a test's own kind. */
@WithMockApiServer(kinds = Gadget.class)
class KindsMockServerTest {

  @Test
  void theNamedKindIsServedWithItsStatusSubresource(KubernetesClient client) {
    Gadget created = client.resources(Gadget.class).resource(Gadget.of("g1", 3)).create();
    assertThat(created.getMetadata().getResourceVersion()).isNotNull();

    Gadget withStatus = client.resources(Gadget.class).withName("g1").get();
    withStatus.setStatus(new Gadget.Status());
    withStatus.getStatus().setPhase("Ready");
    withStatus.getSpec().setSize(99); // a status write ignores the spec
    client.resources(Gadget.class).resource(withStatus).updateStatus();

    Gadget read = client.resources(Gadget.class).withName("g1").get();
    assertThat(read.getStatus().getPhase()).isEqualTo("Ready");
    assertThat(read.getSpec().getSize()).isEqualTo(3);
    assertThat(client.resources(Gadget.class, Gadget.List.class).list().getItems())
        .extracting(g -> g.getMetadata().getName()).containsExactly("g1");
  }

  @Test
  void theBuiltInKindsAreStillServed(KubernetesClient client) {
    client.resources(SandboxClaim.class).resource(SandboxClaim.of(null, "c1",
        new SandboxClaimSpec().withTemplateName("t"))).create();
    assertThat(client.resources(SandboxClaim.class).withName("c1").get()).isNotNull();
  }

  @Test
  void aServerStartedInCodeServesTheKindsItIsGiven() {
    try (MockApiServer server = MockApiServer.start(Gadget.class);
        KubernetesClient client = server.createClient()) {
      client.resources(Gadget.class).resource(Gadget.of("g2", 1)).create();
      assertThat(client.resources(Gadget.class).withName("g2").get().getSpec().getSize())
          .isEqualTo(1);
    }
  }
}
