package io.kruise.agents.client;

import io.kruise.agents.client.exceptions.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A parsed Kubernetes label selector: equality ({@code k=v}, {@code k==v}, {@code k!=v}) and
 * set-based ({@code k in (a,b)}, {@code k notin (a,b)}, {@code k}, {@code !k}) requirements, all
 * of which must hold.
 *
 * <p>The client parses every selector it is given before sending it, so a syntax error is a
 * {@link ValidationException} naming {@code labelSelector} instead of the server's bare "Bad
 * Request"; the shared informers evaluate the same parsed form against cached objects.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * LabelSelector selector = LabelSelector.parse("app=demo,tier in (web,db)");
 * boolean matches = selector.test(sandbox.getMetadata().getLabels());
 * }</pre>
 */
public final class LabelSelector implements Predicate<Map<String, String>> {

  private enum Op { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, NOT_EXISTS }

  private record Requirement(String key, Op op, Set<String> values) {
    boolean matches(Map<String, String> labels) {
      String value = labels == null ? null : labels.get(key);
      return switch (op) {
        case EQUALS, IN -> value != null && values.contains(value);
        case NOT_EQUALS, NOT_IN -> value == null || !values.contains(value);
        case EXISTS -> value != null;
        case NOT_EXISTS -> value == null;
      };
    }
  }

  private static final LabelSelector EVERYTHING = new LabelSelector("", List.of());

  private final String source;
  private final List<Requirement> requirements;

  private LabelSelector(String source, List<Requirement> requirements) {
    this.source = source;
    this.requirements = requirements;
  }

  /**
   * Parses a selector.
   *
   * @param selector e.g. {@code app=demo,tier in (a,b),!legacy}; null or blank matches everything
   * @return the selector
   * @throws ValidationException naming {@code labelSelector} on a syntax error
   */
  public static LabelSelector parse(String selector) {
    if (selector == null || selector.isBlank()) {
      return EVERYTHING;
    }
    List<Requirement> requirements = new ArrayList<>();
    for (String term : splitTopLevel(selector)) {
      requirements.add(requirement(term.trim(), selector));
    }
    return new LabelSelector(selector, List.copyOf(requirements));
  }

  private static List<String> splitTopLevel(String selector) {
    List<String> terms = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        terms.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    terms.add(selector.substring(start));
    return terms;
  }

  private static Requirement requirement(String term, String selector) {
    if (term.isEmpty()) {
      throw invalid(selector, "empty requirement");
    }
    String[] words = term.split("\\s+", 2);
    if (words.length == 2 && (words[1].startsWith("in ") || words[1].startsWith("in(")
        || words[1].startsWith("notin ") || words[1].startsWith("notin("))) {
      boolean notIn = words[1].startsWith("notin");
      String rest = words[1].substring(notIn ? 5 : 2).trim();
      if (!rest.startsWith("(") || !rest.endsWith(")")) {
        throw invalid(selector, "'" + term + "' needs a parenthesized value list");
      }
      Set<String> values = new java.util.HashSet<>();
      for (String v : rest.substring(1, rest.length() - 1).split(",")) {
        if (!v.isBlank()) {
          values.add(v.trim());
        }
      }
      return new Requirement(key(words[0], selector), notIn ? Op.NOT_IN : Op.IN, Set.copyOf(values));
    }
    int neq = term.indexOf("!=");
    if (neq > 0) {
      return new Requirement(key(term.substring(0, neq), selector), Op.NOT_EQUALS,
          Set.of(term.substring(neq + 2).trim()));
    }
    int eq = term.indexOf('=');
    if (eq > 0) {
      int valueStart = term.startsWith("==", eq) ? eq + 2 : eq + 1;
      return new Requirement(key(term.substring(0, eq), selector), Op.EQUALS,
          Set.of(term.substring(valueStart).trim()));
    }
    if (term.startsWith("!")) {
      return new Requirement(key(term.substring(1), selector), Op.NOT_EXISTS, Set.of());
    }
    return new Requirement(key(term, selector), Op.EXISTS, Set.of());
  }

  private static String key(String raw, String selector) {
    String key = raw.trim();
    if (key.isEmpty() || !key.matches("[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?")) {
      throw invalid(selector, "'" + key + "' is not a label key");
    }
    return key;
  }

  private static ValidationException invalid(String selector, String why) {
    return ValidationException.forField("labelSelector", "Invalid",
        "cannot parse '" + selector + "': " + why);
  }

  /**
   * Evaluates the selector against one object's labels.
   *
   * @param labels an object's labels (null means none)
   * @return true when every requirement holds
   */
  @Override
  public boolean test(Map<String, String> labels) {
    for (Requirement r : requirements) {
      if (!r.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  /** @return true when this selector matches every object */
  public boolean matchesEverything() {
    return requirements.isEmpty();
  }

  /** @return the selector as it was given to {@link #parse(String)} */
  @Override
  public String toString() {
    return source;
  }
}
