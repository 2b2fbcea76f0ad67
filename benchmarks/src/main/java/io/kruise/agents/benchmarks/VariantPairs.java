package io.kruise.agents.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * Which of our variants a chart compares with which alternative (a variant named "fabric8…" or
 * "server…"). Names are compared without their first word: a variant of ours is paired with the
 * alternatives whose names end in the most words in common with it ("ours 8 threads" with "server
 * raw patch 8 threads", "ours slow" with "fabric8 slow", "ours" with "fabric8"), and with every
 * alternative when none has a word in common ("ours lean" with "fabric8 plain" and "fabric8
 * stripping").
 */
final class VariantPairs {

  /** One comparison: {@code ours / alternative}. */
  record Pair(String ours, String alternative) {}

  private VariantPairs() {}

  /**
   * @param variants the variants of one chart
   * @return the comparisons to print, in variant order; empty when there is no alternative
   */
  static List<Pair> of(List<String> variants) {
    List<String> alternatives = variants.stream().filter(ChartCanvas::isAlternative).toList();
    List<Pair> pairs = new ArrayList<>();
    for (String v : variants) {
      if (ChartCanvas.isAlternative(v)) {
        continue;
      }
      int best = 0;
      List<String> twins = new ArrayList<>();
      for (String a : alternatives) {
        int common = rest(a).equals(rest(v)) ? Integer.MAX_VALUE : commonTail(rest(a), rest(v));
        if (common > best) {
          best = common;
          twins.clear();
        }
        if (common == best && common > 0) {
          twins.add(a);
        }
      }
      for (String a : twins.isEmpty() ? alternatives : twins) {
        pairs.add(new Pair(v, a));
      }
    }
    return pairs;
  }

  private static String rest(String variant) {
    int space = variant.indexOf(' ');
    return space < 0 ? "" : variant.substring(space + 1);
  }

  private static int commonTail(String a, String b) {
    String[] x = a.isEmpty() ? new String[0] : a.split(" ");
    String[] y = b.isEmpty() ? new String[0] : b.split(" ");
    int k = 0;
    while (k < x.length && k < y.length && x[x.length - 1 - k].equals(y[y.length - 1 - k])) {
      k++;
    }
    return k;
  }

  /**
   * @param variants variants in file order
   * @return the same variants, ours (not alternatives) first, each group in its order
   */
  static List<String> oursFirst(List<String> variants) {
    List<String> ordered = new ArrayList<>();
    variants.stream().filter(v -> !ChartCanvas.isAlternative(v)).forEach(ordered::add);
    variants.stream().filter(ChartCanvas::isAlternative).forEach(ordered::add);
    return ordered;
  }

  /**
   * @param ratio ours / alternative
   * @return "1.21×" (3 significant digits)
   */
  static String ratio(double ratio) {
    return Double.isFinite(ratio) ? ChartCanvas.number(ratio) + "×" : "n/a";
  }
}
