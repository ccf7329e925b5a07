package io.weir.extract.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.task.TaskFailure;
import io.weir.core.task.TaskResult;
import io.weir.extract.testing.TaskTry;
import io.weir.store.MetadataStore;
import io.weir.store.testing.TestStores;
import io.weir.warehouse.QueryResult;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** extract.files from a project's folder into a warehouse, the same on DuckDB and PostgreSQL. */
abstract class FilesExtractContract {
    @TempDir
    Path project;

    @TempDir
    Path metadata;

    private MetadataStore store;
    private int runs;

    /** The variables the task gets (the LOAD flavor's URL for PostgreSQL). */
    abstract Map<String, String> environment();

    /** The RAW schema the task lands in. */
    abstract String schema();

    /** How a query names a RAW table. */
    abstract String raw(String table);

    abstract QueryResult query(String sql);

    /** Runs a statement that returns no rows, such as DDL. */
    abstract void execute(String sql);

    /** Prepares the project for the warehouse (weir.yaml). */
    void prepare(Path project) throws Exception {}

    void cleanUp() {}

    @BeforeEach
    void openStore() throws Exception {
        store = TestStores.h2(metadata);
        Files.createDirectories(project.resolve("extract/data"));
        prepare(project);
    }

    @AfterEach
    void closeStore() {
        store.close();
        cleanUp();
    }

    TaskTry context(String listing) {
        return context(listing, Map.of());
    }

    TaskTry context(String listing, Map<String, String> secrets) throws RuntimeException {
        try {
            Files.writeString(project.resolve("extract/sheets.yml"), listing);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, String> environment = new HashMap<>(environment());
        environment.putAll(secrets);
        runs++;
        return new TaskTry(
                        "sheets",
                        Map.of("listing", "extract/sheets.yml", "target_schema", schema()),
                        project,
                        TaskTry.day("2024-05-01"),
                        environment)
                .inDag("sheetload")
                .withRunId("manual__run_" + runs)
                .withLedger(store);
    }

    TaskResult run(TaskTry context) {
        return new ExtractFilesTaskType().execute(context);
    }

    void write(String file, String content) throws Exception {
        Path path = project.resolve("extract/data").resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }

    @Test
    void aListingLandsEachFileAndTabWithSnakeCaseTextColumnsAndAnUnchangedFileIsNotReloaded() throws Exception {
        write("quotas.csv", "Sales Rep,Quota (USD),quota usd,,startDate\nAna,100,1,x,2024-01-01\nBo,250,2,y,\n");
        write("targets.tsv", "region\ttarget\nemea\t5\n");
        workbook(
                "hiring.xlsx",
                Map.of("q1", new String[][] {{"Role", "Head Count"}, {"Engineer", "3"}}, "q2", new String[][] {
                    {"Role", "Head Count"}, {"Analyst", "1"}, {"Designer", "2"}
                }));
        String listing =
                """
                files:
                  - path: extract/data/quotas.csv
                  - {name: regional_targets, path: extract/data/targets.tsv}
                  - name: hiring_plan
                    path: extract/data/hiring.xlsx
                    tabs: [q1, q2]
                """;

        TaskTry first = context(listing);
        TaskResult result = run(first);

        assertThat(result.xcom())
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .extracting(table -> ((Map<?, ?>) table).get("table") + "=" + ((Map<?, ?>) table).get("record_count"))
                .containsExactly(
                        raw("quotas") + "=2",
                        raw("regional_targets") + "=1",
                        raw("hiring_plan_q1") + "=1",
                        raw("hiring_plan_q2") + "=2");
        QueryResult quotas = query("select * from " + raw("quotas") + " order by sales_rep");
        assertThat(quotas.columns())
                .extracting(io.weir.warehouse.Column::name)
                .containsExactly(
                        "sales_rep",
                        "quota_usd",
                        "quota_usd_2",
                        "column_4",
                        "start_date",
                        "_updated_at",
                        "_uploaded_at",
                        "_weir_run_id");
        assertThat(quotas.rows().get(0).subList(0, 5)).containsExactly("Ana", "100", "1", "x", "2024-01-01");
        assertThat(quotas.rows().get(1).get(4)).isNull();
        assertThat(query("select role, head_count from " + raw("hiring_plan_q2") + " order by role")
                        .rows())
                .containsExactly(List.of("Analyst", "1"), List.of("Designer", "2"));
        assertThat(first.lines).anySatisfy(line -> assertThat(line)
                .matches("Table \\S*quotas: 2 rows from extract/data/quotas.csv in .* rows/s.*"));

        Object loadedAt = uploadedAt("quotas");
        TaskTry second = context(listing);
        TaskResult again = run(second);

        assertThat(again.xcom())
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .allSatisfy(table ->
                        assertThat(((Map<?, ?>) table).get("record_count")).isEqualTo(0L));
        assertThat(second.lines).anySatisfy(line -> assertThat(line)
                .contains("quotas.csv is unchanged since run manual__run_1")
                .contains("not reloaded"));
        assertThat(uploadedAt("quotas")).isEqualTo(loadedAt);

        write("quotas.csv", "Sales Rep,Quota (USD),quota usd,,startDate\nAna,120,1,x,2024-01-01\n");
        TaskResult changed = run(context(listing));

        assertThat(((Map<?, ?>) ((List<?>) changed.xcom()).get(0)).get("record_count"))
                .isEqualTo(1L);
        assertThat(query("select quota_usd from " + raw("quotas")).rows()).containsExactly(List.of("120"));
    }

    @Test
    void inferTypesGivesTheColumnsTheTypesSeedsGet() throws Exception {
        write(
                "typed.csv",
                "id,amount,day,seen_at,ok,note\n1,1.5,2024-01-02,2024-01-02 03:04:05,true,a\n"
                        + "2,,2024-01-03,2024-01-03T10:00:00,FALSE,null\n");

        run(context("files:\n  - {path: extract/data/typed.csv, infer_types: true}\n"));

        List<List<Object>> typed =
                query("select id, amount, day, seen_at, ok, note from " + raw("typed") + " order by id").rows().stream()
                        .map(row ->
                                row.stream().map(FilesExtractContract::javaTime).toList())
                        .toList();
        assertThat(typed.get(0))
                .containsExactly(
                        1L,
                        1.5,
                        java.time.LocalDate.of(2024, 1, 2),
                        java.time.LocalDateTime.of(2024, 1, 2, 3, 4, 5),
                        true,
                        "a");
        assertThat(typed.get(1))
                .containsExactly(
                        2L,
                        null,
                        java.time.LocalDate.of(2024, 1, 3),
                        java.time.LocalDateTime.of(2024, 1, 3, 10, 0),
                        false,
                        null);
    }

    @Test
    void aRaggedRowFailsNamingFileAndRowAndKeepsThePreviousTable() throws Exception {
        String listing = "files:\n  - path: extract/data/quotas.csv\n";
        write("quotas.csv", "rep,quota\nAna,100\n");
        run(context(listing));
        write("quotas.csv", "rep,quota\nAna,100\nBo,250,extra\nCy,1\n");

        assertThatThrownBy(() -> run(context(listing)))
                .isInstanceOf(TaskFailure.class)
                .hasMessageContaining("File extract/data/quotas.csv, row 3: it has 3 fields but the header has 2")
                .satisfies(failure ->
                        assertThat(((TaskFailure) failure).retryable()).isFalse());
        assertThat(query("select rep, quota from " + raw("quotas")).rows()).containsExactly(List.of("Ana", "100"));
    }

    @Test
    void bytesOfAnotherEncodingFailUntilTheListingNamesIt() throws Exception {
        Files.write(
                project.resolve("extract/data/names.csv"),
                "name\nAna\nZo\u00eb\n".getBytes(Charset.forName("windows-1252")));

        assertThatThrownBy(() -> run(context("files:\n  - path: extract/data/names.csv\n")))
                .hasMessageContaining("File extract/data/names.csv, line 3: it holds bytes that are not valid UTF-8")
                .hasMessageContaining("encoding:");

        run(context("files:\n  - {path: extract/data/names.csv, encoding: windows-1252}\n"));
        assertThat(query("select name from " + raw("names") + " order by name").rows())
                .containsExactly(List.of("Ana"), List.of("Zo\u00eb"));
    }

    @Test
    void anEmptyFileAndAFileOverMaxBytesFailNamingTheFile() throws Exception {
        write("empty.csv", "");
        write("big.csv", "a\n" + "1\n".repeat(100));

        assertThatThrownBy(() -> run(context("files:\n  - path: extract/data/empty.csv\n")))
                .hasMessageContaining("File extract/data/empty.csv: the file is empty");
        assertThatThrownBy(() -> run(context("files:\n  - {path: extract/data/big.csv, max_bytes: 100}\n")))
                .hasMessageContaining("File extract/data/big.csv: it has 202 bytes, more than max_bytes 100");
        assertThat(query("select count(*) from information_schema.tables where table_name in ('empty', 'big')"
                                + " and table_schema = '" + schema() + "'")
                        .rows()
                        .get(0)
                        .get(0))
                .isEqualTo(0L);
    }

    @Test
    void ingestLoadsEachNewFileOnceGoesOnPastABadOneAndRetriesItNextRun() throws Exception {
        String listing = "files:\n  - {name: events, path: extract/data/events, pattern: '*.csv', mode: ingest}\n";
        write("events/2024-05-01.csv", "id,kind\n1,click\n2,view\n");
        write("events/2024-05-02.csv", "id,kind\n3,click\n");
        write("events/notes.txt", "not an event file");

        TaskResult first = run(context(listing));
        assertThat(first.xcom())
                .isEqualTo(Map.of(
                        "table", raw("events"),
                        "record_count", 3L,
                        "files_loaded", 2,
                        "files_skipped", 0,
                        "files_failed", 0));

        write("events/2024-05-03.csv", "id,kind\n4,view\n5,view,extra\n");
        write("events/2024-05-04.csv", "id,kind\n6,click\n");
        TaskTry second = context(listing);
        assertThatThrownBy(() -> run(second)).hasMessageContaining("File 2024-05-03.csv, row 3: it has 3 fields");
        assertThat(ids()).containsExactly(1L, 2L, 3L, 6L);

        write("events/2024-05-03.csv", "id,kind\n4,view\n5,view\n");
        TaskResult third = run(context(listing));
        assertThat(((Map<?, ?>) third.xcom()).get("files_loaded")).isEqualTo(1);
        assertThat(((Map<?, ?>) third.xcom()).get("files_skipped")).isEqualTo(3);
        assertThat(ids()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);

        TaskTry fourth = context(listing);
        TaskResult nothing = run(fourth);
        assertThat(((Map<?, ?>) nothing.xcom()).get("record_count")).isEqualTo(0L);
        assertThat(fourth.lines).anySatisfy(line -> assertThat(line).contains("were loaded before; nothing new"));
    }

    @Test
    void aFileLoadedByATryThatDiedBeforeItsLedgerRowIsRecordedNotLoadedTwice() throws Exception {
        String listing = "files:\n  - {name: events, path: extract/data/events, mode: ingest}\n";
        write("events/a.csv", "id\n1\n2\n");
        run(context(listing));
        // The try died between the load and its ledger row: the rows are in RAW, the ledger does not know the file.
        try (var connection = java.sql.DriverManager.getConnection(
                        store.settings().jdbcUrl(),
                        store.settings().user(),
                        store.settings().password());
                var statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM extract_file");
        }
        write("events/b.csv", "id\n3\n");

        TaskTry retry = context(listing);
        TaskResult result = run(retry);

        assertThat(ids()).containsExactly(1L, 2L, 3L);
        assertThat(((Map<?, ?>) result.xcom()).get("files_loaded")).isEqualTo(1);
        assertThat(retry.lines).anySatisfy(line -> assertThat(line)
                .contains("a.csv was loaded by an earlier try")
                .contains("2 rows"));
        Map<String, io.weir.core.task.LoadedFile> ledger =
                store.inTransaction(session -> session.loadedFiles().list(raw("events")));
        assertThat(ledger).containsOnlyKeys("a.csv", "b.csv");
    }

    @Test
    void theWarehouseReadsAUsualCsvItselfWithQuotesLineBreaksEmptyLinesAndAByteOrderMark() throws Exception {
        Files.write(
                project.resolve("extract/data/notes.csv"),
                ("\uFEFFid,Note,city\r\n1,\"said \"\"hi\"\"\r\nthen left\",Z\u00fcrich\r\n\r\n2,\"\",\r\n"
                                + "3,plain,\u6771\u4eac \ud83d\ude00\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));

        TaskTry context = context("files:\n  - path: extract/data/notes.csv\n");
        TaskResult result = run(context);

        assertThat(((Map<?, ?>) result.xcom()).get("record_count")).isEqualTo(3L);
        assertThat(query("select id, note, city from " + raw("notes") + " order by id")
                        .rows())
                .containsExactly(
                        List.of("1", "said \"hi\"\r\nthen left", "Z\u00fcrich"),
                        java.util.Arrays.asList("2", null, null),
                        List.of("3", "plain", "\u6771\u4eac \ud83d\ude00"));
        assertThat(context.lines).noneSatisfy(line -> assertThat(line).contains("row by row"));
    }

    @Test
    void aFileTheWarehouseCannotReadItselfIsReadRowByRow() throws Exception {
        // Lines that end in a carriage return alone, as old spreadsheet exports write them.
        write("old.csv", "rep,quota\rAna,100\rBo,250\r");

        TaskTry context = context("files:\n  - path: extract/data/old.csv\n");
        run(context);

        assertThat(query("select rep, quota from " + raw("old") + " order by rep")
                        .rows())
                .containsExactly(List.of("Ana", "100"), List.of("Bo", "250"));
        assertThat(context.lines).anySatisfy(line -> assertThat(line)
                .startsWith("File extract/data/old.csv: a carriage return ends a line without a line feed")
                .endsWith("reading it row by row instead"));
    }

    @Test
    void aBadFileAfterGoodOnesOfTheSameIngestRunAddsNoRows() throws Exception {
        String listing = "files:\n  - {name: events, path: extract/data/events, mode: ingest}\n";
        write("events/a.csv", "id,kind\n1,click\n");
        write("events/b.csv", "id,kind\n2,view\n");
        write("events/c.csv", "id,kind\n3,view\n4,view,extra\n");
        Files.write(
                project.resolve("extract/data/events/d.csv"),
                "id,kind\n5,view\n6,caf\u00e9\n".getBytes(Charset.forName("windows-1252")));
        write("events/e.csv", "id,kind\n7,click\n");

        TaskTry context = context(listing);
        assertThatThrownBy(() -> run(context))
                .hasMessageContaining("File c.csv, row 3: it has 3 fields but the header has 2")
                .hasMessageContaining("File d.csv, line 3: it holds bytes that are not valid UTF-8");

        assertThat(ids()).containsExactly(1L, 2L, 7L);
        Map<String, io.weir.core.task.LoadedFile> ledger =
                store.inTransaction(session -> session.loadedFiles().list(raw("events")));
        assertThat(ledger).containsOnlyKeys("a.csv", "b.csv", "e.csv");
        assertThat(ledger.get("b.csv").rows()).isEqualTo(1L);
    }

    @Test
    void aWarehouseFailureThatIsNotAboutTheFilesFormFailsNamingTableAndFileWithoutReadingRowByRow() throws Exception {
        String listing = "files:\n  - {name: events, path: extract/data/events, mode: ingest}\n";
        write("events/a.csv", "id,kind\n1,click\n");
        run(context(listing));
        execute("alter table " + raw("events") + " alter column kind set not null");
        write("events/b.csv", "id,kind\n2,\n");

        TaskTry context = context(listing);
        assertThatThrownBy(() -> run(context))
                .hasMessageStartingWith("Cannot load b.csv into " + raw("events") + ": ")
                .hasMessageContaining("kind")
                .satisfies(failure -> assertThat(failure.getMessage()).containsIgnoringCase("null"));

        assertThat(context.lines).noneSatisfy(line -> assertThat(line).contains("row by row"));
        assertThat(ids()).containsExactly(1L);
    }

    private static Object javaTime(Object value) {
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        return value;
    }

    private List<Long> ids() {
        return query("select id from " + raw("events") + " order by id").rows().stream()
                .map(row -> Long.parseLong(String.valueOf(row.get(0))))
                .toList();
    }

    private Object uploadedAt(String table) {
        return query("select max(_uploaded_at) from " + raw(table))
                .rows()
                .get(0)
                .get(0);
    }

    void workbook(String file, Map<String, String[][]> sheets) throws Exception {
        try (XSSFWorkbook workbook = new XSSFWorkbook();
                OutputStream out =
                        Files.newOutputStream(project.resolve("extract/data").resolve(file))) {
            for (String name : new java.util.TreeSet<>(sheets.keySet())) {
                XSSFSheet sheet = workbook.createSheet(name);
                String[][] rows = sheets.get(name);
                for (int r = 0; r < rows.length; r++) {
                    var row = sheet.createRow(r);
                    for (int c = 0; c < rows[r].length; c++) {
                        row.createCell(c).setCellValue(rows[r][c]);
                    }
                }
            }
            workbook.write(out);
        }
    }
}
