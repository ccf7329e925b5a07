package io.weir.warehouse.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.warehouse.Relation;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseException;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseSettings;
import io.weir.warehouse.load.LoadType.Kind;
import io.weir.warehouse.testing.TestWarehouses;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows given as PostgreSQL's COPY CSV load into DuckDB through its CSV reader, all or nothing, merge included. */
class DuckDbCsvLoadTest {
    private static final List<LoadColumn> COLUMNS = List.of(
            new LoadColumn("id", LoadType.of(Kind.INTEGER)),
            new LoadColumn("note", LoadType.of(Kind.TEXT)),
            new LoadColumn("day", LoadType.of(Kind.DATE)),
            new LoadColumn("payload", LoadType.of(Kind.BYTES)));

    @TempDir
    Path dir;

    private Warehouse warehouse;
    private WarehouseSession session;
    private Relation table;

    @BeforeEach
    void open() {
        warehouse = Warehouse.open(TestWarehouses.duckdb(dir, "analytics"));
        session = warehouse.session();
        table = new Relation(WarehouseSettings.rawDatabase(warehouse.target()), "tap_postgres", "notes");
    }

    @AfterEach
    void close() {
        session.close();
        warehouse.close();
    }

    @Test
    void linesLandWithTheirValuesAndAMergeKeepsTheLastRowPerKey() {
        load(LoadMode.MERGE, "1,\"a, \"\"b\"\"\",2024-02-29,\\x00ff", "2,,0044-03-15 BC,");
        load(LoadMode.MERGE, "2,\"\",infinity,\\x", "2,\"later\nline\",2024-01-01,\\x01");

        assertThat(contents())
                .containsExactly(
                        List.of("1", "a, \"b\"", "2024-02-29", "00FF", "run"),
                        List.of("2", "later\nline", "2024-01-01", "01", "run"));
    }

    @Test
    void aValueDuckDbCannotReadFailsNamingTableAndColumnAndLeavesTheTableAsItWas() {
        load(LoadMode.APPEND, "1,kept,2024-01-01,\\x");

        assertThatThrownBy(() -> load(LoadMode.APPEND, "2,new,2024-01-02,\\x", "three,new,2024-01-03,\\x"))
                .isInstanceOf(WarehouseException.class)
                .hasMessageContaining("Cannot load rows into raw.tap_postgres.notes")
                .hasMessageContaining("\"id\"")
                .hasMessageContaining("three");
        assertThat(contents()).containsExactly(List.of("1", "kept", "2024-01-01", "", "run"));
    }

    @Test
    void duckDbLeavesTheSourceACoreWhileItLoadsAndGetsItsThreadsBackAfterwardsEvenWhenTheLoadFails() {
        int cores = Runtime.getRuntime().availableProcessors();
        session.execute("set threads = " + (cores + 1));
        List<Long> seen = new ArrayList<>();
        try (WarehouseSession other = warehouse.session()) {
            Lines lines = new Lines(List.of("1,a,2024-01-01,\\x", "2,b,2024-01-02,\\x")) {
                @Override
                public Chunk nextChunk(OutputStream out, long bytes) throws IOException {
                    seen.add(LoadThreads.threads(other));
                    return super.nextChunk(out, bytes);
                }
            };
            new TableLoader(session)
                    .load(
                            new LoadRequest(
                                    table, LoadMode.APPEND, List.of(), "run", Instant.parse("2024-05-01T00:00:00Z")),
                            lines,
                            count -> {});
        }
        assertThat(seen).isNotEmpty().allSatisfy(threads -> assertThat(threads).isEqualTo(Math.max(1, cores - 1)));
        assertThat(LoadThreads.threads(session)).isEqualTo(cores + 1);

        assertThatThrownBy(() -> load(LoadMode.APPEND, "three,new,2024-01-03,\\x"))
                .isInstanceOf(WarehouseException.class);
        assertThat(LoadThreads.threads(session)).isEqualTo(cores + 1);
    }

    private void load(LoadMode mode, String... lines) {
        new TableLoader(session)
                .load(
                        new LoadRequest(
                                table,
                                mode,
                                mode == LoadMode.MERGE ? List.of("id") : List.of(),
                                "run",
                                Instant.parse("2024-05-01T00:00:00Z")),
                        new Lines(List.of(lines)),
                        count -> {});
    }

    private List<List<String>> contents() {
        List<List<String>> rows = new ArrayList<>();
        for (List<Object> row : session.query("select id, note, cast(day as varchar), hex(payload), _weir_run_id"
                        + " from " + table.render(session.dialect()) + " order by id")
                .rows()) {
            rows.add(row.stream()
                    .map(value -> value == null ? null : value.toString())
                    .toList());
        }
        return rows;
    }

    /** CSV lines as a PostgreSQL source gives them, one chunk of one line at a time. */
    private static class Lines implements CopyCsvRows {
        private final Iterator<String> lines;

        Lines(List<String> lines) {
            this.lines = lines.iterator();
        }

        @Override
        public List<LoadColumn> columns() {
            return COLUMNS;
        }

        @Override
        public Chunk nextChunk(OutputStream out, long bytes) throws IOException {
            if (!lines.hasNext()) {
                return new Chunk(0, 0, 0);
            }
            byte[] line = (lines.next() + "\n").getBytes(StandardCharsets.UTF_8);
            out.write(line);
            return new Chunk(1, line.length, line.length);
        }
    }
}
