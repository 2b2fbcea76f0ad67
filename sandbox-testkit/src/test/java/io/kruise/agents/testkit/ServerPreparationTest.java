package io.kruise.agents.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preparation script fails with one clear line, and the CRDs ship with the model. */
class ServerPreparationTest {

  @Test
  void anUnusableCacheDirectoryFailsWithOneLineNamingIt(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
    String previous = System.getProperty("sandbox.testkit.cache");
    System.setProperty("sandbox.testkit.cache", file.toString());
    try {
      assertThatThrownBy(ServerPreparation::prepare)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("testkit: error: ")
          .hasMessageNotContaining("\n");
    } finally {
      if (previous == null) {
        System.clearProperty("sandbox.testkit.cache");
      } else {
        System.setProperty("sandbox.testkit.cache", previous);
      }
    }
  }

  @Test
  void theShippedCrdsAreTheFourKinds() {
    assertThat(Crds.load()).extracting(c -> c.getMetadata().getName())
        .containsExactly("sandboxes.agents.kruise.io", "sandboxsets.agents.kruise.io",
            "sandboxclaims.agents.kruise.io", "sandboxtemplates.agents.kruise.io");
    assertThat(Crds.load().get(1).getSpec().getVersions().get(0).getSubresources().getScale()
        .getSpecReplicasPath()).isEqualTo(".spec.replicas");
  }

  @Test
  void theLeaseStandInIsApprovedAndNotAmongTheCrdsInstalledOnExternalClusters() {
    var lease = Crds.leaseStandIn();
    assertThat(lease.getMetadata().getName()).isEqualTo(Crds.LEASE_CRD_NAME);
    assertThat(lease.getMetadata().getAnnotations())
        .containsEntry("api-approved.kubernetes.io", "unapproved, testkit stand-in");
    assertThat(lease.getSpec().getGroup()).isEqualTo("coordination.k8s.io");
    assertThat(lease.getSpec().getNames().getKind()).isEqualTo("Lease");
    assertThat(lease.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema()
        .getProperties().get("spec").getProperties()).containsOnlyKeys("holderIdentity",
            "leaseDurationSeconds", "acquireTime", "renewTime", "leaseTransitions",
            "preferredHolder", "strategy");
    // Crds.install (also used on SANDBOX_TEST_KUBECONFIG clusters) never installs it
    assertThat(Crds.load()).extracting(c -> c.getMetadata().getName())
        .doesNotContain(Crds.LEASE_CRD_NAME);
  }
}
