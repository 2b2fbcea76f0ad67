package io.kruise.agents.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders small CSVs as {@link Plots} would from {@code docs/data}, and reads the pixels back. */
class PlotsTest {

  @TempDir
  Path dir;

  @BeforeAll
  static void headless() {
    System.setProperty("java.awt.headless", "true");
  }

  /** Two metrics of 5 runs; medians: ours 10, ours lean 5, fabric8 plain 20 (for "cpu"). */
  private Path writeFigure(Path data) {
    try (Csv csv = Csv.create(data.resolve("px-sync.csv"))) {
      double[][] cpu = {{10, 11, 12, 9, 10}, {19, 20, 21, 22, 20}, {5, 5.5, 4.5, 6, 5}};
      String[] variants = {"ours full", "fabric8 plain", "ours lean"};
      for (int run = 1; run <= 5; run++) {
        for (int v = 0; v < variants.length; v++) {
          csv.sample(variants[v], run, "cpu", "s", cpu[v][run - 1]);
          csv.sample(variants[v], run, "events per second", "events/s", 1000.0 * (v + run));
        }
      }
    }
    try (Csv csv = Csv.create(data.resolve("px-sync-dist.csv"))) {
      for (int run = 1; run <= 3; run++) {
        double[] ours = new double[400];
        double[] theirs = new double[400];
        for (int i = 0; i < ours.length; i++) {
          // spans four decades: a log axis
          ours[i] = 0.01 * Math.pow(10, 2.0 * i / ours.length) * (1 + run * 0.01);
          theirs[i] = 1 + 99.0 * i / theirs.length;
        }
        csv.distribution("ours", run, "wake", "ms", ours, 200);
        csv.distribution("fabric8 waitUntilCondition", run, "wake", "ms", theirs, 200);
      }
    }
    return data;
  }

  @Test
  void drawsAChartPerMetricOfTheRightSizeAndNotBlank() throws IOException {
    Path data = writeFigure(dir.resolve("data"));
    List<Path> pngs = Plots.render(data, dir.resolve("img"));

    assertThat(pngs).extracting(p -> p.getFileName().toString()).containsExactly(
        "px-sync-dist-wake.png", "px-sync-cpu.png", "px-sync-events-per-second.png");
    for (Path png : pngs) {
      BufferedImage image = ImageIO.read(png.toFile());
      assertThat(image.getWidth()).isEqualTo(900);
      assertThat(image.getHeight()).isEqualTo(500);
      Set<Integer> colours = new HashSet<>();
      long inked = 0;
      for (int x = 0; x < image.getWidth(); x++) {
        for (int y = 0; y < image.getHeight(); y++) {
          int rgb = image.getRGB(x, y) & 0xFFFFFF;
          colours.add(rgb);
          inked += rgb == 0xFFFFFF ? 0 : 1;
        }
      }
      assertThat(colours).as(png.toString()).hasSizeGreaterThan(20);
      assertThat(inked).as(png.toString()).isGreaterThan(image.getWidth() * image.getHeight() / 50);
    }
    // every variant of the CDF has its line
    BufferedImage cdf = ImageIO.read(pngs.get(0).toFile());
    for (Color c : ChartCanvas.colours(List.of("ours", "fabric8 waitUntilCondition"))) {
      assertThat(pixels(cdf, c.getRGB())).as("pixels of " + c).isGreaterThan(300);
    }
  }

  @Test
  void theSameCsvGivesTheSameBytes() throws IOException {
    Path data = writeFigure(dir.resolve("data"));
    List<Path> first = Plots.render(data, dir.resolve("img1"));
    List<Path> second = Plots.render(data, dir.resolve("img2"));

    assertThat(second).hasSameSizeAs(first);
    for (int i = 0; i < first.size(); i++) {
      assertThat(Files.readAllBytes(second.get(i))).as(second.get(i).toString())
          .isEqualTo(Files.readAllBytes(first.get(i)));
    }
  }

  @Test
  void barHeightsFollowTheMediansOursFirst() throws IOException {
    Path data = writeFigure(dir.resolve("data"));
    Plots.render(data, dir.resolve("img"));
    BufferedImage image = ImageIO.read(dir.resolve("img/px-sync-cpu.png").toFile());

    // ours first whatever the file order: ours full, ours lean, fabric8 plain
    List<Color> colours =
        ChartCanvas.colours(List.of("ours full", "ours lean", "fabric8 plain"));
    int[] left = new int[3];
    int[] height = new int[3];
    for (int i = 0; i < 3; i++) {
      int rgb = colours.get(i).getRGB();
      left[i] = firstColumnWith(image, rgb);
      // a column inside the bar, clear of the error bar at its centre
      height[i] = pixelsInColumn(image, left[i] + 4, rgb);
    }
    assertThat(left[0]).isLessThan(left[1]);
    assertThat(left[1]).isLessThan(left[2]);
    assertThat(height[1]).isPositive().isLessThan(height[0]);
    assertThat(height[0]).isLessThan(height[2]);
    // medians 10 : 5 : 20 on an axis from 0
    assertThat((double) height[2] / height[0]).isBetween(1.95, 2.05);
    assertThat((double) height[0] / height[1]).isBetween(1.95, 2.05);
  }

  @Test
  void aBadValueIsReportedWithItsFileLineAndColumn() throws IOException {
    Path data = Files.createDirectories(dir.resolve("data"));
    Path bad = data.resolve("bad.csv");
    Files.writeString(bad, Csv.HEADER + "\nours,1,cpu,s,1.5\nours,2,cpu,s,fast\n",
        StandardCharsets.UTF_8);

    assertThatThrownBy(() -> Plots.render(data, dir.resolve("img")))
        .isInstanceOfSatisfying(CsvFormatException.class, e -> {
          assertThat(e.file()).isEqualTo(bad);
          assertThat(e.line()).isEqualTo(3);
          assertThat(e.column()).contains("value");
          assertThat(e.getMessage()).contains("bad.csv:3").contains("fast");
        });
  }

  @Test
  void otherMalformedLinesAreNamedToo() throws IOException {
    Path file = dir.resolve("x.csv");
    Files.writeString(file, "variant,metric,value\nours,cpu,1\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> CsvData.read(file)).isInstanceOfSatisfying(
        CsvFormatException.class, e -> assertThat(e.line()).isEqualTo(1));

    Files.writeString(file, Csv.HEADER + "\nours,1,cpu,s,1\n\nours,1,cpu,s\n",
        StandardCharsets.UTF_8);
    assertThatThrownBy(() -> CsvData.read(file)).isInstanceOfSatisfying(
        CsvFormatException.class, e -> {
          assertThat(e.line()).isEqualTo(4);
          assertThat(e.getMessage()).contains("expected 5 fields");
        });

    Files.writeString(file, Csv.HEADER + "\nours,one,cpu,s,1\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> CsvData.read(file)).isInstanceOfSatisfying(
        CsvFormatException.class, e -> assertThat(e.column()).contains("run"));

    Files.writeString(file, Csv.HEADER + "\nours,1,cpu,s,1\nfabric8,1,cpu,ms,1000\n",
        StandardCharsets.UTF_8);
    assertThatThrownBy(() -> CsvData.read(file)).isInstanceOfSatisfying(
        CsvFormatException.class, e -> {
          assertThat(e.line()).isEqualTo(3);
          assertThat(e.column()).contains("unit");
        });
  }

  @Test
  void readsWhatCsvWrites() {
    Path file = dir.resolve("ok.csv");
    try (Csv csv = Csv.create(file)) {
      csv.sample("ours", 1, "cpu", "s", 1_234_567.0);
      csv.sample("fabric8", 1, "cpu", "s", 0.000123);
    }
    CsvData data = CsvData.read(file);
    assertThat(data.metrics()).containsExactly("cpu");
    assertThat(data.unit("cpu")).isEqualTo("s");
    assertThat(data.valuesByVariant("cpu")).containsOnlyKeys("ours", "fabric8");
    // Csv keeps 6 significant digits
    assertThat(data.valuesByVariant("cpu").get("ours")).containsExactly(1_234_570.0);
    assertThat(data.valuesByVariant("cpu").get("fabric8")).containsExactly(0.000123);
  }

  @Test
  void ratiosPairVariantsThatDifferOnlyInTheirFirstWords() {
    assertThat(VariantPairs.of(List.of("ours 1 threads", "ours 8 threads",
        "server raw patch 1 threads", "server raw patch 8 threads")))
        .containsExactly(new VariantPairs.Pair("ours 1 threads", "server raw patch 1 threads"),
            new VariantPairs.Pair("ours 8 threads", "server raw patch 8 threads"));
    assertThat(VariantPairs.of(List.of("ours", "ours slow", "fabric8", "fabric8 slow")))
        .containsExactly(new VariantPairs.Pair("ours", "fabric8"),
            new VariantPairs.Pair("ours slow", "fabric8 slow"));
    assertThat(VariantPairs.of(List.of("ours full", "ours lean", "fabric8 plain")))
        .containsExactly(new VariantPairs.Pair("ours full", "fabric8 plain"),
            new VariantPairs.Pair("ours lean", "fabric8 plain"));
    assertThat(VariantPairs.of(List.of("ours", "polling"))).isEmpty();
  }

  private static long pixels(BufferedImage image, int rgb) {
    long n = 0;
    for (int x = 0; x < image.getWidth(); x++) {
      n += pixelsInColumn(image, x, rgb);
    }
    return n;
  }

  private static int pixelsInColumn(BufferedImage image, int x, int rgb) {
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      n += (image.getRGB(x, y) & 0xFFFFFF) == (rgb & 0xFFFFFF) ? 1 : 0;
    }
    return n;
  }

  private static int firstColumnWith(BufferedImage image, int rgb) {
    for (int x = 0; x < image.getWidth(); x++) {
      if (pixelsInColumn(image, x, rgb) > 0) {
        return x;
      }
    }
    throw new AssertionError("no pixel of colour " + Integer.toHexString(rgb));
  }
}
