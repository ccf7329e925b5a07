package io.weir.extract.progress;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A progress line: rewritten in place on a terminal; elsewhere (a log, a pipe, CI) a plain line at most every {@link
 * #PLAIN_EVERY}, since carriage returns there pile up as one endless line.
 */
public final class ProgressLine {
    static final Duration PLAIN_EVERY = Duration.ofSeconds(10);

    private final Consumer<String> print;
    private final Runnable flush;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private String last = "";
    private long lastPrinted;
    private boolean printed;

    /** @param terminal whether {@code out} is a terminal, such as {@code System.console() != null} */
    public ProgressLine(PrintStream out, boolean terminal) {
        this(out, terminal, System::nanoTime);
    }

    /** @param terminal whether {@code out} is a terminal, such as {@code System.console() != null} */
    public ProgressLine(PrintWriter out, boolean terminal) {
        this(out::print, out::flush, terminal, System::nanoTime);
    }

    ProgressLine(PrintStream out, boolean terminal, LongSupplier nanoTime) {
        this(out::print, out::flush, terminal, nanoTime);
    }

    private ProgressLine(Consumer<String> print, Runnable flush, boolean terminal, LongSupplier nanoTime) {
        this.print = print;
        this.flush = flush;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
    }

    /** Shows {@code line} as the progress so far. */
    public void show(String line) {
        long now = nanoTime.getAsLong();
        if (terminal) {
            // Spaces wipe what a longer previous line left on the screen.
            print.accept("\r" + line + " ".repeat(Math.max(0, last.length() - line.length())));
        } else if (!printed || now - lastPrinted >= PLAIN_EVERY.toNanos()) {
            print.accept(line + System.lineSeparator());
        } else {
            return;
        }
        flush.run();
        last = line;
        lastPrinted = now;
        printed = true;
    }

    /**
     * Ends the line on a terminal, so that what follows starts on a line of its own; the next {@link #show} starts a
     * new progress line, printed at once also elsewhere than on a terminal.
     */
    public void finish() {
        if (terminal && printed) {
            print.accept(System.lineSeparator());
            flush.run();
        }
        last = "";
        printed = false;
    }
}
