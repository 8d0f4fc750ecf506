package io.siameseonnx.model.onnx;

import static io.siameseonnx.model.onnx.OnnxGraphBuilder.floatAttr;
import static io.siameseonnx.model.onnx.OnnxGraphBuilder.intAttr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OnnxOperatorTest {
  @Test
  void aNodeWithTheWrongNumberOfInputsIsRefusedWhenBuilt() {
    OnnxGraphBuilder g = new OnnxGraphBuilder("g");
    String x = g.input("x", 4);
    assertThatThrownBy(() -> g.node(OnnxOperator.ADD, "y", List.of(x)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Add takes 2 inputs, got 1");
    assertThatThrownBy(() -> g.node(OnnxOperator.CONV, "y", List.of(x)))
        .hasMessage("Conv takes 2 to 3 inputs, got 1");
  }

  @Test
  void anAttributeTheOperatorDoesNotHaveIsRefused() {
    OnnxGraphBuilder g = new OnnxGraphBuilder("g");
    String x = g.input("x", 4);
    assertThatThrownBy(() -> g.node(OnnxOperator.RELU, "y", List.of(x), intAttr("axis", 1)))
        .hasMessageContaining("Relu has no attribute 'axis'");
    assertThatThrownBy(() -> g.node(OnnxOperator.FLATTEN, "y", List.of(x), floatAttr("axis", 1)))
        .hasMessageContaining("Flatten's attribute 'axis' is INT, not FLOAT");
  }

  @Test
  void aValidNodeIsAdded() {
    OnnxGraphBuilder g = new OnnxGraphBuilder("g");
    String x = g.input("x", 4);
    String y = g.node(OnnxOperator.FLATTEN, "y", List.of(x), intAttr("axis", 1));
    assertThat(g.build().getNode(0).getOpType()).isEqualTo("Flatten");
    assertThat(y).isEqualTo("y");
  }
}
