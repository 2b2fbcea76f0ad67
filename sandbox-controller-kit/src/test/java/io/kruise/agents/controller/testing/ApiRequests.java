package io.kruise.agents.controller.testing;

/**
 * Counts of API requests by verb, resource and namespace, from whichever side can see them: the
 * client ({@link RequestLog}, on the mock server and the real one) or the API server itself (the
 * testkit's request counters on the real server). Tests of "exactly one LIST and one WATCH per
 * kind and scope" assert against every counter they have, so the server-side count is added by
 * giving the test another implementation.
 */
public interface ApiRequests {

  /** The verbs, named as the API server's {@code apiserver_request_total} names them. */
  enum Verb {
    /** A GET of one object. */
    GET,
    /** A GET of a collection. */
    LIST,
    /** A GET with {@code watch=true}. */
    WATCH,
    /** A create. */
    POST,
    /** An update. */
    PUT,
    /** A JSON, merge or strategic-merge patch. */
    PATCH,
    /** A server-side apply patch. */
    APPLY,
    /** A delete of one object. */
    DELETE,
    /** A delete of a collection. */
    DELETECOLLECTION,
    /** Anything else. */
    OTHER
  }

  /**
   * @param verb the verb
   * @param resource the plural, e.g. {@code sandboxes}
   * @param namespace the namespace, or {@code ""} for requests across all namespaces
   * @return how many such requests were started since this counter began
   */
  long count(Verb verb, String resource, String namespace);

  /** @return a one-line description of this counter for assertion messages */
  String describe();
}
