package io.weir.transform.profile;

import io.weir.transform.TransformException;
import io.weir.transform.jinja.EnvironmentTemplate;
import io.weir.transform.yaml.YamlFiles;
import io.weir.warehouse.WarehouseTarget;
import io.weir.warehouse.WarehouseType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a target from {@code profiles.yml}, as dbt does: values may use {@code env_var()}; {@code duckdb} outputs
 * ({@code path} relative to the project, {@code :memory:}, {@code schema} default {@code main}, {@code attach}) and
 * {@code postgres} outputs ({@code host}, {@code port}, {@code user}, {@code password}/{@code pass},
 * {@code dbname}/{@code database}, {@code schema}, {@code threads}).
 */
public final class Profiles {
    public static final String FILE = "profiles.yml";

    private Profiles() {}

    /**
     * The target {@code targetName} (null: the profile's {@code target:}) of the profile {@code profileName}.
     *
     * @throws TransformException naming profiles.yml and the key when something is missing or wrong
     */
    public static WarehouseTarget load(
            Path profilesDir, String profileName, String targetName, Path projectDir, Map<String, String> env) {
        Path file = profilesDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new TransformException("No " + FILE + " in " + profilesDir.toAbsolutePath() + "; create one with the"
                    + " profile '" + profileName + "' or point --profiles-dir at the folder holding it");
        }
        if (profileName == null || profileName.isBlank()) {
            throw new TransformException("dbt_project.yml names no 'profile:'; set it to a profile of " + file);
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new TransformException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, Object> profiles = YamlFiles.parseMap(text, FILE);
        Object profileValue = profiles.get(profileName);
        if (profileValue == null) {
            List<String> known = profiles.keySet().stream()
                    .filter(key -> !key.equals("config"))
                    .toList();
            throw new TransformException(FILE + " has no profile '" + profileName + "' (it has " + known + "); add it"
                    + " or change 'profile:' in dbt_project.yml");
        }
        Map<String, Object> profile = YamlFiles.map(profileValue, FILE + " " + profileName);
        String chosen = targetName != null
                ? targetName
                : Objects.toString(rendered(profile.get("target"), env, profileName + ".target"), null);
        if (chosen == null) {
            throw new TransformException(
                    FILE + ": the profile '" + profileName + "' has no 'target:'; set it or pass" + " --target");
        }
        Map<String, Object> outputs = YamlFiles.map(profile.get("outputs"), FILE + " " + profileName + ".outputs");
        if (!outputs.containsKey(chosen)) {
            throw new TransformException(FILE + ": the profile '" + profileName + "' has no output '" + chosen
                    + "' under outputs: (it has " + outputs.keySet() + ")");
        }
        String key = profileName + ".outputs." + chosen;
        Map<String, Object> values = new LinkedHashMap<>();
        YamlFiles.map(outputs.get(chosen), FILE + " " + key)
                .forEach((name, value) -> values.put(name, rendered(value, env, key + "." + name)));
        Output output = new Output(values, key);
        String type = output.required("type");
        WarehouseType warehouseType = WarehouseType.fromProfileName(type);
        if (warehouseType == null) {
            throw new TransformException(
                    FILE + ": " + key + ".type '" + type + "' is not supported; use duckdb or" + " postgres");
        }
        return switch (warehouseType) {
            case DUCKDB -> duckdb(chosen, output, projectDir);
            case POSTGRES -> postgres(chosen, output);
        };
    }

    private static WarehouseTarget duckdb(String name, Output output, Path projectDir) {
        String path = output.optional("path", ":memory:");
        String schema = output.optional("schema", "main");
        int threads = output.threads();
        Map<String, Path> attachments = new LinkedHashMap<>();
        for (Object entry : YamlFiles.list(output.values.get("attach"))) {
            Map<String, Object> attach = YamlFiles.map(entry, FILE + " " + output.key + ".attach");
            Object attachPath = attach.get("path");
            if (attachPath == null) {
                throw new TransformException(FILE + ": an entry of " + output.key + ".attach has no 'path:'");
            }
            Path resolved = projectDir.resolve(attachPath.toString());
            String alias = attach.get("alias") != null ? attach.get("alias").toString() : stem(resolved);
            attachments.put(alias, resolved);
        }
        if (path.equals(":memory:") || path.isBlank()) {
            return new WarehouseTarget(
                    name,
                    WarehouseType.DUCKDB,
                    "jdbc:duckdb:",
                    null,
                    null,
                    output.optional("database", "memory"),
                    schema,
                    threads,
                    attachments);
        }
        return WarehouseTarget.duckdb(name, projectDir.resolve(path), schema, threads, attachments);
    }

    private static WarehouseTarget postgres(String name, Output output) {
        String host = output.required("host");
        String port = output.optional("port", "5432");
        String database = output.values.containsKey("dbname") ? output.required("dbname") : output.required("database");
        String url = "jdbc:postgresql://" + host + ":" + port + "/" + database;
        String sslmode = output.optional("sslmode", null);
        if (sslmode != null) {
            url += "?sslmode=" + sslmode;
        }
        String password = output.values.containsKey("password")
                ? output.optional("password", null)
                : output.optional("pass", null);
        return new WarehouseTarget(
                name,
                WarehouseType.POSTGRES,
                url,
                output.required("user"),
                password,
                database,
                output.required("schema"),
                output.threads(),
                Map.of());
    }

    /** A value with its {@code env_var()} calls rendered; lists and mappings are rendered value by value. */
    private static Object rendered(Object value, Map<String, String> env, String key) {
        if (value instanceof String text) {
            return EnvironmentTemplate.render(text, env, FILE + " " + key);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(item -> rendered(item, env, key)).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> rendered = new LinkedHashMap<>();
            map.forEach((name, item) -> rendered.put(String.valueOf(name), rendered(item, env, key + "." + name)));
            return rendered;
        }
        return value;
    }

    private static String stem(Path file) {
        String fileName = file.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    /** One output of a profile, with errors naming its key. */
    private record Output(Map<String, Object> values, String key) {
        String required(String name) {
            Object value = values.get(name);
            if (value == null || value.toString().isBlank()) {
                throw new TransformException(FILE + ": " + key + " needs '" + name + ":'");
            }
            return value.toString();
        }

        String optional(String name, String otherwise) {
            Object value = values.get(name);
            return value == null ? otherwise : value.toString();
        }

        int threads() {
            Object value = values.get("threads");
            if (value == null) {
                return 1;
            }
            try {
                int threads = Integer.parseInt(value.toString());
                if (threads >= 1) {
                    return threads;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TransformException(
                    FILE + ": " + key + ".threads must be a whole number of at least 1, not '" + value + "'");
        }
    }
}
