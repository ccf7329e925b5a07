package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VariablesCommandTest {
    @TempDir
    Path temp;

    private TestProject project;

    @BeforeEach
    void createProject() {
        project = new TestProject(temp.resolve("project"));
    }

    @Test
    void setGetListDelete() {
        assertThat(project.ok("variables", "set", "environment", "prod", "--description", "where we run"))
                .isEqualTo("Variable environment set.\n");
        assertThat(project.ok("variables", "get", "environment")).isEqualTo("prod\n");
        assertThat(project.ok("variables", "set", "environment", "staging")).isNotEmpty();
        assertThat(project.ok("variables", "get", "environment")).isEqualTo("staging\n");
        assertThat(project.ok("variables", "list", "-o", "plain")).isEqualTo("environment\t\n");
        assertThat(project.ok("variables", "delete", "environment")).isEqualTo("Variable environment deleted.\n");
        assertThat(project.ok("variables", "list")).isEqualTo("No data found\n");
    }

    @Test
    void missingVariableIsAnErrorUnlessADefaultIsGiven() {
        CliRun run = project.weir("variables", "get", "nope");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: Variable nope is not set; `weir variables set nope VALUE` sets it.\n");
        assertThat(project.ok("variables", "get", "nope", "--default", "fallback"))
                .isEqualTo("fallback\n");
        assertThat(project.weir("variables", "delete", "nope").err())
                .isEqualTo("error: Variable nope does not exist; `weir variables list` shows the variables.\n");
    }

    @Test
    void valuesAreNotStoredInPlainText() throws Exception {
        project.ok("variables", "set", "password_hint", "correct-horse-battery-staple");
        try (var files = Files.walk(project.dir().resolve(".weir"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as(file.toString())
                        .doesNotContain("correct-horse-battery-staple");
            }
        }
    }

    @Test
    void importThenExportRoundTrips() throws Exception {
        Path in = temp.resolve("in.json");
        Files.writeString(
                in,
                """
                {"environment": "prod", "limits": {"rows": 100, "tables": ["a", "b"]}, "retries": 3, "debug": false}
                """);
        assertThat(project.ok("variables", "import", in.toString()))
                .isEqualTo("Imported 4 variables from " + in + ".\n");
        assertThat(project.ok("variables", "get", "limits")).isEqualTo("{\"rows\":100,\"tables\":[\"a\",\"b\"]}\n");
        assertThat(project.ok("variables", "get", "retries")).isEqualTo("3\n");

        Path out = temp.resolve("out.json");
        assertThat(project.ok("variables", "export", out.toString()))
                .isEqualTo("Exported 4 variables to " + out + ".\n");
        ObjectMapper json = new ObjectMapper();
        JsonNode exported = json.readTree(out.toFile());
        assertThat(exported.get("environment").textValue()).isEqualTo("prod");
        assertThat(exported.get("limits")).isEqualTo(json.readTree("{\"rows\": 100, \"tables\": [\"a\", \"b\"]}"));
        assertThat(exported.get("retries").textValue()).isEqualTo("3");

        TestProject other = new TestProject(temp.resolve("other"));
        other.ok("variables", "import", out.toString());
        assertThat(other.ok("variables", "export", "-")).isEqualTo(project.ok("variables", "export", "-"));
    }

    @Test
    void importFromStandardInput() {
        CliRun run = project.weirWithInput("{\"a\": \"1\"}", "variables", "import", "-");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(project.ok("variables", "get", "a")).isEqualTo("1\n");
    }

    @Test
    void badImportFilesSayWhatIsWrong() throws Exception {
        Path missing = temp.resolve("missing.json");
        assertThat(project.weir("variables", "import", missing.toString()).err())
                .isEqualTo("error: Variables file " + missing + " does not exist.\n");

        Path broken = temp.resolve("broken.json");
        Files.writeString(broken, "{\n  \"a\": \n}\n");
        assertThat(project.weir("variables", "import", broken.toString()).err())
                .startsWith("error: Variables file " + broken + " is not valid JSON at line 3, column 1: ")
                .hasLineCount(1);

        Path list = temp.resolve("list.json");
        Files.writeString(list, "[1, 2]");
        assertThat(project.weir("variables", "import", list.toString()).err())
                .isEqualTo("error: Variables file " + list + " must hold one JSON object of keys and values, such as "
                        + "{\"environment\": \"prod\"}.\n");
        assertThat(project.ok("variables", "list")).isEqualTo("No data found\n");
    }
}
