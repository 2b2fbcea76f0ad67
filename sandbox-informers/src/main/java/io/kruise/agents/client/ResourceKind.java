package io.kruise.agents.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.CustomResource;
import io.kruise.agents.client.exceptions.NotFoundException;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.HasConditions;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The registration of one kind: everything the clients, the shared informers, the waits and the
 * testkit need to know about it. Adding a kind is one model class (a fabric8
 * {@link CustomResource} with {@code @Group}, {@code @Version} and, where the plural is not the
 * default, {@code @Plural}) plus one of these:
 *
 * <pre>{@code
 * static final ResourceKind<Widget, WidgetList> WIDGET =
 *     ResourceKind.builder(Widget.class, WidgetList.class, WidgetNotFoundException::new)
 *         .index("byColor", w -> List.of(w.getSpec().getColor()))
 *         .build();
 *
 * ResourceClient<Widget, WidgetList> widgets = agents.resources(WIDGET, "default");
 * SharedInformer<Widget> cache = SharedInformers.of(agents).informer(WIDGET);
 * }</pre>
 *
 * <p>The built-in kinds are registered in {@link AgentsKinds}. Immutable and thread-safe.
 *
 * @param <T> the resource type
 * @param <L> its list type
 */
public final class ResourceKind<T extends CustomResource<?, ?>,
    L extends KubernetesResourceList<T>> {

  /** Builds a kind-specific {@link NotFoundException}, e.g. {@code SandboxNotFoundException::new}. */
  @FunctionalInterface
  public interface NotFoundFactory {
    /**
     * @param namespace the namespace searched
     * @param name the missing object's name
     * @param detail why it is missing, e.g. {@code "not found"}
     * @param cause the underlying exception, or null
     * @return the exception
     */
    NotFoundException create(String namespace, String name, String detail, Throwable cause);
  }

  private final Class<T> type;
  private final Class<L> listType;
  private final String kind;
  private final String group;
  private final String version;
  private final String plural;
  private final NotFoundFactory notFound;
  private final Map<String, Function<? super T, ? extends Collection<String>>> indexes;

  private ResourceKind(Builder<T, L> b) {
    this.type = b.type;
    this.listType = b.listType;
    this.kind = HasMetadata.getKind(b.type);
    this.group = HasMetadata.getGroup(b.type);
    this.version = HasMetadata.getVersion(b.type);
    this.plural = HasMetadata.getPlural(b.type);
    this.notFound = b.notFound;
    this.indexes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.indexes));
  }

  /**
   * Starts the registration of a kind.
   *
   * @param type the resource class; its {@code @Group} and {@code @Version} annotations name the
   *     API it is served under
   * @param listType its list class
   * @param notFound builds the kind's NotFound exception
   * @param <T> the resource type
   * @param <L> its list type
   * @return a builder
   * @throws ValidationException naming the argument that is null, or {@code type} when it has no
   *     group or version annotation
   */
  public static <T extends CustomResource<?, ?>, L extends KubernetesResourceList<T>>
      Builder<T, L> builder(Class<T> type, Class<L> listType, NotFoundFactory notFound) {
    Validation.required("type", type);
    Validation.required("listType", listType);
    Validation.required("notFound", notFound);
    if (HasMetadata.getGroup(type) == null || HasMetadata.getVersion(type) == null) {
      throw ValidationException.forField("type", "Invalid", type.getName()
          + " has no @Group or @Version annotation, so it names no API to serve it");
    }
    return new Builder<>(type, listType, notFound);
  }

  /** @return the resource class */
  public Class<T> type() {
    return type;
  }

  /** @return the list class */
  public Class<L> listType() {
    return listType;
  }

  /** @return the kind, e.g. {@code Sandbox} */
  public String kind() {
    return kind;
  }

  /** @return the API group, e.g. {@code agents.kruise.io} */
  public String group() {
    return group;
  }

  /** @return the API version, e.g. {@code v1alpha1} */
  public String version() {
    return version;
  }

  /** @return {@code group/version}, the apiVersion of its objects */
  public String apiVersion() {
    return group + "/" + version;
  }

  /** @return the plural resource name, e.g. {@code sandboxes} */
  public String plural() {
    return plural;
  }

  /** @return the name of its CustomResourceDefinition, {@code plural.group} */
  public String crdName() {
    return plural + "." + group;
  }

  /** @return what builds its NotFound exception */
  public NotFoundFactory notFound() {
    return notFound;
  }

  /**
   * @return the indexes every informer of this kind starts with, by name, in registration order:
   *     each computes an object's keys (the informers' {@code IndexFunction} says how a
   *     function that throws is isolated)
   */
  public Map<String, Function<? super T, ? extends Collection<String>>> indexes() {
    return indexes;
  }

  /**
   * False when the resource class's status type is known not to report conditions: a
   * {@code CustomResource<S, Void>} (no status) or a status class that does not implement
   * {@link HasConditions}. True when it does, or when the type cannot be told from the class
   * (a type variable): then only the objects can say.
   */
  boolean statusMayHaveConditions() {
    Class<?> status = statusClass(type);
    return status == null || HasConditions.class.isAssignableFrom(status);
  }

  /** The status type argument of {@code CustomResource<S, T>} in the class's hierarchy. */
  private static Class<?> statusClass(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      if (c.getGenericSuperclass() instanceof ParameterizedType p
          && p.getRawType() == CustomResource.class) {
        Type status = p.getActualTypeArguments()[1];
        return status instanceof Class<?> k ? k
            : status instanceof ParameterizedType ps && ps.getRawType() instanceof Class<?> raw
                ? raw : null;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return kind + " (" + crdName() + ")";
  }

  /**
   * Collects a kind's default indexes.
   *
   * @param <T> the resource type
   * @param <L> its list type
   */
  public static final class Builder<T extends CustomResource<?, ?>,
      L extends KubernetesResourceList<T>> {
    private final Class<T> type;
    private final Class<L> listType;
    private final NotFoundFactory notFound;
    private final Map<String, Function<? super T, ? extends Collection<String>>> indexes =
        new LinkedHashMap<>();

    private Builder(Class<T> type, Class<L> listType, NotFoundFactory notFound) {
      this.type = type;
      this.listType = listType;
      this.notFound = notFound;
    }

    /**
     * Adds a default index.
     *
     * @param name the index name, unique within the kind
     * @param keys computes an object's keys (empty when it is not indexed); fast, side-effect
     *     free, never modifying the object
     * @return this builder
     * @throws ValidationException when the name is blank or taken, or {@code keys} is null
     */
    public Builder<T, L> index(String name,
        Function<? super T, ? extends Collection<String>> keys) {
      if (name == null || name.isBlank()) {
        throw ValidationException.forField("name", "Required", "an index needs a name");
      }
      Validation.required("keys", keys);
      if (indexes.putIfAbsent(name, keys) != null) {
        throw ValidationException.forField("name", "Duplicate", "index " + name
            + " is already registered for " + type.getSimpleName());
      }
      return this;
    }

    /** @return the registration */
    public ResourceKind<T, L> build() {
      return new ResourceKind<>(this);
    }
  }
}
