package io.siameseonnx.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP load generator when wrk is installed: an external process (C, epoll), so that the load
 * costs the measured process nothing and the two cores little. A generated Lua script cycles
 * through the scenario's prepared requests and writes the counts and latency percentiles as JSON.
 */
final class WrkLoad {
  private static final ObjectMapper JSON = new ObjectMapper();

  private WrkLoad() {}

  /** The wrk executable, when one is installed. */
  static Optional<Path> find() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path wrk = Path.of(dir, "wrk");
      if (Files.isExecutable(wrk)) {
        return Optional.of(wrk);
      }
    }
    return Optional.empty();
  }

  static Load run(
      Path wrk,
      int port,
      List<HttpRequest> requests,
      int concurrency,
      Duration warmup,
      Duration duration)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("siamese-wrk");
    try {
      Path out = dir.resolve("result.json");
      if (!warmup.isZero()) {
        wrk(wrk, port, script(dir, requests, dir.resolve("warmup.json")), concurrency, warmup);
      }
      Path script = script(dir, requests, out);
      long cpuFrom = ProcessStats.cpuNanos();
      long jitFrom = ProcessStats.compilerNanos();
      wrk(wrk, port, script, concurrency, duration);
      long cpuTo = ProcessStats.cpuNanos();
      long jitTo = ProcessStats.compilerNanos();
      JsonNode r = JSON.readTree(out.toFile());
      return new Load(
          r.get("requests").asLong() - r.get("status").asLong() - r.get("errors").asLong(),
          r.get("status").asLong() + r.get("errors").asLong(),
          r.get("p50").asDouble() / 1000,
          r.get("p99").asDouble() / 1000,
          r.get("duration").asDouble() / 1e6,
          cpuTo - cpuFrom,
          jitTo - jitFrom,
          "wrk");
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void wrk(Path wrk, int port, Path script, int concurrency, Duration time)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(wrk.toString());
    command.add("-t" + Math.min(2, concurrency));
    command.add("-c" + concurrency);
    command.add("-d" + Math.max(1, time.toMillis() / 1000) + "s");
    command.add("--timeout");
    command.add("30s");
    command.add("-s");
    command.add(script.toString());
    command.add("http://127.0.0.1:" + port);
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (process.waitFor() != 0) {
      throw new IOException("wrk exited with " + process.exitValue());
    }
  }

  /** A Lua script that sends the requests in turn and writes the summary to {@code out}. */
  private static Path script(Path dir, List<HttpRequest> requests, Path out) throws IOException {
    StringBuilder lua = new StringBuilder("local requests = {}\n");
    lua.append("local paths = {}\n");
    for (int i = 0; i < requests.size(); i++) {
      HttpRequest r = requests.get(i);
      Path body = dir.resolve("body-" + i);
      Files.write(body, r.body());
      StringBuilder headers = new StringBuilder("{");
      for (Map.Entry<String, String> h : r.headers().entrySet()) {
        headers
            .append("[\"")
            .append(h.getKey())
            .append("\"]=\"")
            .append(h.getValue())
            .append("\",");
      }
      headers.append("}");
      lua.append("do local f = io.open(\"")
          .append(body)
          .append("\", \"rb\"); local b = f:read(\"*a\"); f:close(); ")
          .append("requests[")
          .append(i + 1)
          .append("] = {\"")
          .append(r.path())
          .append("\", ")
          .append(headers)
          .append(", b} end\n");
    }
    lua.append(
        """
        local prepared = nil
        local n = 0
        function request()
          if prepared == nil then
            prepared = {}
            for i, r in ipairs(requests) do prepared[i] = wrk.format("POST", r[1], r[2], r[3]) end
          end
          n = n + 1
          return prepared[(n % #prepared) + 1]
        end
        function done(summary, latency, rq)
          local e = summary.errors
          local f = io.open(out, "w")
          f:write(string.format('{"requests":%d,"status":%d,"errors":%d,"p50":%d,"p99":%d,"duration":%d}',
            summary.requests, e.status, e.connect + e.read + e.write + e.timeout,
            latency:percentile(50), latency:percentile(99), summary.duration))
          f:close()
        end
        """);
    lua.insert(0, "local out = \"" + out + "\"\n");
    Path script = dir.resolve("load-" + out.getFileName() + ".lua");
    Files.writeString(script, lua, StandardCharsets.UTF_8);
    return script;
  }
}
