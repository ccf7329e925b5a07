package io.weir.engine.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretResolverTest {
    @TempDir
    Path secretsDir;

    @Test
    void readsTheEnvironmentVariableOfThatName() {
        SecretResolver resolver = new SecretResolver(Map.of("GITLAB_DB_PASS", "from-env"));

        assertThat(resolver.resolve("GITLAB_DB_PASS", "gitlab_db_extract", "users"))
                .isEqualTo("from-env");
    }

    @Test
    void readsTheFileOfThatNameStrippingOneTrailingNewline() throws IOException {
        Files.writeString(secretsDir.resolve("GITLAB_DB_PASS"), "from-file\n");
        Files.writeString(secretsDir.resolve("MULTI"), "line one\nline two\n\n");
        SecretResolver resolver = new SecretResolver(Map.of("WEIR_SECRETS_DIR", secretsDir.toString()));

        assertThat(resolver.resolve("GITLAB_DB_PASS", "d", "t")).isEqualTo("from-file");
        assertThat(resolver.resolve("MULTI", "d", "t")).isEqualTo("line one\nline two\n");
    }

    @Test
    void environmentWinsOverTheFile() throws IOException {
        Files.writeString(secretsDir.resolve("TOKEN"), "from-file");
        SecretResolver resolver =
                new SecretResolver(Map.of("WEIR_SECRETS_DIR", secretsDir.toString(), "TOKEN", "from-env"));

        assertThat(resolver.find("TOKEN")).contains("from-env");
    }

    @Test
    void missingSecretSaysWhereToPutIt() {
        SecretResolver resolver = new SecretResolver(Map.of());

        assertThatThrownBy(() -> resolver.resolve("GITLAB_DB_PASS", "x", "y"))
                .isInstanceOfSatisfying(
                        WeirException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SECRET_MISSING))
                .hasMessage("Secret GITLAB_DB_PASS declared by DAG x, task y is not set: export GITLAB_DB_PASS=..."
                        + " or put it in $WEIR_SECRETS_DIR/GITLAB_DB_PASS");
    }

    @Test
    void missingSecretNamesTheConfiguredFolder() {
        SecretResolver resolver = new SecretResolver(Map.of("WEIR_SECRETS_DIR", secretsDir.toString()));

        assertThatThrownBy(() -> resolver.resolve("API_KEY", "x", "y"))
                .hasMessageEndingWith("or put it in " + secretsDir + "/API_KEY");
    }

    @Test
    void aNameThatWouldLeaveTheFolderIsNotReadAsAFile() throws IOException {
        Path folder = Files.createDirectories(secretsDir.resolve("inner"));
        Files.writeString(secretsDir.resolve("OUTSIDE"), "do not read");
        SecretResolver resolver = new SecretResolver(Map.of("WEIR_SECRETS_DIR", folder.toString()));

        assertThat(resolver.find("../OUTSIDE")).isEmpty();
    }
}
