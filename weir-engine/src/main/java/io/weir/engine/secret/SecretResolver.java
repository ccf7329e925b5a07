package io.weir.engine.secret;

import static java.util.Objects.requireNonNull;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the value of a declared secret by name: the environment variable of that name, else the file of that name
 * in {@code WEIR_SECRETS_DIR} (one file per secret, as a Kubernetes secret volume mounts them).
 */
public final class SecretResolver {
    public static final String SECRETS_DIR_VARIABLE = "WEIR_SECRETS_DIR";

    // A name that could leave the secrets folder is never looked up as a file.
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    private final Map<String, String> environment;

    /** @param environment the environment Weir runs with, usually {@code System.getenv()} */
    public SecretResolver(Map<String, String> environment) {
        this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
    }

    /** The value of secret {@code name}, or empty when neither the environment nor the secrets folder has it. */
    public Optional<String> find(String name) {
        requireNonNull(name, "name is null");
        String value = environment.get(name);
        if (value != null) {
            return Optional.of(value);
        }
        Optional<Path> file = secretFile(name);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(stripOneNewline(Files.readString(file.get(), StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new WeirException(
                    ErrorCode.SECRET_MISSING,
                    "Secret " + name + " cannot be read from " + file.get() + " (" + e.getMessage()
                            + "): make the file readable by the user running Weir");
        }
    }

    /** The value of secret {@code name}, which DAG {@code dagId} declares for task {@code taskId}. */
    public String resolve(String name, String dagId, String taskId) {
        return find(name)
                .orElseThrow(() -> new WeirException(
                        ErrorCode.SECRET_MISSING,
                        "Secret " + name + " declared by DAG " + dagId + ", task " + taskId + " is not set: export "
                                + name + "=... or put it in " + secretsDirForMessage() + "/" + name));
    }

    private Optional<Path> secretFile(String name) {
        String directory = environment.get(SECRETS_DIR_VARIABLE);
        if (directory == null || directory.isBlank() || !FILE_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.of(Path.of(directory).resolve(name));
    }

    private String secretsDirForMessage() {
        String directory = environment.get(SECRETS_DIR_VARIABLE);
        return directory == null || directory.isBlank() ? "$" + SECRETS_DIR_VARIABLE : directory;
    }

    /** Files written by {@code echo} or an editor end with one newline that is not part of the secret. */
    private static String stripOneNewline(String value) {
        if (value.endsWith("\r\n")) {
            return value.substring(0, value.length() - 2);
        }
        if (value.endsWith("\n")) {
            return value.substring(0, value.length() - 1);
        }
        return value;
    }
}
