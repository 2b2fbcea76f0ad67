package io.kruise.agents.controller.claim;

import static io.kruise.agents.controller.ControllerFixtures.sandbox;
import static io.kruise.agents.controller.ControllerFixtures.sandboxSet;
import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kruise.agents.controller.OwnerReferences;
import io.kruise.agents.controller.StatusConditions;
import io.kruise.agents.informers.Lister;
import io.kruise.agents.informers.SandboxIndexes;
import io.kruise.agents.model.ConditionTypes;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxAnnotations;
import io.kruise.agents.model.SandboxClaim;
import io.kruise.agents.model.SandboxClaimPhase;
import io.kruise.agents.model.SandboxClaimSpec;
import io.kruise.agents.model.SandboxClaimStatus;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxPhase;
import io.kruise.agents.model.SandboxSet;
import io.kruise.agents.model.SandboxStatus;
import io.kruise.agents.model.TemplateRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which pool changes wake which claims. */
class ClaimWakeUpsTest {

  private final List<SandboxClaim> claims = new ArrayList<>();
  private final List<ResourceID> woken = new ArrayList<>();
  private final List<SandboxSet> sets = new ArrayList<>();
  private final ClaimWakeUps wakeUps = new ClaimWakeUps(
      new IndexOnly<>(SandboxIndexes.CLAIM_TEMPLATE, claims, c -> c.getSpec().getTemplateName()),
      new IndexOnly<>(SandboxIndexes.TEMPLATE_REF, sets, s -> s.getSpec().getTemplateRef() == null
          ? null : s.getSpec().getTemplateRef().getName()),
      woken::add);
  private final SandboxSet set = sandboxSet("ns", "pool", 1);

  ClaimWakeUpsTest() {
    set.getMetadata().setUid("set-uid");
  }

  /** A lister that answers one index from a list, and nothing else. */
  private static final class IndexOnly<T> implements Lister<T> {
    private final String index;
    private final List<T> items;
    private final java.util.function.Function<T, String> key;

    IndexOnly(String index, List<T> items, java.util.function.Function<T, String> key) {
      this.index = index;
      this.items = items;
      this.key = key;
    }

    @Override
    public List<T> byIndex(String indexName, String k) {
      assertThat(indexName).isEqualTo(index);
      return items.stream().filter(o -> k.equals(key.apply(o))).toList();
    }

    @Override
    public T get(String namespace, String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<T> list(String namespace) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<T> list(String namespace, String labelSelector) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Set<String> indexKeys(String indexName) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int size() {
      return items.size();
    }
  }

  private SandboxClaim claim(String ns, String name, String pool, SandboxClaimPhase phase) {
    SandboxClaim c = SandboxClaim.of(ns, name, new SandboxClaimSpec().withTemplateName(pool));
    if (phase != null) {
      c.setStatus(new SandboxClaimStatus().withPhase(phase));
    }
    claims.add(c);
    return c;
  }

  private Sandbox member(String name, boolean ready) {
    Sandbox s = sandbox("ns", name);
    s.getMetadata().setLabels(new HashMap<>(Map.of(SandboxLabels.SANDBOX_POOL, "pool")));
    s.getMetadata().setOwnerReferences(
        new ArrayList<>(List.of(OwnerReferences.controllerReference(set))));
    SandboxStatus status = new SandboxStatus().withPhase(SandboxPhase.RUNNING.value());
    if (ready) {
      status = StatusConditions.withCondition(status, StatusConditions.condition(
          ConditionTypes.READY, "True", "PodReady", "", 1L), Instant.EPOCH);
    }
    s.setStatus(status);
    return s;
  }

  private static Sandbox heldBy(Sandbox member, String claim, boolean ready) {
    Sandbox s = member.deepCopy();
    s.getMetadata().setOwnerReferences(new ArrayList<>());
    s.getMetadata().getLabels().put(SandboxLabels.SANDBOX_CLAIMED, "true");
    s.getMetadata().getLabels().put(SandboxLabels.CLAIM_NAME, claim);
    s.getMetadata().setAnnotations(new HashMap<>(Map.of(SandboxAnnotations.LOCK, "l")));
    if (!ready) {
      s.getStatus().setConditions(new ArrayList<>());
    }
    return s;
  }

  @Test
  void aSandboxBecomingAvailableWakesTheUnfinishedClaimsOfItsPoolOnly() {
    claim("ns", "waiting", "pool", SandboxClaimPhase.CLAIMING);
    claim("ns", "new", "pool", null);
    claim("ns", "done", "pool", SandboxClaimPhase.COMPLETED);
    claim("other-ns", "elsewhere", "pool", SandboxClaimPhase.CLAIMING);
    claim("ns", "other-pool", "pool-2", SandboxClaimPhase.CLAIMING);

    wakeUps.sandboxes().onUpdate(member("s1", false), member("s1", true));
    assertThat(woken).containsExactlyInAnyOrder(new ResourceID("waiting", "ns"),
        new ResourceID("new", "ns"));

    woken.clear();
    wakeUps.sandboxes().onUpdate(member("s1", true), member("s1", true));
    assertThat(woken).as("already claimable: nothing new").isEmpty();
    wakeUps.sandboxes().onAdd(member("s2", false));
    assertThat(woken).as("not ready: not claimable").isEmpty();
    wakeUps.sandboxes().onAdd(member("s3", true));
    assertThat(woken).hasSize(2);
  }

  @Test
  void aHeldSandboxChangingReadinessWakesItsClaim() {
    Sandbox member = member("s1", true);
    wakeUps.sandboxes().onUpdate(heldBy(member, "c1", false), heldBy(member, "c1", true));
    assertThat(woken).containsExactly(new ResourceID("c1", "ns"));
    woken.clear();
    wakeUps.sandboxes().onUpdate(heldBy(member, "c1", true), heldBy(member, "c1", true));
    assertThat(woken).isEmpty();
  }

  @Test
  void aSandboxSetAppearingOrGoingWakesTheClaimsNamingIt() {
    claim("ns", "waiting", "pool", SandboxClaimPhase.CLAIMING);
    wakeUps.sandboxSets().onAdd(set);
    wakeUps.sandboxSets().onUpdate(set, set);
    wakeUps.sandboxSets().onDelete(set, false);
    assertThat(woken).containsExactly(new ResourceID("waiting", "ns"),
        new ResourceID("waiting", "ns"));
  }

  @Test
  void aTemplatesPoolWakesTheClaimsNamingTheTemplateAndThoseNamingASetThatRefersToIt() {
    SandboxSet fromTemplate = sandboxSet("ns", "set-a", 1);
    fromTemplate.getSpec().setTemplate(null);
    fromTemplate.getSpec().setTemplateRef(TemplateRef.of("tpl"));
    sets.add(fromTemplate);
    claim("ns", "by-template", "tpl", SandboxClaimPhase.CLAIMING);
    claim("ns", "by-set", "set-a", SandboxClaimPhase.CLAIMING);
    claim("ns", "unrelated", "pool", SandboxClaimPhase.CLAIMING);

    Sandbox s = member("s1", true);
    s.getMetadata().setLabels(Map.of(SandboxLabels.SANDBOX_TEMPLATE, "tpl"));
    wakeUps.sandboxes().onAdd(s);
    assertThat(woken).containsExactlyInAnyOrder(new ResourceID("by-template", "ns"),
        new ResourceID("by-set", "ns"));

    woken.clear();
    wakeUps.sandboxSets().onAdd(fromTemplate);
    assertThat(woken).as("the set appearing concerns both").containsExactlyInAnyOrder(
        new ResourceID("by-template", "ns"), new ResourceID("by-set", "ns"));
  }
}
