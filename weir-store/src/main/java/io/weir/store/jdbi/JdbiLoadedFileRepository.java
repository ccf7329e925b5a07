package io.weir.store.jdbi;

import static java.util.Objects.requireNonNull;

import io.weir.core.task.LoadedFile;
import io.weir.store.LoadedFileRepository;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** The ledger of loaded files; a record replaces its earlier row by delete and insert, one text for H2 and PostgreSQL. */
final class JdbiLoadedFileRepository implements LoadedFileRepository {
    private static final RowMapper<LoadedFile> FILE = (rs, context) -> new LoadedFile(
            rs.getString("ledger"),
            rs.getString("file_name"),
            rs.getLong("size_bytes"),
            rs.getString("etag"),
            rs.getString("checksum"),
            Rows.instant(rs, "loaded_at"),
            rs.getLong("row_count"),
            rs.getString("run_id"));

    private final Handle handle;

    JdbiLoadedFileRepository(Handle handle) {
        this.handle = handle;
    }

    @Override
    public Map<String, LoadedFile> list(String ledger) {
        requireNonNull(ledger, "ledger is null");
        Map<String, LoadedFile> files = new LinkedHashMap<>();
        handle.createQuery("SELECT ledger, file_name, size_bytes, etag, checksum, loaded_at, row_count, run_id"
                        + " FROM extract_file WHERE ledger = :ledger ORDER BY file_name")
                .bind("ledger", ledger)
                .map(FILE)
                .forEach(file -> files.put(file.name(), file));
        return files;
    }

    @Override
    public void record(LoadedFile file) {
        requireNonNull(file, "file is null");
        handle.createUpdate("DELETE FROM extract_file WHERE ledger = :ledger AND file_name = :name")
                .bind("ledger", file.ledger())
                .bind("name", file.name())
                .execute();
        handle.createUpdate("INSERT INTO extract_file (ledger, file_name, size_bytes, etag, checksum, loaded_at,"
                        + " row_count, run_id) VALUES (:ledger, :name, :size, :etag, :checksum, :loadedAt, :rows,"
                        + " :runId)")
                .bindMethods(file)
                .execute();
    }
}
