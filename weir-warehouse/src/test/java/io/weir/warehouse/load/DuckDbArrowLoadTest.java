package io.weir.warehouse.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.warehouse.Relation;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseException;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseSettings;
import io.weir.warehouse.load.ColumnBatch.Carrier;
import io.weir.warehouse.load.LoadType.Kind;
import io.weir.warehouse.testing.TestWarehouses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows a source hands over in batches load into DuckDB as Arrow, value for value, all or nothing. */
class DuckDbArrowLoadTest {
    @TempDir
    Path dir;

    private Warehouse warehouse;
    private WarehouseSession session;
    private Relation table;

    @BeforeEach
    void open() {
        warehouse = Warehouse.open(TestWarehouses.duckdb(dir, "analytics"));
        session = warehouse.session();
        table = new Relation(WarehouseSettings.rawDatabase(warehouse.target()), "tap_mysql", "orders");
    }

    @AfterEach
    void close() {
        session.close();
        warehouse.close();
    }

    @Test
    void arrowLoadsAreOnInTheseTestsAsInWeirsJar() {
        // The tests open java.nio to Arrow as Weir's jar does; without it every load would quietly go as CSV.
        assertThat(DuckDbArrowWriter.available()).isTrue();
    }

    @Test
    void everyCarrierLandsAsItsColumnsType() {
        Rows rows = new Rows(
                List.of(
                        new LoadColumn("id", LoadType.of(Kind.BIGINT)),
                        new LoadColumn("small", LoadType.of(Kind.SMALLINT)),
                        new LoadColumn("price", LoadType.decimal(12, 3)),
                        new LoadColumn("huge", LoadType.decimal(30, 10)),
                        new LoadColumn("ratio", LoadType.of(Kind.DOUBLE)),
                        new LoadColumn("flag", LoadType.of(Kind.BOOLEAN)),
                        new LoadColumn("day", LoadType.of(Kind.DATE)),
                        new LoadColumn("at", LoadType.of(Kind.TIMESTAMP)),
                        new LoadColumn("clock", LoadType.of(Kind.TIME)),
                        new LoadColumn("doc", LoadType.of(Kind.JSON)),
                        new LoadColumn("note", LoadType.varchar(20)),
                        new LoadColumn("payload", LoadType.of(Kind.BYTES))),
                List.of(
                        Carrier.LONG,
                        Carrier.LONG,
                        Carrier.DECIMAL,
                        Carrier.TEXT,
                        Carrier.TEXT,
                        Carrier.BOOLEAN,
                        Carrier.DATE,
                        Carrier.TIMESTAMP,
                        Carrier.TEXT,
                        Carrier.TEXT,
                        Carrier.TEXT,
                        Carrier.BYTES),
                2,
                (batch, row, index) -> {
                    if (index == 1) {
                        batch.setLong(0, row, 2);
                        return; // every other value null
                    }
                    batch.setLong(0, row, Long.MIN_VALUE);
                    batch.setLong(1, row, -32768);
                    batch.setUnscaled(2, row, -123456789125L);
                    text(batch, 3, row, "-12345678901234567890.0123456789");
                    text(batch, 4, row, "0.25");
                    batch.setBoolean(5, row, true);
                    batch.setEpochDay(6, row, (int) LocalDate.of(1, 1, 1).toEpochDay());
                    batch.setMicros(
                            7,
                            row,
                            LocalDateTime.of(2024, 2, 29, 23, 59, 59).toEpochSecond(ZoneOffset.UTC) * 1_000_000
                                    + 123_456);
                    text(batch, 8, row, "12:34:56.78");
                    text(batch, 9, row, "{\"a\": [1, \"東京\"]}");
                    text(batch, 10, row, "a, \"b\"\r\n🎉");
                    batch.setBytes(11, row, new byte[] {0, ',', '\n', (byte) 0xff}, 0, 4);
                });

        load(LoadMode.APPEND, rows);

        assertThat(contents("cast(id as varchar), cast(small as varchar), cast(price as varchar),"
                        + " cast(huge as varchar), cast(ratio as varchar), cast(flag as varchar),"
                        + " cast(day as varchar), cast(\"at\" as varchar), cast(clock as varchar),"
                        + " cast(doc as varchar), note, hex(payload), typeof(doc), typeof(small)"))
                .containsExactly(
                        List.of(
                                "-9223372036854775808",
                                "-32768",
                                "-123456789.125",
                                "-12345678901234567890.0123456789",
                                "0.25",
                                "true",
                                "0001-01-01",
                                "2024-02-29 23:59:59.123456",
                                "12:34:56.78",
                                "{\"a\": [1, \"東京\"]}",
                                "a, \"b\"\r\n🎉",
                                "002C0AFF",
                                "JSON",
                                "SMALLINT"),
                        java.util.Arrays.asList(
                                "2",
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                "JSON",
                                "SMALLINT"));
        assertThat(rows.batches).isEqualTo(1);
    }

    @Test
    void rowsOfManyBatchesAllLandWithTheirStampsAndProgressIsHeardOnTheWay() {
        int count = 3 * ColumnBatch.ROWS + 12_345;
        Rows rows = new Rows(
                List.of(new LoadColumn("id", LoadType.of(Kind.BIGINT)), new LoadColumn("note", LoadType.of(Kind.TEXT))),
                List.of(Carrier.LONG, Carrier.TEXT),
                count,
                (batch, row, index) -> {
                    batch.setLong(0, row, index + 1);
                    text(batch, 1, row, "note " + (index + 1));
                });
        List<Long> progress = new ArrayList<>();

        LoadResult result = new TableLoader(session)
                .load(
                        new LoadRequest(
                                table, LoadMode.APPEND, List.of(), "run", Instant.parse("2024-05-01T00:00:00Z")),
                        rows,
                        progress::add);

        assertThat(result.rows()).isEqualTo(count);
        assertThat(result.bytes()).isPositive();
        assertThat(contents("count(*), sum(id), count(distinct note), min(_weir_run_id), max(cast(_uploaded_at as"
                        + " varchar)), max(note) filter (where id = " + count + ")"))
                .containsExactly(List.of(
                        String.valueOf(count),
                        String.valueOf((long) count * (count + 1) / 2),
                        String.valueOf(count),
                        "run",
                        "2024-05-01 00:00:00+00",
                        "note " + count));
        // Batches start small and double: DuckDB starts on the first rows sooner.
        assertThat(rows.capacities.get(0)).isEqualTo(ColumnBatch.FIRST_ROWS);
        assertThat(rows.capacities).contains(ColumnBatch.ROWS).allSatisfy(capacity -> assertThat(capacity)
                .isBetween(ColumnBatch.FIRST_ROWS, ColumnBatch.ROWS));
        assertThat(progress).isSorted().isNotEmpty();
        assertThat(progress.get(progress.size() - 1)).isEqualTo(count);
    }

    @Test
    void aSourceFailingMidwayFailsAsItselfAndLeavesTheTableAsItWas() {
        load(LoadMode.APPEND, ids(1, null));
        IllegalStateException broken = new IllegalStateException("the source went away after 100000 rows");

        assertThatThrownBy(() -> load(LoadMode.APPEND, ids(200_000, broken))).isSameAs(broken);

        assertThat(contents("count(*), sum(id)")).containsExactly(List.of("1", "1"));
        assertThat(session.query("select count(*) from duckdb_tables() where table_name like '%weir_load%'")
                        .rows())
                .containsExactly(List.of(0L));
    }

    @Test
    void aValueDuckDbCannotCastFailsNamingTheTableAndLeavesItAsItWas() {
        load(LoadMode.APPEND, ratios("0.5"));

        assertThatThrownBy(() -> load(LoadMode.APPEND, ratios("2", "two")))
                .isInstanceOf(WarehouseException.class)
                .hasMessageContaining("Cannot load rows into " + table)
                .hasMessageContaining("ratio")
                .hasMessageContaining("two");
        assertThat(contents("count(*), sum(ratio)")).containsExactly(List.of("1", "0.5"));
    }

    /** Rows of one double column {@code ratio}, travelling as text. */
    private static Rows ratios(String... values) {
        return new Rows(
                List.of(new LoadColumn("ratio", LoadType.of(Kind.DOUBLE))),
                List.of(Carrier.TEXT),
                values.length,
                (batch, row, index) -> text(batch, 0, row, values[index]));
    }

    /** Rows of one bigint column {@code id}, 1 to {@code count}; {@code failure} is thrown past half of them. */
    private static Rows ids(int count, RuntimeException failure) {
        return new Rows(
                List.of(new LoadColumn("id", LoadType.of(Kind.BIGINT))),
                List.of(Carrier.LONG),
                count,
                (batch, row, index) -> {
                    if (failure != null && index >= count / 2) {
                        throw failure;
                    }
                    batch.setLong(0, row, index + 1);
                });
    }

    private static void text(ColumnBatch batch, int column, int row, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        batch.setText(column, row, bytes, 0, bytes.length);
    }

    private void load(LoadMode mode, Rows rows) {
        new TableLoader(session)
                .load(
                        new LoadRequest(table, mode, List.of(), "run", Instant.parse("2024-05-01T00:00:00Z")),
                        rows,
                        count -> {});
    }

    private List<List<String>> contents(String select) {
        List<List<String>> rows = new ArrayList<>();
        for (List<Object> row : session.query(
                        "select " + select + " from " + table.render(session.dialect()) + " order by all")
                .rows()) {
            rows.add(row.stream()
                    .map(value -> value == null ? null : value.toString())
                    .toList());
        }
        return rows;
    }

    /** Fills row {@code row} of a batch with the source's row number {@code index}. */
    private interface Filler {
        void fill(ColumnBatch batch, int row, int index);
    }

    /** A source of {@code count} rows, each filled by a {@link Filler}. */
    private static final class Rows implements ColumnarRows {
        private final List<LoadColumn> columns;
        private final List<Carrier> carriers;
        private final int count;
        private final Filler filler;
        private int next;
        int batches;
        final List<Integer> capacities = new ArrayList<>();

        Rows(List<LoadColumn> columns, List<Carrier> carriers, int count, Filler filler) {
            this.columns = columns;
            this.carriers = carriers;
            this.count = count;
            this.filler = filler;
        }

        @Override
        public List<LoadColumn> columns() {
            return columns;
        }

        @Override
        public List<Carrier> carriers() {
            return carriers;
        }

        @Override
        public int nextBatch(ColumnBatch batch) {
            capacities.add(batch.capacity());
            int row = 0;
            while (row < batch.capacity() && next < count) {
                filler.fill(batch, row++, next++);
                batch.countBytes(columns.size() * 8L);
            }
            if (row > 0) {
                batches++;
            }
            return row;
        }
    }
}
