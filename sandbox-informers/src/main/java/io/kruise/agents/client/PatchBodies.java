package io.kruise.agents.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kruise.agents.client.exceptions.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Parses a patch before it is sent, so that a malformed one is a {@link ValidationException}
 * naming the {@code patch} argument with the parser's exception as cause, instead of what fabric8
 * makes of it ("An error has occurred." with code -1, or the YAML parser's own exception).
 * Stateless and thread-safe.
 */
final class PatchBodies {

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private PatchBodies() {}

  /**
   * Checks that a patch is well-formed for its type: a JSON object for a merge patch, a JSON array
   * of operations for a JSON patch, one YAML or JSON object for server-side apply.
   *
   * @param type the patch type
   * @param patch the patch, not blank
   */
  static void check(PatchType type, String patch) {
    switch (type) {
      case MERGE -> {
        JsonNode node = json(patch, "a JSON merge patch");
        if (!node.isObject()) {
          throw invalid("a JSON merge patch must be a JSON object, like {\"spec\":{...}}, not "
              + node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT), null);
        }
      }
      case JSON -> {
        JsonNode node = json(patch, "a JSON patch");
        if (!node.isArray()) {
          throw invalid("a JSON patch must be a JSON array of operations, like"
              + " [{\"op\":\"replace\",\"path\":\"/spec/paused\",\"value\":true}]", null);
        }
      }
      case APPLY -> yamlObject(patch);
    }
  }

  private static JsonNode json(String patch, String what) {
    try {
      return JSON.readTree(patch);
    } catch (JsonProcessingException e) {
      throw invalid(what + " must be valid JSON: " + e.getOriginalMessage() + location(e), e);
    }
  }

  private static void yamlObject(String patch) {
    try {
      if (JSON.readTree(patch).isObject()) {
        return; // JSON is what most callers send; YAML parsers are stricter about its whitespace
      }
    } catch (JsonProcessingException notJson) {
      // then it must be YAML
    }
    List<Object> documents = new ArrayList<>();
    try {
      new Load(LoadSettings.builder().build()).loadAllFromString(patch).forEach(documents::add);
    } catch (RuntimeException e) {
      throw invalid("a server-side apply patch must be valid YAML or JSON: " + e.getMessage(), e);
    }
    documents.removeIf(java.util.Objects::isNull);
    if (documents.size() != 1 || !(documents.get(0) instanceof Map)) {
      throw invalid("a server-side apply patch must be one YAML or JSON object (the intended"
          + " state of the fields this manager owns), found " + (documents.isEmpty() ? "nothing"
              : documents.size() > 1 ? documents.size() + " documents"
                  : documents.get(0).getClass().getSimpleName()), null);
    }
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
        + e.getLocation().getColumnNr() + ")";
  }

  private static ValidationException invalid(String message, Throwable cause) {
    return ValidationException.forField("patch", "Invalid", message, cause);
  }
}
