package io.kruise.agents.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A value axis of a chart: linear with "nice" ticks (1, 2, 2.5, 5 × 10^k) that enclose the data,
 * or logarithmic by decades. Maps values to a pixel range given at construction. Immutable.
 */
final class ChartAxis {

  /** A tick: its value, its label (empty for a minor tick) and whether it is major. */
  record Tick(double value, String label, boolean major) {}

  private final boolean log;
  private final double lo;
  private final double hi;
  private final List<Tick> ticks;
  private final double pixelLo;
  private final double pixelHi;

  private ChartAxis(boolean log, double lo, double hi, List<Tick> ticks, double pixelLo,
      double pixelHi) {
    this.log = log;
    this.lo = lo;
    this.hi = hi;
    this.ticks = List.copyOf(ticks);
    this.pixelLo = pixelLo;
    this.pixelHi = pixelHi;
  }

  /**
   * @param min the smallest value to show
   * @param max the largest value to show
   * @param pixelLo the pixel of the axis' low end (for a y axis, the bottom: the larger pixel)
   * @param pixelHi the pixel of its high end
   * @return a linear axis from a tick at or below {@code min} to one at or above {@code max}
   */
  static ChartAxis linear(double min, double max, double pixelLo, double pixelHi) {
    if (!(max > min)) {
      double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
      min -= min == 0 ? 0 : pad;
      max += pad;
    }
    double step = niceStep((max - min) / 5);
    double lo = Math.floor(min / step + 1e-9) * step;
    double hi = Math.ceil(max / step - 1e-9) * step;
    int decimals = decimals(step);
    List<Tick> ticks = new ArrayList<>();
    for (long k = Math.round(lo / step); k <= Math.round(hi / step); k++) {
      double v = k * step;
      ticks.add(new Tick(v, String.format(Locale.ROOT, "%,." + decimals + "f", v), true));
    }
    return new ChartAxis(false, lo, hi, ticks, pixelLo, pixelHi);
  }

  /**
   * @param min the smallest value to show (positive)
   * @param max the largest value to show
   * @param pixelLo the pixel of the axis' low end
   * @param pixelHi the pixel of its high end
   * @return a log-10 axis from the decade at or below {@code min} to the one at or above
   *     {@code max}, minor ticks at 2..9
   */
  static ChartAxis log(double min, double max, double pixelLo, double pixelHi) {
    int first = (int) Math.floor(Math.log10(min) + 1e-9);
    int last = Math.max(first + 1, (int) Math.ceil(Math.log10(max) - 1e-9));
    List<Tick> ticks = new ArrayList<>();
    for (int e = first; e <= last; e++) {
      double decade = Math.pow(10, e);
      ticks.add(new Tick(decade, decadeLabel(e), true));
      for (int m = 2; m <= 9 && e < last; m++) {
        ticks.add(new Tick(m * decade, "", false));
      }
    }
    return new ChartAxis(true, Math.pow(10, first), Math.pow(10, last), ticks, pixelLo, pixelHi);
  }

  private static String decadeLabel(int exponent) {
    if (exponent >= 0 && exponent <= 9) {
      return String.format(Locale.ROOT, "%,d", (long) Math.pow(10, exponent));
    } else if (exponent < 0 && exponent >= -4) {
      return String.format(Locale.ROOT, "%." + (-exponent) + "f", Math.pow(10, exponent));
    }
    return "1e" + exponent;
  }

  private static double niceStep(double rough) {
    double decade = Math.pow(10, Math.floor(Math.log10(rough)));
    double f = rough / decade;
    double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
    return nice * decade;
  }

  private static int decimals(double step) {
    int d = 0;
    while (d < 10 && Math.abs(step * Math.pow(10, d) - Math.rint(step * Math.pow(10, d)))
        > 1e-6 * step * Math.pow(10, d)) {
      d++;
    }
    return d;
  }

  /**
   * @param value a value (clamped into the axis' range)
   * @return its pixel
   */
  double pixel(double value) {
    double v = Math.max(lo, Math.min(hi, value));
    double f = log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))
        : (v - lo) / (hi - lo);
    return pixelLo + f * (pixelHi - pixelLo);
  }

  /**
   * @return whether the axis is logarithmic
   */
  boolean isLog() {
    return log;
  }

  /**
   * @return the lowest value on the axis
   */
  double lo() {
    return lo;
  }

  /**
   * @return the ticks, low to high
   */
  List<Tick> ticks() {
    return ticks;
  }
}
