package io.kruise.agents.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.kruise.agents.model.AgentsApi;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxClaim;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxTemplate;
import io.kruise.agents.testkit.gadget.Gadget;
import io.kruise.agents.testkit.gadget.Shipped;
import io.kruise.agents.testkit.gadget.Unregistered;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A kind's CRD is found from its model class: the shipped YAML, else generated from the class. */
class CrdsForKindsTest {

  @Test
  void theCrdNameIsThePluralAndGroupOfTheClass() {
    assertThat(Crds.crdName(Sandbox.class)).isEqualTo(AgentsApi.SANDBOX_CRD_NAME);
    assertThat(Crds.crdName(SandboxSet.class)).isEqualTo(AgentsApi.SANDBOXSET_CRD_NAME);
    assertThat(Crds.crdName(SandboxClaim.class)).isEqualTo(AgentsApi.SANDBOXCLAIM_CRD_NAME);
    assertThat(Crds.crdName(SandboxTemplate.class)).isEqualTo(AgentsApi.SANDBOXTEMPLATE_CRD_NAME);
    assertThat(Crds.crdName(Gadget.class)).isEqualTo("gizmos.testkit.example.io");
  }

  @Test
  void theBuiltInKindsLoadTheShippedYamlThroughTheirClasses() {
    assertThat(Crds.load()).isEqualTo(Crds.load(Sandbox.class, SandboxSet.class,
        SandboxClaim.class, SandboxTemplate.class));
    for (String name : List.of(AgentsApi.SANDBOX_CRD_NAME, AgentsApi.SANDBOXSET_CRD_NAME,
        AgentsApi.SANDBOXCLAIM_CRD_NAME, AgentsApi.SANDBOXTEMPLATE_CRD_NAME)) {
      assertThat(Crds.load().stream().filter(c -> c.getMetadata().getName().equals(name)))
          .singleElement().isEqualTo(Crds.load(name));
    }
  }

  @Test
  void aKindWithoutShippedYamlGetsAGeneratedCrd() {
    CustomResourceDefinition crd = Crds.load(Gadget.class).get(0);
    assertThat(crd.getMetadata().getName()).isEqualTo("gizmos.testkit.example.io");
    assertThat(crd.getSpec().getGroup()).isEqualTo("testkit.example.io");
    assertThat(crd.getSpec().getNames().getPlural()).isEqualTo("gizmos");
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo("Gadget");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);
    assertThat(version.getName()).isEqualTo("v1beta1");
    assertThat(version.getSubresources().getStatus()).as("status subresource").isNotNull();
    assertThat(version.getSchema().getOpenAPIV3Schema().getProperties().get("spec")
        .getProperties().get("size").getType()).isEqualTo("integer");
  }

  @Test
  void aKindWhoseYamlIsOnTheClasspathGetsThatYaml() {
    CustomResourceDefinition crd = Crds.load(Shipped.class).get(0);
    assertThat(crd.getMetadata().getName()).isEqualTo("shippeds.testkit.example.io");
    assertThat(crd.getSpec().getNames().getShortNames()).as("only the YAML has it")
        .containsExactly("shp");
  }

  @Test
  void aClassThatNamesNoApiIsRefusedNamingIt() {
    assertThatThrownBy(() -> Crds.load(Unregistered.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Unregistered.class.getName())
        .hasMessageContaining("@Group");
  }
}
