package io.kruise.agents.informers;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.concurrent.CompletionException;

/**
 * How an informer judges the errors fabric8 reports: which are worth retrying, which HTTP status
 * they carry, and how to name them in one line for health and logs.
 */
final class InformerFailures {

  private InformerFailures() {}

  /**
   * @param t an error of the list or the watch
   * @return false for 401, 403 and 404 (not authorized, forbidden, the CRD is missing): retrying
   *     cannot help; true otherwise
   */
  static boolean isRetryable(Throwable t) {
    int code = httpCode(t);
    return code != 401 && code != 403 && code != 404;
  }

  /** @return the HTTP status of the failure, or 0 when it had no response */
  static int httpCode(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof KubernetesClientException k && k.getCode() > 0) {
        return k.getCode();
      }
    }
    return 0;
  }

  /** @return the error's class and message in one line, completion wrappers removed */
  static String describe(Throwable t) {
    Throwable root = t;
    while (root instanceof CompletionException && root.getCause() != null
        && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
