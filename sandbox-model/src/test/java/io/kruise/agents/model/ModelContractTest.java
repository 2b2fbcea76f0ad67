package io.kruise.agents.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bean contract of every spec/status/nested model class, checked by reflection so that a field
 * added later cannot silently miss its accessors, equals, hashCode or toString.
 */
class ModelContractTest {

  static Stream<Class<?>> modelClasses() {
    return Stream.of(HibernateStrategy.class, PauseStrategy.class, SandboxRuntime.class, TemplateRef.class,
        UpgradeAction.class, SandboxLifecycle.class, UpgradePolicy.class, PodInfo.class,
        SandboxSetScaleStrategy.class, SandboxSetUpdateStrategy.class, UpdatedMetadataInClaim.class,
        SandboxSpec.class, SandboxSetSpec.class, SandboxStatus.class, SandboxSetStatus.class,
        DynamicVolumeMount.class, SandboxClaimInplaceUpdate.class, SandboxClaimInplaceUpdateResources.class,
        SandboxClaimSpec.class, SandboxClaimStatus.class, SandboxTemplateSpec.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modelClasses")
  void everyFieldHasGetterSetterAndFluentWither(Class<?> type) throws Exception {
    for (Field field : properties(type)) {
      String suffix = capitalize(field.getName());
      Method getter = type.getMethod("get" + suffix);
      Method setter = type.getMethod("set" + suffix, field.getType());
      Method wither = type.getMethod("with" + suffix, field.getType());
      assertThat(getter.getReturnType()).isEqualTo(field.getType());
      assertThat(wither.getReturnType()).isEqualTo(type);

      Object bean = type.getConstructor().newInstance();
      Object value = sample(field.getGenericType(), 1);
      setter.invoke(bean, value);
      assertThat(getter.invoke(bean)).as("%s round trip through set/get", field).isEqualTo(value);
      Object other = sample(field.getGenericType(), 2);
      assertThat(wither.invoke(bean, other)).as("%s wither returns this", field).isSameAs(bean);
      assertThat(getter.invoke(bean)).as("%s wither stores the value", field).isEqualTo(other);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modelClasses")
  void everyFieldTakesPartInEqualsHashCodeAndToString(Class<?> type) throws Exception {
    Object a = populated(type, 1);
    Object b = populated(type, 1);
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(null).isNotEqualTo(new Object());
    assertThat(a.toString()).startsWith(type.getSimpleName() + "(");
    for (Field field : properties(type)) {
      Object changed = populated(type, 1);
      type.getMethod("set" + capitalize(field.getName()), field.getType())
          .invoke(changed, sample(field.getGenericType(), 2));
      assertThat(changed).as("equals must compare %s", field.getName()).isNotEqualTo(a);
      assertThat(changed.hashCode()).as("hashCode must use %s", field.getName()).isNotEqualTo(a.hashCode());
      assertThat(a.toString()).contains(field.getName() + "=");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modelClasses")
  void classesOmitNullsAndNameEveryJsonProperty(Class<?> type) {
    assertThat(type.getAnnotation(JsonInclude.class).value()).isEqualTo(JsonInclude.Include.NON_NULL);
    for (Field field : properties(type)) {
      JsonProperty property = field.getAnnotation(JsonProperty.class);
      assertThat(property).as("%s has @JsonProperty", field).isNotNull();
      assertThat(property.value()).isEqualTo(field.getName());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modelClasses")
  void javaSerializationKeepsEquality(Class<?> type) throws Exception {
    Object value = populated(type, 1);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(value);
    }
  }

  // ---- helpers ----

  static List<Field> properties(Class<?> type) {
    List<Field> fields = new ArrayList<>();
    for (Field field : type.getDeclaredFields()) {
      if (!Modifier.isStatic(field.getModifiers()) && !field.getName().equals("additionalProperties")) {
        fields.add(field);
      }
    }
    assertThat(fields).as("%s has properties", type).isNotEmpty();
    return fields;
  }

  static Object populated(Class<?> type, int variant) throws Exception {
    Object bean = type.getConstructor().newInstance();
    for (Field field : properties(type)) {
      type.getMethod("set" + capitalize(field.getName()), field.getType())
          .invoke(bean, sample(field.getGenericType(), variant));
    }
    return bean;
  }

  /** A value of the given type; different variants give unequal values. */
  static Object sample(Type type, int variant) throws Exception {
    if (type instanceof ParameterizedType) {
      ParameterizedType p = (ParameterizedType) type;
      if (p.getRawType() == List.class) {
        return new ArrayList<>(List.of(sample(p.getActualTypeArguments()[0], variant)));
      }
      if (p.getRawType() == Map.class) {
        Type valueType = p.getActualTypeArguments()[1];
        return Map.of("key", valueType == String.class ? "value" + variant : sample(valueType, variant));
      }
      throw new IllegalArgumentException("no sample for " + type);
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class) {
      return "value" + variant;
    }
    if (c == Integer.class || c == int.class) {
      return variant + 10;
    }
    if (c == Long.class) {
      return variant + 100L;
    }
    if (c == Boolean.class) {
      return variant % 2 == 0;
    }
    if (c == IntOrString.class) {
      return new IntOrString(variant);
    }
    if (c == Quantity.class) {
      return new Quantity(String.valueOf(variant)); // Quantity's hashCode ignores fractions: 100m and 200m collide
    }
    if (c == ExecAction.class) {
      ExecAction exec = new ExecAction();
      exec.setCommand(new ArrayList<>(List.of("run-" + variant)));
      return exec;
    }
    if (c == Condition.class) {
      return TestSupport.condition("Type" + variant, "True", "Reason", "m", "2025-01-01T00:00:00Z", null);
    }
    if (c == PodTemplateSpec.class) {
      return TestSupport.podTemplate("image:" + variant);
    }
    if (c == PersistentVolumeClaim.class) {
      return TestSupport.pvc("claim-" + variant, variant + "Gi", null);
    }
    if (c.getPackageName().equals(AgentsApi.class.getPackageName())) {
      Object nested = c.getConstructor().newInstance();
      c.getMethod("setAdditionalProperty", String.class, Object.class).invoke(nested, "marker", variant);
      return nested;
    }
    throw new IllegalArgumentException("no sample for " + type);
  }

  static String capitalize(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }
}
