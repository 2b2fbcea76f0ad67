package io.kruise.agents.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ChartAxisTest {

  @Test
  void linearTicksAreNiceAndEncloseTheData() {
    ChartAxis axis = ChartAxis.linear(0, 1968 * 1.08, 400, 100);
    assertThat(axis.ticks()).extracting(ChartAxis.Tick::label)
        .containsExactly("0", "500", "1,000", "1,500", "2,000", "2,500");
    assertThat(axis.pixel(0)).isEqualTo(400.0);
    assertThat(axis.pixel(2500)).isEqualTo(100.0);
    assertThat(axis.pixel(1250)).isCloseTo(250.0, within(1e-9));

    assertThat(ChartAxis.linear(0, 1, 0, 100).ticks()).extracting(ChartAxis.Tick::label)
        .containsExactly("0.0", "0.2", "0.4", "0.6", "0.8", "1.0");
    assertThat(ChartAxis.linear(0, 1.2, 0, 100).ticks()).extracting(ChartAxis.Tick::label)
        .containsExactly("0.00", "0.25", "0.50", "0.75", "1.00", "1.25");
  }

  @Test
  void aFlatRangeStillGetsAnAxis() {
    assertThat(ChartAxis.linear(0, 0, 0, 100).ticks()).hasSizeGreaterThan(1);
    assertThat(ChartAxis.linear(5, 5, 0, 100).ticks()).hasSizeGreaterThan(1);
  }

  @Test
  void logAxisRunsByDecadesAndIsChosenBeyondTwoDecades() {
    ChartAxis axis = ChartAxis.log(0.007, 210, 0, 600);
    assertThat(axis.isLog()).isTrue();
    assertThat(axis.ticks()).filteredOn(ChartAxis.Tick::major).extracting(ChartAxis.Tick::label)
        .containsExactly("0.001", "0.01", "0.1", "1", "10", "100", "1,000");
    assertThat(axis.pixel(1)).isCloseTo(300.0, within(1e-9));
    assertThat(axis.pixel(1e-9)).isEqualTo(0.0);

    assertThat(CdfChart.needsLogAxis(0.1, 10.1)).isTrue();
    assertThat(CdfChart.needsLogAxis(0.1, 9.9)).isFalse();
    assertThat(CdfChart.needsLogAxis(Double.POSITIVE_INFINITY, 0)).isFalse();
  }

  @Test
  void numbersKeepAboutThreeSignificantDigits() {
    assertThat(ChartCanvas.number(6.0712)).isEqualTo("6.07");
    assertThat(ChartCanvas.number(120)).isEqualTo("120");
    assertThat(ChartCanvas.number(19_612.4)).isEqualTo("19,612");
    assertThat(ChartCanvas.number(0.000123)).isEqualTo("0.000123");
    assertThat(ChartCanvas.number(0)).isEqualTo("0");
  }
}
