package io.kruise.agents.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Medians, percentiles and number formatting for the harness tables. */
public final class Stats {

  private Stats() {}

  /**
   * @param values samples (not modified)
   * @param p the percentile, 0..100
   * @return the nearest-rank percentile, NaN when empty
   */
  public static double percentile(double[] values, double p) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
  }

  /**
   * @param values samples (not modified)
   * @param p the percentile, 0..100
   * @return the nearest-rank percentile, NaN when empty
   */
  public static double percentile(long[] values, double p) {
    return percentile(Arrays.stream(values).asDoubleStream().toArray(), p);
  }

  /**
   * @param values samples
   * @return the median (mean of the middle two for an even count), NaN when empty
   */
  public static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * @param values samples
   * @return the median
   */
  public static double median(List<Double> values) {
    return median(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /**
   * @param v a number
   * @param decimals digits after the point
   * @return it formatted
   */
  public static String fmt(double v, int decimals) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }

  /**
   * @param values samples
   * @param decimals digits after the point
   * @return "[a, b, c]" for the detail column
   */
  public static String all(List<Double> values, int decimals) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(fmt(values.get(i), decimals));
    }
    return b.append(']').toString();
  }
}
