package io.siameseonnx.server.http.v1;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.IOContext;
import io.siameseonnx.server.http.FloatWritingGenerator;
import io.siameseonnx.server.http.NumberArrayParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;

/**
 * The API's JSON factory: request bodies in UTF-8 (every JSON a client sends over the network, RFC
 * 8259) are read by a {@link NumberArrayParser}; a body in UTF-16 or UTF-32, or with a byte order
 * mark, by Jackson's own parser, as before. UTF-8 output is written by a {@link
 * FloatWritingGenerator}.
 */
final class ApiJsonFactory extends JsonFactory {
  private static final long serialVersionUID = 1L;
  private static final int SNIFFED = 4;

  ApiJsonFactory() {}

  private ApiJsonFactory(ApiJsonFactory source) {
    super(source, null);
  }

  @Override
  public JsonFactory copy() {
    return new ApiJsonFactory(this);
  }

  @Override
  protected JsonParser _createParser(InputStream in, IOContext context) throws IOException {
    byte[] first = in.readNBytes(SNIFFED);
    if (!plainUtf8(first)) {
      return super._createParser(
          new SequenceInputStream(new ByteArrayInputStream(first), in), context);
    }
    byte[] buffer = context.allocReadIOBuffer();
    System.arraycopy(first, 0, buffer, 0, first.length);
    return new NumberArrayParser(
        context,
        _parserFeatures,
        in,
        _objectCodec,
        _byteSymbolCanonicalizer.makeChildOrPlaceholder(_factoryFeatures),
        buffer,
        0,
        first.length,
        true);
  }

  @Override
  protected JsonParser _createParser(byte[] data, int offset, int length, IOContext context)
      throws IOException {
    if (!plainUtf8(Arrays.copyOfRange(data, offset, offset + Math.min(length, SNIFFED)))) {
      return super._createParser(data, offset, length, context);
    }
    return new NumberArrayParser(
        context,
        _parserFeatures,
        null,
        _objectCodec,
        _byteSymbolCanonicalizer.makeChildOrPlaceholder(_factoryFeatures),
        data,
        offset,
        offset + length,
        false);
  }

  @Override
  protected JsonGenerator _createUTF8Generator(OutputStream out, IOContext context)
      throws IOException {
    FloatWritingGenerator generator =
        new FloatWritingGenerator(context, _generatorFeatures, _objectCodec, out, _quoteChar);
    if (_maximumNonEscapedChar > 0) {
      generator.setHighestNonEscapedChar(_maximumNonEscapedChar);
    }
    if (_characterEscapes != null) {
      generator.setCharacterEscapes(_characterEscapes);
    }
    if (_rootValueSeparator != DEFAULT_ROOT_VALUE_SEPARATOR) {
      generator.setRootValueSeparator(_rootValueSeparator);
    }
    return _decorate(generator);
  }

  /** No byte order mark and no zero byte (which UTF-16 and UTF-32 JSON starts with). */
  private static boolean plainUtf8(byte[] first) {
    if (first.length > 0 && (first[0] & 0xff) >= 0xef) {
      return false;
    }
    for (byte b : first) {
      if (b == 0) {
        return false;
      }
    }
    return true;
  }
}
