package io.kruise.agents.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kruise.agents.client.exceptions.NotFoundException;
import io.kruise.agents.client.exceptions.SandboxClaimNotFoundException;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.SandboxClaim;
import io.kruise.agents.model.SandboxClaimList;
import io.kruise.agents.widget.NoApi;
import io.kruise.agents.widget.Widget;
import io.kruise.agents.widget.WidgetList;
import io.kruise.agents.widget.WidgetNotFoundException;
import io.kruise.agents.widget.Widgets;
import java.util.List;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** A registration derives its names from the model class and refuses bad input naming the field. */
class ResourceKindTest {

  private static void refused(ThrowingCallable call, String field, String reason,
      String... inMessage) {
    assertThatThrownBy(call).isInstanceOfSatisfying(ValidationException.class, e -> {
      assertThat(e.causes()).singleElement().satisfies(c -> {
        assertThat(c.field()).isEqualTo(field);
        assertThat(c.reason()).isEqualTo(reason);
      });
      for (String part : inMessage) {
        assertThat(e.getMessage()).contains(part);
      }
    });
  }

  @Test
  void namesAreDerivedFromTheModelClass() {
    ResourceKind<Widget, WidgetList> widget = Widgets.WIDGET;
    assertThat(widget.type()).isEqualTo(Widget.class);
    assertThat(widget.listType()).isEqualTo(WidgetList.class);
    assertThat(widget.kind()).isEqualTo("Widget");
    assertThat(widget.group()).isEqualTo("widgets.example.io");
    assertThat(widget.version()).isEqualTo("v1");
    assertThat(widget.apiVersion()).isEqualTo("widgets.example.io/v1");
    assertThat(widget.plural()).isEqualTo("widgets");
    assertThat(widget.crdName()).isEqualTo("widgets.widgets.example.io");
    assertThat(widget.toString()).contains("Widget").contains("widgets.widgets.example.io");
    // a @Plural annotation is followed
    assertThat(AgentsKinds.SANDBOX.plural()).isEqualTo("sandboxes");
  }

  @Test
  void theNotFoundFactoryBuildsTheKindsException() {
    NotFoundException e = Widgets.WIDGET.notFound().create("ns", "w", "not found", null);
    assertThat(e).isInstanceOf(WidgetNotFoundException.class);
    assertThat(e.kind()).isEqualTo("Widget");
    assertThat(e.namespace()).isEqualTo("ns");
    assertThat(e.name()).isEqualTo("w");
    assertThat(AgentsKinds.SANDBOX_CLAIM.notFound().create("ns", "c", "not found", null))
        .isInstanceOf(SandboxClaimNotFoundException.class);
  }

  @Test
  void indexesKeepTheirRegistrationOrderAndCannotBeChanged() {
    Function<Widget, List<String>> none = w -> List.of();
    ResourceKind<Widget, WidgetList> kind = ResourceKind.builder(Widget.class, WidgetList.class,
        WidgetNotFoundException::new).index("b", none).index("a", none).index("c", none).build();
    assertThat(kind.indexes().keySet()).containsExactly("b", "a", "c");
    assertThatThrownBy(() -> kind.indexes().put("d", none))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(ResourceKind.builder(Widget.class, WidgetList.class, WidgetNotFoundException::new)
        .build().indexes()).isEmpty();
  }

  @Test
  void whetherTheStatusCanReportConditionsComesFromTheClass() {
    assertThat(Widgets.WIDGET.statusMayHaveConditions()).isTrue();
    assertThat(AgentsKinds.SANDBOX.statusMayHaveConditions()).isTrue();
    assertThat(AgentsKinds.SANDBOX_SET.statusMayHaveConditions()).isTrue();
    assertThat(AgentsKinds.SANDBOX_CLAIM.statusMayHaveConditions()).isTrue();
    assertThat(AgentsKinds.SANDBOX_TEMPLATE.statusMayHaveConditions()).as("no status").isFalse();
  }

  @Test
  void everyMissingArgumentIsNamed() {
    refused(() -> ResourceKind.builder(null, WidgetList.class, WidgetNotFoundException::new),
        "type", "Required");
    refused(() -> ResourceKind.builder(Widget.class, null, WidgetNotFoundException::new),
        "listType", "Required");
    refused(() -> ResourceKind.builder(Widget.class, WidgetList.class, null),
        "notFound", "Required");
  }

  @Test
  void aClassThatNamesNoApiIsRefused() {
    refused(() -> ResourceKind.builder(NoApi.class, NoApi.List.class,
        WidgetNotFoundException::new), "type", "Invalid", NoApi.class.getName(), "@Version");
  }

  @Test
  void badIndexesAreRefusedNamingTheField() {
    ResourceKind.Builder<SandboxClaim, SandboxClaimList> builder = ResourceKind.builder(
        SandboxClaim.class, SandboxClaimList.class, SandboxClaimNotFoundException::new)
        .index("byTemplate", c -> List.of());
    refused(() -> builder.index(null, c -> List.of()), "name", "Required");
    refused(() -> builder.index(" ", c -> List.of()), "name", "Required");
    refused(() -> builder.index("x", null), "keys", "Required");
    refused(() -> builder.index("byTemplate", c -> List.of("other")), "name", "Duplicate",
        "byTemplate", "SandboxClaim");
    // the refused duplicate did not replace the first function
    assertThat(builder.build().indexes().get("byTemplate").apply(new SandboxClaim())).isEmpty();
  }
}
