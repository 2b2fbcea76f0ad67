package io.kruise.agents.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kruise.agents.client.AgentsClient;
import io.kruise.agents.client.AgentsKinds;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.SandboxClaim;
import io.kruise.agents.model.SandboxClaimPhase;
import io.kruise.agents.model.SandboxClaimSpec;
import io.kruise.agents.model.SandboxClaimStatus;
import io.kruise.agents.testkit.MockApiServer;
import io.kruise.agents.testkit.WithMockApiServer;
import org.junit.jupiter.api.Test;

/** StatusWriter from a kind's registration: SandboxClaim statuses. */
@WithMockApiServer
class StatusWriterForKindMockServerTest {

  @Test
  void writesAClaimsStatusOnceAndNotAgain(AgentsClient agents, MockApiServer server) {
    SandboxClaim claim = agents.sandboxClaims().createSandboxClaim(SandboxClaim.of(null,
        ControllerFixtures.uniqueName("claim"), new SandboxClaimSpec().withTemplateName("t")));
    StatusWriter<SandboxClaim, SandboxClaimStatus> writer = StatusWriter.forSandboxClaims(agents);
    SandboxClaimStatus desired = new SandboxClaimStatus().withPhase(SandboxClaimPhase.CLAIMING)
        .withClaimedReplicas(0);

    int before = server.requestCount();
    assertThat(writer.write(claim, desired)).isTrue();
    assertThat(server.requestCount()).isEqualTo(before + 1);
    SandboxClaim stored = agents.sandboxClaims().getSandboxClaim(claim.getMetadata().getName());
    assertThat(stored.getStatus()).isEqualTo(desired);
    assertThat(claim.getStatus()).as("the current object is not changed").isNull();

    int afterWrite = server.requestCount();
    assertThat(writer.write(stored, desired)).isFalse();
    assertThat(server.requestCount()).isEqualTo(afterWrite);
  }

  @Test
  void forKindIsTheSameForEveryKindWithAStatus(AgentsClient agents) {
    SandboxClaim claim = agents.sandboxClaims().createSandboxClaim(SandboxClaim.of(null,
        ControllerFixtures.uniqueName("claim"), new SandboxClaimSpec().withTemplateName("t")));
    StatusWriter<SandboxClaim, SandboxClaimStatus> writer = StatusWriter.forKind(agents,
        AgentsKinds.SANDBOX_CLAIM);
    assertThat(writer.write(claim, new SandboxClaimStatus().withClaimedReplicas(1))).isTrue();
    assertThatThrownBy(() -> StatusWriter.forKind(agents, null))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("kind"));
    assertThatThrownBy(() -> StatusWriter.forKind(null, AgentsKinds.SANDBOX_CLAIM))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fields()).containsExactly("agents"));
  }
}
