package io.weir.transform.compile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Year;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatetimeModuleTest {
    @TempDir
    Path temp;

    @Test
    void modulesDatetimeWorksAsPythonsModuleDoesInTemplates() {
        Fixtures.write(temp, "dbt_project.yml", "name: same\nprofile: same\n");
        Fixtures.write(
                temp,
                "models/dates.sql",
                "select '{{ modules.datetime.date(2024, 1, 31).strftime(\"%Y-%m-%d\") }}' as a,"
                        + " '{{ modules.datetime.datetime(2024, 2, 1, 13, 5, 9).strftime(\"%H:%M:%S\") }}' as b,"
                        + " '{{ modules.datetime.datetime.strptime(\"2024-03-04\", \"%Y-%m-%d\").strftime(\"%d.%m.%Y\") }}' as c,"
                        + " '{{ modules.datetime.datetime.now().year }}' as d,"
                        + " '{{ modules.datetime.date.today().strftime(\"%Y\") }}' as e");
        TransformProject project = TransformProject.load(temp, Fixtures.duckdb(temp), Map.of(), Map.of());

        String sql = project.compile(project.manifest().nodes().get("model.same.dates"), null, false);

        String year = Year.now().toString();
        assertThat(sql)
                .isEqualTo("select '2024-01-31' as a, '13:05:09' as b, '04.03.2024' as c, '" + year + "' as d, '" + year
                        + "' as e");
    }
}
