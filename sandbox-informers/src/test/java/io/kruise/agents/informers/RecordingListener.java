package io.kruise.agents.informers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every callback as a line such as {@code add ns/name@rv}. */
class RecordingListener<T extends HasMetadata> implements ResourceListener<T> {

  final List<String> events = new CopyOnWriteArrayList<>();

  static String id(HasMetadata obj) {
    return obj.getMetadata().getNamespace() + "/" + obj.getMetadata().getName();
  }

  @Override
  public void onAdd(T obj) {
    events.add("add " + id(obj));
  }

  @Override
  public void onUpdate(T oldObj, T newObj) {
    events.add("update " + id(newObj));
  }

  @Override
  public void onDelete(T obj, boolean finalStateUnknown) {
    events.add("delete " + id(obj));
  }

  /** @return the recorded events of one kind ("add", "update", "delete") */
  List<String> of(String type) {
    return events.stream().filter(e -> e.startsWith(type + " ")).toList();
  }
}
