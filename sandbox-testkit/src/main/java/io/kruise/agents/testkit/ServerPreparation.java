package io.kruise.agents.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the testkit's {@code prepare.sh}, which downloads Debian packages (Go, the Kubernetes CRD
 * API server sources, etcd) into a user cache and builds the project's own server main. Cold, this
 * takes a few minutes; warm (everything cached), seconds and no network.
 */
final class ServerPreparation {

  private static final Logger LOG = LoggerFactory.getLogger(ServerPreparation.class);
  private static final String RESOURCES = "/io/kruise/agents/testkit/realserver/";
  private static final List<String> FILES = List.of("prepare.sh", "main.go", "packages.txt");

  private ServerPreparation() {}

  /**
   * Prepares the binaries.
   *
   * @return the directory holding {@code kruise-test-apiserver} and {@code etcd}
   * @throws IllegalStateException with the script's one-line error when preparation fails
   */
  static Path prepare() {
    Path scripts = copyScripts();
    List<String> command = new ArrayList<>(List.of("bash", scripts.resolve("prepare.sh").toString()));
    String cacheDir = System.getProperty("sandbox.testkit.cache");
    if (cacheDir != null && !cacheDir.isBlank()) {
      command.add("--cache-dir");
      command.add(cacheDir);
    }
    try {
      Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE)
          .start();
      process.getOutputStream().close();
      List<String> errors = new ArrayList<>();
      Thread stderr = new Thread(() -> forward(process.getErrorStream(), errors),
          "testkit-prepare-stderr");
      stderr.setDaemon(true);
      stderr.start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
          .trim();
      if (!process.waitFor(30, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("testkit: error: preparing the real API server took more"
            + " than 30 minutes");
      }
      stderr.join(5000);
      if (process.exitValue() != 0) {
        String last = errors.stream().filter(l -> l.contains("error")).reduce((a, b) -> b)
            .orElse(errors.isEmpty() ? "prepare.sh exited with " + process.exitValue()
                : errors.get(errors.size() - 1));
        throw new IllegalStateException(last);
      }
      String[] lines = out.split("\n");
      Path bin = Path.of(lines[lines.length - 1].trim());
      if (!Files.isExecutable(bin.resolve("kruise-test-apiserver"))
          || !Files.isExecutable(bin.resolve("etcd"))) {
        throw new IllegalStateException("testkit: error: prepare.sh answered " + bin
            + " but it holds no kruise-test-apiserver and etcd");
      }
      return bin;
    } catch (IOException e) {
      throw new IllegalStateException("testkit: error: cannot run prepare.sh: " + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("testkit: error: interrupted while preparing", e);
    }
  }

  private static void forward(InputStream stream, List<String> lines) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream,
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        synchronized (lines) {
          lines.add(line);
        }
        LOG.info("{}", line);
      }
    } catch (IOException e) {
      LOG.debug("prepare.sh stderr closed", e);
    }
  }

  /** The scripts ship in the jar; the shell needs them as files. */
  private static Path copyScripts() {
    try {
      Path dir = Files.createTempDirectory("kruise-testkit-scripts");
      for (String name : FILES) {
        try (InputStream in = ServerPreparation.class.getResourceAsStream(RESOURCES + name)) {
          if (in == null) {
            throw new IllegalStateException("testkit: error: " + RESOURCES + name
                + " is missing from the classpath");
          }
          Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      dir.toFile().deleteOnExit();
      for (String name : FILES) {
        dir.resolve(name).toFile().deleteOnExit();
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
