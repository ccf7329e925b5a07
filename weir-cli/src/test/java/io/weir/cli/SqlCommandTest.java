package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlCommandTest {
    @TempDir
    Path project;

    @Test
    void runsStatementsOnTheEmbeddedWarehouseAndPrintsRows() throws Exception {
        Files.writeString(project.resolve("weir.yaml"), "");

        assertThat(weir("sql", "create schema raw.shop").out()).isEqualTo("OK\n");
        assertThat(weir("sql", "create table raw.shop.orders as select range as id from range(3)")
                        .out())
                .isEqualTo("OK\n");
        assertThat(weir("sql", "insert into raw.shop.orders values (3)").out()).isEqualTo("OK, 1 row\n");
        assertThat(weir("sql", "delete from raw.shop.orders where id = 3").out())
                .isEqualTo("OK, 1 row\n");
        CliRun table = weir("sql", "select count(*) as orders from raw.shop.orders");
        CliRun json = weir("sql", "-o", "json", "select id from raw.shop.orders order by id desc limit 1");

        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out()).isEqualTo("orders\n======\n3\n");
        assertThat(json.out()).contains("\"id\" : 2");
        assertThat(project.resolve(".weir/warehouse/raw.duckdb")).exists();
    }

    @Test
    void aBadStatementIsOneLineOfError() throws Exception {
        Files.writeString(project.resolve("weir.yaml"), "");

        CliRun run = weir("sql", "select * from raw.shop.missing");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: Catalog Error: Table with name missing does not exist");
        assertThat(run.err()).doesNotContain("Exception");
    }

    private CliRun weir(String... args) {
        String[] withProject = new String[args.length + 2];
        withProject[0] = "--project";
        withProject[1] = project.toString();
        System.arraycopy(args, 0, withProject, 2, args.length);
        return CliRun.run(Map.of(), withProject);
    }
}
