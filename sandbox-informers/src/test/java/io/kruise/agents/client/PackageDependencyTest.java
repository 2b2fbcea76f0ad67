package io.kruise.agents.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way: informers use the client, the client knows nothing of the
 * informers, and the exceptions know neither.
 */
class PackageDependencyTest {

  private static final Path MAIN = Path.of("src/main/java/io/kruise/agents");

  private static List<String> offenders(Path dir, String forbidden) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
        try {
          return Files.readAllLines(p).stream()
              .anyMatch(l -> !l.startsWith(" *") && !l.startsWith("/*") && l.contains(forbidden));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).map(Path::toString).toList();
    }
  }

  @Test
  void theClientDoesNotDependOnTheInformers() throws IOException {
    assertThat(offenders(MAIN.resolve("client"), "io.kruise.agents.informers.")).isEmpty();
  }

  @Test
  void theExceptionsDependOnNeitherPackage() throws IOException {
    Path exceptions = MAIN.resolve("client/exceptions");
    assertThat(offenders(exceptions, "io.kruise.agents.informers.")).isEmpty();
    assertThat(offenders(exceptions, "import io.kruise.agents.client.")
        .stream().filter(f -> !f.contains("import io.kruise.agents.client.exceptions")))
        .isEmpty();
  }
}
