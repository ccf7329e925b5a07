package io.weir.core.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.core.schedule.DataInterval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateRendererTest {
    private static final Map<String, String> VARIABLES = Map.of(
            "bucket", "s3://raw",
            "settings", "{\"rows\": 5, \"tables\": [\"users\", \"projects\"]}",
            "broken", "{not json");
    private static final TemplateContext CONTEXT = context(Instant.parse("2023-12-31T00:00:00Z"));

    private final TemplateRenderer renderer = new TemplateRenderer();

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiterString = "=>",
            textBlock =
                    """
            {{ ds }}                                          => 2024-01-01
            {{ ds_nodash }}                                   => 20240101
            {{ ts }}                                          => 2024-01-01T00:00:00+00:00
            {{ ts_nodash }}                                   => 20240101T000000
            {{ ts_nodash_with_tz }}                           => 20240101T000000+0000
            {{ logical_date }}                                => 2024-01-01T00:00:00+00:00
            {{ execution_date }}                              => 2024-01-01T00:00:00+00:00
            {{ data_interval_start }}                         => 2024-01-01T00:00:00+00:00
            {{ data_interval_end }}                           => 2024-01-02T00:00:00+00:00
            {{ prev_data_interval_end_success }}              => 2023-12-31T00:00:00+00:00
            {{ run_id }}                                      => scheduled__2024-01-01T00:00:00+00:00
            {{ dag_run.run_id }}                              => scheduled__2024-01-01T00:00:00+00:00
            {{ dag_run.conf.table }}                          => users
            {{ dag_run.conf['table'] }}                       => users
            {{ params.region }}                               => eu
            {{ var.value.bucket }}                            => s3://raw
            {{ var.json.settings.rows }}                      => 5
            {{ var.json.settings.tables[1] }}                 => projects
            {{ ti.try_number }}                               => 2
            {{ task.task_id }}                                => load
            {{ dag.dag_id }}                                  => demo
            {{ macros.ds_add(ds, 5) }}                        => 2024-01-06
            {{ macros.ds_add(ds, -1) }}                       => 2023-12-31
            {{ macros.ds_format(ds, '%Y-%m-%d', '%d/%m/%Y') }} => 01/01/2024
            {{ data_interval_end.strftime('%Y%m') }}          => 202401
            {{ var.value.missing | default('fallback') }}     => fallback
            {% if ti.try_number > 1 %}retry{% endif %}        => retry
            """)
    void rendersAirflowContextNames(String template, String expected) {
        assertThat(renderer.render(template, CONTEXT, "DAG demo, task load")).isEqualTo(expected);
    }

    @Test
    void aMissingPreviousSuccessRendersEmptyAndIsFalse() {
        TemplateContext firstRun = context(null);
        assertThat(renderer.render("[{{ prev_data_interval_end_success }}]", firstRun, "here"))
                .isEqualTo("[]");
        assertThat(renderer.render("{{ prev_data_interval_end_success or data_interval_start }}", firstRun, "here"))
                .isEqualTo("2024-01-01T00:00:00+00:00");
    }

    @Test
    void rendersStringsInsideMapsAndListsAndLeavesOtherValuesAlone() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("command", List.of("./extract.sh", "{{ ds }}", 3));
        params.put("env", Map.of("DAY", "{{ ds_nodash }}"));
        params.put("retries", 2);
        params.put("flag", true);
        params.put("nothing", null);
        Object rendered = renderer.render(params, CONTEXT, "DAG demo, task load");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("command", List.of("./extract.sh", "2024-01-01", 3));
        expected.put("env", Map.of("DAY", "20240101"));
        expected.put("retries", 2);
        expected.put("flag", true);
        expected.put("nothing", null);
        assertThat(rendered).isEqualTo(expected);
        assertThat(List.copyOf(((Map<?, ?>) rendered).keySet()))
                .isEqualTo(List.of("command", "env", "retries", "flag", "nothing"));
    }

    @Test
    void returnsPlainTextAsIs() {
        String plain = "echo no templates here {}";
        assertThat(renderer.render(plain, CONTEXT, "here")).isSameAs(plain);
        assertThat(renderer.render(42, CONTEXT, "here")).isEqualTo(42);
        assertThat(renderer.render(null, CONTEXT, "here")).isNull();
    }

    @Test
    void aMissingVariableNamesTheVariableAndWhere() {
        assertThatThrownBy(() ->
                        renderer.render(Map.of("command", "cp {{ var.value.nope }} ."), CONTEXT, "DAG demo, task load"))
                .isInstanceOf(WeirException.class)
                .hasMessage("Template error in DAG demo, task load, key command: variable 'nope' is not set; set it"
                        + " with: weir variables set nope VALUE")
                .extracting(e -> ((WeirException) e).code())
                .isEqualTo(ErrorCode.TEMPLATE_ERROR);
        assertThatThrownBy(() -> renderer.render("{{ var.json.nope.rows }}", CONTEXT, "here"))
                .hasMessageContaining("variable 'nope' is not set");
        assertThatThrownBy(() -> renderer.render("{{ var.json.broken }}", CONTEXT, "here"))
                .hasMessageContaining("variable 'broken' is not valid JSON");
    }

    @Test
    void anUndefinedNameOrBadSyntaxFails() {
        assertThatThrownBy(() -> renderer.render("{{ dss }}", CONTEXT, "DAG demo, task load, key command"))
                .isInstanceOf(WeirException.class)
                .hasMessageStartingWith("Template error in DAG demo, task load, key command: 'dss' is undefined");
        assertThatThrownBy(() -> renderer.render("{% if %}x{% endif %}", CONTEXT, "here"))
                .isInstanceOf(WeirException.class)
                .hasMessageStartingWith("Template error in here: ")
                .hasMessageContaining("if");
        assertThatThrownBy(() -> renderer.render("echo {{ ds ", CONTEXT, "here"))
                .isInstanceOf(WeirException.class)
                .hasMessageContaining("Unclosed");
        assertThatThrownBy(() -> renderer.render(List.of("ok", "{{ nope }}"), CONTEXT, "DAG demo, task load"))
                .hasMessageStartingWith("Template error in DAG demo, task load, key [1]: 'nope' is undefined");
        assertThatThrownBy(() -> renderer.render("line one\n{{ nope }}", CONTEXT, "here"))
                .hasMessageEndingWith("(template line 2)");
    }

    @Test
    void fractionalSecondsAppearAsMicroseconds() {
        TemplateContext manual = new TemplateContext(
                "demo",
                "load",
                "manual__x",
                Instant.parse("2024-01-01T10:15:30.123456Z"),
                new DataInterval(Instant.parse("2024-01-01T10:15:30.123456Z"), Instant.parse("2024-01-02T00:00:00Z")),
                null,
                1,
                null,
                null,
                VariableLookup.none());
        assertThat(renderer.render("{{ ts }} {{ logical_date }}", manual, "here"))
                .isEqualTo("2024-01-01T10:15:30.123456+00:00 2024-01-01T10:15:30.123456+00:00");
    }

    @Test
    void rendersFromManyThreadsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int day = i % 28 + 1;
                TemplateContext context = new TemplateContext(
                        "demo",
                        "t" + i,
                        "run",
                        Instant.parse(String.format("2024-02-%02dT00:00:00Z", day)),
                        new DataInterval(
                                Instant.parse(String.format("2024-02-%02dT00:00:00Z", day)),
                                Instant.parse(String.format("2024-02-%02dT00:00:00Z", day + 1))),
                        null,
                        1,
                        null,
                        null,
                        VariableLookup.none());
                results.add(pool.submit(() -> renderer.render("{{ task.task_id }} {{ ds }}", context, "here")));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo(String.format("t%d 2024-02-%02d", i, i % 28 + 1));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static TemplateContext context(Instant previousSuccessEnd) {
        return new TemplateContext(
                "demo",
                "load",
                "scheduled__2024-01-01T00:00:00+00:00",
                Instant.parse("2024-01-01T00:00:00Z"),
                new DataInterval(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-01-02T00:00:00Z")),
                previousSuccessEnd,
                2,
                Map.of("table", "users"),
                Map.of("region", "eu"),
                key -> Optional.ofNullable(VARIABLES.get(key)));
    }
}
