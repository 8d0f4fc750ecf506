package io.siameseonnx.server.oip;

import io.siameseonnx.server.errors.InvalidInputException;
import io.siameseonnx.server.errors.InvalidInputException.Kind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks input tensors against what a model takes and turns them into images: FP32 tensors of
 * {@code [N, C, H, W]} into N float arrays, BYTES tensors of {@code [N]} into N encoded files. The
 * shape's claims are checked against the request limits before anything is allocated, and the data
 * against the shape before it is copied. The values themselves (finite, in the preprocessing's
 * range) are checked where every protocol's tensors are, in {@link
 * io.siameseonnx.server.service.TensorImage}.
 */
final class Tensors {
  static final String FP32 = "FP32";
  static final String BYTES = "BYTES";

  private Tensors() {}

  /** The request's inputs by name: each one known to the model and given at most once. */
  static Map<String, InputTensor> byName(
      List<InputTensor> inputs, Set<String> known, String model) {
    if (inputs.isEmpty()) {
      throw new InvalidInputException(Kind.VALUE, "inputs", "at least one input is required");
    }
    Map<String, InputTensor> byName = new LinkedHashMap<>();
    for (InputTensor input : inputs) {
      if (!known.contains(input.name())) {
        throw new InvalidInputException(
            Kind.VALUE,
            "inputs",
            "model '" + model + "' has no input '" + input.name() + "'; its inputs are " + known);
      }
      if (byName.put(input.name(), input) != null) {
        throw new InvalidInputException(
            Kind.VALUE, input.name(), "the input is given more than once");
      }
    }
    return byName;
  }

  /**
   * The images of an FP32 input of shape {@code [N, C, H, W]}, each a float array of {@code C * H *
   * W} values.
   */
  static List<float[]> images(InputTensor input, int[] chw, int maxImages) {
    requireDatatype(input, FP32);
    long[] shape = input.shape();
    if (shape.length != 4 || shape[1] != chw[0] || shape[2] != chw[1] || shape[3] != chw[2]) {
      throw new InvalidInputException(
          Kind.TENSOR,
          input.name(),
          "shape "
              + input.shapeText()
              + " does not match the model's input [-1, "
              + chw[0]
              + ", "
              + chw[1]
              + ", "
              + chw[2]
              + "]");
    }
    int n = batch(input, shape[0], maxImages);
    int size = chw[0] * chw[1] * chw[2];
    List<float[]> images = new ArrayList<>(n);
    TensorData data = input.data();
    if (data instanceof TensorData.Numbers numbers) {
      float[] values = numbers.values();
      requireCount(input, values.length, (long) n * size);
      requireNesting(input, numbers.nesting());
      for (int i = 0; i < n; i++) {
        images.add(Arrays.copyOfRange(values, i * size, (i + 1) * size));
      }
    } else if (data instanceof TensorData.Raw raw) {
      ByteBuffer bytes = raw.bytes().slice().order(ByteOrder.LITTLE_ENDIAN);
      long needed = (long) n * size * Float.BYTES;
      if (bytes.remaining() != needed) {
        throw new InvalidInputException(
            Kind.TENSOR,
            input.name(),
            "has "
                + bytes.remaining()
                + " bytes of binary data; FP32 of shape "
                + input.shapeText()
                + " takes "
                + needed);
      }
      var floats = bytes.asFloatBuffer();
      for (int i = 0; i < n; i++) {
        float[] image = new float[size];
        floats.get(image);
        images.add(image);
      }
    } else {
      throw notNumbers(input);
    }
    return images;
  }

  /** The files of a BYTES input of shape {@code [N]} or {@code [N, 1]}. */
  static List<byte[]> files(InputTensor input, int maxImages) {
    requireDatatype(input, BYTES);
    long[] shape = input.shape();
    if (shape.length < 1 || shape.length > 2 || (shape.length == 2 && shape[1] != 1)) {
      throw new InvalidInputException(
          Kind.TENSOR,
          input.name(),
          "shape " + input.shapeText() + " does not match the model's input [-1] (or [-1, 1])");
    }
    int n = batch(input, shape[0], maxImages);
    List<byte[]> files = new ArrayList<>(n);
    TensorData data = input.data();
    if (data instanceof TensorData.Strings strings) {
      requireCount(input, strings.values().size(), n);
      requireNesting(input, strings.nesting());
      for (int i = 0; i < n; i++) {
        files.add(base64(input, i, strings.values().get(i)));
      }
    } else if (data instanceof TensorData.Blobs blobs) {
      requireCount(input, blobs.values().size(), n);
      files.addAll(blobs.values());
    } else if (data instanceof TensorData.Raw raw) {
      ByteBuffer bytes = raw.bytes().slice().order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < n; i++) {
        if (bytes.remaining() < Integer.BYTES) {
          throw new InvalidInputException(
              Kind.TENSOR,
              input.name(),
              "binary data ends before element "
                  + i
                  + " of "
                  + n
                  + " (each needs a 4-byte length)");
        }
        long length = Integer.toUnsignedLong(bytes.getInt());
        if (length > bytes.remaining()) {
          throw new InvalidInputException(
              Kind.TENSOR,
              input.name(),
              "element "
                  + i
                  + " claims "
                  + length
                  + " bytes but only "
                  + bytes.remaining()
                  + " are left");
        }
        byte[] file = new byte[(int) length];
        bytes.get(file);
        files.add(file);
      }
      if (bytes.hasRemaining()) {
        throw new InvalidInputException(
            Kind.TENSOR,
            input.name(),
            bytes.remaining() + " bytes of binary data are left after its " + n + " elements");
      }
    } else {
      throw new InvalidInputException(
          Kind.TENSOR,
          input.name(),
          "holds numbers; a BYTES input takes strings (in JSON, each file as base64)");
    }
    return files;
  }

  /** The batch size a shape claims, refused before anything is allocated when over the limit. */
  static int batch(InputTensor input, long n, int maxImages) {
    if (n < 1) {
      throw new InvalidInputException(
          Kind.TENSOR, input.name(), "shape " + input.shapeText() + " holds no image");
    }
    if (n > maxImages) {
      throw new InvalidInputException(
          Kind.VALUE,
          input.name(),
          "too many images: " + n + " in one request, the limit is " + maxImages);
    }
    return (int) n;
  }

  private static void requireDatatype(InputTensor input, String datatype) {
    if (!datatype.equals(input.datatype())) {
      throw new InvalidInputException(
          Kind.TENSOR,
          input.name(),
          "datatype " + input.datatype() + " is not what the input takes: " + datatype);
    }
  }

  private static void requireCount(InputTensor input, long count, long needed) {
    if (count != needed) {
      throw new InvalidInputException(
          Kind.TENSOR,
          input.name(),
          "holds " + count + " elements; shape " + input.shapeText() + " takes " + needed);
    }
  }

  /** Nested data must have the tensor's shape; flat data ({@code [n]}) needs only its count. */
  private static void requireNesting(InputTensor input, int[] nesting) {
    if (nesting.length <= 1) {
      return;
    }
    long[] shape = input.shape();
    boolean same = nesting.length == shape.length;
    for (int i = 0; same && i < nesting.length; i++) {
      same = nesting[i] == shape[i];
    }
    if (!same) {
      throw new InvalidInputException(
          Kind.TENSOR,
          input.name(),
          "data nested as "
              + Arrays.toString(nesting)
              + " does not have its shape "
              + input.shapeText());
    }
  }

  private static InvalidInputException notNumbers(InputTensor input) {
    return new InvalidInputException(
        Kind.TENSOR, input.name(), "holds strings; an FP32 input takes numbers");
  }

  private static byte[] base64(InputTensor input, int index, String text) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException standard) {
      try {
        return Base64.getUrlDecoder().decode(text);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(
            Kind.IMAGE,
            input.name() + "[" + index + "]",
            "not valid base64 (in JSON, a BYTES element of this input is a file as base64): "
                + standard.getMessage());
      }
    }
  }
}
