package io.siameseonnx.server.gallery.bench;

import io.siameseonnx.server.gallery.VectorIndexOptions;
import io.siameseonnx.server.gallery.VectorIndexOptions.Quantization;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One configuration the gallery benchmark builds and measures: the index options and how the bulk
 * load runs.
 *
 * @param name its name in the table
 * @param threads indexing threads of the bulk load
 * @param options the gallery's index options (graph, quantization, merge workers, buffers)
 * @param mergeWhileLoading Lucene's merges during the load (else none until the end)
 * @param forceMerge merge into one segment after the load
 */
public record BenchConfig(
    String name,
    int threads,
    VectorIndexOptions options,
    boolean mergeWhileLoading,
    boolean forceMerge) {

  /** The named configurations, each changing one lever from {@code bulk-2t} (or the defaults). */
  static final Map<String, String> PRESETS = presets();

  private static Map<String, String> presets() {
    Map<String, String> p = new LinkedHashMap<>();
    // Lucene 9.12's defaults as the issue measured them: one thread, 16 MB buffer, merges as
    // segments come, single-threaded merge, then a force merge.
    p.put("lucene-defaults", "threads=1,m=16,beam=100,quant=none,mw=1,ram=16,merge-while-loading");
    p.put("bulk-1t", "threads=1,m=16,beam=100,quant=none,mw=1,bulk-ram=2048");
    p.put("bulk-2t", "threads=2,m=16,beam=100,quant=none,mw=2,bulk-ram=2048");
    p.put("bulk-2t-mw1", "threads=2,m=16,beam=100,quant=none,mw=1,bulk-ram=2048");
    p.put("bulk-2t-ram256", "threads=2,m=16,beam=100,quant=none,mw=2,bulk-ram=256");
    p.put(
        "bulk-2t-nomerge", "threads=2,m=16,beam=100,quant=none,mw=2,bulk-ram=2048,no-force-merge");
    p.put(
        "bulk-2t-nomerge-st2",
        "threads=2,m=16,beam=100,quant=none,mw=2,bulk-ram=2048,no-force-merge,search-threads=2");
    p.put("bulk-2t-b50", "threads=2,m=16,beam=50,quant=none,mw=2,bulk-ram=2048");
    p.put("bulk-2t-b200", "threads=2,m=16,beam=200,quant=none,mw=2,bulk-ram=2048");
    p.put("bulk-2t-m32", "threads=2,m=32,beam=100,quant=none,mw=2,bulk-ram=2048");
    p.put("bulk-2t-int8", "threads=2,m=16,beam=100,quant=int8,mw=2,bulk-ram=2048");
    p.put("bulk-2t-int4", "threads=2,m=16,beam=100,quant=int4,mw=2,bulk-ram=2048");
    // No graph per segment: one graph for all vectors, built by the final merge on 2 workers.
    p.put("deferred", "threads=2,m=16,beam=100,quant=none,mw=2,bulk-ram=2048,defer-graph");
    p.put("deferred-b50", "threads=2,m=16,beam=50,quant=none,mw=2,bulk-ram=2048,defer-graph");
    p.put("deferred-int8", "threads=2,m=16,beam=100,quant=int8,mw=2,bulk-ram=2048,defer-graph");
    return p;
  }

  /**
   * Parses {@code NAME} (a preset) or {@code NAME:key=value,...} (a preset's settings overridden,
   * or a new configuration from the defaults). Keys: {@code threads}, {@code m}, {@code beam},
   * {@code quant} (none, int8, int4), {@code mw} (merge workers), {@code ram} and {@code bulk-ram}
   * (MB), {@code search-threads}, {@code defer-graph} (true or false), and the flags {@code
   * merge-while-loading}, {@code no-force-merge}.
   */
  public static BenchConfig parse(String spec) {
    int colon = spec.indexOf(':');
    String name = colon < 0 ? spec : spec.substring(0, colon);
    String preset = PRESETS.get(name);
    if (colon < 0 && preset == null) {
      throw new IllegalArgumentException(
          "unknown configuration " + name + "; presets: " + String.join(", ", PRESETS.keySet()));
    }
    String settings =
        (preset == null ? "" : preset) + (colon < 0 ? "" : "," + spec.substring(colon + 1));
    return build(name, settings);
  }

  private static BenchConfig build(String name, String settings) {
    VectorIndexOptions d = VectorIndexOptions.DEFAULTS;
    int threads = 2;
    int maxConn = d.maxConn();
    int beam = d.beamWidth();
    Quantization quant = d.quantization();
    int mergeWorkers = d.mergeWorkers();
    double ram = d.ramBufferMb();
    double bulkRam = d.bulkRamBufferMb();
    int searchThreads = 1;
    boolean mergeWhileLoading = false;
    boolean forceMerge = true;
    boolean deferGraph = d.deferGraph();
    for (String part : settings.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      String[] kv = part.split("=", 2);
      String key = kv[0].trim();
      String value = kv.length == 2 ? kv[1].trim() : "";
      switch (key) {
        case "threads" -> threads = Integer.parseInt(value);
        case "m" -> maxConn = Integer.parseInt(value);
        case "beam" -> beam = Integer.parseInt(value);
        case "quant" -> quant = Quantization.valueOf(value.toUpperCase(Locale.ROOT));
        case "mw" -> mergeWorkers = Integer.parseInt(value);
        case "ram" -> ram = Double.parseDouble(value);
        case "bulk-ram" -> bulkRam = Double.parseDouble(value);
        case "search-threads" -> searchThreads = Integer.parseInt(value);
        case "merge-while-loading" -> mergeWhileLoading = true;
        case "no-force-merge" -> forceMerge = false;
        case "defer-graph" -> deferGraph = !value.equals("false");
        default -> throw new IllegalArgumentException("unknown setting " + key + " in " + name);
      }
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive in " + name);
    }
    return new BenchConfig(
        name,
        threads,
        new VectorIndexOptions(
            maxConn,
            beam,
            quant,
            mergeWorkers,
            ram,
            bulkRam,
            d.candidates(),
            searchThreads,
            deferGraph),
        mergeWhileLoading,
        forceMerge);
  }
}
