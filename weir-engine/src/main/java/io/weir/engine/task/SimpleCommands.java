package io.weir.engine.task;

import java.nio.file.Files;
import java.nio.file.Path;
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
        List<String> words = Arrays.asList(text.split(" +"));
        String program = words.get(0);
        Optional<Path> executable =
                program.contains("/") ? Optional.of(workingDirectory.resolve(program)) : onPath(program, path);
        if (executable.isEmpty() || !Files.isRegularFile(executable.get()) || !Files.isExecutable(executable.get())) {
            return Optional.empty();
        }
        return Optional.of(words);
    }

    private static Optional<Path> onPath(String program, String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String folder : path.split(":")) {
            if (folder.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(folder, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
