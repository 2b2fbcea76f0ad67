package io.kruise.agents.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A child JVM of the test classpath: its lines, its exit, and failures that say what happened. */
class JavaProcessTest {

  @Test
  void readsTheChildsLinesAndExitCode() {
    try (JavaProcess child = JavaProcess.builder(EchoMain.class).name("echo")
        .env("UNUSED", "x").args("one", "two", "0").start()) {
      assertThat(child.awaitLine(l -> l.startsWith("t"), Duration.ofSeconds(60)))
          .isEqualTo("two");
      assertThat(child.awaitExit(Duration.ofSeconds(30))).isZero();
      assertThat(child.output()).containsExactly("one", "two");
    }
  }

  @Test
  void aLineThatNeverComesFailsAsSoonAsTheChildEndsWithItsOutputAndLog() {
    try (JavaProcess child = JavaProcess.builder(EchoMain.class).name("echo")
        .args("only", "3").start()) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> child.awaitLine("never"::equals, Duration.ofMinutes(5)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("echo: no matching line")
          .hasMessageContaining("stdout: only")
          .hasMessageContaining("echo: done");
      // it did not wait out the five minutes
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMinutes(1));
      assertThat(child.awaitExit(Duration.ofSeconds(30))).isEqualTo(3);
    }
  }
}
