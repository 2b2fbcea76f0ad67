package io.kruise.agents.informers;

import static io.kruise.agents.informers.InformerFixtures.poolSandbox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxAnnotations;
import io.kruise.agents.model.SandboxLabels;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a {@link ClaimStamp} adds to the claim's merge patch, and the keys it refuses. */
class SandboxPoolStampTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  private static JsonNode patch(ClaimStamp stamp) throws Exception {
    Sandbox cached = poolSandbox("ns", "s1", "pool");
    cached.getMetadata().setResourceVersion("7");
    return JSON.readTree(SandboxPool.claimPatch(cached, "uid-1", stamp, NOW));
  }

  @Test
  void anEmptyStampSendsTheClaimAlone() throws Exception {
    JsonNode p = patch(ClaimStamp.NONE);
    assertThat(p.has("spec")).isFalse();
    assertThat(p.at("/metadata/resourceVersion").asText()).isEqualTo("7");
    assertThat(JSON.convertValue(p.at("/metadata/labels"), Map.class))
        .isEqualTo(Map.of(SandboxLabels.SANDBOX_CLAIMED, "true"));
    assertThat(JSON.convertValue(p.at("/metadata/annotations"), Map.class)).containsOnlyKeys(
        SandboxAnnotations.LOCK, SandboxAnnotations.OWNER, SandboxAnnotations.CLAIM_TIMESTAMP);
    assertThat(ClaimStamp.NONE.isEmpty()).isTrue();
  }

  @Test
  void aStampAddsTheClaimNameLabelsAnnotationsShutdownAndInitRequest() throws Exception {
    ClaimStamp stamp = ClaimStamp.builder().claimName("job-7")
        .labels(Map.of("team", "a", "tier", "gold"))
        .annotations(Map.of("note", "hi"))
        .shutdownTime(Instant.parse("2026-02-01T00:00:00Z"))
        .initRuntimeEnv(Map.of("MODE", "fast"))
        .build();
    JsonNode p = patch(stamp);
    assertThat(p.at("/spec/shutdownTime").asText()).isEqualTo("2026-02-01T00:00:00Z");
    assertThat(JSON.convertValue(p.at("/metadata/labels"), Map.class)).isEqualTo(Map.of(
        "team", "a", "tier", "gold", SandboxLabels.CLAIM_NAME, "job-7",
        SandboxLabels.SANDBOX_CLAIMED, "true"));
    JsonNode annotations = p.at("/metadata/annotations");
    assertThat(annotations.get("note").asText()).isEqualTo("hi");
    assertThat(annotations.get(SandboxAnnotations.OWNER).asText()).isEqualTo("uid-1");
    assertThat(annotations.get(SandboxAnnotations.CLAIM_TIMESTAMP).asText())
        .isEqualTo("2026-01-02T03:04:05Z");
    JsonNode updated = JSON.readTree(
        annotations.get(SandboxAnnotations.UPDATED_METADATA_IN_CLAIM).asText());
    assertThat(updated.toString()).isEqualTo("{\"labels\":[\"team\",\"tier\"],"
        + "\"annotations\":[\"note\"]}");
    JsonNode init = JSON.readTree(annotations.get(SandboxAnnotations.INIT_RUNTIME_REQUEST)
        .asText());
    assertThat(init.at("/envVars/MODE").asText()).isEqualTo("fast");
    assertThat(init.get("accessToken").asText()).isNotBlank()
        .isEqualTo(annotations.get(SandboxAnnotations.RUNTIME_ACCESS_TOKEN).asText());
  }

  @Test
  void eachSandboxGetsItsOwnAccessToken() throws Exception {
    ClaimStamp stamp = ClaimStamp.builder().initRuntimeEnv(Map.of()).build();
    String a = patch(stamp).at("/metadata/annotations")
        .get(SandboxAnnotations.RUNTIME_ACCESS_TOKEN).asText();
    String b = patch(stamp).at("/metadata/annotations")
        .get(SandboxAnnotations.RUNTIME_ACCESS_TOKEN).asText();
    assertThat(a).isNotEqualTo(b);
    assertThat(JSON.readTree(patch(stamp).at("/metadata/annotations")
        .get(SandboxAnnotations.INIT_RUNTIME_REQUEST).asText()).has("envVars")).isFalse();
  }

  @Test
  void reservedKeysAreRefusedNamingTheKey() {
    for (String key : new String[] {SandboxLabels.SANDBOX_ID, SandboxLabels.SANDBOX_CLAIMED,
        SandboxLabels.CLAIM_NAME}) {
      assertThatThrownBy(() -> ClaimStamp.builder().labels(Map.of(key, "x")))
          .isInstanceOf(ValidationException.class).hasMessageContaining("labels[" + key + "]");
    }
    for (String key : new String[] {SandboxAnnotations.SANDBOX_ID, SandboxAnnotations.LOCK,
        SandboxAnnotations.OWNER, SandboxAnnotations.INIT_RUNTIME_REQUEST}) {
      assertThatThrownBy(() -> ClaimStamp.builder().annotations(Map.of(key, "x")))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("annotations[" + key + "]");
    }
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("k", null);
    assertThatThrownBy(() -> ClaimStamp.builder().initRuntimeEnv(nullValue))
        .isInstanceOf(ValidationException.class).hasMessageContaining("envVars[k]");
    assertThatThrownBy(() -> ClaimStamp.builder().claimName(" "))
        .isInstanceOf(ValidationException.class).hasMessageContaining("claimName");
  }

  @Test
  void theStampIsCopiedWhenBuilt() {
    Map<String, String> labels = new HashMap<>(Map.of("a", "1"));
    ClaimStamp stamp = ClaimStamp.builder().labels(labels).build();
    labels.put("b", "2");
    assertThat(stamp.labels()).isEqualTo(Map.of("a", "1"));
  }
}
