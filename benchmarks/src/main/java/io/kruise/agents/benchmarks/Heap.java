package io.kruise.agents.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Heap measurement: used heap after full collections, and class histograms via {@code jmap}. */
public final class Heap {

  private Heap() {}

  /**
   * Runs {@code System.gc()} (a full, stop-the-world collection with the default G1 settings)
   * until the used heap changes by less than 64 KiB between two rounds, at most 12 rounds.
   *
   * @return the used heap in bytes afterwards
   */
  public static long usedAfterGc() {
    long previous = -1;
    long used = 0;
    for (int i = 0; i < 12; i++) {
      System.gc();
      sleep(150);
      used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      if (previous >= 0 && Math.abs(previous - used) < 64 * 1024) {
        break;
      }
      previous = used;
    }
    return used;
  }

  /**
   * The top of {@code jmap -histo:live} of this JVM (an external process attaching to it).
   *
   * @param top how many classes
   * @return the header and the top lines, or a one-line explanation when jmap is unavailable
   */
  public static List<String> histogram(int top) {
    long pid = ProcessHandle.current().pid();
    Path jmap = Path.of(System.getProperty("java.home"), "bin", "jmap");
    List<String> lines = new ArrayList<>();
    try {
      Process p = new ProcessBuilder(jmap.toString(), "-histo:live", String.valueOf(pid))
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(120, TimeUnit.SECONDS);
      String[] all = out.split("\n");
      for (int i = 0; i < all.length && i < top + 3; i++) {
        lines.add(all[i]);
      }
      for (String l : all) {
        if (l.startsWith("Total")) {
          lines.add(l);
        }
      }
    } catch (IOException e) {
      lines.add("(jmap unavailable: " + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return lines;
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
