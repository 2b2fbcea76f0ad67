package io.kruise.agents.client;

import io.kruise.agents.client.exceptions.ValidationException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a field selector string ({@code metadata.name=a,metadata.namespace!=b}) into terms, for
 * the fabric8 calls that take fields one by one (delete-collection).
 */
final class FieldSelectors {

  /** One {@code field=value} or {@code field!=value} term. */
  record Term(String field, String value, boolean negated) {}

  private FieldSelectors() {}

  static List<Term> parse(String selector) {
    List<Term> terms = new ArrayList<>();
    if (selector == null || selector.isBlank()) {
      return terms;
    }
    for (String part : selector.split(",")) {
      String term = part.trim();
      int neq = term.indexOf("!=");
      int eq2 = term.indexOf("==");
      int eq = term.indexOf('=');
      if (neq > 0) {
        terms.add(new Term(term.substring(0, neq).trim(), term.substring(neq + 2).trim(), true));
      } else if (eq2 > 0) {
        terms.add(new Term(term.substring(0, eq2).trim(), term.substring(eq2 + 2).trim(), false));
      } else if (eq > 0) {
        terms.add(new Term(term.substring(0, eq).trim(), term.substring(eq + 1).trim(), false));
      } else {
        throw ValidationException.forField("fieldSelector", "Invalid", "'" + term
            + "' is not of the form field=value, field==value or field!=value");
      }
    }
    return terms;
  }
}
