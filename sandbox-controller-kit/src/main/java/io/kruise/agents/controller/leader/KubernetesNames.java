package io.kruise.agents.controller.leader;

import io.kruise.agents.client.exceptions.ValidationException;
import java.util.regex.Pattern;

/** Checks of Kubernetes object names, so that bad names fail before any request. */
final class KubernetesNames {

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private KubernetesNames() {}

  /** A name such as a Lease's: an RFC 1123 subdomain of at most 253 characters. */
  static String requireSubdomain(String argument, String value) {
    requirePresent(argument, value);
    if (value.length() > 253 || !DNS_SUBDOMAIN.matcher(value).matches()) {
      throw ValidationException.forField(argument, "Invalid", "\"" + value + "\" is not a valid"
          + " name (lower-case letters, digits, '-' and '.', starting and ending with a letter or"
          + " digit, at most 253 characters)");
    }
    return value;
  }

  /** A namespace: an RFC 1123 label of at most 63 characters. */
  static String requireLabel(String argument, String value) {
    requirePresent(argument, value);
    if (value.length() > 63 || !DNS_LABEL.matcher(value).matches()) {
      throw ValidationException.forField(argument, "Invalid", "\"" + value + "\" is not a valid"
          + " namespace (lower-case letters, digits and '-', starting and ending with a letter or"
          + " digit, at most 63 characters)");
    }
    return value;
  }

  static String requirePresent(String argument, String value) {
    if (value == null || value.isBlank()) {
      throw ValidationException.forField(argument, "Required", "must not be null or blank");
    }
    return value;
  }
}
