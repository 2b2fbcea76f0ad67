package io.kruise.agents.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of one benchmark CSV file written by {@link Csv} ({@code variant,run,metric,unit,value}),
 * read strictly: anything else is a {@link CsvFormatException} naming the file, line and column,
 * because a plot drawn from a half-read file would look plausible and be wrong.
 *
 * <p>Immutable once read. Variants and metrics keep the order in which they first appear (the
 * harnesses write ours first).
 */
public final class CsvData {

  /**
   * One observation.
   *
   * @param variant what was measured ("ours full", "fabric8 plain")
   * @param run the run number, from 1
   * @param metric what the value is
   * @param unit the value's unit
   * @param value the observation (finite)
   */
  public record Row(String variant, int run, String metric, String unit, double value) {}

  private static final String[] COLUMNS = Csv.HEADER.split(",");

  private final Path file;
  private final List<Row> rows;

  private CsvData(Path file, List<Row> rows) {
    this.file = file;
    this.rows = Collections.unmodifiableList(rows);
  }

  /**
   * Reads and checks a whole file.
   *
   * @param file a CSV file written by {@link Csv}
   * @return its rows
   * @throws CsvFormatException when the header, a field count, a run number or a value is wrong,
   *     or when one metric has two units
   * @throws UncheckedIOException when the file cannot be read
   */
  public static CsvData read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    if (lines.isEmpty() || !lines.get(0).strip().equals(Csv.HEADER)) {
      throw new CsvFormatException(file, 1, null,
          "expected the header '" + Csv.HEADER + "', found '"
              + (lines.isEmpty() ? "" : lines.get(0)) + "'");
    }
    List<Row> rows = new ArrayList<>();
    Map<String, String> unitOfMetric = new LinkedHashMap<>();
    for (int i = 1; i < lines.size(); i++) {
      int lineNumber = i + 1;
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length != COLUMNS.length) {
        throw new CsvFormatException(file, lineNumber, null,
            "expected " + COLUMNS.length + " fields (" + Csv.HEADER + "), found " + f.length);
      }
      for (int c = 0; c < f.length; c++) {
        if (f[c].isBlank()) {
          throw new CsvFormatException(file, lineNumber, column(c), "empty");
        }
      }
      int run;
      try {
        run = Integer.parseInt(f[1].strip());
      } catch (NumberFormatException e) {
        throw new CsvFormatException(file, lineNumber, column(1), "not an integer: '" + f[1] + "'");
      }
      if (run < 1) {
        throw new CsvFormatException(file, lineNumber, column(1), "runs count from 1: " + run);
      }
      double value;
      try {
        value = Double.parseDouble(f[4].strip());
      } catch (NumberFormatException e) {
        throw new CsvFormatException(file, lineNumber, column(4), "not a number: '" + f[4] + "'");
      }
      if (!Double.isFinite(value)) {
        throw new CsvFormatException(file, lineNumber, column(4), "not finite: " + f[4]);
      }
      String metric = f[2].strip();
      String unit = f[3].strip();
      String known = unitOfMetric.putIfAbsent(metric, unit);
      if (known != null && !known.equals(unit)) {
        throw new CsvFormatException(file, lineNumber, column(3),
            "metric " + metric + " was in " + known + " on an earlier line, here in " + unit);
      }
      rows.add(new Row(f[0].strip(), run, metric, unit, value));
    }
    return new CsvData(file, rows);
  }

  private static String column(int index) {
    return (index + 1) + " (" + COLUMNS[index] + ")";
  }

  /**
   * @return the file the rows came from
   */
  public Path file() {
    return file;
  }

  /**
   * @return every row, in file order
   */
  public List<Row> rows() {
    return rows;
  }

  /**
   * @return the metrics, in order of first appearance
   */
  public List<String> metrics() {
    return rows.stream().map(Row::metric).distinct().toList();
  }

  /**
   * @param metric a metric of this file
   * @return its unit
   */
  public String unit(String metric) {
    return rows.stream().filter(r -> r.metric().equals(metric)).map(Row::unit).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no metric " + metric + " in " + file));
  }

  /**
   * @param metric a metric of this file
   * @return its values per variant, variants in order of first appearance, values in file order
   *     (runs pooled)
   */
  public Map<String, List<Double>> valuesByVariant(String metric) {
    Map<String, List<Double>> byVariant = new LinkedHashMap<>();
    for (Row r : rows) {
      if (r.metric().equals(metric)) {
        byVariant.computeIfAbsent(r.variant(), v -> new ArrayList<>()).add(r.value());
      }
    }
    return byVariant;
  }
}
