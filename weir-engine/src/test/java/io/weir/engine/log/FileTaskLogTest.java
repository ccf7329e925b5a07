package io.weir.engine.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTaskLogTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-02T03:04:05.678Z"), ZoneOffset.UTC);

    @TempDir
    Path root;

    @Test
    void infoLinesStartWithATimestampAndFoldersAreCreated() throws IOException {
        Path file = root.resolve("dag_id=d/run_id=r/task_id=t/attempt=1.log");
        try (FileTaskLog log = open(file, "hunter2")) {
            log.info("Starting try 1 with password hunter2");
        }

        assertThat(Files.readString(file)).isEqualTo("2024-01-02T03:04:05.678Z Starting try 1 with password ***\n");
    }

    @Test
    void timestampsReadAsTheLogFormatWritesThem() {
        java.time.format.DateTimeFormatter format = java.time.format.DateTimeFormatter.ofPattern(
                        "uuuu-MM-dd'T'HH:mm:ss.SSSXXX")
                .withZone(ZoneOffset.UTC);
        for (String text : List.of(
                "2024-01-02T03:04:05.678Z",
                "1970-01-01T00:00:00Z",
                "0999-12-31T23:59:59.999999999Z",
                "2024-02-29T12:00:00.007Z",
                "1969-07-20T20:17:40.040Z")) {
            Instant instant = Instant.parse(text);
            assertThat(FileTaskLog.timestamp(instant)).as(text).isEqualTo(format.format(instant));
        }
    }

    @Test
    void secretSplitAcrossWritesIsMasked() throws IOException {
        try (FileTaskLog log = open(root.resolve("a.log"), "hunter2")) {
            write(log.stream(), "password is hun");
            write(log.stream(), "ter2, twice: h");
            for (char character : "unter2\n".toCharArray()) {
                log.stream().write(character);
            }
        }

        assertThat(Files.readString(root.resolve("a.log"))).isEqualTo("password is ***, twice: ***\n");
    }

    @Test
    void completeLinesReachTheFileAtOnceAndAPartialLineOnClose() throws IOException {
        Path file = root.resolve("a.log");
        try (FileTaskLog log = open(file, "hunter2")) {
            write(log.stream(), "first\nsecond, no newline yet");
            assertThat(Files.readString(file)).isEqualTo("first\n");
        }

        assertThat(Files.readString(file)).isEqualTo("first\nsecond, no newline yet\n");
    }

    @Test
    void infoEndsAPartialOutputLineFirst() throws IOException {
        Path file = root.resolve("a.log");
        try (FileTaskLog log = open(file)) {
            write(log.stream(), "progress 50%");
            log.info("Try ended");
        }

        assertThat(Files.readString(file)).isEqualTo("progress 50%\n2024-01-02T03:04:05.678Z Try ended\n");
    }

    @Test
    void longOutputWithoutNewlinesIsWrittenInPiecesStillMasked() throws IOException {
        Path file = root.resolve("a.log");
        String filler = "x".repeat(FileTaskLog.LINE_LIMIT - 4);
        try (FileTaskLog log = open(file, "hunter2")) {
            write(log.stream(), filler + "hunt");
            assertThat(Files.size(file)).isPositive();
            write(log.stream(), "er2 end");
        }

        assertThat(Files.readString(file)).isEqualTo(filler + "*** end\n");
    }

    @Test
    void reopeningAppends() throws IOException {
        Path file = root.resolve("a.log");
        try (FileTaskLog log = open(file)) {
            log.info("one");
        }
        try (FileTaskLog log = open(file)) {
            log.info("two");
        }

        assertThat(Files.readAllLines(file)).hasSize(2);
    }

    @Test
    void writingAfterCloseFails() throws IOException {
        FileTaskLog log = open(root.resolve("a.log"));
        OutputStream stream = log.stream();
        log.close();

        assertThatThrownBy(() -> stream.write(1))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("closed");
    }

    private static FileTaskLog open(Path file, String... secrets) throws IOException {
        return new FileTaskLog(file, new SecretMasker(List.of(secrets)), CLOCK);
    }

    private static void write(OutputStream stream, String text) throws IOException {
        stream.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
