package io.kruise.agents.controller.josdk;

import static io.kruise.agents.controller.josdk.JosdkFixtures.sandbox;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.kruise.agents.client.exceptions.AgentsApiException;
import io.kruise.agents.model.Sandbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class HandlerDispatchTest {

  private final LocalIndexes<Sandbox> indexes = new LocalIndexes<>();
  private final List<String> seen = new ArrayList<>();

  HandlerDispatchTest() {
    indexes.add(Map.of("byName", s -> List.of(s.getMetadata().getName())));
  }

  @Test
  void theIndexesAreUpToDateWhenAHandlerSeesTheChange() {
    List<ResourceEventHandler<? super Sandbox>> handlers = List.of(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Sandbox obj) {
        seen.add("add " + indexes.storeKeys("byName", obj.getMetadata().getName()));
      }

      @Override
      public void onUpdate(Sandbox oldObj, Sandbox newObj) {
        seen.add("update " + indexes.storeKeys("byName", "s1"));
      }

      @Override
      public void onDelete(Sandbox obj, boolean unknown) {
        seen.add("delete " + indexes.storeKeys("byName", "s1") + " " + unknown);
      }
    });
    HandlerDispatch<Sandbox> dispatch = new HandlerDispatch<>(indexes, handlers, e -> {});
    Sandbox s1 = sandbox("a", "s1");

    dispatch.onAdd(s1);
    dispatch.onUpdate(s1, s1);
    dispatch.onDelete(s1, true);

    assertThat(seen).containsExactly("add [a/s1]", "update [a/s1]", "delete [] true");
  }

  @Test
  void aThrowingHandlerDoesNotKeepTheChangeFromTheNext() {
    List<ResourceEventHandler<? super Sandbox>> handlers = new CopyOnWriteArrayList<>();
    handlers.add(recording("first", true));
    handlers.add(recording("second", false));
    new HandlerDispatch<>(null, handlers, e -> {}).onAdd(sandbox("a", "s1"));

    assertThat(seen).containsExactly("first s1", "second s1");
  }

  @Test
  void aClosedRegistrationIsPassedOn() {
    List<AgentsApiException> closed = new ArrayList<>();
    AgentsApiException cause = new AgentsApiException("backlog");
    new HandlerDispatch<Sandbox>(null, List.of(), closed::add).onClosed(cause);
    assertThat(closed).containsExactly(cause);
  }

  private ResourceEventHandler<Sandbox> recording(String name, boolean fail) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Sandbox obj) {
        seen.add(name + " " + obj.getMetadata().getName());
        if (fail) {
          throw new IllegalStateException("handler failure");
        }
      }

      @Override
      public void onUpdate(Sandbox oldObj, Sandbox newObj) {}

      @Override
      public void onDelete(Sandbox obj, boolean deletedFinalStateUnknown) {}
    };
  }
}
