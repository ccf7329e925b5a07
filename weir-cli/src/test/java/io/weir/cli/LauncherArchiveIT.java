package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./weir} launcher's class-data archive: made once per jar, silent, and holding picocli's old classes. */
class LauncherArchiveIT {
    private static final Path CLONE = Path.of("").toAbsolutePath().getParent();
    private static final Path JAR = CLONE.resolve("weir-cli/target/weir.jar");
    private static final Path ARCHIVE = CLONE.resolve("weir-cli/target/weir-static.jsa");

    @TempDir
    Path project;

    @Test
    void aReadCommandPrintsOnlyItsOutputAndLeavesAnArchiveThatHoldsPicocli() throws Exception {
        Files.createDirectories(project.resolve("dags"));
        Files.writeString(
                project.resolve("dags/hello.yaml"),
                "dag_id: hello\nschedule: \"@daily\"\nstart_date: 2024-01-01\ntasks:\n  only:\n    type: empty\n");

        Result launched =
                run(List.of(CLONE.resolve("weir").toString(), "--project", project.toString(), "dags", "list"));

        assertThat(launched.exit()).as(launched.err()).isZero();
        assertThat(launched.out()).startsWith("dag_id").contains("hello");
        assertThat(launched.err()).isEmpty();
        assertThat(ARCHIVE).exists();
        assertThat(Files.getLastModifiedTime(ARCHIVE)).isGreaterThanOrEqualTo(Files.getLastModifiedTime(JAR));

        Result traced = run(List.of(
                "java",
                "-XX:SharedArchiveFile=" + ARCHIVE,
                "-Xshare:on",
                "-Xlog:class+load=info",
                "-jar",
                JAR.toString(),
                "--project",
                project.toString(),
                "dags",
                "list"));

        assertThat(traced.exit()).as(traced.err()).isZero();
        assertThat(traced.out())
                .contains("picocli.CommandLine source: shared objects file")
                .contains("io.weir.cli.Main source: shared objects file");
    }

    @Test
    void aReadCommandLeavesFlightRecorderAloneWhereACommandThatWritesSetsItUp() throws Exception {
        Files.createDirectories(project.resolve("dags"));
        Files.writeString(
                project.resolve("dags/hello.yaml"),
                "dag_id: hello\nschedule: \"@daily\"\nstart_date: 2024-01-01\ntasks:\n  only:\n    type: empty\n");
        // Flight Recorder's metadata is loaded only when an event (JDBI's statement event) is registered.
        String registered = "jdk.jfr.internal.MetadataRepository ";

        Result read = traced("dags", "list");
        Result write = traced("dags", "pause", "hello");

        assertThat(read.exit()).as(read.err()).isZero();
        assertThat(read.out())
                .contains("org.jdbi.v3.core.statement.SqlStatement ")
                .doesNotContain(registered);
        assertThat(write.exit()).as(write.err()).isZero();
        assertThat(write.out()).contains(registered);
    }

    private Result traced(String... command) throws IOException, InterruptedException {
        List<String> process = new ArrayList<>(
                List.of("java", "-Xlog:class+load=info", "-jar", JAR.toString(), "--project", project.toString()));
        process.addAll(List.of(command));
        return run(process);
    }

    private record Result(int exit, String out, String err) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("weir-launcher-out-", ".txt");
        Path err = Files.createTempFile("weir-launcher-err-", ".txt");
        try {
            Process process = new ProcessBuilder(new ArrayList<>(command))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            assertThat(process.waitFor(5, TimeUnit.MINUTES))
                    .as(String.join(" ", command))
                    .isTrue();
            return new Result(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
