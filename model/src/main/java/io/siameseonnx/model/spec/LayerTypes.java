package io.siameseonnx.model.spec;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.DatabindContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.jsontype.impl.TypeIdResolverBase;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON names of the layer kinds, read from the {@link JsonTypeName} of every class {@link
 * Layer} permits: a new kind is registered by being a layer, with no list to update.
 */
public final class LayerTypes extends TypeIdResolverBase {
  private static final Map<String, Class<?>> BY_NAME = byName();

  private static Map<String, Class<?>> byName() {
    Map<String, Class<?>> names = new LinkedHashMap<>();
    for (Class<?> kind : Layer.class.getPermittedSubclasses()) {
      JsonTypeName name = kind.getAnnotation(JsonTypeName.class);
      if (name == null || name.value().isBlank()) {
        throw new IllegalStateException(kind + " has no @JsonTypeName");
      }
      if (names.put(name.value(), kind) != null) {
        throw new IllegalStateException("two layer kinds are named " + name.value());
      }
    }
    return Collections.unmodifiableMap(names);
  }

  /** Every layer kind by its JSON name, in the order {@link Layer} permits them. */
  public static Map<String, Class<?>> all() {
    return BY_NAME;
  }

  /** The JSON name of a layer kind. */
  public static String nameOf(Class<?> kind) {
    JsonTypeName name = kind.getAnnotation(JsonTypeName.class);
    if (name == null) {
      throw new IllegalArgumentException(kind + " is not a layer kind");
    }
    return name.value();
  }

  @Override
  public String idFromValue(Object value) {
    return nameOf(value.getClass());
  }

  @Override
  public String idFromValueAndType(Object value, Class<?> suggestedType) {
    return idFromValue(value);
  }

  @Override
  public JavaType typeFromId(DatabindContext context, String id) {
    Class<?> kind = BY_NAME.get(id);
    if (kind == null) {
      throw new IllegalArgumentException(
          "unknown layer type '" + id + "' (known: " + BY_NAME.keySet() + ")");
    }
    return context.constructType(kind);
  }

  @Override
  public String getDescForKnownTypeIds() {
    return BY_NAME.keySet().toString();
  }

  @Override
  public JsonTypeInfo.Id getMechanism() {
    return JsonTypeInfo.Id.CUSTOM;
  }
}
