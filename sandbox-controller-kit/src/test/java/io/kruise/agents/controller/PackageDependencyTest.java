package io.kruise.agents.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Packages of the kit depend one way: the helpers on nothing of the kit, the JOSDK integration
 * and leader election on the helpers at most, the pool and claim controllers on the others but
 * not on each other.
 */
class PackageDependencyTest {

  private static final Path MAIN = Path.of("src/main/java/io/kruise/agents/controller");

  private static List<String> importing(Path dir, boolean recurse, String prefix)
      throws IOException {
    try (Stream<Path> files = recurse ? Files.walk(dir) : Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
        try {
          return Files.readAllLines(p).stream().anyMatch(l -> l.startsWith("import " + prefix));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).map(Path::toString).toList();
    }
  }

  @Test
  void theHelpersDependOnNoOtherPackageOfTheKit() throws IOException {
    assertThat(importing(MAIN, false, "io.kruise.agents.controller.")).isEmpty();
  }

  @Test
  void nothingButThePoolControllerDependsOnIt() throws IOException {
    for (String pkg : List.of("josdk", "leader")) {
      assertThat(importing(MAIN.resolve(pkg), true, "io.kruise.agents.controller.pool"))
          .as(pkg).isEmpty();
    }
    assertThat(importing(MAIN.resolve("josdk"), true, "io.kruise.agents.controller.leader"))
        .isEmpty();
    assertThat(importing(MAIN.resolve("leader"), true, "io.kruise.agents.controller.josdk"))
        .isEmpty();
  }

  @Test
  void theClaimControllerAndThePoolControllerDoNotNeedEachOther() throws IOException {
    assertThat(importing(MAIN.resolve("claim"), true, "io.kruise.agents.controller.pool"))
        .isEmpty();
    for (String pkg : List.of("pool", "josdk", "leader")) {
      assertThat(importing(MAIN.resolve(pkg), true, "io.kruise.agents.controller.claim"))
          .as(pkg).isEmpty();
    }
  }
}
