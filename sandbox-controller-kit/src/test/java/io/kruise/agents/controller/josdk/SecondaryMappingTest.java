package io.kruise.agents.controller.josdk;

import static io.kruise.agents.controller.josdk.JosdkFixtures.ownedBy;
import static io.kruise.agents.controller.josdk.JosdkFixtures.sandbox;
import static io.kruise.agents.controller.josdk.JosdkFixtures.sandboxSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Secondary-to-primary mappers and secondary lookups, without a server. */
class SecondaryMappingTest {

  private static SandboxSet set(String ns, String name) {
    SandboxSet s = sandboxSet(ns, name, 1);
    s.getMetadata().setUid("uid-" + ns + "-" + name);
    return s;
  }

  @Test
  void controllerOwnerMapsOnlyTheControllingReferenceOfThePrimaryKind() {
    SecondaryToPrimaryMapper<Sandbox> mapper = SecondaryMappers.controllerOwner(SandboxSet.class);
    Sandbox owned = ownedBy(set("a", "pool"), "s1");
    assertThat(mapper.toPrimaryResourceIDs(owned)).containsExactly(new ResourceID("pool", "a"));

    Sandbox notController = ownedBy(set("a", "pool"), "s2");
    notController.getMetadata().getOwnerReferences().get(0).setController(false);
    assertThat(mapper.toPrimaryResourceIDs(notController)).isEmpty();

    Sandbox otherKind = sandbox("a", "s3");
    otherKind.getMetadata().setOwnerReferences(new ArrayList<>(List.of(new OwnerReferenceBuilder()
        .withApiVersion("apps/v1").withKind("SandboxSet").withName("x").withUid("u")
        .withController(true).build())));
    assertThat(mapper.toPrimaryResourceIDs(otherKind)).as("same kind, other group").isEmpty();

    Sandbox otherVersion = ownedBy(set("a", "pool"), "s4");
    otherVersion.getMetadata().getOwnerReferences().get(0).setApiVersion("agents.kruise.io/v9");
    assertThat(mapper.toPrimaryResourceIDs(otherVersion)).containsExactly(
        new ResourceID("pool", "a"));

    assertThat(mapper.toPrimaryResourceIDs(sandbox("a", "free"))).isEmpty();
  }

  @Test
  void labelMapsToThePrimaryOfThatNameInTheSameNamespace() {
    SecondaryToPrimaryMapper<Sandbox> mapper = SecondaryMappers.label(SandboxLabels.SANDBOX_POOL);
    assertThat(mapper.toPrimaryResourceIDs(ownedBy(set("a", "pool"), "s1")))
        .containsExactly(new ResourceID("pool", "a"));
    assertThat(mapper.toPrimaryResourceIDs(sandbox("a", "free"))).isEmpty();
  }

  @Test
  void badArgumentsAreTypedErrorsNamingThem() {
    assertThatThrownBy(() -> SecondaryMappers.controllerOwner(null))
        .isInstanceOf(ValidationException.class).hasMessageContaining("primaryType");
    assertThatThrownBy(() -> SecondaryMappers.label(" "))
        .isInstanceOf(ValidationException.class).hasMessageContaining("nameLabel");
    assertThatThrownBy(() -> SecondaryMappers.index(null, "i", s -> List.of()))
        .isInstanceOf(ValidationException.class).hasMessageContaining("primaries");
    assertThatThrownBy(() -> SecondaryLookup.byIndex("", p -> "k"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("indexName");
    assertThatThrownBy(() -> SecondaryLookup.byIndex("i", null))
        .isInstanceOf(ValidationException.class).hasMessageContaining("keyOfPrimary");
    assertThatThrownBy(() -> SecondaryLookup.byLabel(null))
        .isInstanceOf(ValidationException.class).hasMessageContaining("label");
    assertThatThrownBy(() -> OwnerIndexes.ensureControllerUid(null))
        .isInstanceOf(ValidationException.class).hasMessageContaining("informer");
  }

  @Test
  void controllerUidIndexKeysAnObjectByItsControllersUid() {
    SandboxSet pool = set("a", "pool");
    assertThat(OwnerIndexes.<Sandbox>controllerUid().keys(ownedBy(pool, "s1")))
        .containsExactly("uid-a-pool");
    assertThat(OwnerIndexes.<Sandbox>controllerUid().keys(sandbox("a", "free"))).isEmpty();
  }

  @Test
  void lookupsFindTheSecondariesOfAPrimaryInItsNamespaceOnly() {
    SandboxSet pool = set("a", "pool");
    SandboxSet samePoolOtherNs = set("b", "pool");
    Sandbox s1 = ownedBy(pool, "s1");
    Sandbox s2 = ownedBy(pool, "s2");
    Sandbox foreign = ownedBy(samePoolOtherNs, "s3");
    SandboxSet recreated = set("a", "pool");
    recreated.getMetadata().setUid("uid-new");
    Sandbox ofOldIncarnation = s1;
    MapLister<Sandbox> lister = new MapLister<Sandbox>()
        .index(OwnerIndexes.CONTROLLER_UID, OwnerIndexes.controllerUid())
        .put(s1).put(s2).put(foreign).put(sandbox("a", "free"));

    assertThat(SecondaryLookup.<Sandbox, SandboxSet>controlledBy().find(pool, lister))
        .containsExactlyInAnyOrder(s1, s2);
    assertThat(SecondaryLookup.<Sandbox, SandboxSet>controlledByScan().find(pool, lister))
        .containsExactlyInAnyOrder(s1, s2);
    assertThat(SecondaryLookup.<Sandbox, SandboxSet>controlledBy().find(recreated, lister))
        .as("a new SandboxSet of the same name does not own the old one's sandboxes")
        .doesNotContain(ofOldIncarnation).isEmpty();
    assertThat(SecondaryLookup.<Sandbox, SandboxSet>byLabel(SandboxLabels.SANDBOX_POOL)
        .find(pool, lister)).containsExactlyInAnyOrder(s1, s2);
    assertThat(SecondaryLookup.<Sandbox, SandboxSet>byIndex(OwnerIndexes.CONTROLLER_UID,
        p -> "uid-b-pool").find(pool, lister)).as("index hits of another namespace are dropped")
        .isEmpty();
  }

  @Test
  void indexMapperAsksThePrimariesIndex() {
    SandboxSet pool = set("a", "pool");
    MapLister<SandboxSet> sets = new MapLister<SandboxSet>()
        .index("byName", s -> List.of(s.getMetadata().getName()))
        .put(pool).put(set("b", "pool"));
    SecondaryToPrimaryMapper<Sandbox> mapper = SecondaryMappers.index(
        new ListerOnlyInformer<>(sets), "byName",
        s -> List.of(s.getMetadata().getLabels().getOrDefault(SandboxLabels.SANDBOX_POOL, "")));

    assertThat(mapper.toPrimaryResourceIDs(ownedBy(pool, "s1")))
        .containsExactly(new ResourceID("pool", "a"));
    assertThat(mapper.toPrimaryResourceIDs(sandbox("a", "free"))).isEmpty();
  }
}
