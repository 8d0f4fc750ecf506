package io.siameseonnx.server.http;

import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Jackson's UTF-8 generator, writing floats with {@link ShortestFloat} straight into its buffer:
 * the same text as Jackson's fast float writer, without a {@code String} a number (an answer of 128
 * floats: 14% of a request thread's time went to Jackson's float writing). Floats outside {@link
 * ShortestFloat}'s range, and every float when numbers are to be written as strings or the fast
 * writer is off, are written by Jackson as before.
 */
public final class FloatWritingGenerator extends UTF8JsonGenerator {
  /** A generator as Jackson's factory makes one. */
  public FloatWritingGenerator(
      IOContext context, int features, ObjectCodec codec, OutputStream out, char quote) {
    super(context, features, codec, out, quote);
  }

  @Override
  public void writeNumber(float value) throws IOException {
    if (_cfgNumbersAsStrings
        || !isEnabled(Feature.USE_FAST_DOUBLE_WRITER)
        || NumberOutput.notFinite(value)) {
      super.writeNumber(value);
      return;
    }
    _verifyValueWrite(WRITE_NUMBER);
    if (_outputTail + ShortestFloat.MAX_LENGTH > _outputEnd) {
      _flushBuffer();
    }
    int end = ShortestFloat.write(value, _outputBuffer, _outputTail);
    if (end >= 0) {
      _outputTail = end;
    } else {
      writeRaw(NumberOutput.toString(value, true));
    }
  }
}
