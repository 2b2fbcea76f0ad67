package io.kruise.agents.informers;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.impl.BaseClient;
import io.fabric8.kubernetes.client.impl.KubernetesClientImpl;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the informers read objects off the wire: a client of their own that shares the user's HTTP
 * client, configuration and executor but deserializes with a mapper of its own (fabric8's
 * default configuration; the user's client and its other reads are untouched), in which the
 * parts the cache would otherwise build and then throw away are never built:
 *
 * <ul>
 *   <li>a lean store skips pod templates and managed-fields entries in the parser, unbuilt;
 *   <li>a full store reads a pod template or a managed-fields {@code fieldsV1} tree as its JSON
 *       text and builds it only the first time that text is seen; equal text gives the same
 *       instance, which {@link ObjectCompactor} then recognises by identity instead of hashing
 *       the deep tree again.
 * </ul>
 *
 * <p>Threading: deserializers run on fabric8's threads, possibly several informers at once; the
 * table of recently built instances is a concurrent map, and is cleared when it grows past its
 * bound (it only saves work: the compactor's reference-counted table is what keeps instances
 * shared in the cache, so the bound cannot leak or unshare anything that is cached).
 */
final class InformerDeserialization {

  private static final Logger LOG = LoggerFactory.getLogger(InformerDeserialization.class);

  /** Distinct texts remembered per kind of part before the table starts again. */
  static final int MAX_REMEMBERED = 4096;

  private InformerDeserialization() {}

  /**
   * @param client the user's client
   * @param options the cache's options
   * @return a client for the informers' list and watch requests: the user's own when it is not
   *     fabric8's implementation (then nothing is skipped and the compactor does it all)
   */
  static KubernetesClient informerClient(KubernetesClient client, InformerOptions options) {
    if (!(client instanceof BaseClient base) || client.getClass() != KubernetesClientImpl.class) {
      LOG.debug("{} is not fabric8's client: informers deserialize with its own mapper",
          client.getClass().getName());
      return client;
    }
    ObjectMapper mapper = new ObjectMapper();
    mapper.registerModule(module(options));
    KubernetesSerialization serialization = new KubernetesSerialization(mapper, true);
    KubernetesClientImpl derived = new KubernetesClientImpl(base.getHttpClient(),
        base.getConfiguration(), base::getExecutor, serialization);
    // closing the user's client stops the informers' requests too, as it would without this
    // (its closables are held weakly: the informers' context holds the derived client)
    base.addToCloseable(derived);
    return derived;
  }

  /**
   * @param options the cache's options
   * @return the Jackson module that skips or shares pod templates and managed fields
   */
  static SimpleModule module(InformerOptions options) {
    SimpleModule module = new SimpleModule("agents-informer-parts");
    module.setDeserializerModifier(new BeanDeserializerModifier() {
      @Override
      public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config,
          BeanDescription desc, JsonDeserializer<?> deserializer) {
        Class<?> c = desc.getBeanClass();
        if (c == PodTemplateSpec.class) {
          return options.stripTemplates() ? new Skipping(deserializer)
              : new Sharing(deserializer, new ConcurrentHashMap<>());
        }
        if (c == ManagedFieldsEntry.class && options.stripManagedFields()) {
          return new Skipping(deserializer);
        }
        if (c == FieldsV1.class && !options.stripManagedFields()) {
          return new Sharing(deserializer, new ConcurrentHashMap<>());
        }
        return deserializer;
      }
    });
    return module;
  }

  /** Skips the value in the parser and gives null: the store drops it anyway. */
  static final class Skipping extends DelegatingDeserializer {
    private static final long serialVersionUID = 1L;

    Skipping(JsonDeserializer<?> delegate) {
      super(delegate);
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
      return new Skipping(newDelegatee);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      p.skipChildren();
      return null;
    }
  }

  /** One reusable buffer per thread for the text of the part being read. */
  private static final ThreadLocal<TextBuffer> TEXT = ThreadLocal.withInitial(TextBuffer::new);

  /** A writer into a StringBuilder that is kept between values (closing it keeps the text). */
  private static final class TextBuffer extends java.io.Writer {
    final StringBuilder text = new StringBuilder(4096);

    @Override
    public void write(char[] buf, int off, int len) {
      text.append(buf, off, len);
    }

    @Override
    public void write(String str, int off, int len) {
      text.append(str, off, off + len);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  /**
   * Reads the value as JSON text and builds it only for text it has not seen lately; equal text
   * gives the same instance.
   */
  static final class Sharing extends DelegatingDeserializer {
    private static final long serialVersionUID = 1L;
    private final transient ConcurrentHashMap<String, Object> built;

    Sharing(JsonDeserializer<?> delegate, ConcurrentHashMap<String, Object> built) {
      super(delegate);
      this.built = built;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
      return new Sharing(newDelegatee, built);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        return _delegatee.deserialize(p, ctxt);
      }
      TextBuffer w = TEXT.get();
      w.text.setLength(0);
      try (JsonGenerator g = p.getCodec().getFactory().createGenerator(w)) {
        g.copyCurrentStructure(p);
      }
      String text = w.text.toString();
      Object known = built.get(text);
      if (known != null) {
        return known;
      }
      Object value;
      try (JsonParser q = p.getCodec().getFactory().createParser(text)) {
        q.setCodec(p.getCodec());
        q.nextToken();
        value = _delegatee.deserialize(q, ctxt);
      }
      if (built.size() >= MAX_REMEMBERED) {
        built.clear();
      }
      Object raced = built.putIfAbsent(text, value);
      return raced != null ? raced : value;
    }
  }
}
