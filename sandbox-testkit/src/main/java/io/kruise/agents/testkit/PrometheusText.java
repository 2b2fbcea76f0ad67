package io.kruise.agents.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the samples of one metric from the Prometheus text exposition format (what an API
 * server's {@code /metrics} answers). Only what the testkit needs: sample lines
 * {@code name{label="value",...} value [timestamp]}, with escaped label values; comments and
 * other metrics are skipped.
 */
final class PrometheusText {

  /** One sample: its labels and value. */
  record Sample(Map<String, String> labels, double value) {}

  private PrometheusText() {}

  /**
   * @param text the exposition text
   * @param metric the metric name, e.g. {@code apiserver_request_total}
   * @return its samples, in order
   * @throws IllegalArgumentException when a line of that metric cannot be read
   */
  static List<Sample> samples(String text, String metric) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.startsWith(metric) && line.length() > metric.length()
          && (line.charAt(metric.length()) == '{' || line.charAt(metric.length()) == ' ')) {
        try {
          samples.add(parse(line, metric.length()));
        } catch (IndexOutOfBoundsException e) {
          throw new IllegalArgumentException("cannot read metric line: " + line, e);
        }
      }
    }
    return samples;
  }

  private static Sample parse(String line, int at) {
    Map<String, String> labels = new LinkedHashMap<>();
    int i = at;
    if (line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        if (eq < 0 || line.charAt(eq + 1) != '"') {
          throw new IllegalArgumentException("cannot read metric line: " + line);
        }
        String name = line.substring(i, eq).trim();
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        for (; line.charAt(j) != '"'; j++) {
          char c = line.charAt(j);
          if (c == '\\') {
            char next = line.charAt(++j);
            value.append(next == 'n' ? '\n' : next);
          } else {
            value.append(c);
          }
        }
        labels.put(name, value.toString());
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      i++;
    }
    String[] rest = line.substring(i).trim().split("\\s+");
    try {
      return new Sample(labels, Double.parseDouble(rest[0]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("cannot read metric line: " + line, e);
    }
  }
}
