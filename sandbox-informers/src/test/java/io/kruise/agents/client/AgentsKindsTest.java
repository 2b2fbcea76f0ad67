package io.kruise.agents.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.kruise.agents.client.exceptions.SandboxClaimNotFoundException;
import io.kruise.agents.client.exceptions.SandboxNotFoundException;
import io.kruise.agents.client.exceptions.SandboxSetNotFoundException;
import io.kruise.agents.client.exceptions.SandboxTemplateNotFoundException;
import io.kruise.agents.model.AgentsApi;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxClaim;
import io.kruise.agents.model.SandboxClaimPhase;
import io.kruise.agents.model.SandboxClaimSpec;
import io.kruise.agents.model.SandboxClaimStatus;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSpec;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The built-in registrations: names equal the model's API constants, and the index functions of
 * the claim kinds (the Sandbox ones are in {@code SandboxIndexesTest}).
 */
class AgentsKindsTest {

  private static Sandbox sandbox(Map<String, String> labels) {
    Sandbox s = Sandbox.of("ns", "s", new SandboxSpec());
    s.getMetadata().setLabels(labels == null ? null : new HashMap<>(labels));
    return s;
  }

  private static Collection<String> keys(String index, Sandbox s) {
    return AgentsKinds.SANDBOX.indexes().get(index).apply(s);
  }

  private static Collection<String> claimKeys(String index, SandboxClaim c) {
    return AgentsKinds.SANDBOX_CLAIM.indexes().get(index).apply(c);
  }

  @Test
  void theBuiltInKindsAreNamedAsTheModelsApiConstants() {
    assertThat(AgentsKinds.all()).containsExactly(AgentsKinds.SANDBOX, AgentsKinds.SANDBOX_SET,
        AgentsKinds.SANDBOX_CLAIM, AgentsKinds.SANDBOX_TEMPLATE);
    assertThat(AgentsKinds.all()).extracting(ResourceKind::crdName).containsExactly(
        AgentsApi.SANDBOX_CRD_NAME, AgentsApi.SANDBOXSET_CRD_NAME,
        AgentsApi.SANDBOXCLAIM_CRD_NAME, AgentsApi.SANDBOXTEMPLATE_CRD_NAME);
    assertThat(AgentsKinds.all()).extracting(ResourceKind::plural).containsExactly(
        AgentsApi.SANDBOX_PLURAL, AgentsApi.SANDBOXSET_PLURAL, AgentsApi.SANDBOXCLAIM_PLURAL,
        AgentsApi.SANDBOXTEMPLATE_PLURAL);
    assertThat(AgentsKinds.all()).extracting(ResourceKind::kind).containsExactly(
        AgentsApi.SANDBOX_KIND, AgentsApi.SANDBOXSET_KIND, AgentsApi.SANDBOXCLAIM_KIND,
        AgentsApi.SANDBOXTEMPLATE_KIND);
    assertThat(AgentsKinds.all()).extracting(ResourceKind::apiVersion)
        .containsOnly(AgentsApi.API_VERSION);
  }

  @Test
  void eachBuiltInKindHasItsNotFoundException() {
    assertThat(AgentsKinds.SANDBOX.notFound().create("n", "x", "d", null))
        .isInstanceOf(SandboxNotFoundException.class);
    assertThat(AgentsKinds.SANDBOX_SET.notFound().create("n", "x", "d", null))
        .isInstanceOf(SandboxSetNotFoundException.class);
    assertThat(AgentsKinds.SANDBOX_CLAIM.notFound().create("n", "x", "d", null))
        .isInstanceOf(SandboxClaimNotFoundException.class);
    assertThat(AgentsKinds.SANDBOX_TEMPLATE.notFound().create("n", "x", "d", null))
        .isInstanceOf(SandboxTemplateNotFoundException.class);
  }

  @Test
  void theIndexesOfEachKindAreRegisteredUnderTheirNames() {
    assertThat(AgentsKinds.SANDBOX.indexes()).containsOnlyKeys(AgentsKinds.POOL_INDEX,
        AgentsKinds.CLAIMED_SANDBOX_ID_INDEX, AgentsKinds.OWNER_INDEX, AgentsKinds.NODE_INDEX,
        AgentsKinds.STATE_INDEX, AgentsKinds.CLAIM_INDEX);
    // containsKeys: other parts of the issue add SandboxSet indexes of their own
    assertThat(AgentsKinds.SANDBOX_SET.indexes()).containsKeys(AgentsKinds.SANDBOXSET_NAME_INDEX);
    assertThat(AgentsKinds.SANDBOX_CLAIM.indexes()).containsOnlyKeys(
        AgentsKinds.CLAIM_TEMPLATE_INDEX, AgentsKinds.CLAIM_PHASE_INDEX);
    assertThat(AgentsKinds.SANDBOX_TEMPLATE.indexes()).isEmpty();
  }

  @Test
  void aClaimedSandboxIsIndexedByTheClaimThatHoldsIt() {
    assertThat(keys(AgentsKinds.CLAIM_INDEX, sandbox(Map.of(SandboxLabels.SANDBOX_CLAIMED,
        SandboxLabels.TRUE, SandboxLabels.CLAIM_NAME, "c1")))).containsExactly("c1");
  }

  @Test
  void anUnclaimedOrUnnamedSandboxIsUnderNoClaim() {
    // released (claimed=false) but still carrying the label of its former claim
    assertThat(keys(AgentsKinds.CLAIM_INDEX, sandbox(Map.of(SandboxLabels.SANDBOX_CLAIMED,
        "false", SandboxLabels.CLAIM_NAME, "c1")))).isEmpty();
    // claimed through SandboxPool, not by a claim
    assertThat(keys(AgentsKinds.CLAIM_INDEX, sandbox(Map.of(SandboxLabels.SANDBOX_CLAIMED,
        SandboxLabels.TRUE)))).isEmpty();
    assertThat(keys(AgentsKinds.CLAIM_INDEX, sandbox(Map.of(SandboxLabels.SANDBOX_CLAIMED,
        SandboxLabels.TRUE, SandboxLabels.CLAIM_NAME, "")))).isEmpty();
    assertThat(keys(AgentsKinds.CLAIM_INDEX, sandbox(null))).isEmpty();
  }

  @Test
  void aSandboxSetIsIndexedByItsName() {
    SandboxSet set = SandboxSet.of("ns", "pool", null);
    assertThat(AgentsKinds.SANDBOX_SET.indexes().get(AgentsKinds.SANDBOXSET_NAME_INDEX)
        .apply(set)).containsExactly("pool");
  }

  @Test
  void aClaimIsIndexedByItsTemplate() {
    assertThat(claimKeys(AgentsKinds.CLAIM_TEMPLATE_INDEX, SandboxClaim.of("ns", "c",
        new SandboxClaimSpec().withTemplateName("python")))).containsExactly("python");
    assertThat(claimKeys(AgentsKinds.CLAIM_TEMPLATE_INDEX, SandboxClaim.of("ns", "c",
        new SandboxClaimSpec()))).isEmpty();
    assertThat(claimKeys(AgentsKinds.CLAIM_TEMPLATE_INDEX, SandboxClaim.of("ns", "c", null)))
        .isEmpty();
  }

  @Test
  void aClaimIsIndexedByItsPhaseAndANewClaimUnderTheEmptyKey() {
    SandboxClaim claim = SandboxClaim.of("ns", "c", new SandboxClaimSpec().withTemplateName("t"));
    assertThat(claimKeys(AgentsKinds.CLAIM_PHASE_INDEX, claim)).containsExactly("");
    claim.setStatus(new SandboxClaimStatus());
    assertThat(claimKeys(AgentsKinds.CLAIM_PHASE_INDEX, claim)).containsExactly("");
    claim.setStatus(new SandboxClaimStatus().withPhase(SandboxClaimPhase.CLAIMING));
    assertThat(claimKeys(AgentsKinds.CLAIM_PHASE_INDEX, claim)).containsExactly("Claiming");
    claim.setStatus(new SandboxClaimStatus().withPhase(SandboxClaimPhase.COMPLETED));
    assertThat(claimKeys(AgentsKinds.CLAIM_PHASE_INDEX, claim)).containsExactly("Completed");
  }
}
