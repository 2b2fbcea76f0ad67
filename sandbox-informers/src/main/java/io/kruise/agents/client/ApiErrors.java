package io.kruise.agents.client;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.client.exceptions.ConflictException;
import io.kruise.agents.client.exceptions.PermissionDeniedException;
import io.kruise.agents.client.exceptions.ResourceVersionExpiredException;
import io.kruise.agents.client.exceptions.TimeoutException;
import io.kruise.agents.client.exceptions.ValidationException;
import java.io.InterruptedIOException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Translates fabric8's exceptions into this library's typed exceptions, keeping fabric8's as the
 * cause. Messages are built from the server's Status, never from request headers, so they cannot
 * carry a token.
 */
final class ApiErrors {

  /** Belt and braces: should a server ever echo a bearer token, it is cut from our message. */
  private static final Pattern BEARER = Pattern.compile("(?i)bearer\\s+[A-Za-z0-9._~+/=-]+");

  private ApiErrors() {}

  /**
   * Translates one failure.
   *
   * @param e the fabric8 exception
   * @param kind the kind operated on
   * @param verb the Kubernetes verb (get, list, create, update, patch, delete, watch, ...)
   * @param namespace the namespace, or null for all namespaces
   * @param name the object name, or null for collection requests
   * @return the typed exception to throw
   */
  static AgentsApiException translate(KubernetesClientException e, ResourceKind<?, ?> kind,
      String verb, String namespace, String name) {
    String target = describe(kind, namespace, name);
    if (isTimeout(e)) {
      return new TimeoutException(verb + " " + target + " timed out: " + serverMessage(e), null, e);
    }
    // fabric8 says -1 (or 0) when there was no response; the API promises 0 for that.
    int code = Math.max(0, e.getCode());
    String message = serverMessage(e);
    switch (code) {
      case 400, 422:
        return new ValidationException(verb + " " + target + " was refused (HTTP " + code + "): "
            + message, code, causes(e.getStatus()), e);
      case 413:
        return new ValidationException(verb + " " + target + " was refused: body: the request is"
            + " larger than the server accepts (HTTP 413): " + message, code,
            List.of(new ValidationException.FieldCause("body", "RequestEntityTooLarge", message)),
            e);
      case 401:
        return new PermissionDeniedException(verb + " " + kind.plural() + inNamespace(namespace)
            + " was refused: not authenticated (HTTP 401): " + message, code, verb, kind.plural(),
            namespace, e);
      case 403:
        return new PermissionDeniedException(verb + " " + kind.plural() + inNamespace(namespace)
            + " was refused: forbidden (HTTP 403): " + message, code, verb, kind.plural(),
            namespace, e);
      case 404:
        return kind.notFound().create(namespace, name == null ? "*" : name,
            name == null ? "not found (is the CRD installed?): " + message : "not found", e);
      case 409:
        ConflictException.Reason reason = conflictReason(e.getStatus(), message);
        return new ConflictException(verb + " " + target + " conflicted (" + describe(reason)
            + "): " + message, reason, e);
      case 410:
        return new ResourceVersionExpiredException(verb + " " + target
            + ": the resourceVersion is too old (HTTP 410 Gone); list again and watch from the"
            + " list's resourceVersion: " + message, null, e);
      case 408, 504:
        return new TimeoutException(verb + " " + target + " timed out on the server (HTTP " + code
            + "): " + message, null, e);
      default:
        return new AgentsApiException(verb + " " + target + " failed"
            + (code > 0 ? " (HTTP " + code + ")" : "") + ": " + message, code, e);
    }
  }

  static String describe(ResourceKind<?, ?> kind, String namespace, String name) {
    if (name != null) {
      return kind.kind() + " " + (namespace == null ? "" : namespace + "/") + name;
    }
    return kind.plural() + inNamespace(namespace);
  }

  private static String inNamespace(String namespace) {
    return namespace == null || namespace.isEmpty() ? " in all namespaces"
        : " in namespace " + namespace;
  }

  private static String describe(ConflictException.Reason reason) {
    return switch (reason) {
      case ALREADY_EXISTS -> "it already exists";
      case STALE_RESOURCE_VERSION -> "stale resourceVersion: re-read and retry";
      case APPLY_FIELD_CONFLICT -> "fields owned by another manager: apply with force to take them";
      case OTHER -> "conflict";
    };
  }

  static ConflictException.Reason conflictReason(Status status, String message) {
    String reason = status == null ? null : status.getReason();
    if ("AlreadyExists".equals(reason)) {
      return ConflictException.Reason.ALREADY_EXISTS;
    }
    String lower = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains("apply failed") || lower.contains("conflicts with")) {
      return ConflictException.Reason.APPLY_FIELD_CONFLICT;
    }
    if (lower.contains("has been modified") || lower.contains("resourceversion")
        || lower.contains("please apply your changes to the latest version")) {
      return ConflictException.Reason.STALE_RESOURCE_VERSION;
    }
    if (lower.contains("already exists")) {
      return ConflictException.Reason.ALREADY_EXISTS;
    }
    return ConflictException.Reason.OTHER;
  }

  private static List<ValidationException.FieldCause> causes(Status status) {
    List<ValidationException.FieldCause> causes = new ArrayList<>();
    if (status != null && status.getDetails() != null && status.getDetails().getCauses() != null) {
      for (StatusCause c : status.getDetails().getCauses()) {
        causes.add(new ValidationException.FieldCause(c.getField(), c.getReason(),
            redact(c.getMessage())));
      }
    }
    return causes;
  }

  private static String serverMessage(KubernetesClientException e) {
    Status status = e.getStatus();
    String message = status != null && status.getMessage() != null ? status.getMessage()
        : e.getMessage();
    if (message == null && e.getCause() != null) {
      message = e.getCause().toString();
    }
    return redact(message);
  }

  static String redact(String message) {
    return message == null ? null : BEARER.matcher(message).replaceAll("Bearer <redacted>");
  }

  private static boolean isTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientTimeoutException || t instanceof HttpTimeoutException
          || t instanceof java.util.concurrent.TimeoutException
          || (t instanceof InterruptedIOException && !(t instanceof java.net.SocketException))) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
