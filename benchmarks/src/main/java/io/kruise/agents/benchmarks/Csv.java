package io.kruise.agents.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Raw samples of one figure, as CSV next to the report ({@code docs/data}), from which the plots
 * are drawn. One row per observation, always the columns {@code variant,run,metric,unit,value}:
 *
 * <ul>
 *   <li>{@code <figure>.csv}: one row per run and metric (a sync's CPU time, a run's events/s);
 *       plotted as the median per variant with the runs' spread;
 *   <li>{@code <figure>-dist.csv}: one row per latency observation (or per quantile, see
 *       {@link #distribution}); plotted as a CDF per variant.
 * </ul>
 *
 * <p>Variants are named the same in every file of a figure, ours first, so the plots and tables
 * line up.
 */
public final class Csv implements AutoCloseable {

  /** The header every file starts with. */
  public static final String HEADER = "variant,run,metric,unit,value";

  private final BufferedWriter out;

  private Csv(BufferedWriter out) {
    this.out = out;
  }

  /**
   * Creates (or replaces) a CSV file with its header; creates the parent directories.
   *
   * @param file where to write
   * @return the open writer; the caller closes it
   */
  public static Csv create(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
      out.write(HEADER);
      out.newLine();
      return new Csv(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Writes one observation.
   *
   * @param variant what was measured ("ours full", "fabric8 plain"); no commas
   * @param run the run (or repetition) number, from 1
   * @param metric what the value is ("cpu_ms_per_object", "wake_after_answer"); no commas
   * @param unit the value's unit ("ms", "KiB", "events/s")
   * @param value the observation
   */
  public synchronized void sample(String variant, int run, String metric, String unit,
      double value) {
    try {
      out.write(field(variant) + "," + run + "," + field(metric) + "," + field(unit) + ","
          + String.format(Locale.ROOT, "%.6g", value));
      out.newLine();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a sample", e);
    }
  }

  /**
   * Writes a run's latency observations: all of them when there are at most {@code maxPoints},
   * otherwise {@code maxPoints} evenly spaced order statistics (so the CDF keeps its shape,
   * including the minimum and the maximum, while the file stays small).
   *
   * @param variant what was measured
   * @param run the run number
   * @param metric what the values are
   * @param unit their unit
   * @param values the observations (not modified)
   * @param maxPoints the most rows to write (at least 2)
   */
  public synchronized void distribution(String variant, int run, String metric, String unit,
      double[] values, int maxPoints) {
    if (values.length == 0) {
      return;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    if (sorted.length <= maxPoints) {
      for (double v : sorted) {
        sample(variant, run, metric, unit, v);
      }
      return;
    }
    for (int k = 0; k < maxPoints; k++) {
      int index = (int) Math.round((double) k * (sorted.length - 1) / (maxPoints - 1));
      sample(variant, run, metric, unit, sorted[index]);
    }
  }

  private static String field(String s) {
    if (s.indexOf(',') >= 0 || s.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a CSV field must not contain a comma or newline: " + s);
    }
    return s;
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close a CSV file", e);
    }
  }
}
