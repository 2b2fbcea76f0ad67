package io.kruise.agents.informers;

/**
 * Comparisons of resourceVersions. The API treats them as opaque and promises only equality;
 * servers backed by etcd (all known ones) hand out increasing integers, and only when both sides
 * are such integers is "newer" decided by value.
 */
final class ResourceVersions {

  private ResourceVersions() {}

  /**
   * @param seen the version the informer has
   * @param written the version a write returned
   * @return true when {@code seen} is {@code written} or provably newer
   */
  static boolean isAtLeast(String seen, String written) {
    if (seen == null || written == null) {
      return false;
    }
    if (seen.equals(written)) {
      return true;
    }
    long a = parse(seen);
    long b = parse(written);
    return a >= 0 && b >= 0 && a > b;
  }

  /** @return the version as a non-negative number, or -1 when it is not one */
  static long parse(String rv) {
    if (rv == null || rv.isEmpty() || rv.length() > 18) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < rv.length(); i++) {
      char c = rv.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
