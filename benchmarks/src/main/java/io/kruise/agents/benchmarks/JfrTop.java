package io.kruise.agents.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording as markdown for the report's "profile of a miss" paragraphs: the top
 * methods of {@code jdk.ExecutionSample} by self samples (the method was running) and by total
 * samples (the method was on the stack), and the top allocation sites of
 * {@code jdk.ObjectAllocationSample} by sampled weight when the recording has them.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.kruise.agents.benchmarks.JfrTop FILE.jfr [--top 20]
 * [--thread-filter REGEX]} (the regex is searched for in the sampled thread's Java name). Record
 * with {@code -XX:StartFlightRecording=filename=x.jfr,settings=profile} (10 ms samples and
 * allocation samples) or a harness's {@code --jfr DIR}.
 */
public final class JfrTop {

  private static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";
  private static final String ALLOCATION_SAMPLE = "jdk.ObjectAllocationSample";

  private JfrTop() {}

  /**
   * @param args {@code FILE.jfr [--top N] [--thread-filter REGEX]}
   */
  public static void main(String[] args) {
    Path file = null;
    int top = 20;
    Pattern filter = null;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--top" -> top = Integer.parseInt(args[++i]);
          case "--thread-filter" -> filter = Pattern.compile(args[++i]);
          default -> {
            if (args[i].startsWith("--") || file != null) {
              throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            file = Path.of(args[i]);
          }
        }
      }
      if (file == null || top < 1) {
        throw new IllegalArgumentException("a recording file is required, --top at least 1");
      }
    } catch (RuntimeException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: JfrTop FILE.jfr [--top 20] [--thread-filter REGEX]");
      System.exit(2);
      return;
    }
    System.out.print(report(file, top, filter));
  }

  /**
   * Reads a recording and renders its summary.
   *
   * @param file a JFR recording
   * @param top how many rows per table
   * @param threadFilter searched for in each sample's Java thread name; null for every thread
   * @return the markdown
   * @throws UncheckedIOException when the file cannot be read as a recording
   */
  public static String report(Path file, int top, Pattern threadFilter) {
    Counts cpu = new Counts();
    Map<String, long[]> allocation = new HashMap<>();
    long allocationSamples = 0;
    long allocationWeight = 0;
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent e = recording.readEvent();
        String type = e.getEventType().getName();
        if (type.equals(EXECUTION_SAMPLE)) {
          if (matches(threadFilter, e.getThread("sampledThread"))) {
            cpu.add(e.getStackTrace());
          }
        } else if (type.equals(ALLOCATION_SAMPLE) && matches(threadFilter, e.getThread())) {
          long weight = e.getLong("weight");
          String objectClass = e.getClass("objectClass") == null ? "?"
              : e.getClass("objectClass").getName();
          String key = allocationSite(e.getStackTrace()) + "\u0000" + objectClass;
          long[] w = allocation.computeIfAbsent(key, k -> new long[2]);
          w[0] += weight;
          w[1]++;
          allocationSamples++;
          allocationWeight += weight;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the recording " + file, e);
    }

    StringBuilder md = new StringBuilder();
    md.append("### Profile: ").append(file.getFileName()).append("\n\n");
    md.append(cpu.samples).append(" execution samples");
    if (threadFilter != null) {
      md.append(" on threads matching `").append(threadFilter.pattern()).append('`');
    }
    md.append(cpu.truncated > 0 ? "; " + cpu.truncated + " stack traces were truncated (total "
        + "counts of outer frames are lower bounds)" : "").append(".\n\n");
    if (cpu.samples > 0) {
      md.append("#### Top methods by self samples\n\n");
      table(md, cpu, cpu.self, top, true);
      md.append("\n#### Top methods by total samples (on the stack)\n\n");
      table(md, cpu, cpu.total, top, false);
    }
    if (allocationSamples > 0) {
      md.append("\n#### Top allocation sites by sampled weight (").append(ALLOCATION_SAMPLE)
          .append(", ").append(allocationSamples).append(" samples, ")
          .append(mib(allocationWeight)).append(" MiB)\n\n");
      md.append("| # | allocated in | first frame outside the JDK | object class | weight (MiB) | "
          + "% |\n|---|---|---|---|---|---|\n");
      List<Map.Entry<String, long[]>> sites = new ArrayList<>(allocation.entrySet());
      sites.sort(Comparator.comparingLong((Map.Entry<String, long[]> s) -> -s.getValue()[0])
          .thenComparing(Map.Entry::getKey));
      for (int i = 0; i < Math.min(top, sites.size()); i++) {
        String[] k = sites.get(i).getKey().split("\u0000", -1);
        long w = sites.get(i).getValue()[0];
        md.append("| ").append(i + 1).append(" | ").append(cell(k[0])).append(" | ")
            .append(cell(k[1])).append(" | ").append(cell(k[2])).append(" | ").append(mib(w))
            .append(" | ").append(percent(w, allocationWeight)).append(" |\n");
      }
    }
    return md.toString();
  }

  private static boolean matches(Pattern filter, RecordedThread thread) {
    if (filter == null) {
      return true;
    }
    String name = thread == null ? null : thread.getJavaName();
    return name != null && filter.matcher(name).find();
  }

  /** Sample counts per method, self (top frame) and total (anywhere on the stack, once each). */
  private static final class Counts {
    final Map<String, Long> self = new HashMap<>();
    final Map<String, Long> total = new HashMap<>();
    long samples;
    long truncated;

    void add(RecordedStackTrace stack) {
      samples++;
      if (stack == null || stack.getFrames().isEmpty()) {
        self.merge("(no stack trace)", 1L, Long::sum);
        total.merge("(no stack trace)", 1L, Long::sum);
        return;
      }
      if (stack.isTruncated()) {
        truncated++;
      }
      List<RecordedFrame> frames = stack.getFrames();
      self.merge(method(frames.get(0)), 1L, Long::sum);
      // a recursive method is on the stack once per sample, not once per frame
      Set<String> seen = new HashSet<>();
      for (RecordedFrame f : frames) {
        String m = method(f);
        if (seen.add(m)) {
          total.merge(m, 1L, Long::sum);
        }
      }
    }
  }

  private static void table(StringBuilder md, Counts cpu, Map<String, Long> by, int top,
      boolean selfFirst) {
    md.append(selfFirst ? "| # | method | self | self % | total % |\n"
        : "| # | method | total | total % | self % |\n").append("|---|---|---|---|---|\n");
    List<Map.Entry<String, Long>> rows = new ArrayList<>(by.entrySet());
    rows.sort(Comparator.comparingLong((Map.Entry<String, Long> e) -> -e.getValue())
        .thenComparing(Map.Entry::getKey));
    for (int i = 0; i < Math.min(top, rows.size()); i++) {
      String m = rows.get(i).getKey();
      long self = cpu.self.getOrDefault(m, 0L);
      long total = cpu.total.getOrDefault(m, 0L);
      md.append("| ").append(i + 1).append(" | ").append(cell(m)).append(" | ")
          .append(selfFirst ? self : total).append(" | ")
          .append(percent(selfFirst ? self : total, cpu.samples)).append(" | ")
          .append(percent(selfFirst ? total : self, cpu.samples)).append(" |\n");
    }
  }

  private static String method(RecordedFrame f) {
    if (f.getMethod() == null) {
      return "(unknown)";
    }
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static String frameWithLine(RecordedFrame f) {
    return method(f) + (f.getLineNumber() > 0 ? ":" + f.getLineNumber() : "");
  }

  private static String allocationSite(RecordedStackTrace stack) {
    if (stack == null || stack.getFrames().isEmpty()) {
      return "(no stack trace)\u0000";
    }
    List<RecordedFrame> frames = stack.getFrames();
    String outside = "";
    for (RecordedFrame f : frames) {
      if (f.getMethod() != null && !isJdk(f.getMethod().getType().getName())) {
        outside = frameWithLine(f);
        break;
      }
    }
    return frameWithLine(frames.get(0)) + "\u0000" + outside;
  }

  private static boolean isJdk(String className) {
    return className.startsWith("java.") || className.startsWith("javax.")
        || className.startsWith("jdk.") || className.startsWith("sun.")
        || className.startsWith("com.sun.");
  }

  private static String cell(String s) {
    return s.isEmpty() ? "" : "`" + s.replace("|", "\\|").replace("`", "'") + "`";
  }

  private static String percent(long part, long whole) {
    return String.format(Locale.ROOT, "%.1f", whole == 0 ? 0.0 : 100.0 * part / whole);
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%,.1f", bytes / (1024.0 * 1024.0));
  }
}
