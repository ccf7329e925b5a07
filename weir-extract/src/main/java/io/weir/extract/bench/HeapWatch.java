package io.weir.extract.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Samples the heap in use every 10 ms and keeps the peak since the last reset. */
final class HeapWatch {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private volatile long peak;
    private volatile boolean running;
    private Thread thread;

    void start() {
        running = true;
        thread = new Thread(
                () -> {
                    while (running) {
                        peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                        try {
                            Thread.sleep(10);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "weir-bench-heap");
        thread.setDaemon(true);
        thread.start();
    }

    void reset() {
        System.gc();
        peak = memory.getHeapMemoryUsage().getUsed();
    }

    double peakMegabytes() {
        return peak / 1e6;
    }

    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
