package io.weir.transform.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dbt's context as templates written for dbt use it: {@code graph}, {@code selected_resources}, {@code modules},
 * {@code namespace()}, {@code zip}, {@code tojson}, {@code adapter_macro}, {@code api}, and Python's literal syntax;
 * each misuse is an error naming the file and line.
 */
class DbtContextTest {
    @TempDir
    Path temp;

    @BeforeEach
    void project() {
        Fixtures.write(temp, "dbt_project.yml", "name: ctx\nprofile: ctx\n");
        Fixtures.write(temp, "models/base.sql", "select 1 as id");
    }

    private TransformProject load() {
        return TransformProject.load(temp, Fixtures.duckdb(temp), Map.of(), Map.of());
    }

    private String compile(String sql) {
        Fixtures.write(temp, "models/probe.sql", sql);
        TransformProject project = load();
        return project.compile(project.manifest().nodes().get("model.ctx.probe"), null, false);
    }

    @Test
    void namespaceKeepsAssignmentsMadeInsideLoops() {
        assertThat(
                        compile(
                                """
                        {%- set ns = namespace(total=0, seen=[]) -%}
                        {%- for x in [1, 2, 3] %}{% set ns.total = ns.total + x %}{% do ns.seen.append(x) %}{% endfor -%}
                        {{ ns.total }} {{ ns.seen }}"""))
                .isEqualTo("6 [1, 2, 3]");
    }

    @Test
    void zipPairsItemsUpToTheShortestList() {
        assertThat(compile("{% for a, b in zip([1, 2, 3], ['x', 'y']) %}{{ a }}{{ b }} {% endfor %}"))
                .isEqualTo("1x 2y ");
    }

    @Test
    void tojsonWritesAsPythonsJsonDumpsAndFromjsonReads() {
        assertThat(compile("{{ tojson({'b': [1, 2], 'a': 'é'}) }}|{{ {'k': none} | tojson }}|"
                        + "{{ tojson({'b': 1, 'a': 2}, sort_keys=true) }}|{{ fromjson('{\"n\": [3]}').n[0] }}"))
                .isEqualTo("{\"b\": [1, 2], \"a\": \"\\u00e9\"}|{\"k\": null}|{\"a\": 2, \"b\": 1}|3");
    }

    @Test
    void graphHoldsTheNodesAndSourcesWithTheirConfigColumnsMetaAndTags() {
        Fixtures.write(
                temp,
                "models/props.yml",
                """
                version: 2
                models:
                  - name: base
                    config:
                      tags: [core]
                      meta: {owner: ana}
                    columns:
                      - name: id
                        description: the key
                sources:
                  - name: raw
                    tables:
                      - name: events
                """);
        String graph = compile(
                """
                {%- if execute -%}
                {%- for node in graph.nodes.values() -%}
                {%- if node.resource_type == 'model' and node.name == 'base' -%}
                {{ node.unique_id }} {{ node.config.materialized }} {{ node.tags }} {{ node.meta.owner }} \
                {{ node.columns.id.description }} {{ node.depends_on.nodes }}
                {%- endif -%}
                {%- endfor %} {{ graph.sources['source.ctx.raw.events'].identifier }}
                {%- endif -%}""");
        assertThat(graph).isEqualTo("model.ctx.base view ['core'] ana the key [] events");
    }

    @Test
    void selectedResourcesAreTheCommandsSelection() {
        Fixtures.write(temp, "models/probe.sql", "{{ selected_resources | join(',') }}");
        TransformProject project = load();
        project.selectResources(List.of("model.ctx.base", "model.ctx.probe"));
        assertThat(project.compile(project.manifest().nodes().get("model.ctx.probe"), null, false))
                .isEqualTo("model.ctx.base,model.ctx.probe");
    }

    @Test
    void invocationStartAndFlagsAreSet() {
        assertThat(compile("{{ invocation_id | length }} {{ run_started_at.year > 2000 }} {{ flags.FULL_REFRESH }}"))
                .isEqualTo("36 true false");
    }

    @Test
    void datetimeAddsAndSubtractsTimedeltas() {
        assertThat(
                        compile(
                                """
                        {%- set dt = modules.datetime -%}
                        {%- set day = dt.datetime(2024, 2, 28, 12, 0, 0) -%}
                        {{ (day + dt.timedelta(days=1)).strftime('%Y-%m-%d') }} \
                        {{ (day - dt.timedelta(hours=13)).strftime('%Y-%m-%d %H') }} \
                        {{ (dt.datetime(2024, 3, 2) - dt.datetime(2024, 2, 27)).days }} \
                        {{ dt.timedelta(days=1, seconds=3661) }} {{ dt.timedelta(minutes=90).total_seconds() }}"""))
                .isEqualTo("2024-02-29 2024-02-27 23 4 1 day, 1:01:01 5400.0");
    }

    @Test
    void reWorksAsPythonsModule() {
        assertThat(
                        compile(
                                """
                        {%- set re = modules.re -%}
                        {{ re.sub('([a-z]+)_([0-9]+)', '\\\\2-\\\\1', 'ab_12 cd_3') }} \
                        {{ re.sub('(?P<word>[a-z]+)', '<\\\\g<word>>', 'x1') }} \
                        {{ re.match('b', 'abc') is none }} {{ re.search('b(.)', 'abc').group(1) }} \
                        {{ re.findall('[0-9]', 'a1b2') }} {{ re.findall('(\\\\w)=(\\\\d)', 'a=1 b=2') }} \
                        {{ re.compile('^SELECT', re.IGNORECASE).match('select 1') is not none }} \
                        {{ re.split(',\\\\s*', 'a, b,c') }} {{ re.fullmatch('[a-z]+', 'abc').group() }}"""))
                .isEqualTo("12-ab 3-cd <x>1 true c ['1', '2'] [['a', '1'], ['b', '2']] true ['a', 'b', 'c'] abc");
    }

    @Test
    void pytzGivesZonesForDates() {
        assertThat(
                        compile(
                                """
                        {%- set tz = modules.pytz -%}
                        {%- set noon = modules.datetime.datetime(2024, 7, 1, 12, 0, 0) -%}
                        {{ tz.utc }} {{ tz.timezone('Europe/Oslo').zone }} \
                        {{ noon.astimezone(tz.timezone('Europe/Oslo')).strftime('%H:%M') }} \
                        {{ tz.timezone('America/New_York').localize(noon).strftime('%H:%M %z') }} \
                        {{ modules.datetime.datetime.now(tz.utc).year > 2000 }}"""))
                .isEqualTo("UTC Europe/Oslo 14:00 12:00 -0400 true");
    }

    @Test
    void pythonLiteralsAsJinja2ReadsThem() {
        assertThat(
                        compile(
                                """
                        {%- set cols = [{'column': 'id', 'type': 'int'}, {'column': 'name', 'type': 'text'},] -%}
                        {%- set by_name = {} -%}
                        {%- for col in cols %}{% do by_name.update({col.column: col.type}) %}{% endfor -%}
                        {{ by_name }} {{ {cols[0].column ~ '_x': 1,} }} {{ [1, 2,] | length }} {{ (1,) | length }} \
                        {{ ref('base',) }} {{ '%s-%03d|%.2f|%5s|%-3s|%%' % ('a', 7, 3.14159, 'r', 'l') }} \
                        {{ '%s!' % 'one' }} {{ '%(a)s+%(b)s' % {'a': 1, 'b': 2} }} {{ 7 % 3 }} \
                        {{ '{}={:>3}'.format('k', 1) }} {{ '\\/' }}"""))
                .isEqualTo("{'id': 'int', 'name': 'text'} {'id_x': 1} 2 1 \"analytics\".\"main\".\"base\""
                        + " a-007|3.14|    r|l  |% one! 1+2 1 k=1 \\/");
    }

    @Test
    void aLoopFilterKeepsTheItemsItsConditionHoldsForAndLoopCountsOnlyThose() {
        assertThat(
                        compile(
                                """
                        {%- set except = ['b'] -%}
                        {%- for x in ['a', 'b', 'c'] if x not in except %}{{ x }}{{ loop.index }}/{{ loop.length }}\
                        {{ ',' if not loop.last }}{% endfor %}|
                        {%- for k, v in {'a': 1, 'b': 0, 'c': 2}.items() if v -%}{{ k }}={{ v }};{%- endfor %}|
                        {%- for n in [1, 2, 3, 4] if n is divisibleby(2) and n > 2 %}{{ n }}{% endfor %}|
                        {{- ({'a': 1, 'b': 2}) | length }} {{ (1, {'a': 2}) | length }}"""))
                .isEqualTo("a1/2,c2/2|a=1;c=2;|4|2 2");
    }

    @Test
    void aForLoopsElseIsAnErrorNamingItsLineNotAnElsePartInEveryIteration() {
        assertThatThrownBy(() -> compile("select 1\n{% for x in [1, 2] %}{{ x }}\n{% else %}none{% endfor %}"))
                .hasMessageStartingWith("Compilation error in model probe (models/probe.sql), line 3: ")
                .hasMessageContaining("{% else %} inside {% for %} is not supported");
        assertThat(compile("{% for x in [1, 2] %}{% if x > 1 %}{{ x }}{% else %}-{% endif %}{% endfor %}"))
                .isEqualTo("-2");
    }

    @Test
    void adapterMacroFindsTheAdaptersMacroInThePackageNamed() {
        Fixtures.write(
                temp,
                "macros/shout.sql",
                """
                {% macro default__shout(text, mark='!') %}{{ text | upper }}{{ mark }}{% endmacro %}
                {% macro duckdb__whisper(text) %}{{ text | lower }}...{% endmacro %}
                {% macro default__whisper(text) %}never{% endmacro %}
                """);
        assertThat(compile("{{ adapter_macro('ctx.shout', 'hi') }} {{ adapter_macro('ctx.shout', 'hi', mark='?') }}"
                        + " {{ adapter_macro('whisper', 'HEY') }}"))
                .isEqualTo("HI! HI? hey...");
    }

    @Test
    void apiBuildsRelationsAndColumns() {
        assertThat(
                        compile(
                                """
                        {%- set r = api.Relation.create(database='db', schema='s', identifier='t', type='table') -%}
                        {{ r }} {{ r.is_table }} {{ r.identifier }} {{ r.information_schema('columns') }} \
                        {%- set c = api.Column('Amount', 'numeric(10,2)') %} {{ c.name }} {{ c.data_type }} {{ c.quoted }} \
                        {{ c.is_number() }} {{ c.is_numeric() }} {{ c.is_string() }} \
                        {{ api.Column('n', 'character varying(20)').string_size() }} {{ api.Column('i', 'BIGINT').is_integer() }}"""))
                .isEqualTo(
                        "\"db\".\"s\".\"t\" true t \"db\".information_schema.columns Amount numeric(10,2) \"Amount\" true true false 20 true");
    }

    @Test
    void aNameSetOnlyInABranchNotTakenPrintsAsNothingAsInDbtButATypoIsStillAnError() {
        Fixtures.write(
                temp,
                "macros/grouped.sql",
                """
                {% macro grouped(columns) %}
                {%- if columns | length > 0 %}{% set select_cols = columns | join(', ') ~ ', ' %}{% endif -%}
                select {{ select_cols }}count(*)
                {%- endmacro %}
                """);
        assertThat(compile("{{ grouped([]) }} | {{ grouped(['a']) }}"))
                .isEqualTo("select count(*) | select a, count(*)");
        assertThatThrownBy(() -> compile("{% if false %}{% set picked = 1 %}{% endif %}\n{{ pickd }}"))
                .hasMessageContaining("line 2: 'pickd' is undefined");
    }

    @Test
    void setMakesAPythonSet() {
        assertThat(compile("{{ set(['a', 'b', 'a']) | length }} {{ set(['x', 'y']) == set(['y', 'x']) }}"
                        + " {{ set(none, default='none given') }}"))
                .isEqualTo("2 true none given");
    }

    @Test
    void misusesAreErrorsNamingTheFileAndLine() {
        assertThatThrownBy(() -> compile("select 1\n{{ '%d' % 'x' }}"))
                .hasMessageStartingWith("Compilation error in model probe (models/probe.sql), line 2: ")
                .hasMessageContaining("a number is required");
        assertThatThrownBy(() -> compile("select 1\n\n{{ modules.itertools }}"))
                .hasMessageStartingWith("Compilation error in model probe (models/probe.sql), line 3: ")
                .hasMessageContaining("modules.itertools is not available");
        assertThatThrownBy(() -> compile("{{ modules.datetime.timedelta(fortnights=1) }}"))
                .hasMessageContaining("line 1: timedelta() has no argument 'fortnights'");
        assertThatThrownBy(() -> compile("\n{{ modules.re.sub('(', '', 'x') }}"))
                .hasMessageContaining("line 2: modules.re: the pattern '(' is not valid");
        assertThatThrownBy(() -> compile("{{ modules.pytz.timezone('Mars/Olympus') }}"))
                .hasMessageContaining("line 1: pytz.timezone('Mars/Olympus'): unknown time zone");
        assertThatThrownBy(() -> compile("{{ zip([1], 2) }}")).hasMessageContaining("line 1: zip() takes lists");
        assertThatThrownBy(() -> compile("{{ '%s %s' % ('one',) }}"))
                .hasMessageContaining("not enough arguments for the format");
        assertThatThrownBy(() -> compile("select 1\n{% for x in [1] if x.missing > nothing_here %}{{ x }}{% endfor %}"))
                .hasMessageStartingWith("Compilation error in model probe (models/probe.sql), line 2: ")
                .hasMessageContaining("'nothing_here' is undefined");
        assertThatThrownBy(() -> compile("{{ adapter_macro('ctx.nothing') }}"))
                .hasMessageContaining("line 1: ")
                .hasMessageContaining("found no macro named duckdb__nothing or default__nothing");
    }
}
