package io.weir.engine.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a process has ended, read from /proc so that an unreaped zombie counts as ended. */
public final class ProcessStates {
    private ProcessStates() {}

    public static boolean ended(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state == 'Z' || state == 'X';
        } catch (IOException e) {
            return ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true);
        }
    }
}
