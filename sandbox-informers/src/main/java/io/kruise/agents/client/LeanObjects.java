package io.kruise.agents.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;

/**
 * Marks objects that a lean informer cache stored without some fields ({@code
 * metadata.managedFields}, {@code spec.template}, {@code spec.volumeClaimTemplates}). Such an
 * object must not be written back: the client refuses it, and a fresh read gives the full object.
 */
public final class LeanObjects {

  /** Annotation on a lean cached object; its value lists what was stripped. */
  public static final String PARTIAL_ANNOTATION = "agents.kruise.io/java-cache-partial";

  private LeanObjects() {}

  /**
   * @param obj any object
   * @return true when it is a lean copy from an informer cache
   */
  public static boolean isPartial(HasMetadata obj) {
    if (obj == null || obj.getMetadata() == null) {
      return false;
    }
    Map<String, String> annotations = obj.getMetadata().getAnnotations();
    return annotations != null && annotations.containsKey(PARTIAL_ANNOTATION);
  }

  /**
   * @param obj a lean object
   * @return what was stripped from it, e.g. {@code managedFields,template}, or null if it is full
   */
  public static String strippedFields(HasMetadata obj) {
    return isPartial(obj) ? obj.getMetadata().getAnnotations().get(PARTIAL_ANNOTATION) : null;
  }
}
