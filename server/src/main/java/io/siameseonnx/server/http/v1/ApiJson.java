package io.siameseonnx.server.http.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.siameseonnx.model.card.ModelCards;
import io.siameseonnx.server.service.ImageInput;

/** The API's JSON settings: the model card's snake_case, compact output, fast float I/O. */
public final class ApiJson {
  /** The deepest nesting a request may have (a nested tensor is 4 levels inside 3). */
  public static final int MAX_NESTING = 16;

  private ApiJson() {}

  /** A mapper for requests and responses. */
  public static ObjectMapper mapper() {
    return mapper(new ApiJsonFactory());
  }

  /**
   * The API's mapper over another factory: tests compare the server's parser with Jackson's own
   * ({@code new JsonFactory()}).
   */
  public static ObjectMapper mapper(JsonFactory json) {
    ObjectMapper mapper = ModelCards.mapper().copyWith(json);
    JsonFactory factory = mapper.getFactory();
    // NaN and Infinity parse, so that the API can refuse them with a clear message.
    factory.enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());
    factory.enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER.mappedFeature());
    factory.enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER.mappedFeature());
    // No request of this API nests deeper than a few levels.
    factory.setStreamReadConstraints(
        StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build());
    mapper.disable(SerializationFeature.INDENT_OUTPUT);
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    // Failures carry the path of the field they are about ("threshold: expected a number").
    mapper.enable(DeserializationFeature.WRAP_EXCEPTIONS);
    // A misspelt option must not be ignored silently.
    mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    // "0.5" is not a number here: refuse strings where numbers or booleans are expected.
    for (LogicalType type :
        new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
      mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }
    mapper.setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);
    mapper.registerModule(
        new SimpleModule("siamese-api")
            .addDeserializer(ImageInput.class, new ImageInputDeserializer()));
    return mapper;
  }
}
