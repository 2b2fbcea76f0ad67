package io.kruise.agents.examples.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.kruise.agents.informers.ListenerBacklogPolicy;
import io.kruise.agents.spring.AgentsProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ByteArrayResource;

/**
 * Keeps the README's "Spring Boot" and "Sample service and dashboard" sections honest: their Java
 * is made of tagged regions of this module's sources, shown verbatim (whitespace aside), and their
 * settings block binds to the starter's properties with no key left over. (The examples module's
 * ReadmeSnippetsTest reads these sources too, for its check of every Java block in the README.)
 */
class ReadmeSpringSectionsTest {

  private static final Path README = Path.of("..", "README.md");
  private static final Path SOURCES = Path.of("src", "main", "java");
  private static final Pattern TAG = Pattern.compile("^\\s*// tag::([a-z0-9-]+)\\[]\\s*$");
  private static final Pattern END = Pattern.compile("^\\s*// end::([a-z0-9-]+)\\[]\\s*$");

  @Test
  void theJavaOfBothSectionsIsTheTaggedCodeVerbatim() throws IOException {
    Map<String, String> snippets = snippets();
    assertThat(snippets).containsOnlyKeys("spring-component", "dashboard-listener");
    String sections = section("## Spring Boot") + section("## Sample service and dashboard");
    List<String> blocks = blocks(sections, "java");
    assertThat(blocks).hasSize(2);
    for (String block : blocks) {
      String rest = normalize(block);
      for (String code : snippets.values()) {
        rest = rest.replace(normalize(code), "");
      }
      assertThat(rest.strip()).as("Java in the README that is not tagged code:%n%s", block)
          .isEmpty();
    }
    for (Map.Entry<String, String> snippet : snippets.entrySet()) {
      assertThat(normalize(sections)).as(snippet.getKey()).contains(normalize(snippet.getValue()));
    }
  }

  @Test
  void theSettingsBlockBindsToTheStarterWithNothingLeftOver() throws IOException {
    List<String> yaml = blocks(section("## Spring Boot"), "yaml");
    assertThat(yaml).hasSize(1);
    var sources = new YamlPropertySourceLoader().load("README",
        new ByteArrayResource(yaml.get(0).getBytes()));
    AgentsProperties properties = new Binder(ConfigurationPropertySources.from(sources))
        .bind("kruise.agents", Bindable.ofInstance(new AgentsProperties()),
            new NoUnboundElementsBindHandler(BindHandler.DEFAULT)).get();

    assertThat(properties.getNamespace()).isEqualTo("sandboxes");
    assertThat(properties.getDefaultWaitTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(properties.getInformers().getScopes()).singleElement().satisfies(scope -> {
      assertThat(scope.getLabelSelector()).isEqualTo("team=a");
      assertThat(scope.getKinds()).containsExactly(AgentsProperties.Kind.SANDBOX,
          AgentsProperties.Kind.SANDBOX_SET);
    });
    assertThat(properties.getInformers().getListenerBacklogPolicy())
        .isEqualTo(ListenerBacklogPolicy.RESEED);
    AgentsProperties defaults = new AgentsProperties();
    assertThat(properties.getRecovery().getMaxDelay())
        .isEqualTo(defaults.getRecovery().getMaxDelay());
    assertThat(properties.getHealth().getWatchReconnectGrace())
        .isEqualTo(defaults.getHealth().getWatchReconnectGrace());
    assertThat(properties.getInformers().getListPageSize())
        .isEqualTo(defaults.getInformers().getListPageSize());
  }

  @Test
  void theSampleCommandAndScreenshotAreThere() throws IOException {
    String section = section("## Sample service and dashboard");
    assertThat(section).contains("mvn -q -Pservice -pl examples-spring -am package -DskipTests",
        "](docs/dashboard.png)");
    assertThat(Path.of("..", "docs", "dashboard.png")).exists();
  }

  private static String section(String heading) throws IOException {
    String readme = Files.readString(README);
    int start = readme.indexOf("\n" + heading + "\n");
    assertThat(start).as("README has %s", heading).isNotNegative();
    int end = readme.indexOf("\n## ", start + heading.length() + 2);
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  private static List<String> blocks(String text, String language) {
    Matcher m = Pattern.compile("```" + language + "\\R(.*?)```", Pattern.DOTALL).matcher(text);
    List<String> blocks = new ArrayList<>();
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  private static String normalize(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }

  /** The tagged regions of this module's main sources, by tag. */
  private static Map<String, String> snippets() throws IOException {
    Map<String, String> snippets = new LinkedHashMap<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(SOURCES)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    for (Path file : files) {
      String open = null;
      StringBuilder code = new StringBuilder();
      for (String line : Files.readAllLines(file)) {
        Matcher tag = TAG.matcher(line);
        Matcher end = END.matcher(line);
        if (tag.matches()) {
          open = tag.group(1);
          code.setLength(0);
        } else if (end.matches()) {
          assertThat(end.group(1)).as("%s closes a region that is not open", file).isEqualTo(open);
          snippets.put(open, code.toString());
          open = null;
        } else if (open != null) {
          code.append(line).append('\n');
        }
      }
      assertThat(open).as("%s: region %s is never closed", file, open).isNull();
    }
    return snippets;
  }
}
