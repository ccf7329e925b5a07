package io.weir.warehouse.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.warehouse.QueryResult;
import io.weir.warehouse.Relation;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseException;
import io.weir.warehouse.WarehouseSession;
import io.weir.warehouse.WarehouseSettings;
import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.WarehouseType;
import io.weir.warehouse.load.LoadType.Kind;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The loading path's behaviour, the same on every warehouse. */
abstract class TableLoaderContract {
    private static final Instant FIRST_LOAD = Instant.parse("2024-05-01T10:00:00Z");
    private static final Instant SECOND_LOAD = Instant.parse("2024-05-02T10:00:00Z");

    private Warehouse warehouse;
    private WarehouseSession session;
    private Relation table;

    abstract WarehouseTarget target();

    abstract String schema();

    @BeforeEach
    void open() {
        warehouse = Warehouse.open(target());
        session = warehouse.session();
        table = new Relation(WarehouseSettings.rawDatabase(warehouse.target()), schema(), "orders");
    }

    @AfterEach
    void close() {
        if (session != null) {
            session.close();
        }
        if (warehouse != null) {
            warehouse.close();
        }
    }

    private static final List<LoadColumn> ORDERS = List.of(
            new LoadColumn("id", LoadType.of(Kind.INTEGER)),
            new LoadColumn("status", LoadType.varchar(10)),
            new LoadColumn("amount", LoadType.decimal(8, 2)));

    private LoadResult load(LoadMode mode, Instant at, List<LoadColumn> columns, List<List<Object>> rows) {
        return new TableLoader(session)
                .load(
                        new LoadRequest(
                                table, mode, mode == LoadMode.MERGE ? List.of("id") : List.of(), "run_" + at, at),
                        new ListRows(columns, rows),
                        count -> {});
    }

    private static List<Object> order(int id, String status, String amount) {
        return Arrays.asList(id, status, amount == null ? null : new BigDecimal(amount));
    }

    private List<List<Object>> contents(String columns) {
        QueryResult result =
                session.query("select " + columns + " from " + table.render(session.dialect()) + " order by 1, 2");
        List<List<Object>> rows = new ArrayList<>();
        for (List<Object> row : result.rows()) {
            List<Object> normalized = new ArrayList<>();
            for (Object value : row) {
                normalized.add(value == null ? null : value.toString());
            }
            rows.add(normalized);
        }
        return rows;
    }

    @Test
    void appendAddsRowsWithTheLoadColumns() {
        LoadResult first =
                load(LoadMode.APPEND, FIRST_LOAD, ORDERS, List.of(order(1, "new", "9.50"), order(2, null, null)));
        load(LoadMode.APPEND, SECOND_LOAD, ORDERS, List.of(order(1, "paid", "9.50")));

        assertThat(first.rows()).isEqualTo(2);
        assertThat(contents("id, status, cast(amount as varchar), _weir_run_id"))
                .containsExactly(
                        List.of("1", "new", "9.50", "run_" + FIRST_LOAD),
                        List.of("1", "paid", "9.50", "run_" + SECOND_LOAD),
                        Arrays.asList("2", null, null, "run_" + FIRST_LOAD));
        assertThat(session.query("select count(distinct _uploaded_at) from " + table.render(session.dialect()))
                        .rows()
                        .get(0)
                        .get(0)
                        .toString())
                .isEqualTo("2");
        assertThat(session.relationKind(TableLoader.staging(table))).isEmpty();
    }

    @Test
    void aNewTableStampsEveryRowWithTheLoadsTimeAndRunAndKeepsNoDefault() {
        Instant at = Instant.parse("2024-05-01T10:00:00.123456Z");
        load(
                LoadMode.APPEND,
                at,
                ORDERS,
                List.of(order(1, "new", "9.50"), order(2, null, null), order(3, "new", null)));

        assertThat(session.query("select count(*) from " + table.render(session.dialect())
                                + " where _uploaded_at = cast('2024-05-01 10:00:00.123456+00' as timestamp with time"
                                + " zone) and _weir_run_id = 'run_" + at + "'")
                        .rows()
                        .get(0)
                        .get(0)
                        .toString())
                .isEqualTo("3");
        // A later insert that names neither load column must not receive this load's values.
        assertThat(session.query("select column_name, column_default from information_schema.columns where"
                                + " table_schema = '" + schema() + "' and table_name = '" + table.identifier()
                                + "' and column_name in ('_uploaded_at', '_weir_run_id') order by 1")
                        .rows())
                .containsExactly(Arrays.asList("_uploaded_at", null), Arrays.asList("_weir_run_id", null));
    }

    @Test
    void anAppendToATableOnlyItUsesStampsEveryRowAndKeepsNoDefault() {
        Instant first = Instant.parse("2024-05-01T10:00:00.123456Z");
        Instant second = Instant.parse("2024-05-02T10:00:00Z");
        load(LoadMode.APPEND, first, ORDERS, List.of(order(1, "new", "9.50")));
        new TableLoader(session)
                .load(
                        new LoadRequest(table, LoadMode.APPEND, List.of(), "run_" + second, second, true),
                        new ListRows(ORDERS, List.of(order(2, "paid", null), order(3, null, "1.00"))),
                        count -> {});

        assertThat(contents("id, cast(_uploaded_at as varchar), _weir_run_id"))
                .containsExactly(
                        List.of(
                                "1",
                                session.query("select cast(cast('2024-05-01 10:00:00.123456+00' as timestamp with"
                                                + " time zone) as varchar)")
                                        .rows()
                                        .get(0)
                                        .get(0)
                                        .toString(),
                                "run_" + first),
                        List.of("2", secondText(), "run_" + second),
                        List.of("3", secondText(), "run_" + second));
        assertThat(session.query("select column_name, column_default from information_schema.columns where"
                                + " table_schema = '" + schema() + "' and table_name = '" + table.identifier()
                                + "' and column_name in ('_uploaded_at', '_weir_run_id') order by 1")
                        .rows())
                .containsExactly(Arrays.asList("_uploaded_at", null), Arrays.asList("_weir_run_id", null));
    }

    private String secondText() {
        return session.query("select cast(cast('2024-05-02 10:00:00+00' as timestamp with time zone) as varchar)")
                .rows()
                .get(0)
                .get(0)
                .toString();
    }

    @Test
    void replaceSwapsInTheNewRowsAndColumns() {
        load(LoadMode.APPEND, FIRST_LOAD, ORDERS, List.of(order(1, "new", "9.50"), order(2, "new", "1.00")));
        List<LoadColumn> changed = List.of(
                new LoadColumn("id", LoadType.of(Kind.INTEGER)), new LoadColumn("note", LoadType.of(Kind.TEXT)));

        load(LoadMode.REPLACE, SECOND_LOAD, changed, List.of(Arrays.asList(7, "only")));

        assertThat(contents("id, note")).containsExactly(List.of("7", "only"));
        assertThat(new TableLoader(session).existingColumns(table))
                .containsOnlyKeys("id", "note", "_uploaded_at", "_weir_run_id");
    }

    @Test
    void mergeReplacesRowsByKeyAndARerunChangesNothing() {
        load(LoadMode.MERGE, FIRST_LOAD, ORDERS, List.of(order(1, "new", "9.50"), order(2, "new", "1.00")));
        List<List<Object>> update = List.of(order(2, "paid", "1.00"), order(3, "new", "4.25"));

        load(LoadMode.MERGE, SECOND_LOAD, ORDERS, update);
        List<List<Object>> once = contents("id, status, cast(amount as varchar)");
        load(LoadMode.MERGE, SECOND_LOAD, ORDERS, update);

        assertThat(once)
                .containsExactly(
                        List.of("1", "new", "9.50"), List.of("2", "paid", "1.00"), List.of("3", "new", "4.25"));
        assertThat(contents("id, status, cast(amount as varchar)")).isEqualTo(once);
    }

    @Test
    void aKeyRepeatedInOneMergeKeepsTheLastRowReadIntoANewAndAnExistingTable() {
        load(
                LoadMode.MERGE,
                FIRST_LOAD,
                ORDERS,
                List.of(order(1, "new", "9.50"), order(1, "paid", "9.50"), order(2, "new", "1.00")));
        assertThat(contents("id, status")).containsExactly(List.of("1", "paid"), List.of("2", "new"));

        List<List<Object>> repeated = new ArrayList<>();
        for (int version = 0; version < 2_000; version++) {
            repeated.add(order(2, "v" + version, "1.00"));
            repeated.add(order(3 + version % 5, "w" + version, "2.00"));
        }
        load(LoadMode.MERGE, SECOND_LOAD, ORDERS, repeated);

        assertThat(contents("id, status"))
                .containsExactly(
                        List.of("1", "paid"),
                        List.of("2", "v1999"),
                        List.of("3", "w1995"),
                        List.of("4", "w1996"),
                        List.of("5", "w1997"),
                        List.of("6", "w1998"),
                        List.of("7", "w1999"));
    }

    @Test
    void aNewColumnIsAddedAndWiderTypesWiden() {
        load(LoadMode.APPEND, FIRST_LOAD, ORDERS, List.of(order(1, "new", "9.50")));
        List<LoadColumn> wider = List.of(
                new LoadColumn("id", LoadType.of(Kind.BIGINT)),
                new LoadColumn("status", LoadType.of(Kind.TEXT)),
                new LoadColumn("amount", LoadType.decimal(14, 4)),
                new LoadColumn("coupon", LoadType.of(Kind.TEXT)));

        LoadResult result = load(
                LoadMode.APPEND,
                SECOND_LOAD,
                wider,
                List.of(Arrays.asList(
                        5_000_000_000L, "a status longer than ten", new BigDecimal("123456.1234"), "X1")));

        assertThat(result.schemaChanges())
                .anySatisfy(change -> assertThat(change).startsWith("added column coupon"));
        assertThat(contents("id, status, cast(amount as varchar), coupon"))
                .containsExactly(
                        Arrays.asList("1", "new", "9.5000", null),
                        List.of("5000000000", "a status longer than ten", "123456.1234", "X1"));
    }

    @Test
    void anIncompatibleTypeFailsNamingTableColumnAndTypesAndLeavesTheTable() {
        load(LoadMode.APPEND, FIRST_LOAD, ORDERS, List.of(order(1, "new", "9.50")));
        List<LoadColumn> incompatible = List.of(
                new LoadColumn("id", LoadType.of(Kind.TEXT)),
                new LoadColumn("status", LoadType.varchar(10)),
                new LoadColumn("amount", LoadType.decimal(8, 2)),
                new LoadColumn("coupon", LoadType.of(Kind.TEXT)));

        assertThatThrownBy(() -> load(
                        LoadMode.APPEND, SECOND_LOAD, incompatible, List.of(Arrays.asList("A-1", "new", null, "X"))))
                .isInstanceOf(WarehouseException.class)
                .hasMessageContaining(table.toString())
                .hasMessageContaining("column id is integer in the table but the source now gives "
                        + LoadType.of(Kind.TEXT).sql(session.dialect().type()));

        assertThat(new TableLoader(session).existingColumns(table))
                .containsOnlyKeys("id", "status", "amount", "_uploaded_at", "_weir_run_id");
        assertThat(contents("id, status")).containsExactly(List.of("1", "new"));
    }

    @Test
    void aSourceFailingMidStreamLeavesTheTableAsItWas() {
        load(LoadMode.MERGE, FIRST_LOAD, ORDERS, List.of(order(1, "new", "9.50")));
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 1; i <= 500; i++) {
            rows.add(order(i, "paid", "1.00"));
        }

        assertThatThrownBy(() -> new TableLoader(session)
                        .load(
                                new LoadRequest(table, LoadMode.MERGE, List.of("id"), "run_2", SECOND_LOAD),
                                new ListRows(ORDERS, rows, 300),
                                count -> {}))
                .hasMessageContaining("source connection lost");

        assertThat(contents("id, status")).containsExactly(List.of("1", "new"));
        assertThat(session.relationKind(TableLoader.staging(table))).isEmpty();
    }

    @Test
    void anAppendOfTheSameColumnsFailingMidStreamLeavesTheTableAsItWas() {
        load(LoadMode.APPEND, FIRST_LOAD, ORDERS, List.of(order(1, "new", "9.50")));
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 2; i <= 500; i++) {
            rows.add(order(i, "paid", "1.00"));
        }

        assertThatThrownBy(() -> new TableLoader(session)
                        .load(
                                new LoadRequest(table, LoadMode.APPEND, List.of(), "run_2", SECOND_LOAD),
                                new ListRows(ORDERS, rows, 300),
                                count -> {}))
                .hasMessageContaining("source connection lost");

        assertThat(contents("id, status")).containsExactly(List.of("1", "new"));
    }

    @Test
    void anAppendFailingMidStreamLeavesTheTableAsItWas() {
        load(LoadMode.APPEND, FIRST_LOAD, ORDERS, List.of(order(1, "new", "9.50")));
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 2; i <= 500; i++) {
            rows.add(order(i, "paid", "1.00"));
        }
        List<LoadColumn> withCoupon = new ArrayList<>(ORDERS);
        withCoupon.add(new LoadColumn("coupon", LoadType.of(Kind.TEXT)));
        List<List<Object>> couponRows = rows.stream()
                .map(row -> {
                    List<Object> copy = new ArrayList<>(row);
                    copy.add("X");
                    return copy;
                })
                .toList();

        assertThatThrownBy(() -> new TableLoader(session)
                        .load(
                                new LoadRequest(table, LoadMode.APPEND, List.of(), "run_2", SECOND_LOAD),
                                new ListRows(withCoupon, couponRows, 300),
                                count -> {}))
                .hasMessageContaining("source connection lost");

        assertThat(contents("id, status")).containsExactly(List.of("1", "new"));
        assertThat(new TableLoader(session).existingColumns(table)).doesNotContainKey("coupon");
    }

    @Test
    void everyTypeLandsFaithfully() {
        UUID uuid = UUID.fromString("1b4e28ba-2fa1-11d2-883f-0016d3cca427");
        List<LoadColumn> columns = List.of(
                new LoadColumn("flag", LoadType.of(Kind.BOOLEAN)),
                new LoadColumn("small", LoadType.of(Kind.SMALLINT)),
                new LoadColumn("big", LoadType.of(Kind.BIGINT)),
                new LoadColumn("price", LoadType.decimal(20, 6)),
                new LoadColumn("ratio", LoadType.of(Kind.DOUBLE)),
                new LoadColumn("name", LoadType.of(Kind.TEXT)),
                new LoadColumn("day", LoadType.of(Kind.DATE)),
                new LoadColumn("clock", LoadType.of(Kind.TIME)),
                new LoadColumn("local_time", LoadType.of(Kind.TIMESTAMP)),
                new LoadColumn("instant", LoadType.of(Kind.TIMESTAMPTZ)),
                new LoadColumn("doc", LoadType.of(Kind.JSON)),
                new LoadColumn("tags", LoadType.of(Kind.JSON)),
                new LoadColumn("uid", LoadType.of(Kind.UUID)),
                new LoadColumn("address", LoadType.of(Kind.INET)),
                new LoadColumn("payload", LoadType.of(Kind.BYTES)));
        List<Object> full = Arrays.asList(
                true,
                (short) 7,
                9_000_000_000L,
                new BigDecimal("12345678901234.123456"),
                0.25,
                "Zoë \"quoted\", 東京\nline",
                LocalDate.of(2024, 2, 29),
                LocalTime.of(23, 59, 58),
                LocalDateTime.of(2024, 5, 1, 12, 30, 15, 123_456_000),
                OffsetDateTime.of(2024, 5, 1, 12, 0, 0, 0, ZoneOffset.ofHours(2)),
                "{\"a\": 1}",
                "[\"x\",\"y\"]",
                uuid,
                "192.168.0.1",
                new byte[] {0, 1, (byte) 0xff});
        List<Object> empty = Arrays.asList(new Object[columns.size()]);

        load(LoadMode.APPEND, FIRST_LOAD, columns, List.of(full, empty));

        String textOfInstant = session.dialect().type() == WarehouseType.POSTGRES
                ? "to_char(instant at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS')"
                : "strftime(timezone('UTC', instant), '%Y-%m-%d %H:%M:%S')";
        boolean postgres = session.dialect().type() == WarehouseType.POSTGRES;
        String bytes = postgres ? "encode(payload, 'hex')" : "hex(payload)";
        String address = postgres ? "host(address)" : "address";
        List<List<Object>> rows =
                contents("cast(flag as varchar), small, big, cast(price as varchar), ratio, name, cast(day as varchar),"
                        + " cast(clock as varchar), cast(local_time as varchar), " + textOfInstant
                        + ", cast(doc -> 'a' as varchar), cast(tags as varchar),"
                        + " cast(uid as varchar), " + address + ", lower(" + bytes + ")");
        assertThat(rows.get(0))
                .containsExactly(
                        "true",
                        "7",
                        "9000000000",
                        "12345678901234.123456",
                        "0.25",
                        "Zoë \"quoted\", 東京\nline",
                        "2024-02-29",
                        "23:59:58",
                        "2024-05-01 12:30:15.123456",
                        "2024-05-01 10:00:00",
                        "1",
                        postgres ? "[\"x\", \"y\"]" : "[\"x\",\"y\"]",
                        uuid.toString(),
                        "192.168.0.1",
                        "0001ff");
        assertThat(rows.get(1)).containsOnlyNulls();
    }
}
