package io.siameseonnx.server.gallery.bench;

import io.siameseonnx.server.gallery.VectorIndexOptions;
import java.util.List;

/**
 * What the probe process measures: open a gallery store cold, search it.
 *
 * @param root the gallery root
 * @param gallery the gallery's name
 * @param options the store's options (search threads matter to searches)
 * @param queriesFile little-endian float32 queries, one after the other
 * @param queries how many
 * @param k neighbours a query
 * @param candidates the candidate counts to measure, each a pass over all queries
 * @param warmup unmeasured queries after the first, before the passes
 */
public record ProbeRequest(
    String root,
    String gallery,
    VectorIndexOptions options,
    String queriesFile,
    int queries,
    int k,
    List<Integer> candidates,
    int warmup) {}
