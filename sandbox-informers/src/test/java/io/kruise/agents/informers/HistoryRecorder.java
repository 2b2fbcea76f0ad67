package io.kruise.agents.informers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kruise.agents.client.exceptions.AgentsApiException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every callback with versions: {@code add a@1}, {@code update a@1>2}, {@code delete a@2}
 * ({@code delete? a@2} when the final state is unknown), {@code closed}. Names only, no namespace.
 */
class HistoryRecorder<T extends HasMetadata> implements ResourceListener<T> {

  final List<String> events = new CopyOnWriteArrayList<>();

  private static String at(HasMetadata obj) {
    return obj.getMetadata().getName() + "@" + obj.getMetadata().getResourceVersion();
  }

  @Override
  public void onAdd(T obj) {
    events.add("add " + at(obj));
  }

  @Override
  public void onUpdate(T oldObj, T newObj) {
    events.add("update " + at(oldObj) + ">" + newObj.getMetadata().getResourceVersion());
  }

  @Override
  public void onDelete(T obj, boolean finalStateUnknown) {
    events.add((finalStateUnknown ? "delete? " : "delete ") + at(obj));
  }

  @Override
  public void onClosed(AgentsApiException cause) {
    events.add("closed");
  }
}
