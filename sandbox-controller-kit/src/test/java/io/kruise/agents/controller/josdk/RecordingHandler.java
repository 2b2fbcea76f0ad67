package io.kruise.agents.controller.josdk;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A fabric8 event handler, as JOSDK registers one, that records what it is told. */
final class RecordingHandler<T extends HasMetadata> implements ResourceEventHandler<T> {

  final List<String> events = new CopyOnWriteArrayList<>();

  @Override
  public void onAdd(T obj) {
    events.add("add " + obj.getMetadata().getName());
  }

  @Override
  public void onUpdate(T oldObj, T newObj) {
    events.add("update " + newObj.getMetadata().getName() + " "
        + newObj.getMetadata().getResourceVersion());
  }

  @Override
  public void onDelete(T obj, boolean deletedFinalStateUnknown) {
    events.add("delete " + obj.getMetadata().getName());
  }

  List<String> of(String name) {
    return events.stream().filter(e -> e.split(" ")[1].equals(name)).toList();
  }
}
