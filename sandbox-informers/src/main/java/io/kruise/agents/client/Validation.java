package io.kruise.agents.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kruise.agents.client.exceptions.ValidationException;
import java.util.regex.Pattern;

/**
 * Client-side checks that run before any request, so that input the server would refuse (or,
 * worse, apply to the wrong object) fails fast with a {@link ValidationException} naming the field.
 */
final class Validation {

  private static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private Validation() {}

  /** Checks an object name: a DNS-1123 subdomain of at most 253 characters. */
  static String name(String name) {
    return name("metadata.name", name);
  }

  static String name(String field, String name) {
    if (name == null || name.isBlank()) {
      throw ValidationException.forField(field, "Required", "must not be null or blank");
    }
    if (name.length() > 253 || !DNS1123_SUBDOMAIN.matcher(name).matches()) {
      throw ValidationException.forField(field, "Invalid", "'" + name
          + "' is not a DNS-1123 subdomain (at most 253 lower-case alphanumerics, '-' or '.',"
          + " starting and ending with an alphanumeric)");
    }
    return name;
  }

  /** Checks a namespace: a DNS-1123 label of at most 63 characters. */
  static String namespace(String namespace) {
    if (namespace == null || namespace.isBlank()) {
      throw ValidationException.forField("metadata.namespace", "Required",
          "must not be null or blank");
    }
    if (namespace.length() > 63 || !DNS1123_LABEL.matcher(namespace).matches()) {
      throw ValidationException.forField("metadata.namespace", "Invalid", "'" + namespace
          + "' is not a DNS-1123 label (at most 63 lower-case alphanumerics or '-',"
          + " starting and ending with an alphanumeric)");
    }
    return namespace;
  }

  /** Checks that an argument is given. */
  static <T> T required(String argument, T value) {
    if (value == null) {
      throw ValidationException.forField(argument, "Required", "must not be null");
    }
    return value;
  }

  /** Checks a label selector's syntax; null or blank means none. */
  static String labelSelector(String selector) {
    LabelSelector.parse(selector);
    return selector == null || selector.isBlank() ? null : selector;
  }

  /** Checks a field selector's syntax; null or blank means none. */
  static String fieldSelector(String selector) {
    FieldSelectors.parse(selector);
    return selector == null || selector.isBlank() ? null : selector;
  }

  /**
   * Checks that an update body carries the resourceVersion it was read at: without one the write
   * would overwrite changes it has not seen.
   */
  static void resourceVersion(HasMetadata body, String kind) {
    String rv = body.getMetadata() == null ? null : body.getMetadata().getResourceVersion();
    if (rv == null || rv.isBlank()) {
      throw ValidationException.forField("metadata.resourceVersion", "Required", "an update"
          + " must carry the resourceVersion the " + kind + " was read at, so that it cannot"
          + " overwrite changes it has not seen: write back an object read with get" + kind
          + ", use modify" + kind + "(name, mutation) to read, change and retry on conflicts,"
          + " or pass UpdateMode.UNCONDITIONAL to overwrite whatever is stored");
    }
  }

  /**
   * Checks that a body exists and is of the expected kind and apiVersion (when it names them);
   * a missing one is named as the argument of the kind ({@code sandbox}, {@code sandboxSet}).
   */
  static <T extends HasMetadata> T body(T body, String apiVersion, String kind) {
    if (body == null) {
      throw ValidationException.forField(Character.toLowerCase(kind.charAt(0)) + kind.substring(1),
          "Required", "must not be null");
    }
    if (body.getApiVersion() != null && !apiVersion.equals(body.getApiVersion())) {
      throw ValidationException.forField("apiVersion", "Invalid",
          "expected '" + apiVersion + "' but the body says '" + body.getApiVersion() + "'");
    }
    if (body.getKind() != null && !kind.equals(body.getKind())) {
      throw ValidationException.forField("kind", "Invalid",
          "expected '" + kind + "' but the body says '" + body.getKind() + "'");
    }
    if (LeanObjects.isPartial(body)) {
      throw ValidationException.forField("metadata.annotations["
          + LeanObjects.PARTIAL_ANNOTATION + "]", "Partial",
          "this object comes from a lean informer cache without "
              + LeanObjects.strippedFields(body)
              + "; writing it back would drop them: read it with get first and write that");
    }
    return body;
  }

  /** Checks that a body's namespace, when set, is the namespace the request goes to. */
  static void bodyNamespace(HasMetadata body, String namespace) {
    String bodyNamespace = body.getMetadata() == null ? null : body.getMetadata().getNamespace();
    if (bodyNamespace != null && !bodyNamespace.equals(namespace)) {
      throw ValidationException.forField("metadata.namespace", "Invalid", "the body is in namespace '"
          + bodyNamespace + "' but the request is for namespace '" + namespace + "'");
    }
  }

  /** Checks that a body's name, when set, is the name the request is for. */
  static void bodyName(HasMetadata body, String name) {
    String bodyName = body.getMetadata() == null ? null : body.getMetadata().getName();
    if (bodyName != null && !bodyName.equals(name)) {
      throw ValidationException.forField("metadata.name", "Invalid",
          "the body is named '" + bodyName + "' but the request is for '" + name + "'");
    }
  }

  /** Checks that a body to create has a name or a generateName. */
  static void nameOrGenerateName(HasMetadata body) {
    var meta = body.getMetadata();
    String generateName = meta == null ? null : meta.getGenerateName();
    if (meta != null && meta.getName() != null) {
      name(meta.getName());
    } else if (generateName == null || generateName.isBlank()) {
      throw ValidationException.forField("metadata.name", "Required",
          "set metadata.name or metadata.generateName");
    }
  }

  /** Checks a replica count. */
  static int replicas(Integer replicas) {
    if (replicas == null) {
      throw ValidationException.forField("spec.replicas", "Required", "must be set");
    }
    if (replicas < 0) {
      throw ValidationException.forField("spec.replicas", "Invalid",
          "must not be negative, was " + replicas);
    }
    return replicas;
  }

  /** Checks a wait's condition arguments. */
  static void condition(String conditionType, String conditionStatus) {
    if (conditionType == null || conditionType.isBlank()) {
      throw ValidationException.forField("conditionType", "Required", "must not be blank");
    }
    if (!"True".equals(conditionStatus) && !"False".equals(conditionStatus)
        && !"Unknown".equals(conditionStatus)) {
      throw ValidationException.forField("conditionStatus", "Invalid",
          "must be True, False or Unknown, was '" + conditionStatus + "'");
    }
  }

  /** Checks a timeout. */
  static java.time.Duration timeout(java.time.Duration timeout) {
    if (timeout == null || timeout.isNegative()) {
      throw ValidationException.forField("timeout", "Invalid",
          "must be zero or positive, was " + timeout);
    }
    return timeout;
  }
}
