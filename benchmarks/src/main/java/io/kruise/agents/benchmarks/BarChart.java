package io.kruise.agents.benchmarks;

import java.awt.Color;
import java.awt.FontMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A bar chart of one metric of a figure: a bar per variant at the median of its runs, an error
 * bar from the smallest to the largest run, the median printed above it, ours first, and the
 * ratios of the medians (ours / alternative) in the subtitle.
 */
final class BarChart {

  private static final int LEFT = 96;
  private static final int RIGHT = ChartCanvas.WIDTH - 28;
  private static final int BOTTOM = ChartCanvas.HEIGHT - 74;

  private BarChart() {}

  /**
   * @param title the chart's title
   * @param unit the metric's unit (the y axis label)
   * @param runsByVariant each variant's values (one per run), variants in file order
   * @return the drawn chart
   */
  static ChartCanvas draw(String title, String unit, Map<String, List<Double>> runsByVariant) {
    List<String> variants = VariantPairs.oursFirst(new ArrayList<>(runsByVariant.keySet()));
    int n = variants.size();
    double[] median = new double[n];
    double[] min = new double[n];
    double[] max = new double[n];
    int[] runs = new int[n];
    double lo = 0;
    double hi = 0;
    for (int i = 0; i < n; i++) {
      double[] v = runsByVariant.get(variants.get(i)).stream().mapToDouble(Double::doubleValue)
          .toArray();
      median[i] = Stats.median(v);
      min[i] = java.util.Arrays.stream(v).min().orElseThrow();
      max[i] = java.util.Arrays.stream(v).max().orElseThrow();
      runs[i] = v.length;
      lo = Math.min(lo, min[i]);
      hi = Math.max(hi, max[i]);
    }

    StringBuilder subtitle = new StringBuilder(runsSummary(runs) + ", error bars min–max");
    for (VariantPairs.Pair p : VariantPairs.of(variants)) {
      subtitle.append("; ").append(p.ours()).append(" / ").append(p.alternative()).append(" = ")
          .append(VariantPairs.ratio(median[variants.indexOf(p.ours())]
              / median[variants.indexOf(p.alternative())]));
    }

    ChartCanvas c = new ChartCanvas();
    int top = Math.max(c.header(title, subtitle.toString()), 70) + 18;
    // headroom for the median label above the tallest error bar
    double headroom = (hi - lo) * 0.08;
    ChartAxis y = ChartAxis.linear(lo, hi + headroom, BOTTOM, top);

    c.g.setFont(ChartCanvas.LABEL);
    for (ChartAxis.Tick t : y.ticks()) {
      double py = y.pixel(t.value());
      c.g.setColor(ChartCanvas.GRID);
      c.stroke(1f);
      c.g.drawLine(LEFT, (int) Math.round(py), RIGHT, (int) Math.round(py));
      c.g.setColor(ChartCanvas.INK);
      c.rightAligned(t.label(), LEFT - 8, py + 5);
    }
    c.g.setColor(ChartCanvas.INK);
    c.vertical(unit, 24, (top + BOTTOM) / 2.0);

    List<Color> colours = ChartCanvas.colours(variants);
    double slot = (RIGHT - LEFT) / (double) n;
    double barWidth = Math.min(slot * 0.62, 150);
    double zero = y.pixel(0);
    for (int i = 0; i < n; i++) {
      double centre = LEFT + slot * (i + 0.5);
      int x0 = (int) Math.round(centre - barWidth / 2);
      int x1 = (int) Math.round(centre + barWidth / 2);
      int yMedian = (int) Math.round(y.pixel(median[i]));
      c.g.setColor(colours.get(i));
      c.g.fillRect(x0, Math.min(yMedian, (int) Math.round(zero)), x1 - x0,
          Math.abs((int) Math.round(zero) - yMedian));

      double yMin = y.pixel(min[i]);
      double yMax = y.pixel(max[i]);
      if (runs[i] > 1) {
        c.g.setColor(ChartCanvas.INK);
        c.stroke(2f);
        double cap = Math.min(barWidth * 0.25, 14);
        c.g.draw(new java.awt.geom.Line2D.Double(centre, yMin, centre, yMax));
        c.g.draw(new java.awt.geom.Line2D.Double(centre - cap, yMin, centre + cap, yMin));
        c.g.draw(new java.awt.geom.Line2D.Double(centre - cap, yMax, centre + cap, yMax));
      }
      c.g.setColor(ChartCanvas.INK);
      c.g.setFont(ChartCanvas.VALUE);
      double labelY = median[i] >= 0 ? Math.min(yMax, yMedian) - 7 : Math.max(yMin, yMedian) + 18;
      c.centered(ChartCanvas.number(median[i]), centre, labelY);

      c.g.setFont(ChartCanvas.LABEL);
      FontMetrics fm = c.g.getFontMetrics();
      List<String> lines = ChartCanvas.wrap(variants.get(i), " ", (int) slot - 8, fm);
      double ly = BOTTOM + 20;
      for (String line : lines.subList(0, Math.min(2, lines.size()))) {
        c.centered(line, centre, ly);
        ly += 17;
      }
      c.g.setFont(ChartCanvas.SMALL);
      c.g.setColor(ChartCanvas.MUTED);
      c.centered(runs[i] == 1 ? "1 run"
          : ChartCanvas.number(min[i]) + "–" + ChartCanvas.number(max[i]), centre, ly);
    }
    c.g.setColor(ChartCanvas.INK);
    c.stroke(1.5f);
    c.g.drawLine(LEFT, (int) Math.round(zero), RIGHT, (int) Math.round(zero));
    c.g.drawLine(LEFT, top, LEFT, BOTTOM);
    return c;
  }

  private static String runsSummary(int[] runs) {
    int first = runs[0];
    for (int r : runs) {
      if (r != first) {
        return "bars: median of each variant's runs";
      }
    }
    return "bars: median of " + first + (first == 1 ? " run" : " runs");
  }
}
