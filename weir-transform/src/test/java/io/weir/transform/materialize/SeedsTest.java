package io.weir.transform.materialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.transform.TransformException;
import io.weir.warehouse.Column;
import io.weir.warehouse.Dialect;
import io.weir.warehouse.WarehouseType;
import io.weir.warehouse.infer.ValueKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedsTest {
    private static final Dialect POSTGRES = Dialect.of(WarehouseType.POSTGRES);
    private static final Dialect DUCKDB = Dialect.of(WarehouseType.DUCKDB);

    @TempDir
    Path dir;

    @Test
    void infersEachColumnsTypeInOrder() throws IOException {
        Path csv = write(
                "kinds.csv",
                "whole,decimal,day,moment,iso,flag,name,nothing,mixed,day_and_moment\n"
                        + "1,1.5,2024-01-31,2024-01-31 10:00:00,2024-01-31T10:00:00Z,true,ada,,1,2024-01-01\n"
                        + "-20,3,2024-02-29,2024-02-01 00:00:01,2024-02-01T00:00:00.123,False,grace,null,x,"
                        + "2024-01-01 10:00:00\n"
                        + ",,,,,,,NULL,,\n");

        assertThat(Seeds.inferColumns(csv, Map.of(), POSTGRES))
                .extracting(Column::dataType)
                .containsExactly(
                        "bigint",
                        "float8",
                        "date",
                        "timestamp",
                        "timestamp",
                        "boolean",
                        "text",
                        "bigint",
                        "text",
                        "timestamp");
        assertThat(Seeds.inferColumns(csv, Map.of(), DUCKDB))
                .extracting(Column::dataType)
                .containsExactly(
                        "bigint",
                        "double",
                        "date",
                        "timestamp",
                        "timestamp",
                        "boolean",
                        "text",
                        "bigint",
                        "text",
                        "timestamp");
    }

    @Test
    void numbersWithDecimalsAndImpossibleDatesAreNotWholeOrDates() throws IOException {
        Path csv = write("edge.csv", "a,b,c,d\n3.0,2024-02-30,99999999999999999999,1\n");

        assertThat(Seeds.inferColumns(csv, Map.of(), POSTGRES))
                .extracting(Column::dataType)
                .containsExactly("float8", "text", "float8", "bigint");
    }

    @Test
    void columnTypesOverrideInference() throws IOException {
        Path csv = write("zips.csv", "zip,city\n01234,Boston\n");

        assertThat(Seeds.inferColumns(csv, Map.of("ZIP", "varchar(5)"), POSTGRES))
                .containsExactly(new Column("zip", "varchar(5)"), new Column("city", "text"));
    }

    @Test
    void readsQuotedFieldsAcrossLinesWithABomAndCrlf() throws IOException {
        Path csv = write("quoted.csv", "\uFEFFid,note\r\n1,\"a, b\"\r\n2,\"line one\r\nline \"\"two\"\"\"\r\n\r\n");

        SeedFile file = SeedFile.read(csv, ',');

        assertThat(file.header()).containsExactly("id", "note");
        assertThat(file.rows()).hasSize(2);
        assertThat(file.rows().get(0)).containsExactly("1", "a, b");
        assertThat(file.rows().get(1)).containsExactly("2", "line one\r\nline \"two\"");
    }

    @Test
    void aRecordOfAnotherWidthNamesItsLine() throws IOException {
        Path csv = write("ragged.csv", "id,name\n1,ada\n2,\"multi\nline\"\n3,grace,extra\n");

        assertThatThrownBy(() -> SeedFile.read(csv, ','))
                .isInstanceOf(TransformException.class)
                .hasMessage("Seed file " + csv + " line 5 has 3 fields but the header names 2 columns; quote"
                        + " fields that hold the delimiter");
    }

    @Test
    void anUnclosedQuoteNamesTheLineItOpensOn() throws IOException {
        Path csv = write("open.csv", "id,name\n1,\"ada\n2,grace\n");

        assertThatThrownBy(() -> SeedFile.read(csv, ','))
                .isInstanceOf(TransformException.class)
                .hasMessageContaining("line 2 opens a quoted field that never closes");
    }

    @Test
    void theHeaderMustNameEveryColumnOnce() throws IOException {
        assertThatThrownBy(() -> SeedFile.read(write("blank.csv", "id,,name\n"), ','))
                .hasMessageContaining("has no name for column 2");
        assertThatThrownBy(() -> SeedFile.read(write("twice.csv", "id,id\n"), ','))
                .hasMessageContaining("names column 'id' twice");
        assertThatThrownBy(() -> SeedFile.read(write("empty.csv", ""), ',')).hasMessageContaining("is empty");
    }

    @Test
    void aFileThatIsNotUtf8SaysSo() throws IOException {
        Path csv = dir.resolve("latin1.csv");
        Files.write(csv, "name\ncaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> SeedFile.read(csv, ','))
                .hasMessage("Seed file " + csv + " is not UTF-8 text;" + " save it as UTF-8");
    }

    @Test
    void valuesAreWrittenAsBothWarehousesReadThem() {
        assertThat(ValueKind.INTEGER.normalize(" +007 ")).isEqualTo("7");
        assertThat(ValueKind.DATE.normalize("2024-1-5")).isEqualTo("2024-01-05");
        assertThat(ValueKind.TIMESTAMP.normalize("2024-01-05T10:00:00+02:00")).isEqualTo("2024-01-05 10:00");
        assertThat(ValueKind.TIMESTAMP.normalize("2024-01-05")).isEqualTo("2024-01-05 00:00");
        assertThat(ValueKind.BOOLEAN.normalize("TRUE")).isEqualTo("true");
        assertThat(ValueKind.TEXT.normalize(" as is ")).isEqualTo(" as is ");
        assertThat(List.of("", " ", "null", "NULL")).allMatch(ValueKind::isNull);
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }
}
