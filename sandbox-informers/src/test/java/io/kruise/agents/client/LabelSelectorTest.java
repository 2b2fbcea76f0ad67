package io.kruise.agents.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kruise.agents.client.exceptions.ValidationException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing and local evaluation of label selectors. */
class LabelSelectorTest {

  private static final Map<String, String> DEMO = Map.of("app", "demo", "tier", "web");

  @Test
  void equalityRequirementsMatchOnlyThatValue() {
    assertThat(LabelSelector.parse("app=demo").test(DEMO)).isTrue();
    assertThat(LabelSelector.parse("app==demo").test(DEMO)).isTrue();
    assertThat(LabelSelector.parse("app = demo").test(DEMO)).isTrue();
    assertThat(LabelSelector.parse("app=other").test(DEMO)).isFalse();
    assertThat(LabelSelector.parse("missing=demo").test(DEMO)).isFalse();
  }

  @Test
  void inequalityMatchesOtherValuesAndAbsentKeys() {
    assertThat(LabelSelector.parse("app!=other").test(DEMO)).isTrue();
    assertThat(LabelSelector.parse("app!=demo").test(DEMO)).isFalse();
    assertThat(LabelSelector.parse("missing!=x").test(DEMO)).isTrue();
  }

  @Test
  void inMatchesAnyListedValue() {
    assertThat(LabelSelector.parse("tier in (db,web)").test(DEMO)).isTrue();
    assertThat(LabelSelector.parse("tier in(db, web)").test(DEMO)).isTrue();
    assertThat(LabelSelector.parse("tier in (db,cache)").test(DEMO)).isFalse();
    assertThat(LabelSelector.parse("missing in (web)").test(DEMO)).isFalse();
  }

  @Test
  void notInMatchesUnlistedValuesAndAbsentKeys() {
    assertThat(LabelSelector.parse("tier notin (db)").test(DEMO)).isTrue();
    assertThat(LabelSelector.parse("tier notin (db,web)").test(DEMO)).isFalse();
    assertThat(LabelSelector.parse("missing notin (web)").test(DEMO)).isTrue();
  }

  @Test
  void existenceAndAbsence() {
    assertThat(LabelSelector.parse("tier").test(DEMO)).isTrue();
    assertThat(LabelSelector.parse("missing").test(DEMO)).isFalse();
    assertThat(LabelSelector.parse("!missing").test(DEMO)).isTrue();
    assertThat(LabelSelector.parse("!tier").test(DEMO)).isFalse();
    assertThat(LabelSelector.parse("! tier").test(DEMO)).isFalse();
  }

  @Test
  void allRequirementsMustHoldAndCommasInsideParenthesesDoNotSplit() {
    LabelSelector selector = LabelSelector.parse("app=demo, tier in (db,web),!legacy");
    assertThat(selector.test(DEMO)).isTrue();
    assertThat(selector.test(Map.of("app", "demo", "tier", "web", "legacy", "1"))).isFalse();
    assertThat(selector.test(Map.of("app", "demo", "tier", "cache"))).isFalse();
    assertThat(selector.matchesEverything()).isFalse();
    assertThat(selector).hasToString("app=demo, tier in (db,web),!legacy");
  }

  @Test
  void prefixedKeysAreAccepted() {
    assertThat(LabelSelector.parse("agents.kruise.io/sandbox-pool=p1")
        .test(Map.of("agents.kruise.io/sandbox-pool", "p1"))).isTrue();
  }

  @Test
  void nullAndBlankSelectorsMatchEverythingEvenWithoutLabels() {
    assertThat(LabelSelector.parse(null).matchesEverything()).isTrue();
    assertThat(LabelSelector.parse("  ").matchesEverything()).isTrue();
    assertThat(LabelSelector.parse(null).test(null)).isTrue();
  }

  @Test
  void objectsWithoutLabelsMatchOnlyNegativeRequirements() {
    assertThat(LabelSelector.parse("app=demo").test(null)).isFalse();
    assertThat(LabelSelector.parse("app").test(null)).isFalse();
    assertThat(LabelSelector.parse("!app").test(null)).isTrue();
    assertThat(LabelSelector.parse("app!=demo").test(null)).isTrue();
    assertThat(LabelSelector.parse("app notin (demo)").test(null)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"=demo", "app=demo,", ",app", "app=demo,,tier", "bad key=1", "tier in web",
      "tier notin web", "-app=1", "!"})
  void syntaxErrorsAreValidationErrorsNamingTheSelector(String selector) {
    assertThatThrownBy(() -> LabelSelector.parse(selector))
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.fields()).containsExactly("labelSelector");
          assertThat(e.getMessage()).contains(selector);
        });
  }
}
