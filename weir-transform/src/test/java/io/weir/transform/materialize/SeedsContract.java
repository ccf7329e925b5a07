package io.weir.transform.materialize;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.transform.run.NodeOutcome;
import io.weir.transform.run.NodeStatus;
import io.weir.warehouse.Column;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Seeds loaded into each warehouse. */
abstract class SeedsContract extends WarehouseContract {

    private NodeOutcome seed(String name, Map<String, Object> config, String csv, boolean fullRefresh)
            throws IOException {
        Path file = dir.resolve(name + ".csv");
        Files.writeString(file, csv);
        return materializer.seed(TestNodes.seed(relation(name), config), file, fullRefresh);
    }

    private NodeOutcome seed(String name, String csv) throws IOException {
        return seed(name, Map.of(), csv, false);
    }

    @Test
    void loadsEachInferredTypeAndReportsTheRows() throws IOException {
        NodeOutcome outcome = seed(
                "kinds",
                "id,price,day,moment,iso,flag,name\n"
                        + "1,1.5,2024-01-31,2024-01-31 10:00:00,2024-01-31T10:00:00.5Z,true,ada\n"
                        + "2,3,2024-1-5,2024-02-01 00:00:01,2024-02-01T00:00:00,FALSE,grace\n"
                        + "3,,null,,,,\n");

        assertThat(outcome.status()).isEqualTo(NodeStatus.SUCCESS);
        assertThat(outcome.message()).isEqualTo("INSERT 3");
        assertThat(outcome.rowsAffected()).isEqualTo(3);
        assertThat(session.columns(relation("kinds")))
                .extracting(Column::dataType)
                .map(type -> type.toLowerCase(java.util.Locale.ROOT))
                .containsExactlyElementsOf(
                        isPostgres()
                                ? List.of(
                                        "bigint",
                                        "double precision",
                                        "date",
                                        "timestamp without time zone",
                                        "timestamp without time zone",
                                        "boolean",
                                        "text")
                                : List.of("bigint", "double", "date", "timestamp", "timestamp", "boolean", "varchar"));
        assertThat(rows("select id, price, cast(day as varchar), cast(moment as varchar), cast(iso as varchar),"
                        + " flag, name from " + sql("kinds") + " order by id"))
                .containsExactly(
                        "1|1.5|2024-01-31|2024-01-31 10:00:00|2024-01-31 10:00:00.5|true|ada",
                        "2|3.0|2024-01-05|2024-02-01 00:00:01|2024-02-01 00:00:00|false|grace",
                        "3|null|null|null|null|null|null");
    }

    @Test
    void readsBomCrlfAndQuotedFields() throws IOException {
        seed("notes", "\uFEFFid,note\r\n1,\"a, b\"\r\n2,\"two\nlines\"\r\n3,\"say \"\"hi\"\"\"\r\n");

        assertThat(session.columns(relation("notes"))).extracting(Column::name).containsExactly("id", "note");
        assertThat(session.query("select note from " + sql("notes") + " order by id")
                        .column(0))
                .containsExactly("a, b", "two\nlines", "say \"hi\"");
    }

    @Test
    void columnTypesAndTheDelimiterComeFromTheConfig() throws IOException {
        seed(
                "zips",
                Map.of("column_types", Map.of("zip", "varchar(5)"), "delimiter", ";"),
                "zip;City Name\n01234;Boston\n",
                false);

        assertThat(rows("select zip, \"City Name\" from " + sql("zips"))).containsExactly("01234|Boston");
    }

    @Test
    void reseedingReplacesTheRows() throws IOException {
        seed("people", "id,name\n1,ada\n2,grace\n");
        NodeOutcome outcome = seed("people", "id,name\n3,alan\n");

        assertThat(outcome.message()).isEqualTo("INSERT 1");
        assertThat(rows("select id, name from " + sql("people"))).containsExactly("3|alan");
    }

    @Test
    void changedColumnsNeedAFullRefresh() throws IOException {
        seed("people", "id,name\n1,ada\n");

        NodeOutcome refused = seed("people", "id,name,age\n2,grace,85\n");

        assertThat(refused.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(refused.message())
                .startsWith("Error in seed people (seeds/people.csv): the columns of the seed changed: ")
                .endsWith("run with --full-refresh to rebuild the table");
        assertThat(rows("select id, name from " + sql("people"))).containsExactly("1|ada");

        NodeOutcome rebuilt = seed("people", Map.of(), "id,name,age\n2,grace,85\n", true);
        assertThat(rebuilt.status()).isEqualTo(NodeStatus.SUCCESS);
        assertThat(rows("select id, name, age from " + sql("people"))).containsExactly("2|grace|85");
    }

    @Test
    void aChangedTypeAlsoNeedsAFullRefresh() throws IOException {
        seed("prices", "id,price\n1,2\n");

        NodeOutcome refused = seed("prices", "id,price\n1,2.5\n");

        assertThat(refused.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(refused.message()).contains("--full-refresh");
        assertThat(rows("select id, price from " + sql("prices"))).containsExactly("1|2");
    }

    @Test
    void aValueTheConfiguredTypeRejectsLeavesNoTable() throws IOException {
        NodeOutcome outcome =
                seed("counts", Map.of("column_types", Map.of("n", "integer")), "id,n\n1,5\n2,many\n", false);

        assertThat(outcome.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(outcome.message())
                .startsWith("Database error in seed counts (seeds/counts.csv): ")
                .contains("many");
        assertThat(relationsInSchema()).isEmpty();
    }

    @Test
    void aFailedReloadKeepsThePreviousRows() throws IOException {
        Map<String, Object> config = Map.of("column_types", Map.of("n", "integer"));
        seed("counts", config, "id,n\n1,5\n", false);

        NodeOutcome outcome = seed("counts", config, "id,n\n1,5\n2,many\n", false);

        assertThat(outcome.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(rows("select id, n from " + sql("counts"))).containsExactly("1|5");
    }

    @Test
    void loadsManyRowsQuickly() throws IOException {
        StringBuilder csv = new StringBuilder("id,amount,day,label\n");
        for (int i = 0; i < 20_000; i++) {
            csv.append(i)
                    .append(',')
                    .append(i * 0.5)
                    .append(",2024-01-01,row ")
                    .append(i)
                    .append('\n');
        }
        NodeOutcome outcome = seed("big", csv.toString());

        assertThat(outcome.message()).isEqualTo("INSERT 20000");
        assertThat(rows("select count(*), sum(id) from " + sql("big"))).containsExactly("20000|199990000");
    }
}
