package io.kruise.agents.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Draws the report's charts from the raw samples: every {@code *.csv} in a directory (written by
 * {@link Csv}) becomes PNGs of 900×500 in another.
 *
 * <ul>
 *   <li>{@code <figure>.csv}: per metric, {@code <figure>-<metric>.png}, a bar per variant at
 *       the median of its runs with the runs' min–max as error bar ({@link BarChart});
 *   <li>{@code <figure>-dist.csv}: per metric, {@code <figure>-dist-<metric>.png}, a CDF per
 *       variant with p50 and p99 marked ({@link CdfChart}).
 * </ul>
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.kruise.agents.benchmarks.Plots [DATA_DIR [IMG_DIR]]}
 * (defaults {@code docs/data docs/img}). Prints a markdown image line per chart on stdout, progress
 * on stderr. The same CSVs give the same PNG bytes (no time stamps), so regenerated charts only
 * show up in a diff when the data changed.
 */
public final class Plots {

  private Plots() {}

  /**
   * @param args {@code [DATA_DIR [IMG_DIR]]}
   */
  public static void main(String[] args) {
    if (args.length > 2 || (args.length > 0 && args[0].startsWith("-"))) {
      System.err.println("usage: Plots [DATA_DIR [IMG_DIR]]   (default docs/data docs/img)");
      System.exit(2);
    }
    Path data = Path.of(args.length > 0 ? args[0] : "docs/data");
    Path img = Path.of(args.length > 1 ? args[1] : "docs/img");
    List<Path> written;
    try {
      written = render(data, img);
    } catch (CsvFormatException e) {
      System.err.println("bad CSV: " + e.getMessage());
      System.exit(1);
      return;
    }
    String prefix = img.getFileName() == null ? "" : img.getFileName() + "/";
    for (Path p : written) {
      String name = p.getFileName().toString();
      System.out.println("![" + name.substring(0, name.length() - 4) + "](" + prefix + name + ")");
    }
  }

  /**
   * Draws every chart of every CSV file in {@code dataDir} (files in name order).
   *
   * @param dataDir where the CSVs are
   * @param imgDir where to write the PNGs (created if missing; charts of the same name replaced)
   * @return the PNGs written, in order
   * @throws CsvFormatException when a CSV is malformed (nothing more is written after it)
   */
  public static List<Path> render(Path dataDir, Path imgDir) {
    headless();
    List<Path> csvs;
    try (Stream<Path> files = Files.list(dataDir)) {
      csvs = files.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
      Files.createDirectories(imgDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dataDir + " or create " + imgDir, e);
    }
    List<Path> written = new ArrayList<>();
    for (Path csv : csvs) {
      CsvData data = CsvData.read(csv);
      String base = csv.getFileName().toString().replaceFirst("\\.csv$", "");
      boolean distribution = base.endsWith("-dist");
      String figure = distribution ? base.substring(0, base.length() - "-dist".length()) : base;
      if (data.rows().isEmpty()) {
        System.err.println(csv + ": no rows, no chart");
        continue;
      }
      for (String metric : data.metrics()) {
        String title = figure + ": " + metric;
        ChartCanvas chart = distribution
            ? CdfChart.draw(title, data.unit(metric), data.valuesByVariant(metric))
            : BarChart.draw(title, data.unit(metric), data.valuesByVariant(metric));
        Path png = imgDir.resolve(base + "-" + slug(metric) + ".png");
        try {
          Files.write(png, chart.png());
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write " + png, e);
        }
        System.err.println(csv.getFileName() + " -> " + png);
        written.add(png);
      }
    }
    return written;
  }

  /**
   * @param metric a metric's name
   * @return it usable in a file name (letters, digits, '_' and '-'; lower case)
   */
  static String slug(String metric) {
    return metric.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-")
        .replaceAll("^-+|-+$", "");
  }

  // charts are drawn off-screen: never ask for a display, unless the caller decided otherwise
  private static void headless() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }
}
