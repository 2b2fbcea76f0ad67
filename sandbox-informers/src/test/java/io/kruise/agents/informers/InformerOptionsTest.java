package io.kruise.agents.informers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kruise.agents.client.exceptions.ValidationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Defaults, the lean switch and validation of informer options. */
class InformerOptionsTest {

  @Test
  void defaultsArePagedFullObjectsWithABoundedOverlay() {
    InformerOptions d = InformerOptions.DEFAULTS;
    assertThat(d.listPageSize()).isEqualTo(500);
    assertThat(d.stripManagedFields()).isFalse();
    assertThat(d.stripTemplates()).isFalse();
    assertThat(d.lean()).isFalse();
    assertThat(d.overlayTtl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.overlayMaxSize()).isEqualTo(10_000);
    assertThat(d.resyncPeriod()).isZero();
    assertThat(d.completionThreads()).isEqualTo(2);
    assertThat(d.listenerBacklogWarning()).isEqualTo(10_000);
    assertThat(d.listenerBacklogLimit()).isEqualTo(100_000);
    assertThat(d.listenerBacklogPolicy()).isEqualTo(ListenerBacklogPolicy.RESEED);
    assertThat(InformerOptions.builder().build()).isEqualTo(d);
  }

  @Test
  void leanStripsBothManagedFieldsAndTemplates() {
    InformerOptions lean = InformerOptions.builder().lean().build();
    assertThat(lean.stripManagedFields()).isTrue();
    assertThat(lean.stripTemplates()).isTrue();
    assertThat(lean.lean()).isTrue();
    assertThat(InformerOptions.builder().stripManagedFields(true).build().lean()).isTrue();
    assertThat(InformerOptions.builder().stripTemplates(true).build().lean()).isTrue();
  }

  @Test
  void builderSetsEveryValue() {
    InformerOptions o = InformerOptions.builder().listPageSize(7).overlayTtl(Duration.ofSeconds(2))
        .overlayMaxSize(3).listenerBacklogWarning(4).resyncPeriod(Duration.ofMinutes(1))
        .completionThreads(5).listenerBacklogLimit(5)
        .listenerBacklogPolicy(ListenerBacklogPolicy.CLOSE).build();
    assertThat(o).isEqualTo(new InformerOptions(7, false, false, Duration.ofSeconds(2), 3, 4,
        Duration.ofMinutes(1), 5, 5, ListenerBacklogPolicy.CLOSE));
  }

  @Test
  void nonPositiveSizesAreRefusedNamingTheField() {
    assertField(() -> InformerOptions.builder().listPageSize(0).build(), "listPageSize");
    assertField(() -> InformerOptions.builder().overlayMaxSize(-1).build(), "overlayMaxSize");
    assertField(() -> InformerOptions.builder().listenerBacklogWarning(0).build(),
        "listenerBacklogWarning");
    assertField(() -> InformerOptions.builder().completionThreads(0).build(),
        "completionThreads");
    assertField(() -> InformerOptions.builder().listenerBacklogLimit(0).build(),
        "listenerBacklogLimit");
    assertField(() -> InformerOptions.builder().listenerBacklogPolicy(null).build(),
        "listenerBacklogPolicy");
  }

  @Test
  void badDurationsAreRefusedNamingTheField() {
    assertField(() -> InformerOptions.builder().overlayTtl(Duration.ZERO).build(), "overlayTtl");
    assertField(() -> InformerOptions.builder().overlayTtl(null).build(), "overlayTtl");
    assertField(() -> InformerOptions.builder().resyncPeriod(Duration.ofSeconds(-1)).build(),
        "resyncPeriod");
    assertField(() -> InformerOptions.builder().resyncPeriod(null).build(), "resyncPeriod");
  }

  private static void assertField(Runnable build, String field) {
    assertThatThrownBy(build::run).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.fields()).containsExactly(field));
  }
}
