package io.kruise.agents.informers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kruise.agents.client.LeanObjects;
import io.kruise.agents.model.Sandbox;
import io.kruise.agents.model.SandboxList;
import io.kruise.agents.model.SandboxSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The informers' own deserialization: what it builds must equal what plain deserialization
 * builds (minus what a lean store drops), equal parts must come out as one instance, and the
 * user's client must be left alone.
 */
class InformerDeserializationTest {

  private static final InformerOptions LEAN = InformerOptions.builder().lean().build();

  /** Two sandboxes of one pool (equal template and field sets, different times), odd fields. */
  private static final String LIST = """
      {"apiVersion":"agents.kruise.io/v1alpha1","kind":"SandboxList","metadata":{"resourceVersion":"9"},
       "items":[%s,%s,%s]}""".formatted(sandbox("a", "2025-06-01T08:00:00Z", "\"template\":"
      + TEMPLATE()), sandbox("b", "2025-06-01T08:00:07Z", "\"template\":" + TEMPLATE()),
      sandbox("c", "2025-06-01T08:00:09Z", "\"template\":{},\"unknownSpecField\":{\"x\":[1,null]}"));

  private static String TEMPLATE() {
    return """
        {"metadata":{"labels":{"app":"x","pool":"p"}},"spec":{"restartPolicy":"Always",
         "containers":[{"name":"sandbox","image":"img:1","env":[{"name":"A","value":"b"}],
         "resources":{"requests":{"cpu":"500m","memory":"1Gi"},"limits":{"cpu":"2"}},
         "readinessProbe":{"httpGet":{"path":"/health","port":49983}},"futureField":true}]},
         "futureTemplateField":{"nested":"value"}}""";
  }

  private static String sandbox(String name, String time, String specFields) {
    return """
        {"apiVersion":"agents.kruise.io/v1alpha1","kind":"Sandbox",
         "metadata":{"name":"%s","namespace":"ns","resourceVersion":"1","labels":{"pool":"p"},
          "managedFields":[
           {"manager":"ctl","operation":"Update","apiVersion":"agents.kruise.io/v1alpha1",
            "time":"%s","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{".":{},
            "f:pool":{}}},"f:spec":{"f:template":{}}}},
           {"manager":"st","operation":"Update","subresource":"status","time":"%s",
            "fieldsType":"FieldsV1","fieldsV1":{"f:status":{".":{},"f:phase":{}}}},
           {"manager":"odd","operation":"Apply","time":null,"fieldsV1":null}]},
         "spec":{%s},
         "status":{"phase":"Running","futureStatus":1}}""".formatted(name, time, time,
        specFields);
  }

  private static KubernetesSerialization informerSerialization(InformerOptions options) {
    ObjectMapper mapper = new ObjectMapper();
    mapper.registerModule(InformerDeserialization.module(options));
    return new KubernetesSerialization(mapper, true);
  }

  private static List<Sandbox> read(KubernetesSerialization s) {
    return s.unmarshal(LIST, SandboxList.class).getItems();
  }

  @Test
  void fullStoreObjectsEqualPlainDeserialization() {
    List<Sandbox> plain = read(new KubernetesSerialization());
    List<Sandbox> ours = read(informerSerialization(InformerOptions.DEFAULTS));
    assertThat(ours).isEqualTo(plain);
    // unknown fields survive as additional properties, in and around the shared parts
    assertThat(ours.get(0).getSpec().getTemplate().getAdditionalProperties())
        .containsKey("futureTemplateField");
    assertThat(ours.get(0).getSpec().getTemplate().getSpec().getContainers().get(0)
        .getAdditionalProperties()).containsEntry("futureField", true);
    assertThat(ours.get(2).getSpec().getTemplate()).isEqualTo(plain.get(2).getSpec()
        .getTemplate());
    assertThat(ours.get(2).getMetadata().getManagedFields().get(2).getFieldsV1()).isNull();
  }

  @Test
  void equalPartsAreOneInstanceAndDifferentOnesAreNot() {
    List<Sandbox> ours = read(informerSerialization(InformerOptions.DEFAULTS));
    assertThat(ours.get(1).getSpec().getTemplate()).isSameAs(ours.get(0).getSpec().getTemplate());
    assertThat(ours.get(2).getSpec().getTemplate()).isNotSameAs(ours.get(0).getSpec()
        .getTemplate());
    for (int e = 0; e < 2; e++) {
      assertThat(ours.get(1).getMetadata().getManagedFields().get(e).getFieldsV1())
          .isSameAs(ours.get(0).getMetadata().getManagedFields().get(e).getFieldsV1());
    }
    // the entries themselves differ (their times), so they are not shared
    assertThat(ours.get(1).getMetadata().getManagedFields().get(0))
        .isNotEqualTo(ours.get(0).getMetadata().getManagedFields().get(0));
  }

  @Test
  void aDeepCopyOwnsItsPartsSoMutatingItLeavesTheSharedOnesAlone() {
    List<Sandbox> ours = read(informerSerialization(InformerOptions.DEFAULTS));
    Sandbox copy = ours.get(0).deepCopy();
    assertThat(copy).isEqualTo(ours.get(0));
    assertThat(copy.getSpec().getTemplate()).isNotSameAs(ours.get(0).getSpec().getTemplate());
    copy.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("changed");
    copy.getMetadata().getManagedFields().get(0).getFieldsV1().setAdditionalProperty("f:x", 1);
    assertThat(ours.get(1).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("img:1");
    assertThat(ours.get(1).getMetadata().getManagedFields().get(0).getFieldsV1()
        .getAdditionalProperties()).doesNotContainKey("f:x");
  }

  @Test
  void plainDeserializationSharesNothing() {
    List<Sandbox> plain = read(new KubernetesSerialization());
    assertThat(plain.get(1).getSpec().getTemplate()).isNotSameAs(plain.get(0).getSpec()
        .getTemplate());
  }

  @Test
  void leanStoreObjectsEqualPlainOnesWithoutWhatLeanDrops() {
    ObjectCompactor<Sandbox> compactor = new ObjectCompactor<>(LEAN);
    List<Sandbox> plain = read(new KubernetesSerialization());
    List<Sandbox> ours = read(informerSerialization(LEAN));
    for (int i = 0; i < plain.size(); i++) {
      Sandbox viaParser = compactor.compact(ours.get(i));
      Sandbox viaCompactor = new ObjectCompactor<Sandbox>(LEAN).compact(plain.get(i));
      assertThat(viaParser.getSpec().getTemplate()).isNull();
      assertThat(viaParser.getMetadata().getManagedFields()).isNull();
      assertThat(LeanObjects.isPartial(viaParser)).isTrue();
      assertThat(viaParser).isEqualTo(viaCompactor);
    }
    assertThat(ours.get(2).getSpec().getAdditionalProperties()).containsKey("unknownSpecField");
  }

  @Test
  void sandboxSetTemplatesAreSharedToo() {
    String json = """
        {"apiVersion":"agents.kruise.io/v1alpha1","kind":"SandboxSet","metadata":{"name":"p",
         "namespace":"ns"},"spec":{"replicas":2,"template":%s}}""".formatted(TEMPLATE());
    KubernetesSerialization s = informerSerialization(InformerOptions.DEFAULTS);
    SandboxSet a = s.unmarshal(json, SandboxSet.class);
    SandboxSet b = s.unmarshal(json, SandboxSet.class);
    assertThat(b.getSpec().getTemplate()).isSameAs(a.getSpec().getTemplate());
    assertThat(a).isEqualTo(new KubernetesSerialization().unmarshal(json, SandboxSet.class));
  }

  @Test
  void theUsersClientKeepsItsOwnSerialization() {
    try (KubernetesClient user = new KubernetesClientBuilder().withConfig(
        new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl("http://127.0.0.1:1")
            .build()).build()) {
      KubernetesClient informers = InformerDeserialization.informerClient(user,
          InformerOptions.DEFAULTS);
      assertThat(informers).isNotSameAs(user);
      assertThat(informers.getKubernetesSerialization()).isNotSameAs(
          user.getKubernetesSerialization());
      List<Sandbox> usersRead = read(user.getKubernetesSerialization());
      assertThat(usersRead.get(1).getSpec().getTemplate()).isNotSameAs(usersRead.get(0)
          .getSpec().getTemplate());
      assertThat(informers.getHttpClient()).isSameAs(user.getHttpClient());
      // closing the user's client closes the informers' client with it
      user.close();
      assertThat(((io.fabric8.kubernetes.client.impl.BaseClient) informers)
          .getClosed()).isDone();
    }
  }

  @Test
  void theTableOfBuiltPartsIsBounded() {
    KubernetesSerialization s = informerSerialization(InformerOptions.DEFAULTS);
    for (int i = 0; i < InformerDeserialization.MAX_REMEMBERED + 10; i++) {
      s.unmarshal("{\"f:x" + i + "\":{}}", io.fabric8.kubernetes.api.model.FieldsV1.class);
    }
    // after the table started again, equal text still comes out equal (built anew)
    var again = s.unmarshal("{\"f:x0\":{}}", io.fabric8.kubernetes.api.model.FieldsV1.class);
    assertThat(again.getAdditionalProperties()).isEqualTo(Map.of("f:x0", Map.of()));
  }
}
