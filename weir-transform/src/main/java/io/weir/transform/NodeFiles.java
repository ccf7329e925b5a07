package io.weir.transform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes the per-node files of a run ({@code target/compiled/}, {@code target/run/}) on a thread of its own, so the
 * nodes do not wait for the disk; {@link #flush()} returns once all are written, before the run's artifacts are.
 */
final class NodeFiles implements AutoCloseable {
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "weir-transform-files");
        thread.setDaemon(true);
        return thread;
    });
    private final LinkedBlockingQueue<Future<?>> pending = new LinkedBlockingQueue<>();
    private final Set<Path> folders = ConcurrentHashMap.newKeySet();

    void write(Path file, String text) {
        pending.add(writer.submit(() -> {
            try {
                Path folder = file.getParent();
                if (folders.add(folder)) {
                    Files.createDirectories(folder);
                }
                Files.writeString(file, text);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + file, e);
            }
        }));
    }

    /** Waits for every file written so far; the first failure is thrown. */
    void flush() {
        Future<?> next;
        while ((next = pending.poll()) != null) {
            try {
                next.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException failure
                        ? failure
                        : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Stops the writer once the files asked for are written, so none is lost when the process ends. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(1, TimeUnit.MINUTES)) {
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
