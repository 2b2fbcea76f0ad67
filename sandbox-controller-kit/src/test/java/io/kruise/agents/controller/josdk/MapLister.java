package io.kruise.agents.controller.josdk;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.informers.IndexFunction;
import io.kruise.agents.informers.Lister;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A {@link Lister} over a map, for unit tests; label selectors of the form {@code k=v} only. */
final class MapLister<T extends HasMetadata> implements Lister<T> {

  private final Map<String, T> objects = new LinkedHashMap<>();
  private final Map<String, IndexFunction<T>> indexes = new LinkedHashMap<>();

  MapLister<T> index(String name, IndexFunction<T> function) {
    indexes.put(name, function);
    return this;
  }

  MapLister<T> put(T obj) {
    objects.put(obj.getMetadata().getNamespace() + "/" + obj.getMetadata().getName(), obj);
    return this;
  }

  void remove(T obj) {
    objects.remove(obj.getMetadata().getNamespace() + "/" + obj.getMetadata().getName());
  }

  @Override
  public T get(String namespace, String name) {
    return objects.get(namespace + "/" + name);
  }

  @Override
  public List<T> list(String namespace) {
    List<T> result = new ArrayList<>();
    for (T t : objects.values()) {
      if (namespace.isEmpty() || namespace.equals(t.getMetadata().getNamespace())) {
        result.add(t);
      }
    }
    return result;
  }

  @Override
  public List<T> list(String namespace, String labelSelector) {
    if (labelSelector == null || labelSelector.isBlank()) {
      return list(namespace);
    }
    String[] kv = labelSelector.split("=", 2);
    return list(namespace).stream().filter(t -> t.getMetadata().getLabels() != null
        && kv[1].equals(t.getMetadata().getLabels().get(kv[0]))).toList();
  }

  @Override
  public List<T> byIndex(String indexName, String key) {
    IndexFunction<T> f = indexes.get(indexName);
    if (f == null) {
      throw ValidationException.forField("indexName", "NotFound", indexName);
    }
    return objects.values().stream().filter(t -> f.keys(t).contains(key)).toList();
  }

  @Override
  public Set<String> indexKeys(String indexName) {
    IndexFunction<T> f = indexes.get(indexName);
    if (f == null) {
      throw ValidationException.forField("indexName", "NotFound", indexName);
    }
    Set<String> keys = new TreeSet<>();
    objects.values().forEach(t -> keys.addAll(f.keys(t)));
    return keys;
  }

  @Override
  public int size() {
    return objects.size();
  }
}
