package io.siameseonnx.server.service;

import io.siameseonnx.server.errors.InvalidInputException;
import io.siameseonnx.shared.image.DecodeGate;
import io.siameseonnx.shared.image.ImagePreprocessor;
import io.siameseonnx.shared.image.PreprocessingSpec;
import java.util.Arrays;

/**
 * An already preprocessed image: CHW float values, flat or nested. Its shape must be the model's
 * {@code [C, H, W]}; {@code [1, C, H, W]} is accepted too, and {@code [H, W]} for a one-channel
 * model. The shape comes from {@code shape} when given (and must then agree with any nesting), else
 * from the nesting, else a flat tensor must hold exactly {@code C * H * W} values.
 *
 * @param values the values, row-major; all finite (checked when parsed)
 * @param nesting the nested array dimensions as sent ({@code [n]} for a flat array)
 * @param declaredShape the {@code shape} field, or an empty array when absent
 * @param field where the image is in the request
 */
public record TensorImage(float[] values, int[] nesting, int[] declaredShape, String field)
    implements ImageInput {
  /**
   * How far outside [0, 1] a value may lie: preprocessing clamps to [0, 1], and a client's own
   * float arithmetic may round a little past it.
   */
  public static final float RANGE_TOLERANCE = 1e-3f;

  @Override
  public float[] prepare(ImagePreprocessor preprocessor, DecodeGate gate) {
    PreprocessingSpec spec = preprocessor.spec();
    int[] expected = {spec.channels(), spec.height(), spec.width()};
    if (declaredShape.length > 0) {
      if (!Arrays.equals(normalise(declaredShape, expected), expected)) {
        throw error(
            "shape "
                + Arrays.toString(declaredShape)
                + " does not match the model's input "
                + Arrays.toString(expected));
      }
      if (product(declaredShape) != values.length) {
        throw error(
            "shape "
                + Arrays.toString(declaredShape)
                + " needs "
                + product(declaredShape)
                + " values, the tensor has "
                + values.length);
      }
      if (nesting.length > 1 && !Arrays.equals(normalise(nesting, expected), expected)) {
        throw error(
            "the tensor's nesting "
                + Arrays.toString(nesting)
                + " does not match its shape "
                + Arrays.toString(declaredShape));
      }
    } else if (nesting.length > 1) {
      if (!Arrays.equals(normalise(nesting, expected), expected)) {
        throw error(
            "tensor of shape "
                + Arrays.toString(nesting)
                + " does not match the model's input "
                + Arrays.toString(expected));
      }
    }
    if (values.length != spec.tensorSize()) {
      throw error(
          "tensor has "
              + values.length
              + " values; the model's input "
              + Arrays.toString(expected)
              + " takes "
              + spec.tensorSize());
    }
    for (int i = 0; i < values.length; i++) {
      float v = values[i];
      if (!(v >= -RANGE_TOLERANCE && v <= 1 + RANGE_TOLERANCE)) {
        throw error(
            "value "
                + i
                + " is "
                + v
                + ", outside [0, 1], the range of the model card's preprocessing (tolerance "
                + RANGE_TOLERANCE
                + ")");
      }
    }
    return values;
  }

  private InvalidInputException error(String message) {
    return new InvalidInputException(InvalidInputException.Kind.TENSOR, field, message);
  }

  /** Drops a leading batch of 1, and adds the channel of a one-channel model's {@code [H, W]}. */
  private static int[] normalise(int[] shape, int[] expected) {
    if (shape.length == 4 && shape[0] == 1) {
      return Arrays.copyOfRange(shape, 1, 4);
    }
    if (shape.length == 2 && expected[0] == 1) {
      return new int[] {1, shape[0], shape[1]};
    }
    return shape;
  }

  private static long product(int[] shape) {
    long p = 1;
    for (int d : shape) {
      p *= d;
    }
    return p;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorImage t
        && Arrays.equals(values, t.values)
        && Arrays.equals(nesting, t.nesting)
        && Arrays.equals(declaredShape, t.declaredShape)
        && field.equals(t.field);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(values) + Arrays.hashCode(declaredShape);
  }

  @Override
  public String toString() {
    return "TensorImage["
        + field
        + ", "
        + values.length
        + " values, shape "
        + Arrays.toString(declaredShape)
        + "]";
  }
}
