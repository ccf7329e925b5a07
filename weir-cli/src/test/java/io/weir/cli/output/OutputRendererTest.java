package io.weir.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.weir.core.state.TaskState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class OutputRendererTest {
    private static final Rows RUNS = Rows.builder("dag_id", "run_id", "state", "logical_date", "tags", "end_date")
            .add(
                    "etl",
                    "scheduled__2024-01-01T00:00:00+00:00",
                    TaskState.SUCCESS,
                    Instant.parse("2024-01-01T00:00:00Z"),
                    List.of("extract", "daily"),
                    null)
            .add(
                    "reporting",
                    "manual__x",
                    TaskState.UP_FOR_RETRY,
                    Instant.parse("2024-01-02T00:00:00Z"),
                    List.of(),
                    null)
            .build();

    @Test
    void tableAlignsColumnsUnderAHeader() {
        assertThat(render(OutputFormat.TABLE, RUNS))
                .isEqualTo(
                        """
                        dag_id    | run_id                               | state        | logical_date              | tags          | end_date
                        ==========+======================================+==============+===========================+===============+=========
                        etl       | scheduled__2024-01-01T00:00:00+00:00 | success      | 2024-01-01T00:00:00+00:00 | extract,daily |
                        reporting | manual__x                            | up_for_retry | 2024-01-02T00:00:00+00:00 |               |
                        """);
    }

    @Test
    void emptyTableSaysSo() {
        assertThat(render(OutputFormat.TABLE, Rows.builder("dag_id").build())).isEqualTo("No data found\n");
        assertThat(render(OutputFormat.JSON, Rows.builder("dag_id").build())).isEqualTo("[ ]\n");
        assertThat(render(OutputFormat.PLAIN, Rows.builder("dag_id").build())).isEmpty();
    }

    @Test
    void plainIsTabSeparatedWithoutHeaderAndOneLinePerRow() {
        Rows rows = Rows.builder("file", "error")
                .add("dags/a.yaml", "line one\nline two\twith tab")
                .build();
        assertThat(render(OutputFormat.PLAIN, rows)).isEqualTo("dags/a.yaml\tline one line two with tab\n");
        assertThat(render(OutputFormat.PLAIN, RUNS).lines())
                .containsExactly(
                        "etl\tscheduled__2024-01-01T00:00:00+00:00\tsuccess\t2024-01-01T00:00:00+00:00\textract,daily\t",
                        "reporting\tmanual__x\tup_for_retry\t2024-01-02T00:00:00+00:00\t\t");
    }

    @Test
    void jsonIsAnArrayOfObjectsInColumnOrderWithIsoTimestamps() throws Exception {
        String json = render(OutputFormat.JSON, RUNS);
        List<Map<String, Object>> parsed = new ObjectMapper().readValue(json, new TypeReference<>() {});
        assertThat(parsed).hasSize(2);
        assertThat(parsed.get(0).keySet())
                .containsExactly("dag_id", "run_id", "state", "logical_date", "tags", "end_date");
        assertThat(parsed.get(0))
                .containsEntry("dag_id", "etl")
                .containsEntry("run_id", "scheduled__2024-01-01T00:00:00+00:00")
                .containsEntry("state", "success")
                .containsEntry("logical_date", "2024-01-01T00:00:00+00:00")
                .containsEntry("tags", List.of("extract", "daily"))
                .containsEntry("end_date", null);
    }

    @Test
    void jsonKeepsNumbersBooleansAndNestedMaps() throws Exception {
        Rows rows = Rows.builder("dag_id", "is_paused", "try_number", "conf")
                .add("etl", true, 3, Map.of("full_refresh", true))
                .build();
        List<Map<String, Object>> parsed =
                new ObjectMapper().readValue(render(OutputFormat.JSON, rows), new TypeReference<>() {});
        assertThat(parsed.get(0))
                .containsEntry("is_paused", true)
                .containsEntry("try_number", 3)
                .containsEntry("conf", Map.of("full_refresh", true));
        assertThat(render(OutputFormat.TABLE, rows)).contains("| true      | 3          | {\"full_refresh\":true}");
    }

    @Test
    void yamlIsAListOfMappingsThatParsesBack() throws Exception {
        String yaml = render(OutputFormat.YAML, RUNS);
        assertThat(yaml).startsWith("- dag_id: etl\n");
        List<Map<String, Object>> parsed = new YAMLMapper().readValue(yaml, new TypeReference<>() {});
        assertThat(parsed.get(1))
                .containsEntry("run_id", "manual__x")
                .containsEntry("state", "up_for_retry")
                .containsEntry("logical_date", "2024-01-02T00:00:00+00:00")
                .containsEntry("tags", List.of());
    }

    @Test
    void yamlQuotesStringsThatWouldReadAsOtherTypes() throws Exception {
        Rows rows = Rows.builder("key", "value")
                .add("flag", "true")
                .add("count", "5")
                .build();
        List<Map<String, Object>> parsed =
                new YAMLMapper().readValue(render(OutputFormat.YAML, rows), new TypeReference<>() {});
        assertThat(parsed)
                .containsExactly(Map.of("key", "flag", "value", "true"), Map.of("key", "count", "value", "5"));
    }

    @Test
    void builderRejectsARowOfTheWrongWidth() {
        assertThatThrownBy(() -> Rows.builder("a", "b").add("only one"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("row has 1 values for 2 columns [a, b]");
    }

    @Test
    void formatOptionAcceptsAnyCaseAndExplainsABadValue() {
        OutputFormat.Converter converter = new OutputFormat.Converter();
        assertThat(converter.convert("JSON")).isEqualTo(OutputFormat.JSON);
        assertThat(converter.convert("plain")).isEqualTo(OutputFormat.PLAIN);
        assertThatThrownBy(() -> converter.convert("xml"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("'xml' is not an output format; use table, json, yaml or plain");
    }

    private static String render(OutputFormat format, Rows rows) {
        StringWriter buffer = new StringWriter();
        OutputRenderer.render(format, rows, new PrintWriter(buffer));
        return buffer.toString();
    }
}
