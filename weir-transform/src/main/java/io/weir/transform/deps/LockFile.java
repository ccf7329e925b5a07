package io.weir.transform.deps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.weir.transform.TransformException;
import io.weir.transform.yaml.YamlFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code package-lock.yml}: what {@code deps} installed, pinned (a git package's commit), as dbt writes it. */
final class LockFile {
    static final String FILE = "package-lock.yml";
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private LockFile() {}

    static void write(Path projectDir, List<InstalledPackage> installed) {
        List<Map<String, Object>> packages = new ArrayList<>();
        for (InstalledPackage done : installed) {
            Map<String, Object> entry = new LinkedHashMap<>();
            if (done.spec() instanceof PackageSpec.Local local) {
                entry.put("local", local.path());
            } else if (done.spec() instanceof PackageSpec.Git git) {
                entry.put("git", git.url());
                entry.put("revision", done.commit());
                if (git.subdirectory() != null) {
                    entry.put("subdirectory", git.subdirectory());
                }
            } else if (done.spec() instanceof PackageSpec.Hub hub) {
                entry.put("package", hub.name());
                entry.put("version", hub.versions().get(0));
            }
            entry.put("name", done.name());
            packages.add(entry);
        }
        Map<String, Object> lock = new LinkedHashMap<>();
        lock.put("packages", packages);
        lock.put("sha1_hash", listedHash(projectDir));
        try {
            Files.writeString(projectDir.resolve(FILE), YAML.writeValueAsString(lock));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new TransformException("Cannot write " + FILE + ": " + e.getMessage(), e);
        }
    }

    /**
     * The packages {@code package-lock.yml} pins, when it was written for the packages the project lists now (its
     * {@code sha1_hash} is that of the packages file); empty when there is no lock or the list has changed.
     */
    static Optional<List<PackageSpec>> pinned(Path projectDir) {
        Path file = projectDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Map<String, Object> lock = YamlFiles.readMap(file, FILE);
        if (!listedHash(projectDir).equals(String.valueOf(lock.get("sha1_hash")))) {
            return Optional.empty();
        }
        List<PackageSpec> pinned = new ArrayList<>();
        List<Object> entries = YamlFiles.list(lock.get("packages"));
        for (int i = 0; i < entries.size(); i++) {
            String what = FILE + " packages[" + i + "]";
            Map<String, Object> entry = YamlFiles.map(entries.get(i), what);
            if (entry.get("local") != null) {
                pinned.add(new PackageSpec.Local(entry.get("local").toString()));
            } else if (entry.get("git") != null && entry.get("revision") != null) {
                Object subdirectory = entry.get("subdirectory");
                pinned.add(new PackageSpec.Git(
                        entry.get("git").toString(),
                        entry.get("revision").toString(),
                        subdirectory == null ? null : subdirectory.toString(),
                        false));
            } else if (entry.get("package") != null && entry.get("version") != null) {
                pinned.add(new PackageSpec.Hub(
                        entry.get("package").toString(),
                        List.of(entry.get("version").toString()),
                        true));
            } else {
                throw new TransformException(what + " is neither a local, a git nor a hub package; delete " + FILE
                        + " and run `weir transform deps` again to write a new one");
            }
        }
        return Optional.of(pinned);
    }

    /** The SHA-1 of the file listing the packages, so a changed list is told from the lock. */
    private static String listedHash(Path projectDir) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            for (String name : List.of("packages.yml", "dependencies.yml")) {
                Path file = projectDir.resolve(name);
                if (Files.isRegularFile(file)) {
                    sha1.update(Files.readAllBytes(file));
                }
            }
            return HexFormat.of().formatHex(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new TransformException("Cannot read the packages list: " + e.getMessage(), e);
        }
    }
}
