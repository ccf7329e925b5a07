package io.weir.transform.deps;

import io.weir.transform.TransformException;
import io.weir.transform.jinja.EnvironmentTemplate;
import io.weir.transform.yaml.YamlFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the packages a project lists, from {@code packages.yml} or {@code dependencies.yml}. */
public final class PackagesFile {
    private static final List<String> FILES = List.of("packages.yml", "dependencies.yml");
    private static final Set<String> GIT_KEYS = Set.of("git", "revision", "subdirectory", "warn-unpinned");

    private PackagesFile() {}

    /**
     * The packages {@code projectDir} lists, in order; none when it has neither file.
     *
     * @throws TransformException naming the file and the entry when an entry is wrong
     */
    public static List<PackageSpec> read(Path projectDir, Map<String, String> env) {
        List<PackageSpec> specs = new ArrayList<>();
        String found = null;
        for (String name : FILES) {
            Path file = projectDir.resolve(name);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            List<PackageSpec> listed = parse(file, name, env);
            if (!listed.isEmpty() && found != null) {
                throw new TransformException(name + " and " + found + " both list packages; keep them in one file");
            }
            if (!listed.isEmpty()) {
                found = name;
                specs.addAll(listed);
            }
        }
        return specs;
    }

    private static List<PackageSpec> parse(Path file, String shownAs, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new TransformException("Cannot read " + shownAs + ": " + e.getMessage(), e);
        }
        Map<String, Object> yaml = YamlFiles.parseMap(EnvironmentTemplate.render(text, env, shownAs), shownAs);
        Object packages = yaml.get("packages");
        if (packages == null) {
            return List.of();
        }
        if (!(packages instanceof List<?> entries)) {
            throw new TransformException(shownAs + ": 'packages' must be a list of entries such as"
                    + " '- package: dbt-labs/dbt_utils', not '" + packages + "'");
        }
        List<PackageSpec> specs = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String what = shownAs + " packages[" + i + "]";
            specs.add(spec(YamlFiles.map(entries.get(i), what), what));
        }
        return specs;
    }

    private static PackageSpec spec(Map<String, Object> entry, String what) {
        if (entry.containsKey("local")) {
            onlyKeys(entry, Set.of("local"), what);
            return new PackageSpec.Local(required(entry, "local", what));
        }
        if (entry.containsKey("git")) {
            onlyKeys(entry, GIT_KEYS, what);
            Object revision = entry.get("revision");
            Object subdirectory = entry.get("subdirectory");
            Object warn = entry.get("warn-unpinned");
            return new PackageSpec.Git(
                    required(entry, "git", what),
                    revision == null ? null : revision.toString(),
                    subdirectory == null ? null : subdirectory.toString(),
                    warn == null || Boolean.parseBoolean(warn.toString()));
        }
        if (entry.containsKey("package")) {
            onlyKeys(entry, Set.of("package", "version", "install-prerelease"), what);
            String name = required(entry, "package", what);
            if (!name.contains("/")) {
                throw new TransformException(what + ": 'package: " + name + "' must name the hub package as"
                        + " <organisation>/<name>, such as dbt-labs/dbt_utils");
            }
            Object version = entry.get("version");
            if (version == null) {
                throw new TransformException(what + ": the hub package " + name + " needs a 'version:', such as"
                        + " [\">=1.0.0\", \"<2.0.0\"]");
            }
            List<String> versions = YamlFiles.strings(version);
            VersionRange.parse(versions, what);
            return new PackageSpec.Hub(
                    name, versions, Boolean.parseBoolean(String.valueOf(entry.get("install-prerelease"))));
        }
        throw new TransformException(what + ": an entry needs one of 'local:', 'git:' or 'package:', not " + entry);
    }

    private static void onlyKeys(Map<String, Object> entry, Set<String> allowed, String what) {
        for (String key : entry.keySet()) {
            if (!allowed.contains(key)) {
                throw new TransformException(what + ": unknown key '" + key + "'; allowed here: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private static String required(Map<String, Object> entry, String key, String what) {
        Object value = entry.get(key);
        if (value == null || value.toString().isBlank()) {
            throw new TransformException(what + ": '" + key + "' needs a value");
        }
        return value.toString();
    }
}
