package io.kruise.agents.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * One chart image and what every chart shares: size, fonts, the colour-blind safe palette
 * (Okabe–Ito), title and subtitle lines, text placement and number format. Drawing is
 * deterministic: no clock, no randomness, fonts by logical name, so the same data gives the same
 * PNG bytes on the same machine (the glyphs come from the machine's fonts).
 *
 * <p>Not thread-safe: one thread draws one canvas.
 */
final class ChartCanvas {

  /** Width of every chart, in pixels. */
  static final int WIDTH = 900;
  /** Height of every chart, in pixels. */
  static final int HEIGHT = 500;

  static final Color BACKGROUND = Color.WHITE;
  static final Color INK = new Color(0x22, 0x22, 0x22);
  static final Color MUTED = new Color(0x66, 0x66, 0x66);
  static final Color GRID = new Color(0xE3, 0xE3, 0xE3);

  // Okabe-Ito: blues and green for our variants, orange, vermillion and purple for the
  // alternatives, so "ours vs theirs" reads at a glance and survives colour-blindness
  private static final Color[] OURS = {
    new Color(0x00, 0x72, 0xB2), new Color(0x56, 0xB4, 0xE9), new Color(0x00, 0x9E, 0x73),
    new Color(0x00, 0x00, 0x00)
  };
  private static final Color[] ALTERNATIVES = {
    new Color(0xE6, 0x9F, 0x00), new Color(0xD5, 0x5E, 0x00), new Color(0xCC, 0x79, 0xA7),
    new Color(0xF0, 0xE4, 0x42)
  };

  static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 19);
  static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
  static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
  static final Font VALUE = new Font(Font.SANS_SERIF, Font.BOLD, 14);
  static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  final BufferedImage image;
  final Graphics2D g;

  ChartCanvas() {
    image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    // grayscale, not LCD sub-pixel: the PNG is viewed on any screen, scaled
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS,
        RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.setColor(BACKGROUND);
    g.fillRect(0, 0, WIDTH, HEIGHT);
  }

  /**
   * @param variant a variant's name
   * @return whether it is an alternative (plain fabric8, the raw server), not ours
   */
  static boolean isAlternative(String variant) {
    String v = variant.toLowerCase(Locale.ROOT);
    return v.startsWith("fabric8") || v.startsWith("server");
  }

  /**
   * @param variants every variant of a chart, ours first
   * @return one colour per variant: ours from the blue family, alternatives from the orange one
   */
  static List<Color> colours(List<String> variants) {
    List<Color> colours = new ArrayList<>();
    int ours = 0;
    int alternatives = 0;
    for (String v : variants) {
      colours.add(isAlternative(v)
          ? ALTERNATIVES[alternatives++ % ALTERNATIVES.length]
          : OURS[ours++ % OURS.length]);
    }
    return colours;
  }

  /**
   * Draws the title and the subtitle lines (wrapped to the width).
   *
   * @param title the first line, bold
   * @param subtitle notes separated by "; " (wrapped there when too long)
   * @return the y below the last line
   */
  int header(String title, String subtitle) {
    g.setColor(INK);
    g.setFont(TITLE);
    g.drawString(title, 24, 30);
    int y = 30;
    g.setFont(SUBTITLE);
    g.setColor(MUTED);
    for (String line : wrap(subtitle, "; ", WIDTH - 48, g.getFontMetrics())) {
      y += 20;
      g.drawString(line, 24, y);
    }
    return y + 12;
  }

  static List<String> wrap(String text, String separator, int width, FontMetrics fm) {
    List<String> lines = new ArrayList<>();
    if (text.isEmpty()) {
      return lines;
    }
    StringBuilder line = new StringBuilder();
    for (String part : text.split(java.util.regex.Pattern.quote(separator))) {
      String candidate = line.length() == 0 ? part : line + separator + part;
      if (line.length() > 0 && fm.stringWidth(candidate) > width) {
        lines.add(line + separator.strip());
        line = new StringBuilder(part);
      } else {
        line = new StringBuilder(candidate);
      }
    }
    lines.add(line.toString());
    return lines;
  }

  void centered(String text, double x, double y) {
    g.drawString(text, (float) (x - g.getFontMetrics().stringWidth(text) / 2.0), (float) y);
  }

  void rightAligned(String text, double x, double y) {
    g.drawString(text, (float) (x - g.getFontMetrics().stringWidth(text)), (float) y);
  }

  void vertical(String text, double x, double y) {
    AffineTransform saved = g.getTransform();
    g.translate(x, y);
    g.rotate(-Math.PI / 2);
    centered(text, 0, 0);
    g.setTransform(saved);
  }

  void stroke(float width) {
    g.setStroke(new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
  }

  void dashed(float width, float... dash) {
    g.setStroke(new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash,
        0f));
  }

  /**
   * @return the image as PNG bytes (the JDK writer adds no time stamp)
   */
  byte[] png() {
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.setUseCache(false);
      if (!ImageIO.write(image, "png", out)) {
        throw new IllegalStateException("no PNG writer in this JDK");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * @param v a value
   * @return it with about 3 significant digits, thousands grouped ("12,345", "6.07", "0.123")
   */
  static String number(double v) {
    double a = Math.abs(v);
    if (v == 0) {
      return "0";
    } else if (a >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    } else if (a >= 1e-4) {
      return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
    return String.format(Locale.ROOT, "%.2e", v);
  }
}
