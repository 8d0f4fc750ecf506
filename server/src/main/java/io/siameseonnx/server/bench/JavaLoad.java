package io.siameseonnx.server.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fallback HTTP load generator: a thread a connection in this process, each sending prebuilt
 * requests with a minimal keep-alive client. Its threads' CPU time is taken out of the process's,
 * so that what remains is the server's.
 */
final class JavaLoad {
  private static final Logger LOG = LoggerFactory.getLogger(JavaLoad.class);

  private JavaLoad() {}

  static Load run(
      int port,
      List<HttpRequest> requests,
      int concurrency,
      Duration warmup,
      Duration duration,
      long minRequests)
      throws InterruptedException {
    List<byte[]> wire = requests.stream().map(HttpRequest::wire).toList();
    Window window = new Window(warmup, duration, minRequests);
    List<Latencies> all = new ArrayList<>();
    AtomicLong errors = new AtomicLong();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < concurrency; t++) {
      Latencies latencies = new Latencies();
      all.add(latencies);
      int offset = t;
      workers.add(
          new Thread(
              () -> {
                try (LoopbackClient client = new LoopbackClient(port)) {
                  int i = offset;
                  while (!window.closed()) {
                    long t0 = System.nanoTime();
                    int status = client.exchange(wire.get(i++ % wire.size()));
                    long t1 = System.nanoTime();
                    if (window.measures(t1)) {
                      if (status == 200) {
                        latencies.add(t1 - t0);
                      } else {
                        errors.incrementAndGet();
                      }
                    }
                  }
                } catch (IOException e) {
                  errors.incrementAndGet();
                  LOG.warn("Load connection failed: {}", e.toString());
                }
              },
              "load-" + t));
    }
    workers.forEach(Thread::start);
    window.awaitOpen();
    long cpuFrom = ProcessStats.cpuNanos() - cpu(threads, workers);
    long jitFrom = ProcessStats.compilerNanos();
    window.awaitClose(workers);
    long cpuTo = ProcessStats.cpuNanos() - cpu(threads, workers);
    long jitTo = ProcessStats.compilerNanos();
    for (Thread worker : workers) {
      worker.join();
    }
    long[] sorted = Latencies.merged(all);
    return new Load(
        sorted.length,
        errors.get(),
        Latencies.millis(sorted, 0.5),
        Latencies.millis(sorted, 0.99),
        window.seconds(),
        cpuTo - cpuFrom,
        jitTo - jitFrom,
        "java");
  }

  /** The load threads' CPU time so far, read at one moment from outside them. */
  private static long cpu(ThreadMXBean threads, List<Thread> workers) {
    long total = 0;
    for (Thread worker : workers) {
      total += Math.max(0, threads.getThreadCpuTime(worker.getId()));
    }
    return total;
  }
}
