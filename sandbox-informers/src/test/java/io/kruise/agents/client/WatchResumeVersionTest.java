package io.kruise.agents.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.kruise.agents.client.exceptions.ResourceVersionExpiredException;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxList;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A 410 ends a raw watch with an ERROR event naming the resourceVersion the watch was resuming
 * from: after events (or bookmarks) that is the last one seen, not the argument it started with.
 */
class WatchResumeVersionTest {

  private final ResourceOperations<Sandbox, SandboxList> ops =
      new ResourceOperations<>(null, AgentsKinds.SANDBOX, "ns");
  private final List<WatchEvent<Sandbox>> events = new ArrayList<>();

  private CallbackWatcher<Sandbox> watcher(String startedFrom) {
    return new CallbackWatcher<>(events::add, startedFrom,
        (e, resumeFrom) -> ops.translateWatchFailure(e, "ns", startedFrom, resumeFrom));
  }

  private static Sandbox at(String resourceVersion) {
    Sandbox s = Fixtures.sandbox("s", "app");
    s.getMetadata().setResourceVersion(resourceVersion);
    return s;
  }

  private static WatcherException gone() {
    return new WatcherException("too old resource version",
        new KubernetesClientException(new StatusBuilder().withCode(410)
            .withReason("Expired").withMessage("too old resource version: 57 (90)").build()));
  }

  @Test
  void afterEventsAndBookmarksTheExpiredVersionIsTheLastOneSeen() {
    CallbackWatcher<Sandbox> watcher = watcher(null);
    watcher.eventReceived(Watcher.Action.ADDED, at("41"));
    watcher.eventReceived(Watcher.Action.BOOKMARK, at("57"));
    watcher.onClose(gone());

    assertThat(events).extracting(WatchEvent::type)
        .containsExactly(WatchEventType.ADDED, WatchEventType.ERROR); // bookmarks stay inside
    assertThat(events.get(1).error()).isInstanceOfSatisfying(
        ResourceVersionExpiredException.class, e -> {
          assertThat(e.resourceVersion()).isEqualTo("57");
          assertThat(e.code()).isEqualTo(410);
          assertThat(e.getMessage()).contains("resume from resourceVersion 57")
              .contains("resourceVersion argument null").doesNotContain("resourceVersion null)")
              .contains("list again");
        });
  }

  @Test
  void withoutEventsTheExpiredVersionIsTheArgument() {
    CallbackWatcher<Sandbox> watcher = watcher("12");
    watcher.onClose(gone());
    assertThat(events).singleElement().satisfies(event -> assertThat(event.error())
        .isInstanceOfSatisfying(ResourceVersionExpiredException.class, e -> {
          assertThat(e.resourceVersion()).isEqualTo("12");
          assertThat(e.getMessage()).contains("resume from resourceVersion 12")
              .contains("(the resourceVersion argument)");
        }));
  }

  @Test
  void otherFailuresAreTranslatedAsUsual() {
    CallbackWatcher<Sandbox> watcher = watcher(null);
    watcher.onClose(new WatcherException("forbidden", new KubernetesClientException(
        new StatusBuilder().withCode(403).withMessage("no").build())));
    assertThat(events).singleElement().satisfies(e -> assertThat(e.error().code())
        .isEqualTo(403));
  }
}
