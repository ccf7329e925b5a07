package io.weir.core.task;

import java.io.OutputStream;

/** The log of one try. Everything written is masked: declared secret values appear as {@code ***}. */
public interface TaskLog {

    /** Writes one line, prefixed with a timestamp. */
    void info(String message);

    /** A stream for raw output (a process's stdout and stderr); lines are masked as they are written. */
    OutputStream stream();
}
