package io.kruise.agents.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records a known workload with JFR and checks that {@link JfrTop} puts it on top. */
class JfrTopTest {

  // about half a second of CPU here: some 50 samples at 10 ms
  private static final long BURN_LOOPS = 200_000_000L;
  private static final int ALLOCATIONS = 400_000;

  private static volatile long sink;
  private static final byte[][] KEPT = new byte[64][];

  @TempDir
  Path dir;

  @Test
  void theMethodThatBurnsCpuTopsTheSelfTableAndItsAllocatorTheSites() throws Exception {
    Path jfr = dir.resolve("burn.jfr");
    try (Recording recording = new Recording()) {
      recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
      recording.enable("jdk.ObjectAllocationSample").with("throttle", "1000/s");
      recording.start();
      Thread burner = new Thread(() -> sink = burnCpu(BURN_LOOPS), "jfr-top-burner");
      Thread allocator = new Thread(() -> sink = allocate(ALLOCATIONS), "jfr-top-allocator");
      burner.start();
      allocator.start();
      burner.join();
      allocator.join();
      recording.stop();
      recording.dump(jfr);
    }

    String burn = JfrTop.report(jfr, 5, Pattern.compile("^jfr-top-burner$"));
    List<String> self = section(burn, "#### Top methods by self samples");
    List<String> total = section(burn, "#### Top methods by total samples");
    assertThat(samples(burn)).isGreaterThanOrEqualTo(10);
    assertThat(self.get(0)).startsWith("| 1 | `io.kruise.agents.benchmarks.JfrTopTest.burnCpu` |");
    String burnTotal = total.stream().filter(r -> r.contains("JfrTopTest.burnCpu")).findFirst()
        .orElseThrow();
    assertThat(Double.parseDouble(cells(burnTotal)[4])).isGreaterThanOrEqualTo(90.0);
    assertThat(burn).doesNotContain("JfrTopTest.allocate");

    String alloc = JfrTop.report(jfr, 5, Pattern.compile("jfr-top-allocator"));
    List<String> sites = section(alloc, "#### Top allocation sites");
    assertThat(sites).isNotEmpty();
    assertThat(sites.get(0)).contains("JfrTopTest.allocate").contains("`[B`");
  }

  static long burnCpu(long loops) {
    long x = 1;
    for (long i = 0; i < loops; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
      x ^= x >>> 29;
    }
    return x;
  }

  static long allocate(int count) {
    long n = 0;
    for (int i = 0; i < count; i++) {
      // kept (briefly) in a static array so escape analysis cannot remove the allocation
      byte[] b = new byte[1024 + (i & 255)];
      KEPT[i & 63] = b;
      n += b.length;
    }
    return n;
  }

  private static long samples(String markdown) {
    String line = Arrays.stream(markdown.split("\n")).filter(l -> l.contains("execution samples"))
        .findFirst().orElseThrow();
    return Long.parseLong(line.substring(0, line.indexOf(' ')));
  }

  /** The data rows of the table under a heading. */
  private static List<String> section(String markdown, String heading) {
    List<String> lines = Arrays.asList(markdown.split("\n"));
    int start = 0;
    while (start < lines.size() && !lines.get(start).startsWith(heading)) {
      start++;
    }
    return lines.stream().skip(start + 1).dropWhile(String::isEmpty)
        .takeWhile(l -> l.startsWith("|")).skip(2).toList();
  }

  private static String[] cells(String row) {
    return Arrays.stream(row.split("\\|")).map(String::strip).skip(1).toArray(String[]::new);
  }
}
