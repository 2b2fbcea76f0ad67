package io.kruise.agents.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The cumulative distribution of one latency metric: a line per variant (its runs pooled), p50
 * and p99 marked on each line and listed in the legend, a log-scale x axis when the values span
 * more than two decades, and the p50/p99 ratios (ours / alternative) in the subtitle.
 */
final class CdfChart {

  private static final int LEFT = 84;
  private static final int RIGHT = ChartCanvas.WIDTH - 40;
  private static final int LEGEND_ROW = 21;
  private static final float[][] DASHES = {null, {9f, 5f}, {2.5f, 4f}, {11f, 4f, 2.5f, 4f}};

  private CdfChart() {}

  /**
   * @param title the chart's title
   * @param unit the metric's unit (the x axis label)
   * @param valuesByVariant each variant's observations (all runs), variants in file order
   * @return the drawn chart
   */
  static ChartCanvas draw(String title, String unit, Map<String, List<Double>> valuesByVariant) {
    List<String> variants = VariantPairs.oursFirst(new ArrayList<>(valuesByVariant.keySet()));
    int n = variants.size();
    double[][] sorted = new double[n][];
    double[] p50 = new double[n];
    double[] p99 = new double[n];
    double min = Double.POSITIVE_INFINITY;
    double minPositive = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    int nonPositive = 0;
    for (int i = 0; i < n; i++) {
      sorted[i] = valuesByVariant.get(variants.get(i)).stream().mapToDouble(Double::doubleValue)
          .toArray();
      Arrays.sort(sorted[i]);
      p50[i] = Stats.percentile(sorted[i], 50);
      p99[i] = Stats.percentile(sorted[i], 99);
      for (double v : sorted[i]) {
        min = Math.min(min, v);
        max = Math.max(max, v);
        if (v > 0) {
          minPositive = Math.min(minPositive, v);
        } else {
          nonPositive++;
        }
      }
    }
    boolean log = needsLogAxis(minPositive, max);

    StringBuilder subtitle = new StringBuilder("CDF, runs pooled");
    subtitle.append(log ? ", log x axis" : "");
    if (log && nonPositive > 0) {
      subtitle.append(" (").append(nonPositive).append(" values ≤ 0 drawn at the left edge)");
    }
    for (VariantPairs.Pair p : VariantPairs.of(variants)) {
      int o = variants.indexOf(p.ours());
      int a = variants.indexOf(p.alternative());
      subtitle.append("; ").append(p.ours()).append(" / ").append(p.alternative())
          .append(": p50 ").append(VariantPairs.ratio(p50[o] / p50[a]))
          .append(", p99 ").append(VariantPairs.ratio(p99[o] / p99[a]));
    }

    ChartCanvas c = new ChartCanvas();
    int top = Math.max(c.header(title, subtitle.toString()), 70) + 10;
    List<String> entries = legendEntries(variants, sorted, p50, p99, unit);
    c.g.setFont(ChartCanvas.LABEL);
    int widest = entries.stream().mapToInt(c.g.getFontMetrics()::stringWidth).max().orElse(0);
    int columns = widest + 60 <= (RIGHT - LEFT) / 2 ? 2 : 1;
    int rows = (entries.size() + columns - 1) / columns;
    int bottom = ChartCanvas.HEIGHT - 56 - LEGEND_ROW * rows;
    ChartAxis x = log ? ChartAxis.log(minPositive, max, LEFT, RIGHT)
        : ChartAxis.linear(Math.min(0, min), max, LEFT, RIGHT);
    ChartAxis y = ChartAxis.linear(0, 1, bottom, top);

    c.g.setFont(ChartCanvas.LABEL);
    for (ChartAxis.Tick t : x.ticks()) {
      double px = x.pixel(t.value());
      c.g.setColor(ChartCanvas.GRID);
      c.stroke(t.major() ? 1f : 0.6f);
      c.g.draw(new java.awt.geom.Line2D.Double(px, top, px, bottom));
      if (t.major()) {
        c.g.setColor(ChartCanvas.INK);
        c.centered(t.label(), px, bottom + 20);
      }
    }
    for (ChartAxis.Tick t : y.ticks()) {
      double py = y.pixel(t.value());
      c.g.setColor(ChartCanvas.GRID);
      c.stroke(1f);
      c.g.draw(new java.awt.geom.Line2D.Double(LEFT, py, RIGHT, py));
      c.g.setColor(ChartCanvas.INK);
      c.rightAligned(t.label(), LEFT - 8, py + 5);
    }
    // the two quantiles every latency target here is stated in
    c.g.setFont(ChartCanvas.SMALL);
    for (double q : new double[] {0.5, 0.99}) {
      double py = y.pixel(q);
      c.g.setColor(ChartCanvas.MUTED);
      c.dashed(1f, 4f, 4f);
      c.g.draw(new java.awt.geom.Line2D.Double(LEFT, py, RIGHT, py));
      c.g.drawString(q == 0.5 ? "p50" : "p99", RIGHT + 6, (float) py + 4);
    }
    c.g.setFont(ChartCanvas.LABEL);
    c.g.setColor(ChartCanvas.INK);
    c.centered(unit, (LEFT + RIGHT) / 2.0, bottom + 38);
    c.vertical("fraction of observations ≤ x", 22, (top + bottom) / 2.0);

    List<Color> colours = ChartCanvas.colours(variants);
    java.awt.Shape clip = c.g.getClip();
    c.g.clipRect(LEFT - 6, top - 6, RIGHT - LEFT + 12, bottom - top + 12);
    for (int i = 0; i < n; i++) {
      Path2D.Double path = new Path2D.Double();
      double[] v = sorted[i];
      path.moveTo(x.pixel(v[0]), y.pixel(0));
      for (int k = 0; k < v.length; k++) {
        double px = x.pixel(v[k]);
        path.lineTo(px, y.pixel((double) k / v.length));
        path.lineTo(px, y.pixel((double) (k + 1) / v.length));
      }
      c.g.setColor(colours.get(i));
      c.g.setStroke(stroke(i));
      c.g.draw(path);
    }
    for (int i = 0; i < n; i++) {
      marker(c, colours.get(i), x.pixel(p50[i]), y.pixel(0.5));
      marker(c, colours.get(i), x.pixel(p99[i]), y.pixel(0.99));
    }
    c.g.setClip(clip);
    c.g.setColor(ChartCanvas.INK);
    c.stroke(1.5f);
    c.g.drawLine(LEFT, bottom, RIGHT, bottom);
    c.g.drawLine(LEFT, top, LEFT, bottom);

    legend(c, entries, colours, columns, bottom + 62);
    return c;
  }

  private static void marker(ChartCanvas c, Color colour, double px, double py) {
    Ellipse2D.Double dot = new Ellipse2D.Double(px - 5, py - 5, 10, 10);
    c.g.setColor(colour);
    c.g.fill(dot);
    c.g.setColor(ChartCanvas.INK);
    c.stroke(1.2f);
    c.g.draw(dot);
  }

  /**
   * @param minPositive the smallest positive value (infinity when none)
   * @param max the largest value
   * @return whether they span more than two decades: a log axis then keeps the fast variant's
   *     shape visible next to a slow one
   */
  static boolean needsLogAxis(double minPositive, double max) {
    return minPositive < Double.POSITIVE_INFINITY && max / minPositive > 100;
  }

  private static List<String> legendEntries(List<String> variants, double[][] sorted,
      double[] p50, double[] p99, String unit) {
    List<String> entries = new ArrayList<>();
    for (int i = 0; i < variants.size(); i++) {
      entries.add(variants.get(i) + ": p50 " + ChartCanvas.number(p50[i]) + ", p99 "
          + ChartCanvas.number(p99[i]) + " " + unit + " (n=" + ChartCanvas.number(sorted[i].length)
          + ")");
    }
    return entries;
  }

  // below the axis, outside the plot, so no part of a line hides behind it
  private static void legend(ChartCanvas c, List<String> entries, List<Color> colours,
      int columns, int y) {
    c.g.setFont(ChartCanvas.LABEL);
    double columnWidth = (RIGHT - LEFT) / (double) columns;
    for (int i = 0; i < entries.size(); i++) {
      double x = LEFT + columnWidth * (i % columns);
      double ly = y + LEGEND_ROW * (i / columns);
      c.g.setColor(colours.get(i));
      c.g.setStroke(stroke(i));
      c.g.draw(new java.awt.geom.Line2D.Double(x, ly - 5, x + 30, ly - 5));
      c.g.setColor(ChartCanvas.INK);
      c.g.drawString(entries.get(i), (float) x + 38, (float) ly);
    }
  }

  private static BasicStroke stroke(int variant) {
    float[] dash = DASHES[variant % DASHES.length];
    return dash == null ? new BasicStroke(2.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND)
        : new BasicStroke(2.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f);
  }
}
