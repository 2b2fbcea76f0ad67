package io.kruise.agents.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kruise.agents.testkit.gadget.Gadget;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code @WithRealApiServer(kinds = ...)}: the CRD generated from a test's own model class is
 * installed and Established before the tests run, and the real server enforces its schema and
 * serves its status subresource.
 */
@WithRealApiServer(kinds = Gadget.class)
class KindsRealServerTest {

  @Test
  void theKindsCrdIsEstablished(KubernetesClient client) {
    var crd = client.apiextensions().v1().customResourceDefinitions()
        .withName("gizmos.testkit.example.io").get();
    assertThat(crd.getStatus().getConditions())
        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  @Test
  void theServerKeepsTheSpecOutOfAStatusWrite(KubernetesClient client) {
    client.resources(Gadget.class).resource(Gadget.of("g1", 3)).create();
    Gadget withStatus = client.resources(Gadget.class).withName("g1").get();
    withStatus.setStatus(new Gadget.Status());
    withStatus.getStatus().setPhase("Ready");
    withStatus.getSpec().setSize(99);
    client.resources(Gadget.class).resource(withStatus).updateStatus();

    Gadget read = client.resources(Gadget.class).withName("g1").get();
    assertThat(read.getStatus().getPhase()).isEqualTo("Ready");
    assertThat(read.getSpec().getSize()).isEqualTo(3);
  }

  @Test
  void theGeneratedSchemaIsEnforced(KubernetesClient client, TestCluster cluster) {
    GenericKubernetesResource wrongType = new GenericKubernetesResourceBuilder()
        .withApiVersion("testkit.example.io/v1beta1").withKind("Gadget")
        .withNewMetadata().withName("bad").withNamespace(cluster.namespace()).endMetadata()
        .withAdditionalProperties(Map.of("spec", Map.of("size", "large"))).build();
    ResourceDefinitionContext context = ResourceDefinitionContext.fromResourceType(Gadget.class);
    assertThatThrownBy(() -> client.genericKubernetesResources(context).resource(wrongType)
        .create())
        .isInstanceOfSatisfying(KubernetesClientException.class,
            e -> assertThat(e.getCode()).isEqualTo(422))
        .hasMessageContaining("spec.size");
  }

  @Test
  void installingAgainIsHarmless(TestCluster cluster, KubernetesClient client) {
    cluster.installCrds(Gadget.class);
    assertThat(client.resources(Gadget.class).list().getItems()).isNotNull();
  }
}
