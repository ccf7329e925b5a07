package io.weir.engine.task;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Runs a plain command line without a shell when the shell would add nothing: words of ordinary characters (no
 * quotes, variables, globs, redirections, pipes or separators) whose first word is a program on PATH. Starting
 * {@code bash} costs more than many short commands themselves; the result is the same.
 */
final class SimpleCommands {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:@%+,-]+(?: +[A-Za-z0-9_./:=@%+,-]+)*");

    private SimpleCommands() {}

    /** The program and its arguments to exec directly, or empty when the line needs {@code bash -c}. */
    static Optional<List<String>> direct(String line, String path, Path workingDirectory) {
        String text = line.strip();
        if (!PLAIN.matcher(text).matches()) {
            return Optional.empty();
        }
        List<String> words = new ArrayList<>(Arrays.asList(text.split(" +")));
        String program = words.get(0);
        Optional<Path> executable = program.contains("/")
                ? Optional.of(workingDirectory.resolve(program))
                : onPath(program, path, workingDirectory);
        if (executable.isEmpty() || !isExecutableFile(executable.get())) {
            return Optional.empty();
        }
        // The program found on the task's PATH, as bash would run it (Java would search Weir's own PATH instead).
        words.set(0, executable.get().toAbsolutePath().toString());
        return Optional.of(words);
    }

    /** As bash searches PATH: a relative (or empty) entry is relative to the working directory. */
    static Optional<Path> onPath(String program, String path, Path workingDirectory) {
        if (path == null) {
            return Optional.empty();
        }
        for (String folder : path.split(":")) {
            // An empty entry is the working directory itself.
            Path candidate = workingDirectory.resolve(folder).resolve(program);
            if (isExecutableFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Asked through java.io.File, which answers a missing file without building an exception as java.nio.file does. */
    static boolean isExecutableFile(Path candidate) {
        File file = candidate.toFile();
        return file.isFile() && file.canExecute();
    }
}
