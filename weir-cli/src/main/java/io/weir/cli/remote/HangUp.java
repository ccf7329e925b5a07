package io.weir.cli.remote;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.PipedOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A caller's command, cancelled when the caller hangs up before it finishes. */
final class HangUp {
    private static final Logger LOG = LoggerFactory.getLogger(HangUp.class);

    private final Thread command;
    private final List<Runnable> cancels = new ArrayList<>();
    private boolean finished;
    private boolean hungUp;

    HangUp(Thread command) {
        this.command = command;
    }

    synchronized void add(Runnable cancel) {
        if (hungUp) {
            cancel.run();
        } else {
            cancels.add(cancel);
        }
    }

    synchronized void finished() {
        finished = true;
    }

    /**
     * Passes the caller's standard input on to the command until the caller hangs up, then cancels the command
     * (unless it has finished).
     */
    void await(DataInputStream in, PipedOutputStream input) {
        try (input) {
            boolean inputOpen = true;
            while (true) {
                byte kind = in.readByte();
                byte[] bytes = Frames.readBytes(in);
                if (inputOpen && kind == Frames.IN) {
                    input.write(bytes);
                    input.flush();
                } else if (inputOpen && kind == Frames.IN_END) {
                    inputOpen = false;
                    input.close();
                }
            }
        } catch (IOException e) {
            // Hung up, or the command finished and its connection was closed.
        }
        List<Runnable> toRun;
        synchronized (this) {
            if (finished) {
                return;
            }
            hungUp = true;
            toRun = List.copyOf(cancels);
        }
        for (Runnable cancel : toRun) {
            try {
                cancel.run();
            } catch (RuntimeException e) {
                LOG.warn("Cancelling a command whose caller hung up: {}", e.getMessage());
            }
        }
        command.interrupt();
    }
}
