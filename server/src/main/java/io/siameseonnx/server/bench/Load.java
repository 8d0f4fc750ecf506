package io.siameseonnx.server.bench;

/**
 * What a load generator measured in one scenario.
 *
 * @param requests requests answered with 200 in the measured time
 * @param errors other answers and failed requests
 * @param p50Ms median latency
 * @param p99Ms 99th percentile latency
 * @param seconds the measured time
 * @param cpuNanos the serving process's CPU time in the measured time (a load generator in the same
 *     process has its own CPU taken out)
 * @param jitNanos of {@code cpuNanos}, the JIT compiler's threads
 * @param generator which load generator ran it
 */
record Load(
    long requests,
    long errors,
    double p50Ms,
    double p99Ms,
    double seconds,
    long cpuNanos,
    long jitNanos,
    String generator) {}
