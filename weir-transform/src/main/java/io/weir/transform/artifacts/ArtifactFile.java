package io.weir.transform.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weir.transform.DbtVersion;
import io.weir.transform.TransformException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Writes an artifact whole or not at all: to a temporary file beside it, then moved into place. */
final class ArtifactFile {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String DBT_VERSION = DbtVersion.CURRENT;

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private ArtifactFile() {}

    /** dbt's time stamps: UTC with microseconds, such as {@code 2024-05-01T12:00:01.123456Z}. */
    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    /** The {@code metadata} block every artifact starts with. */
    static ObjectNode metadata(String schema, Instant generatedAt, String invocationId) {
        ObjectNode metadata = JSON.createObjectNode();
        metadata.put("dbt_schema_version", "https://schemas.getdbt.com/dbt/" + schema + ".json");
        metadata.put("dbt_version", DBT_VERSION);
        metadata.put("generated_at", timestamp(generatedAt));
        metadata.put("invocation_id", invocationId);
        metadata.putObject("env");
        return metadata;
    }

    static void writeJson(JsonNode json, Path file) {
        try {
            write(JSON.writeValueAsBytes(json), file);
        } catch (IOException e) {
            throw cannotWrite(file, e);
        }
    }

    static void write(String text, Path file) {
        write(text.getBytes(StandardCharsets.UTF_8), file);
    }

    private static void write(byte[] bytes, Path file) {
        Path target = file.toAbsolutePath();
        Path temporary = null;
        try {
            Files.createDirectories(target.getParent());
            temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            Files.write(temporary, bytes);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw cannotWrite(file, e);
        }
    }

    private static void deleteQuietly(Path temporary) {
        if (temporary != null) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // The temporary file is left behind; the artifact itself is untouched.
            }
        }
    }

    private static TransformException cannotWrite(Path file, IOException e) {
        return new TransformException(
                "Cannot write " + file + ": " + e.getMessage() + "; check that its folder exists and is writable.", e);
    }
}
