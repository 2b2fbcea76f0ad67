package io.kruise.agents.controller.josdk;

import static io.kruise.agents.controller.josdk.JosdkFixtures.sandbox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.kruise.agents.client.exceptions.ConfigurationException;
import io.kruise.agents.client.exceptions.ValidationException;
import io.kruise.agents.model.Sandbox;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The store JOSDK reads: the shared lister, and JOSDK's own indexes kept from events. */
class CacheViewTest {

  private final MapLister<Sandbox> lister = new MapLister<>();
  private final LocalIndexes<Sandbox> indexes = new LocalIndexes<>();
  private boolean started;
  private boolean listerReady;
  private final CacheView<Sandbox> view = new CacheView<>(() -> listerReady ? lister : null,
      indexes, () -> started);

  private static final Function<Sandbox, List<String>> BY_APP =
      s -> List.of(s.getMetadata().getLabels().get("app"));

  private static Sandbox app(String ns, String name, String app) {
    Sandbox s = sandbox(ns, name);
    s.getMetadata().getLabels().put("app", app);
    return s;
  }

  @Test
  void beforeTheViewStartsItIsEmpty() {
    lister.put(sandbox("a", "s1"));
    assertThat(view.list()).isEmpty();
    assertThat(view.listKeys()).isEmpty();
    assertThat(view.getByKey("a/s1")).isNull();
  }

  @Test
  void readsAreTheListersWithFabric8Keys() {
    Sandbox s1 = sandbox("a", "s1");
    Sandbox s2 = sandbox("b", "s2");
    lister.put(s1).put(s2);
    listerReady = true;

    assertThat(view.list()).containsExactly(s1, s2);
    assertThat(view.listKeys()).containsExactly("a/s1", "b/s2");
    assertThat(view.getByKey("b/s2")).isSameAs(s2);
    assertThat(view.get(sandbox("a", "s1"))).isSameAs(s1);
    assertThat(view.getKey(s1)).isEqualTo(Cache.metaNamespaceKeyFunc(s1));
    assertThat(view.getByKey("a/missing")).isNull();
  }

  @Test
  void theNamespaceIndexIsAnsweredByTheLister() {
    Sandbox s1 = sandbox("a", "s1");
    lister.put(s1).put(sandbox("b", "s2"));
    listerReady = true;

    assertThat(view.byIndex(Cache.NAMESPACE_INDEX, "a")).containsExactly(s1);
    assertThat(view.indexKeys(Cache.NAMESPACE_INDEX, "a")).containsExactly("a/s1");
    assertThat(view.index(Cache.NAMESPACE_INDEX, s1)).containsExactly(s1);
    assertThat(view.getIndexers()).containsKey(Cache.NAMESPACE_INDEX);

    view.removeIndexer(Cache.NAMESPACE_INDEX);
    assertThat(view.getIndexers()).doesNotContainKey(Cache.NAMESPACE_INDEX);
  }

  @Test
  void josdkIndexesFollowTheDeliveredEventsAndReturnCurrentObjects() {
    view.addIndexers(Map.of("byApp", BY_APP));
    started = true;
    listerReady = true;
    Sandbox web = app("a", "s1", "web");
    lister.put(web);
    indexes.put(web);

    assertThat(view.byIndex("byApp", "web")).containsExactly(web);
    assertThat(view.indexKeys("byApp", "web")).containsExactly("a/s1");
    assertThat(view.index("byApp", app("x", "other", "web"))).containsExactly(web);

    // the cache already holds a newer version (an own write): the index returns it
    Sandbox newer = app("a", "s1", "web");
    newer.getMetadata().setResourceVersion("2");
    lister.put(newer);
    assertThat(view.byIndex("byApp", "web")).containsExactly(newer);

    // the update event moves it to another key
    Sandbox moved = app("a", "s1", "db");
    lister.put(moved);
    indexes.put(moved);
    assertThat(view.byIndex("byApp", "web")).isEmpty();
    assertThat(view.byIndex("byApp", "db")).containsExactly(moved);

    lister.remove(moved);
    indexes.remove(moved);
    assertThat(view.byIndex("byApp", "db")).isEmpty();
    assertThat(view.indexKeys("byApp", "db")).isEmpty();
  }

  @Test
  void anIndexThatFailsLeavesTheObjectOutOfThatIndexOnly() {
    view.addIndexers(Map.of("byApp", BY_APP, "broken", s -> {
      throw new IllegalStateException("boom");
    }, "nulls", s -> null));
    listerReady = true;
    Sandbox web = app("a", "s1", "web");
    lister.put(web);
    indexes.put(web);

    assertThat(view.byIndex("byApp", "web")).containsExactly(web);
    assertThat(view.indexKeys("broken", "web")).isEmpty();
    assertThat(view.indexKeys("nulls", "web")).isEmpty();
  }

  @Test
  void indexesChangeOnlyBeforeTheStartAndNamesAreChecked() {
    view.addIndexers(Map.of("byApp", BY_APP));
    assertThatThrownBy(() -> view.addIndexers(Map.of("byApp", BY_APP)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("byApp");
    assertThatThrownBy(() -> view.addIndexers(Map.of(Cache.NAMESPACE_INDEX, BY_APP)))
        .isInstanceOf(ValidationException.class);

    started = true;
    view.addIndexers(Map.of()); // JOSDK passes an empty map for every informer
    assertThatThrownBy(() -> view.addIndexers(Map.of("late", BY_APP)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("running informer");
    assertThatThrownBy(() -> view.removeIndexer("byApp"))
        .isInstanceOf(ConfigurationException.class);
    assertThat(view.indexNames()).containsExactly("byApp");
  }

  @Test
  void anUnknownIndexIsATypedErrorNamingTheKnownOnes() {
    view.addIndexers(Map.of("byApp", BY_APP));
    listerReady = true;
    assertThatThrownBy(() -> view.byIndex("nope", "x")).isInstanceOf(ValidationException.class)
        .hasMessageContaining("nope").hasMessageContaining("byApp");
    assertThatThrownBy(() -> view.index("nope", sandbox("a", "s"))).isInstanceOf(
        ValidationException.class);
  }
}
