package io.kruise.agents.examples.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.kruise.agents.model.AgentsApi;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxSetSpec;
import io.kruise.agents.model.SandboxSpec;
import io.kruise.agents.model.SandboxStates;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the simulated pool controller decides, without any server. */
class PoolFillerTest {

  @Test
  void aPoolLacksWhatItsMembersDoNotCoverAndNewMembersBelongToIt() {
    SandboxSet set = SandboxSet.of("sandboxes", "python", new SandboxSetSpec().withReplicas(3));
    set.getMetadata().setUid("uid-python");
    Sandbox member = Sandbox.of("sandboxes", "python-1", new SandboxSpec());

    List<Sandbox> missing = PoolFiller.plan(set, List.of(member)).create();

    assertThat(missing).hasSize(2);
    for (Sandbox s : missing) {
      assertThat(s.getMetadata().getName()).startsWith("python-");
      assertThat(s.getMetadata().getNamespace()).isEqualTo("sandboxes");
      assertThat(s.getMetadata().getLabels()).containsEntry(SandboxLabels.SANDBOX_POOL, "python");
      assertThat(SandboxStates.isControlledBySandboxSet(s)).isTrue();
      assertThat(s.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo("uid-python");
      assertThat(s.getMetadata().getOwnerReferences().get(0).getKind())
          .isEqualTo(AgentsApi.SANDBOXSET_KIND);
    }
    assertThat(missing.get(0).getMetadata().getName())
        .isNotEqualTo(missing.get(1).getMetadata().getName());
    assertThat(PoolFiller.plan(set, List.of(member, member, member)))
        .isEqualTo(new PoolFiller.Plan(List.of(), List.of()));
    assertThat(PoolFiller.plan(SandboxSet.of("sandboxes", "empty", new SandboxSetSpec()),
        List.of())).isEqualTo(new PoolFiller.Plan(List.of(), List.of()));
  }

  @Test
  void aSurplusIsDeletedStartingWithTheLeastReadyAndNewest() {
    SandboxSet set = SandboxSet.of("sandboxes", "python", new SandboxSetSpec().withReplicas(2));
    Sandbox oldReady = member("old-ready", "2026-01-01T00:00:00Z", true);
    Sandbox newReady = member("new-ready", "2026-01-01T00:05:00Z", true);
    Sandbox oldCreating = member("old-creating", "2026-01-01T00:01:00Z", false);
    Sandbox newCreating = member("new-creating", "2026-01-01T00:02:00Z", false);

    PoolFiller.Plan plan = PoolFiller.plan(set,
        List.of(oldReady, newCreating, newReady, oldCreating));

    assertThat(plan.create()).isEmpty();
    assertThat(plan.delete()).containsExactly(newCreating, oldCreating);
    assertThat(PoolFiller.plan(set, List.of(oldReady, newReady, oldCreating))
        .delete()).containsExactly(oldCreating);
  }

  private static Sandbox member(String name, String created, boolean ready) {
    Sandbox s = Sandbox.of("sandboxes", name, new SandboxSpec());
    s.getMetadata().setCreationTimestamp(created);
    if (ready) {
      s.setStatus(SimulatedRuntime.running(s, "10.0.0.1"));
    }
    return s;
  }

  @Test
  void aNewSandboxStartsRunningAndReady() {
    Sandbox s = Sandbox.of("sandboxes", "python-1", new SandboxSpec());
    assertThat(SimulatedRuntime.isNew(s)).isTrue();
    s.setStatus(SimulatedRuntime.running(s, "10.0.0.7"));
    assertThat(SimulatedRuntime.isNew(s)).isFalse();
    assertThat(SandboxStates.isReady(s)).isTrue();
    assertThat(s.getStatus().getPodInfo().getPodIP()).isEqualTo("10.0.0.7");
  }
}
