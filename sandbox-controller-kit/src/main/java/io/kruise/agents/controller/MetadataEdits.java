package io.kruise.agents.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kruise.agents.client.exceptions.ValidationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Label, annotation and finalizer edits that compute what to write: each returns a changed copy
 * of the object (carrying the resourceVersion it was read at, so an optimistic update of it
 * never overwrites a newer version), or empty when the object already is as asked and nothing
 * needs writing. The given object is never changed: cached objects are shared, and their
 * labels, annotations and finalizers are unmodifiable.
 *
 * <pre>{@code
 * MetadataEdits.withFinalizer(cached, "example.com/cleanup")
 *     .ifPresent(copy -> agents.sandboxes(ns).updateSandbox(name, copy));
 * }</pre>
 *
 * <p>Keys, values and finalizers are checked against the API server's rules before any request.
 */
public final class MetadataEdits {

  /** A qualified name's name part (and a label value): alphanumerics, '-', '_', '.'. */
  private static final Pattern NAME_PART = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private MetadataEdits() {
  }

  /**
   * @param obj the object as read; not changed
   * @param key a label key, e.g. {@code example.com/tier}
   * @param value the label value (up to 63 characters; may be empty)
   * @param <T> the object's type
   * @return a copy with the label set, or empty when it already has that value
   * @throws ValidationException naming the argument the API server would refuse
   */
  public static <T extends HasMetadata> Optional<T> withLabel(T obj, String key, String value) {
    check(obj);
    qualifiedName("key", key);
    labelValue(value);
    Map<String, String> labels = obj.getMetadata().getLabels();
    if (labels != null && Objects.equals(labels.get(key), value)) {
      return Optional.empty();
    }
    return Optional.of(edit(obj, m -> m.setLabels(put(m.getLabels(), key, value))));
  }

  /**
   * @param obj the object as read; not changed
   * @param key the label key to remove
   * @param <T> the object's type
   * @return a copy without the label, or empty when it has none
   * @throws ValidationException naming {@code obj} or {@code key} when null
   */
  public static <T extends HasMetadata> Optional<T> withoutLabel(T obj, String key) {
    check(obj);
    required("key", key);
    Map<String, String> labels = obj.getMetadata().getLabels();
    if (labels == null || !labels.containsKey(key)) {
      return Optional.empty();
    }
    return Optional.of(edit(obj, m -> m.setLabels(remove(m.getLabels(), key))));
  }

  /**
   * @param obj the object as read; not changed
   * @param key an annotation key, e.g. {@code example.com/note}
   * @param value the annotation value
   * @param <T> the object's type
   * @return a copy with the annotation set, or empty when it already has that value
   * @throws ValidationException naming the argument the API server would refuse
   */
  public static <T extends HasMetadata> Optional<T> withAnnotation(T obj, String key,
      String value) {
    check(obj);
    qualifiedName("key", key);
    required("value", value);
    Map<String, String> annotations = obj.getMetadata().getAnnotations();
    if (annotations != null && Objects.equals(annotations.get(key), value)) {
      return Optional.empty();
    }
    return Optional.of(edit(obj, m -> m.setAnnotations(put(m.getAnnotations(), key, value))));
  }

  /**
   * @param obj the object as read; not changed
   * @param key the annotation key to remove
   * @param <T> the object's type
   * @return a copy without the annotation, or empty when it has none
   * @throws ValidationException naming {@code obj} or {@code key} when null
   */
  public static <T extends HasMetadata> Optional<T> withoutAnnotation(T obj, String key) {
    check(obj);
    required("key", key);
    Map<String, String> annotations = obj.getMetadata().getAnnotations();
    if (annotations == null || !annotations.containsKey(key)) {
      return Optional.empty();
    }
    return Optional.of(edit(obj, m -> m.setAnnotations(remove(m.getAnnotations(), key))));
  }

  /**
   * @param obj the object as read; not changed
   * @param finalizer a qualified name such as {@code example.com/cleanup}
   * @param <T> the object's type
   * @return a copy with the finalizer appended, or empty when it already has it
   * @throws ValidationException naming the argument the API server would refuse
   */
  public static <T extends HasMetadata> Optional<T> withFinalizer(T obj, String finalizer) {
    check(obj);
    qualifiedName("finalizer", finalizer);
    List<String> finalizers = obj.getMetadata().getFinalizers();
    if (finalizers != null && finalizers.contains(finalizer)) {
      return Optional.empty();
    }
    return Optional.of(edit(obj, m -> {
      List<String> changed = m.getFinalizers() == null ? new ArrayList<>()
          : new ArrayList<>(m.getFinalizers());
      changed.add(finalizer);
      m.setFinalizers(changed);
    }));
  }

  /**
   * @param obj the object as read; not changed
   * @param finalizer the finalizer to remove
   * @param <T> the object's type
   * @return a copy without the finalizer, or empty when it does not have it
   * @throws ValidationException naming {@code obj} or {@code finalizer} when null
   */
  public static <T extends HasMetadata> Optional<T> withoutFinalizer(T obj, String finalizer) {
    check(obj);
    required("finalizer", finalizer);
    List<String> finalizers = obj.getMetadata().getFinalizers();
    if (finalizers == null || !finalizers.contains(finalizer)) {
      return Optional.empty();
    }
    return Optional.of(edit(obj, m -> {
      List<String> changed = new ArrayList<>(m.getFinalizers());
      changed.removeIf(finalizer::equals);
      m.setFinalizers(changed);
    }));
  }

  private static <T extends HasMetadata> T edit(T obj,
      Consumer<io.fabric8.kubernetes.api.model.ObjectMeta> change) {
    T copy = Copies.deep(obj);
    change.accept(copy.getMetadata());
    return copy;
  }

  private static Map<String, String> put(Map<String, String> map, String key, String value) {
    Map<String, String> changed = map == null ? new LinkedHashMap<>() : new LinkedHashMap<>(map);
    changed.put(key, value);
    return changed;
  }

  private static Map<String, String> remove(Map<String, String> map, String key) {
    Map<String, String> changed = new LinkedHashMap<>(map);
    changed.remove(key);
    return changed;
  }

  private static void check(HasMetadata obj) {
    if (obj == null || obj.getMetadata() == null) {
      throw ValidationException.forField("obj", "Required", "must not be null");
    }
  }

  private static void required(String argument, String value) {
    if (value == null) {
      throw ValidationException.forField(argument, "Required", "must not be null");
    }
  }

  /** The API server's rule for label and annotation keys and finalizers. */
  static void qualifiedName(String argument, String value) {
    required(argument, value);
    int slash = value.indexOf('/');
    String prefix = slash < 0 ? null : value.substring(0, slash);
    String name = slash < 0 ? value : value.substring(slash + 1);
    boolean valid = name.length() <= 63 && NAME_PART.matcher(name).matches()
        && (prefix == null || prefix.length() <= 253 && DNS_SUBDOMAIN.matcher(prefix).matches());
    if (!valid) {
      throw ValidationException.forField(argument, "Invalid", "'" + value + "' is not a"
          + " qualified name ([prefix/]name: a DNS subdomain prefix, a name of up to 63"
          + " alphanumerics, '-', '_' or '.')");
    }
  }

  private static void labelValue(String value) {
    required("value", value);
    if (!value.isEmpty() && (value.length() > 63 || !NAME_PART.matcher(value).matches())) {
      throw ValidationException.forField("value", "Invalid", "'" + value + "' is not a valid"
          + " label value (up to 63 alphanumerics, '-', '_' or '.', starting and ending with an"
          + " alphanumeric)");
    }
  }
}
