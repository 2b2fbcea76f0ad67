package io.kruise.agents.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child JVM that runs a main class of this JVM's classpath (in a test: the test classpath), for
 * tests that need a second process against the same server: leader election, a crash with
 * {@link #kill()} ({@code kill -9}). Give it the cluster with {@link Builder#kubeconfig(Path)}
 * (see {@link TestCluster#writeKubeconfig(Path)}): its fabric8 clients then connect there by
 * default.
 *
 * <pre>{@code
 * try (JavaProcess child = JavaProcess.builder(MyMain.class)
 *     .kubeconfig(cluster.writeKubeconfig(dir.resolve("kubeconfig"))).args("a", "b").start()) {
 *   child.awaitLine(l -> l.startsWith("ready"), Duration.ofSeconds(30));
 *   child.kill();
 * }
 * }</pre>
 *
 * <p>The child's stdout is read line by line into {@link #output()} (the test's channel: print
 * one line per event worth asserting); its stderr (logs) goes to {@link #errorLog()}. Its stdin is
 * a pipe that stays open while this object lives: a child main that calls
 * {@link #exitWithParent()} ends when this JVM ends, also when this JVM is killed, so no child
 * outlives a crashed test run. Thread-safe.
 */
public final class JavaProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path errorLog;
  private final List<String> lines = new ArrayList<>();
  private final Thread reader;
  /**
   * Set (under the lines' lock) when the child's stdout has ended: the reader thread is still
   * alive when it says so, so waiters must not judge by {@code reader.isAlive()}.
   */
  private boolean outputEnded;

  private JavaProcess(String name, Process process, Path errorLog) {
    this.name = name;
    this.process = process;
    this.errorLog = errorLog;
    this.reader = new Thread(this::readOutput, "java-process-" + name + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * @param mainClass the class whose {@code main} the child runs; on this JVM's classpath
   * @return a builder
   */
  public static Builder builder(Class<?> mainClass) {
    return new Builder(Objects.requireNonNull(mainClass, "mainClass"));
  }

  /**
   * For the child's {@code main}: ends this JVM at once (without shutdown hooks, like a crash)
   * when its parent ends or closes the child's stdin. Call it first thing in a main started by
   * {@link JavaProcess}; do not read {@code System.in} elsewhere.
   */
  public static void exitWithParent() {
    Thread watcher = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // the parent never writes; EOF means it is gone
        }
      } catch (IOException e) {
        // a broken pipe is a gone parent too
      }
      Runtime.getRuntime().halt(143);
    }, "exit-with-parent");
    watcher.setDaemon(true);
    watcher.start();
  }

  /** Builds and starts a {@link JavaProcess}. */
  public static final class Builder {
    private final Class<?> mainClass;
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private String name;

    private Builder(Class<?> mainClass) {
      this.mainClass = mainClass;
      this.name = mainClass.getSimpleName();
    }

    /**
     * @param name a name for logs, thread names and failure messages (default: the class name)
     * @return this builder
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * @param kubeconfig a kubeconfig file, given to the child as {@code KUBECONFIG}
     * @return this builder
     */
    public Builder kubeconfig(Path kubeconfig) {
      return env("KUBECONFIG", kubeconfig.toAbsolutePath().toString());
    }

    /**
     * @param key an environment variable of the child
     * @param value its value
     * @return this builder
     */
    public Builder env(String key, String value) {
      env.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * @param jvmArgs options for the child's {@code java} command, such as {@code -Xmx256m}
     * @return this builder
     */
    public Builder jvmArgs(String... jvmArgs) {
      this.jvmArgs.addAll(List.of(jvmArgs));
      return this;
    }

    /**
     * @param args the arguments of {@code main}
     * @return this builder
     */
    public Builder args(String... args) {
      this.args.addAll(List.of(args));
      return this;
    }

    /**
     * Starts the child: {@code <java.home>/bin/java <jvmArgs> -cp <this JVM's classpath> <main>
     * <args>}.
     *
     * @return the running child; close it to kill it
     */
    public JavaProcess start() {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmArgs);
      command.add("-cp");
      // Under surefire's default manifest-only jar this is that jar, whose manifest Class-Path
      // names the whole test classpath, so the child sees the same classes either way.
      command.add(System.getProperty("java.class.path"));
      command.add(mainClass.getName());
      command.addAll(args);
      try {
        Path errorLog = Files.createTempFile("java-process-" + name + "-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(errorLog.toFile()));
        builder.environment().putAll(env);
        return new JavaProcess(name, builder.start(), errorLog);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + name, e);
      }
    }
  }

  private void readOutput() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // the child is gone; what it printed so far stays in lines
    } finally {
      synchronized (lines) {
        outputEnded = true;
        lines.notifyAll();
      }
    }
  }

  /** @return the child's process id */
  public long pid() {
    return process.pid();
  }

  /** @return the name given to the builder */
  public String name() {
    return name;
  }

  /** @return whether the child is still running */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** @return the lines the child printed to stdout so far, in order; a copy */
  public List<String> output() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** @return the file the child's stderr (its logs) goes to */
  public Path errorLog() {
    return errorLog;
  }

  /**
   * Waits for the first stdout line (from the start, not only new ones) that matches.
   *
   * @param match what the line must satisfy
   * @param timeout how long to wait
   * @return the line
   * @throws AssertionError when no such line came within the timeout, or the child ended without
   *     printing one; the message has the child's last output and log lines
   */
  public String awaitLine(Predicate<String> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    synchronized (lines) {
      while (true) {
        for (; seen < lines.size(); seen++) {
          if (match.test(lines.get(seen))) {
            return lines.get(seen);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || (outputEnded && seen == lines.size())) {
          throw new AssertionError(name + ": no matching line within " + timeout
              + (process.isAlive() ? "" : " (exited with " + process.exitValue() + ")")
              + "; stdout: " + tail(lines, 10) + "; stderr: " + tail(readErrorLog(), 15));
        }
        try {
          lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(name + ": interrupted while waiting for a line", e);
        }
      }
    }
  }

  /**
   * Waits for the child to end by itself.
   *
   * @param timeout how long to wait
   * @return its exit code
   * @throws AssertionError when it is still running after the timeout
   */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + " still runs after " + timeout + "; stderr: "
            + tail(readErrorLog(), 15));
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(name + ": interrupted while waiting for its exit", e);
    }
  }

  /**
   * Kills the child with SIGKILL ({@code kill -9}: no shutdown hook, no lease release) and waits
   * until it is gone.
   */
  public void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " (pid " + process.pid()
            + ") did not end within 30 s of SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Kills the child if it still runs. */
  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  private List<String> readErrorLog() {
    try {
      return Files.readAllLines(errorLog, StandardCharsets.UTF_8);
    } catch (IOException | UncheckedIOException e) {
      return List.of("(cannot read " + errorLog + ": " + e + ")");
    }
  }

  private static String tail(List<String> all, int n) {
    List<String> copy;
    synchronized (all) {
      copy = List.copyOf(all);
    }
    return String.join(" | ", copy.subList(Math.max(0, copy.size() - n), copy.size()));
  }

  @Override
  public String toString() {
    return "JavaProcess[" + name + ", pid " + process.pid() + "]";
  }
}
