package io.siameseonnx.server.http.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.siameseonnx.server.errors.InvalidInputException;
import io.siameseonnx.server.http.ApiException;
import io.siameseonnx.server.http.ErrorCode;
import io.siameseonnx.server.http.ErrorHandling;
import io.siameseonnx.server.service.EncodedImage;
import io.siameseonnx.server.service.ImageInput;
import io.siameseonnx.shared.image.DecodeGate;
import io.siameseonnx.shared.image.ImagePreprocessor;
import io.siameseonnx.shared.image.PreprocessingSpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ImageInputParsingTest {
  private final ObjectMapper mapper = ApiJson.mapper();
  private final ImagePreprocessor tiny = new ImagePreprocessor(PreprocessingSpec.of(2, 2));

  private EmbeddingsRequest parse(String json) throws Exception {
    return mapper.readValue(json, EmbeddingsRequest.class);
  }

  /** The answer the server gives to parsing and preparing the first image. */
  private ErrorHandling.Answer errorOf(String json) {
    try {
      EmbeddingsRequest request = parse(json);
      request.images().get(0).prepare(tiny, DecodeGate.OPEN);
    } catch (ApiException | InvalidInputException e) {
      return ErrorHandling.translate(e, "POST", "/v1/embeddings");
    } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
      if (e.getCause() instanceof ApiException api) {
        return ErrorHandling.translate(api, "POST", "/v1/embeddings");
      }
      throw new AssertionError("expected a bad-input failure, got " + e, e);
    } catch (Exception e) {
      throw new AssertionError("expected a bad-input failure, got " + e, e);
    }
    throw new AssertionError("expected a bad-input failure");
  }

  @Test
  void aStringIsBase64AndKnowsWhereItCameFrom() throws Exception {
    String encoded = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});
    String images = "[\"" + encoded + "\", \"" + encoded + "\"]";
    ImageInput image = parse("{\"images\": " + images + "}").images().get(1);
    assertThat(image)
        .isInstanceOfSatisfying(
            EncodedImage.class, e -> assertThat(e.bytes()).containsExactly(1, 2, 3));
    assertThat(image.field()).isEqualTo("images[1]");
  }

  @Test
  void dataUrlsLineBreaksAndUrlSafeBase64AreAccepted() {
    byte[] bytes = new byte[100];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 7 - 50);
    }
    String standard = Base64.getEncoder().encodeToString(bytes);
    String wrapped = standard.substring(0, 40) + "\n" + standard.substring(40);
    assertThat(ImageInputDeserializer.decodeBase64("data:image/png;base64," + standard, "x"))
        .isEqualTo(bytes);
    assertThat(ImageInputDeserializer.decodeBase64(wrapped, "x")).isEqualTo(bytes);
    assertThat(
            ImageInputDeserializer.decodeBase64(
                Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), "x"))
        .isEqualTo(bytes);
  }

  @Test
  void flatAndNestedTensorsOfTheModelShapeGiveTheSameValues() throws Exception {
    float[] expected = {0.1f, 0.2f, 0.3f, 0.4f};
    for (String tensor :
        new String[] {
          "{\"tensor\": [0.1, 0.2, 0.3, 0.4]}",
          "{\"tensor\": [0.1, 0.2, 0.3, 0.4], \"shape\": [1, 2, 2]}",
          "{\"tensor\": [[[0.1, 0.2], [0.3, 0.4]]]}",
          "{\"tensor\": [[0.1, 0.2], [0.3, 0.4]]}",
          "{\"tensor\": [[[[0.1, 0.2], [0.3, 0.4]]]], \"shape\": [1, 1, 2, 2]}",
          "{\"shape\": [2, 2], \"tensor\": [[0.1, 0.2], [0.3, 0.4]]}"
        }) {
      assertThat(
              parse("{\"images\": [" + tensor + "]}")
                  .images()
                  .get(0)
                  .prepare(tiny, DecodeGate.OPEN))
          .as(tensor)
          .containsExactly(expected);
    }
  }

  @Test
  void integersAndExponentsAreNumbersToo() throws Exception {
    assertThat(
            parse("{\"images\": [{\"tensor\": [0, 1, 2.5e-1, 1E-1]}]}")
                .images()
                .get(0)
                .prepare(tiny, DecodeGate.OPEN))
        .containsExactly(0f, 1f, 0.25f, 0.1f);
  }

  @Test
  void wrongShapesRaggedTensorsAndNonFiniteValuesAreBadTensors() {
    assertThat(errorOf("{\"images\": [{\"tensor\": [0.1, 0.2, 0.3]}]}").message())
        .isEqualTo("images[0]: tensor has 3 values; the model's input [1, 2, 2] takes 4");
    assertThat(errorOf("{\"images\": [{\"tensor\": [[0.1, 0.2], [0.3]]}]}").message())
        .contains("ragged");
    assertThat(errorOf("{\"images\": [{\"tensor\": [[0.1, 0.2], 0.3, 0.4]}]}").message())
        .contains("ragged");
    assertThat(errorOf("{\"images\": [{\"tensor\": [0.1, NaN, 0.3, 0.4]}]}").message())
        .isEqualTo("images[0].tensor value 1 is NaN; values must be finite");
    assertThat(errorOf("{\"images\": [{\"tensor\": [0.1, -Infinity, 0.3, 0.4]}]}").message())
        .contains("infinite");
    assertThat(
            errorOf("{\"images\": [{\"tensor\": [0.1, 0.2, 0.3, 0.4], \"shape\": [4]}]}").message())
        .contains("shape [4] does not match the model's input [1, 2, 2]");
    assertThat(
            errorOf("{\"images\": [{\"tensor\": [0.1, 0.2, 0.3, 0.4], \"shape\": [1, -2, 2]}]}")
                .message())
        .contains("shape: must be an array");
    assertThat(errorOf("{\"images\": [{\"tensor\": [[[[[0.1]]]]]}]}").message())
        .contains("nested more than");
    for (ErrorHandling.Answer e :
        new ErrorHandling.Answer[] {
          errorOf("{\"images\": [{\"tensor\": [0.1, 0.2, 0.3]}]}"),
          errorOf("{\"images\": [{\"tensor\": [0.1, NaN, 0.3, 0.4]}]}")
        }) {
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TENSOR);
    }
  }

  @Test
  void badBase64IsItsOwnError() {
    assertThatThrownBy(() -> ImageInputDeserializer.decodeBase64("@@@", "images[0]"))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_BASE64))
        .hasMessageStartingWith("images[0]: not valid base64");
  }
}
