package io.kruise.agents.informers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kruise.agents.model.Sandbox;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The compactor's reference-counted tables follow the cache: replace and delete cycles (churn)
 * leave them as they were, whether parts arrive as the informers' shared instances, as equal
 * copies (aliases), or both.
 */
class CanonicalPartsLeakTest {

  private static final int OBJECTS = 40;
  private static final int POOLS = 4;

  private static String json(int i, int version) {
    int pool = i % POOLS;
    return """
        {"apiVersion":"agents.kruise.io/v1alpha1","kind":"Sandbox",
         "metadata":{"name":"s%d","namespace":"ns","resourceVersion":"%d","labels":{"pool":"p%d"},
          "managedFields":[{"manager":"st","operation":"Update","subresource":"status",
           "time":"2025-06-01T08:%02d:%02dZ","fieldsType":"FieldsV1",
           "fieldsV1":{"f:status":{"f:phase":{},"f:v%d":{}}}}]},
         "spec":{"template":{"metadata":{"labels":{"pool":"p%d"}},
          "spec":{"containers":[{"name":"c","image":"img:%d"}]}}},
         "status":{"phase":"Running"}}""".formatted(i, version, pool, version % 60, i % 60,
        version % 3, pool, pool);
  }

  private static KubernetesSerialization informers() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.registerModule(InformerDeserialization.module(InformerOptions.DEFAULTS));
    return new KubernetesSerialization(mapper, true);
  }

  @Test
  void churnAndDeletesLeaveNoCanonicalPartsBehind() {
    ObjectCompactor<Sandbox> compactor = new ObjectCompactor<>(InformerOptions.DEFAULTS);
    IndexedStore<Sandbox> store = new IndexedStore<>(Map.of(), compactor);
    KubernetesSerialization shared = informers();
    KubernetesSerialization plain = new KubernetesSerialization();
    for (int i = 0; i < OBJECTS; i++) {
      store.put("ns/s" + i, shared.unmarshal(json(i, 1), Sandbox.class));
    }
    int templates = compactor.distinctTemplates();
    int fieldSets = compactor.distinctManagedFieldSets();
    int known = compactor.knownInstances();
    assertThat(templates).isEqualTo(POOLS);
    assertThat(fieldSets).isEqualTo(1);
    assertThat(known).isEqualTo(POOLS + 1);

    // ten rounds of updates, half through plain copies (aliases), half through shared instances
    for (int round = 2; round <= 11; round++) {
      for (int i = 0; i < OBJECTS; i++) {
        KubernetesSerialization s = (i + round) % 2 == 0 ? shared : plain;
        store.put("ns/s" + i, s.unmarshal(json(i, round), Sandbox.class));
      }
      assertThat(store.size()).isEqualTo(OBJECTS);
      // three field sets at most (v0..v2), each pool's template once
      assertThat(compactor.distinctTemplates()).isEqualTo(POOLS);
      assertThat(compactor.distinctManagedFieldSets()).isLessThanOrEqualTo(3);
    }
    // every cached object holds the canonical instances, not the aliases
    for (int i = POOLS; i < OBJECTS; i++) {
      assertThat(store.get("ns", "s" + i).getSpec().getTemplate())
          .isSameAs(store.get("ns", "s" + (i % POOLS)).getSpec().getTemplate());
    }
    for (int i = 0; i < OBJECTS; i++) {
      store.remove("ns/s" + i);
    }
    assertThat(compactor.distinctTemplates()).isZero();
    assertThat(compactor.distinctManagedFieldSets()).isZero();
    assertThat(compactor.knownInstances()).isZero();

    // and the same content again builds the same table sizes as the first time
    for (int i = 0; i < OBJECTS; i++) {
      store.put("ns/s" + i, shared.unmarshal(json(i, 1), Sandbox.class));
    }
    assertThat(compactor.distinctTemplates()).isEqualTo(templates);
    assertThat(compactor.distinctManagedFieldSets()).isEqualTo(fieldSets);
  }

  @Test
  void anAliasIsFoundByIdentityAndForgottenWithItsCanonicalInstance() {
    ObjectCompactor.Canonicals<Map<String, String>> table = new ObjectCompactor.Canonicals<>();
    Map<String, String> first = new java.util.HashMap<>(Map.of("k", "v"));
    Map<String, String> copy = new java.util.HashMap<>(Map.of("k", "v"));
    assertThat(table.share(first)).isSameAs(first);
    assertThat(table.share(copy)).isSameAs(first);
    assertThat(table.share(copy)).isSameAs(first);
    assertThat(table.size()).isEqualTo(1);
    assertThat(table.knownInstances()).isEqualTo(2);
    table.release(first);
    table.release(first);
    assertThat(table.size()).isEqualTo(1);
    table.release(first);
    assertThat(table.size()).isZero();
    assertThat(table.knownInstances()).isZero();
  }
}
