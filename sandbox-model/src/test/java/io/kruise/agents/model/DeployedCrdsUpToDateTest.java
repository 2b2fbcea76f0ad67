package io.kruise.agents.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code deploy/crds/} (committed, for {@code kubectl apply -f deploy/crds/}) identical to
 * the CRDs the build generates from the model into {@code target/classes/META-INF/fabric8/}.
 *
 * <p>The build does not overwrite {@code deploy/crds/} by itself, so a model change that alters
 * the CRDs fails here until someone refreshes the committed copies on purpose with
 * {@code mvn -pl sandbox-model -am install -DrefreshCrds} (the {@code refresh-crds} profile copies
 * the generated files right after generation, before this test runs). The directories come from
 * the system properties {@code sandbox.crds.generated} and {@code sandbox.crds.deployed} that the
 * module's surefire configuration sets.
 */
class DeployedCrdsUpToDateTest {

  private static final String HOW_TO_REFRESH =
      "deploy/crds/ differs from the CRDs generated from the model; refresh it with "
          + "'mvn -pl sandbox-model -am install -DrefreshCrds' and commit the result";

  private static Path dir(String property, String fallback) {
    return Path.of(System.getProperty(property, fallback)).toAbsolutePath().normalize();
  }

  private static List<String> manifests(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yml") || n.endsWith(".yaml") || n.endsWith(".json"))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
  }

  @Test
  void deployedCrdsAreExactlyTheGeneratedOnes() throws IOException {
    Path generated = dir("sandbox.crds.generated", "target/classes/META-INF/fabric8");
    Path deployed = dir("sandbox.crds.deployed", "../deploy/crds");
    assertThat(generated).as("generated CRD directory").isDirectory();
    assertThat(deployed).as(HOW_TO_REFRESH).isDirectory();

    List<String> generatedFiles = manifests(generated);
    assertThat(generatedFiles).containsExactly(
        AgentsApi.SANDBOXCLAIM_CRD_NAME + "-v1.yml", AgentsApi.SANDBOX_CRD_NAME + "-v1.yml",
        AgentsApi.SANDBOXSET_CRD_NAME + "-v1.yml", AgentsApi.SANDBOXTEMPLATE_CRD_NAME + "-v1.yml");
    assertThat(manifests(deployed)).as(HOW_TO_REFRESH).isEqualTo(generatedFiles);
    for (String name : generatedFiles) {
      assertThat(read(deployed.resolve(name))).as(HOW_TO_REFRESH + " (" + name + ")")
          .isEqualTo(read(generated.resolve(name)));
    }
  }
}
