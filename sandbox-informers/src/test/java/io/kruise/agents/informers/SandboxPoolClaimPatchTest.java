package io.kruise.agents.informers;

import static io.kruise.agents.informers.InformerFixtures.poolSandbox;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxAnnotations;
import io.kruise.agents.model.SandboxLabels;
import io.kruise.agents.model.SandboxStates;
import io.kruise.agents.model.Times;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The claim as a JSON merge patch (RFC 7386), applied here with the standard's semantics, which
 * the mock server does not implement for lists.
 */
class SandboxPoolClaimPatchTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** RFC 7386 merge: objects merge recursively, null removes, everything else replaces. */
  private static JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
        : JSON.createObjectNode();
    Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      if (f.getValue().isNull()) {
        result.remove(f.getKey());
      } else {
        result.set(f.getKey(), merge(result.get(f.getKey()), f.getValue()));
      }
    }
    return result;
  }

  private static Sandbox claim(Sandbox cached, String owner) throws Exception {
    JsonNode patched = merge(JSON.valueToTree(cached),
        JSON.readTree(SandboxPool.claimPatch(cached, owner)));
    return JSON.treeToValue(patched, Sandbox.class);
  }

  private static Sandbox cached() {
    Sandbox s = poolSandbox("ns", "s1", "pool");
    s.getMetadata().setResourceVersion("42");
    s.setStatus(InformerFixtures.running(true));
    return s;
  }

  @Test
  void theClaimRemovesTheControllerAndMarksTheSandbox() throws Exception {
    Sandbox claimed = claim(cached(), "alice");
    assertThat(claimed.getMetadata().getOwnerReferences()).isEmpty();
    assertThat(SandboxStates.isControlledBySandboxSet(claimed)).isFalse();
    assertThat(claimed.getMetadata().getLabels())
        .containsEntry(SandboxLabels.SANDBOX_CLAIMED, "true")
        .containsEntry(SandboxLabels.SANDBOX_POOL, "pool");
    assertThat(claimed.getMetadata().getAnnotations().get(SandboxAnnotations.LOCK)).isNotBlank();
    assertThat(claimed.getMetadata().getAnnotations())
        .containsEntry(SandboxAnnotations.OWNER, "alice");
    assertThat(Times.parse(claimed.getMetadata().getAnnotations()
        .get(SandboxAnnotations.CLAIM_TIMESTAMP))).isPresent();
    assertThat(SandboxIndexes.sandboxKeys(SandboxIndexes.POOL, claimed)).as("leaves the pool").isEmpty();
    assertThat(SandboxIndexes.sandboxKeys(SandboxIndexes.CLAIMED_SANDBOX_ID, claimed)).containsExactly("ns--s1");
    assertThat(SandboxIndexes.sandboxKeys(SandboxIndexes.STATE, claimed)).containsExactly("running");
  }

  @Test
  void theClaimCarriesTheCachedResourceVersion() throws Exception {
    JsonNode patch = JSON.readTree(SandboxPool.claimPatch(cached(), "alice"));
    assertThat(patch.at("/metadata/resourceVersion").asText()).isEqualTo("42");
  }

  @Test
  void otherOwnerReferencesAreKept() throws Exception {
    Sandbox cached = cached();
    List<OwnerReference> refs = new ArrayList<>(cached.getMetadata().getOwnerReferences());
    refs.add(new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap")
        .withName("cm").withUid("u").build());
    cached.getMetadata().setOwnerReferences(refs);
    Sandbox claimed = claim(cached, "alice");
    assertThat(claimed.getMetadata().getOwnerReferences()).singleElement()
        .extracting(OwnerReference::getKind).isEqualTo("ConfigMap");
  }

  @Test
  void withoutAControllerTheOwnerReferencesAreLeftAlone() throws Exception {
    Sandbox cached = cached();
    cached.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder()
        .withApiVersion("v1").withKind("ConfigMap").withName("cm").withUid("u").build()));
    JsonNode patch = JSON.readTree(SandboxPool.claimPatch(cached, "alice"));
    assertThat(patch.at("/metadata").has("ownerReferences")).isFalse();
  }

  @Test
  void everyClaimHasItsOwnLock() throws Exception {
    assertThat(claim(cached(), "a").getMetadata().getAnnotations().get(SandboxAnnotations.LOCK))
        .isNotEqualTo(claim(cached(), "a").getMetadata().getAnnotations()
            .get(SandboxAnnotations.LOCK));
  }
}
