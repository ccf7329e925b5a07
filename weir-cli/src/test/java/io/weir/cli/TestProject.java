package io.weir.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A project folder with a dags/ directory and an embedded metadata DB under .weir/, driven through {@code weir}. */
final class TestProject {
    private final Path dir;
    private final Map<String, String> environment = new HashMap<>(System.getenv());

    TestProject(Path dir) {
        this.dir = dir;
        // The project comes from --project; an outer WEIR_PROJECT or WEIR_DB_URL must not redirect the test.
        environment.remove("WEIR_PROJECT");
        environment.remove("WEIR_DB_URL");
        environment.remove("WEIR_DEBUG");
        try {
            Files.createDirectories(dir.resolve("dags"));
            Files.writeString(dir.resolve("weir.yaml"), "dags_are_paused_at_creation: false\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path dir() {
        return dir;
    }

    Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    TestProject dag(String fileName, String yaml) {
        return file("dags/" + fileName, yaml);
    }

    TestProject file(String relativePath, String content) {
        try {
            Path file = dir.resolve(relativePath);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    CliRun weir(String... args) {
        return weirWithInput("", args);
    }

    CliRun weirWithInput(String input, String... args) {
        List<String> all = new ArrayList<>(List.of("--project", dir.toString()));
        all.addAll(List.of(args));
        Main main = new Main(environment, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        return CliRun.run(Main.commandLine(main), all.toArray(String[]::new));
    }

    /** Runs {@code weir} and fails the test, showing both streams, unless it exits 0. */
    String ok(String... args) {
        CliRun run = weir(args);
        if (run.exitCode() != 0) {
            throw new AssertionError("weir " + String.join(" ", args) + " failed:\n" + run);
        }
        return run.out();
    }
}
