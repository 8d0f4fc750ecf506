package io.siameseonnx.model.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.siameseonnx.model.card.TensorSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The config.pbtxt written for Triton's ONNX Runtime backend. */
class TritonConfigTest {
  @Test
  void theEmbeddingConfigNamesTheGraphTensorsWithoutTheBatchDimension() {
    String pbtxt =
        new TritonConfig(
                "siamese-embedding",
                64,
                List.of(TensorSpec.float32("image", -1, 1, 32, 32)),
                List.of(TensorSpec.float32("embedding", -1, 128)))
            .toPbtxt();
    assertThat(pbtxt)
        .isEqualTo(
            """
            name: "siamese-embedding"
            platform: "onnxruntime_onnx"
            max_batch_size: 64
            input [
              {
                name: "image"
                data_type: TYPE_FP32
                dims: [ 1, 32, 32 ]
              }
            ]
            output [
              {
                name: "embedding"
                data_type: TYPE_FP32
                dims: [ 128 ]
              }
            ]
            dynamic_batching { }
            """);
  }

  @Test
  void aBatchOnlyOutputIsDeclaredAsOneAndReshapedToAScalarPerItem() {
    String pbtxt =
        new TritonConfig(
                "siamese-distance",
                32,
                List.of(
                    TensorSpec.float32("image_a", -1, 1, 32, 32),
                    TensorSpec.float32("image_b", -1, 1, 32, 32)),
                List.of(TensorSpec.float32("distance", -1)))
            .toPbtxt();
    assertThat(pbtxt)
        .contains("max_batch_size: 32\n")
        .contains("name: \"image_a\"")
        .contains("name: \"image_b\"")
        .contains(
            """
                name: "distance"
                data_type: TYPE_FP32
                dims: [ 1 ]
                reshape: { shape: [ ] }
            """)
        .endsWith("dynamic_batching { }\n");
  }
}
