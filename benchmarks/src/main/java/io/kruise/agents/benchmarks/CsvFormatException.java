package io.kruise.agents.benchmarks;

import java.nio.file.Path;

/**
 * A benchmark CSV file that does not follow {@link Csv}'s format; the message names the file, the
 * line and the column so the harness (or the hand edit) that wrote it can be found.
 */
public final class CsvFormatException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final int line;
  private final String column;

  /**
   * @param file the file being read
   * @param line the 1-based line number
   * @param column the column's name ("value"), or null when the whole line is wrong
   * @param problem what is wrong
   */
  public CsvFormatException(Path file, int line, String column, String problem) {
    super(file + ":" + line + (column == null ? "" : ", column " + column) + ": " + problem);
    this.file = file;
    this.line = line;
    this.column = column;
  }

  /**
   * @return the file being read
   */
  public Path file() {
    return file;
  }

  /**
   * @return the 1-based line number
   */
  public int line() {
    return line;
  }

  /**
   * @return the column's name, or null when the whole line is wrong
   */
  public String column() {
    return column;
  }
}
